package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// ImageNotPinned is DW213: a service runs an image without a version tag,
// with :latest, or with a floating tag.
var ImageNotPinned = &analysis.Rule{
	Code:           "DW213",
	Name:           "image-not-pinned",
	Kind:           document.Compose,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `Image not pinned
An image without a tag is :latest, and :latest (like the floating tags
that name a release channel: stable, edge, nightly, lts, release, main,
unstable, and the others DW103 knows, alone or as a word of the tag, as in
stable-alpine) names whatever was pushed last: every pull may bring a different image, with different code and
different vulnerabilities, and a compromised upstream push reaches you
unreviewed (guideline c: use trusted, pinned base images).

The image is read after interpolation (${TAG:-2025.2.4} ships its default;
a tag left to an unset variable is unknown and not reported) and parsed with
the registry port in mind (localhost:5000/app has no tag). A digest
(@sha256:...) always pins, with or without a tag. Services with build: are
not reported (nor services that extend one, or a service in another file):
there image: names the image Compose builds. No tag or :latest is reported at
the rule's severity, a floating tag one level lower; floating-tags in .dockwarden.yaml adds to them.
A tag that only names a variant (portainer-ce:alpine) is not reported here,
though DW103 calls golang:alpine floating in a Dockerfile: the rule
catalogue counts it as a tag for compose images.

Fix: pin a version tag, ideally with its digest (image: nginx:1.27@sha256:...).
There is no quick fix: only you can choose the version. Suppress with
# dockwarden:ignore DW213 above the image: line.`,
	Run: runImageNotPinned,
}

func runImageNotPinned(pass *analysis.Pass) {
	f := pass.Compose
	pulledImages(f, func(s *compose.Service, img *compose.Value) {
		if sev, msg := imagePinning(f, s.Name, img.Str(), pass.FloatingTag); sev != 0 {
			pass.Report(analysis.Finding{Span: img.Span, Severity: sev, Message: msg})
		}
	})
}

// composeImageRef reads an image: value after interpolation; ok is false
// when there is none, or when a variable left unset may carry the tag or
// digest (one after the last "/"; one in the registry or path cannot).
// Messages name the tag, not the image: the finding is on the image.
func composeImageRef(f *compose.File, raw string) (ref dockerfile.ImageRef, ok bool) {
	in := f.Interpolate(raw)
	text := strings.TrimSpace(in.Value)
	if text == "" || in.Unresolved && strings.Contains(text[strings.LastIndexByte(text, '/')+1:], "$") {
		return dockerfile.ImageRef{}, false
	}
	return dockerfile.ParseImageRef(text), true
}

// imagePinning judges the image reference raw of service as written: the
// severity of its DW213 finding and the message, or 0 when it is pinned
// or unknown. floating tells the floating tags that configuration adds.
func imagePinning(f *compose.File, service, raw string, floating func(tag string) bool) (analysis.Severity, string) {
	r, ok := composeImageRef(f, raw)
	if !ok {
		return 0, ""
	}
	switch {
	case r.Digest != "":
		return 0, ""
	case r.Tag == "":
		return analysis.Information, fmt.Sprintf("service %s: image has no tag, so it runs :latest; pin a version tag", service)
	case r.Tag == "latest":
		return analysis.Information, fmt.Sprintf("service %s: image tag :latest moves with each push; pin a version tag", service)
	case dockerfile.IsFloatingChannel(r.Tag) || floating(r.Tag):
		return analysis.Hint, fmt.Sprintf("service %s: image tag :%s follows a channel; pin a version tag", service, clip(r.Tag, quoteMax))
	}
	return 0, ""
}
