package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// BaseImageDigest is DW104: a FROM names an image by tag only. It ships
// disabled.
var BaseImageDigest = &analysis.Rule{
	Code:     "DW104",
	Name:     "base-image-digest",
	Kind:     document.Dockerfile,
	Severity: analysis.Hint,
	Off:      true,
	Doc: `Base image not digest-pinned
A FROM names an image by tag without a digest. A tag is a name that can be
pushed again: the same Dockerfile can build on a different image tomorrow,
whether by a routine rebuild or a compromised registry account. Only
img:tag@sha256:<digest> names exactly one image (guideline c: trusted,
verifiable base images).

Shipped off: pinning every base by digest needs a bot (Dependabot,
Renovate) to keep the digests current, and a stale digest misses security
updates. Enable it where builds must be reproducible. Not reported for
scratch, stage aliases, or references that depend on a build argument
without a default.

Fix: append the digest of the image you tested, keeping the tag for
readers: FROM node:22.11@sha256:<digest> (docker buildx imagetools inspect
node:22.11 shows it). There is no automatic fix: finding the digest needs
the registry. Suppress with # dockwarden:ignore DW104 above the FROM line.`,
	Run: runBaseImageDigest,
}

func runBaseImageDigest(pass *analysis.Pass) {
	for _, st := range pass.Dockerfile.Stages {
		ref, ok := st.BaseImage()
		if !ok || ref.Pin() == dockerfile.PinDigest {
			continue
		}
		pass.Report(analysis.Finding{
			Span:    st.BaseSpan,
			Message: fmt.Sprintf("base image %s has no digest; append the @sha256 you tested", describeBase(st, ref)),
		})
	}
}
