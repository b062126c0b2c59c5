package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// UnpinnedBaseImage is DW103: a FROM names an image without a version tag.
var UnpinnedBaseImage = &analysis.Rule{
	Code:           "DW103",
	Name:           "unpinned-base-image",
	Kind:           document.Dockerfile,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `Base image not pinned (no tag or latest)
A FROM names an image without a tag, which means :latest, or with :latest
itself. Whatever was pushed last is then built into the image: builds stop
being reproducible and a new major version, or a compromised push, arrives
unreviewed (guideline c: use trusted, pinned base images). Every stage is
checked, builders included: their tools are supply chain too.

Floating tags that follow a release channel instead of naming a version
(node:lts, golang:alpine, nginx:stable-alpine, :release, :edge) are
reported one level lower, as a hint; floating-tags in .dockwarden.yaml adds to them. Not reported: scratch, stage aliases (also when
reached through an ARG), images whose reference depends on a build argument
without a default, and references pinned by digest (img@sha256:...,
img:latest@sha256:...). A registry port is not a tag (localhost:5000/img
has none). The # syntax= parser directive is not a FROM. A variable that
no ARG before the first FROM declares, and that BuildKit does not predefine
(BUILDPLATFORM, TARGETARCH, ...), expands to nothing in FROM, as in
BuildKit: FROM alpine$TAG is alpine, which means alpine:latest. A build
argument without a default in the registry or path, before the last /,
cannot carry a tag, so FROM ${REGISTRY}/ubuntu is reported too. One that
may hold the tag (ARG TAG, then FROM alpine$TAG or FROM node:${TAG}) is not,
though Trivy's DS-0001 reports it: the build passes the value it names.

Fix: write the version you tested, such as node:22.11-bookworm-slim, and
let a dependency bot move it; add the digest for full reproducibility
(see DW104). There is no automatic fix: the version is a choice. Suppress
with # dockwarden:ignore DW103 above the FROM line.`,
	Run: runUnpinnedBaseImage,
}

func runUnpinnedBaseImage(pass *analysis.Pass) {
	for _, st := range pass.Dockerfile.Stages {
		ref, ok := st.BaseImage()
		if !ok {
			if ref, ok = unknownRegistryImage(st); !ok {
				continue
			}
		}
		name := describeBase(st, ref)
		finding := analysis.Finding{Span: st.BaseSpan}
		pin := ref.Pin()
		if pin == dockerfile.PinTag && pass.FloatingTag(ref.Tag) {
			pin = dockerfile.PinFloating // a floating tag added by configuration
		}
		switch pin {
		case dockerfile.PinNone:
			finding.Message = fmt.Sprintf("base image %s has no tag, so it means :latest; pin the version you tested", name)
		case dockerfile.PinLatest:
			finding.Message = fmt.Sprintf("base image %s: latest moves with every push; pin the version you tested", name)
		case dockerfile.PinFloating:
			finding.Severity = analysis.Hint
			finding.Message = fmt.Sprintf("base image %s: tag %s names no version; pin the version you tested", name, clip(ref.Tag, quoteMax))
		default:
			continue
		}
		pass.Report(finding)
	}
}

// unknownRegistryImage reads the base of a stage whose registry or path
// depends on a build argument without a known value (FROM
// ${REGISTRY}/ubuntu): whatever the argument holds, the last component,
// which carries the tag and digest, is written out, so its pin can be
// judged. ok is false when a variable reaches the last component.
func unknownRegistryImage(st *dockerfile.Stage) (dockerfile.ImageRef, bool) {
	raw := st.BaseRaw
	slash := strings.LastIndexByte(raw, '/')
	if !st.Unknown || slash < 0 || strings.ContainsAny(raw[slash:], "$'\"") {
		return dockerfile.ImageRef{}, false
	}
	ref := dockerfile.ParseImageRef(raw)
	return ref, ref.Path != ""
}

// describeBase names a stage's base image for a message: as written, or,
// when ARG substitution changed it, what it made of it ("alpine (TAG
// undeclared)" for alpine$TAG), each part clipped.
func describeBase(st *dockerfile.Stage, ref dockerfile.ImageRef) string {
	switch {
	case st.BaseRaw == st.Base || st.Unknown:
		return clip(st.BaseRaw, quoteMax)
	case len(st.Undeclared) > 0:
		return fmt.Sprintf("%s (%s undeclared)", clip(ref.String(), quoteMax), clip(strings.Join(st.Undeclared, ", "), quoteMax/2))
	}
	return clip(ref.String(), quoteMax)
}
