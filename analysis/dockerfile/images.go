package dockerfile

import (
	"slices"
	"strings"
)

// FloatingChannels are tag words that name a release channel rather than a
// version: an image tagged with one of them (node:lts, nginx:stable-alpine,
// immich's :release) moves to a new version whenever the channel does. The
// list is a variable so that configuration can extend it.
var FloatingChannels = []string{
	"latest", "lts", "stable", "edge", "nightly", "release", "main", "master",
	"current", "mainline", "rolling", "devel", "develop", "dev", "unstable",
	"testing", "beta", "canary", "next", "rc",
}

// VersionlessVariants are tag words that name a build variant only. A tag
// made of nothing else (golang:alpine, python:slim) leaves the version of
// the software to whatever was pushed last.
var VersionlessVariants = []string{"alpine", "slim", "musl", "jre", "jdk"}

// IsFloatingTag reports whether tag follows a release channel instead of
// naming a version: one of its words ("-" or "_" separated, compared case
// insensitively) is a FloatingChannels entry (lts, lts-alpine,
// stable-slim), or all its words are VersionlessVariants (alpine). A
// distribution code name is a version (debian:bookworm-slim is not
// floating), and so is the bare "nonroot" of distroless, whose version is
// in the image name.
func IsFloatingTag(tag string) bool {
	if IsFloatingChannel(tag) {
		return true
	}
	words := tagWords(tag)
	for _, w := range words {
		if !slices.Contains(VersionlessVariants, w) {
			return false
		}
	}
	return len(words) > 0
}

// IsFloatingChannel reports whether one of the words of tag ("-" or "_"
// separated, compared case-insensitively) is a FloatingChannels entry:
// lts, lts-alpine, stable-slim, unstable. Compose images are judged by
// this alone (DW213): there a bare variant such as portainer-ce:alpine
// counts as a tag.
func IsFloatingChannel(tag string) bool {
	for _, w := range tagWords(tag) {
		if slices.Contains(FloatingChannels, w) {
			return true
		}
	}
	return false
}

func tagWords(tag string) []string {
	return strings.FieldsFunc(strings.ToLower(tag), func(r rune) bool { return r == '-' || r == '_' })
}

// A Pin says how firmly an image reference fixes the image it names, from
// loosest to firmest.
type Pin int

const (
	// PinNone: neither tag nor digest; Docker pulls :latest.
	PinNone Pin = iota
	// PinLatest: the tag is "latest" and there is no digest.
	PinLatest
	// PinFloating: a release-channel tag (IsFloatingTag) and no digest.
	PinFloating
	// PinTag: a version tag and no digest; the tag can still be pushed
	// again.
	PinTag
	// PinDigest: a content digest, with or without a tag; the image cannot
	// change.
	PinDigest
)

// Pin returns how firmly r fixes its image.
func (r ImageRef) Pin() Pin {
	switch {
	case r.HasDigest():
		return PinDigest
	case r.Tag == "":
		return PinNone
	case r.Tag == "latest":
		return PinLatest
	case IsFloatingTag(r.Tag):
		return PinFloating
	}
	return PinTag
}

// HasDigest reports whether r carries a content digest
// ("sha256:<64 hex>" or another algorithm:hex pair); "@" followed by
// anything else is not one.
func (r ImageRef) HasDigest() bool {
	algo, hex, ok := strings.Cut(r.Digest, ":")
	if !ok || algo == "" || len(hex) < 32 {
		return false
	}
	for i := 0; i < len(hex); i++ {
		c := hex[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// BaseImage returns the registry image the stage starts from, after global
// ARG defaults are substituted. ok is false when there is no such image to
// judge: the base is scratch, another stage (an alias, also when reached
// through an ARG such as `ARG ROOT_IMAGE=base` + `FROM $ROOT_IMAGE`), or
// depends on a build argument without a known value.
func (s *Stage) BaseImage() (ref ImageRef, ok bool) {
	if s.Unknown || s.Parent != nil || s.IsScratch() {
		return ImageRef{}, false
	}
	base := strings.TrimSpace(s.Base)
	if base == "" || strings.ContainsAny(base, " \t$") {
		return ImageRef{}, false
	}
	ref = ParseImageRef(base)
	if ref.Path == "" {
		return ImageRef{}, false
	}
	return ref, true
}
