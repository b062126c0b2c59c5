package dockerfile

import "testing"

func TestIsFloatingTag(t *testing.T) {
	cases := map[string]bool{
		"lts": true, "alpine": true, "release": true, "stable-alpine": true, "lts-bookworm-slim": true,
		"edge": true, "LTS": true, "slim": true, "current-alpine": true, "lts-alpine3.20": true,
		"latest-alpine": true, "mainline": true, "nightly": true,
		"": false, "1.22": false, "17-jre-focal": false, "1.13-alpine": false, "bookworm-slim": false,
		"bookworm": false, "nonroot": false, "nonroot-amd64": false, "3.20": false, "v3.1": false,
		"alpine3.20": false, "17.0.1-bullseye-slim": false, "1.26-alpine3.23": false, "debug": false,
	}
	for tag, want := range cases {
		if got := IsFloatingTag(tag); got != want {
			t.Errorf("IsFloatingTag(%q) = %v, want %v", tag, got, want)
		}
	}
}

func TestPin(t *testing.T) {
	const digest = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31"
	cases := map[string]Pin{
		"nginx":                          PinNone,
		"localhost:5000/img":             PinNone,
		"registry.example.com:5000/a/b":  PinNone,
		"nginx:latest":                   PinLatest,
		"localhost:5000/img:latest":      PinLatest,
		"node:lts":                       PinFloating,
		"golang:alpine":                  PinFloating,
		"node:22":                        PinTag,
		"localhost:5000/img:1.2":         PinTag,
		"nginx@" + digest:                PinDigest,
		"nginx:latest@" + digest:         PinDigest,
		"gcr.io/distroless/base:nonroot": PinTag,
		"nginx@latest":                   PinNone,
		"nginx:1.27@sha256:abc":          PinTag,
	}
	for ref, want := range cases {
		if got := ParseImageRef(ref).Pin(); got != want {
			t.Errorf("%s: Pin() = %d, want %d", ref, got, want)
		}
	}
}

func TestBaseImage(t *testing.T) {
	f := parse(t, `ARG ROOT_IMAGE=base
ARG IMG=python:3.12
ARG UNSET
FROM debian:12 AS Base
FROM $ROOT_IMAGE
FROM BASE AS dev
FROM scratch
FROM $UNSET
FROM ${IMG}
FROM --platform=$BUILDPLATFORM golang:1.22
`)
	noErrors(t, f)
	want := []string{"debian:12", "", "", "", "", "python:3.12", "golang:1.22"}
	if len(f.Stages) != len(want) {
		t.Fatalf("%d stages, want %d", len(f.Stages), len(want))
	}
	for i, st := range f.Stages {
		ref, ok := st.BaseImage()
		got := ""
		if ok {
			got = ref.String()
		}
		if got != want[i] {
			t.Errorf("stage %d (%s): BaseImage() = %q, want %q", i, st.BaseRaw, got, want[i])
		}
	}
}
