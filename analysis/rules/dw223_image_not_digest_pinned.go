package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// ImageNotDigestPinned is DW223: a service runs an image named by tag
// only. It ships disabled, like DW104 for Dockerfiles.
var ImageNotDigestPinned = &analysis.Rule{
	Code:     "DW223",
	Name:     "image-not-digest-pinned",
	Kind:     document.Compose,
	Severity: analysis.Information,
	Off:      true,
	Doc: `Compose image not pinned by digest
A service runs an image named by a tag without a digest. A tag can be
pushed again, so the same compose file can start a different image on the
next pull, after a routine release or a compromised registry account; only
image@sha256:<digest> names exactly one image (guideline c: trusted,
verifiable images). DW213 reports missing, latest and floating tags; this
rule asks for the digest on top of a version tag.

Shipped off, like DW104: pinning every image by digest needs a bot
(Dependabot, Renovate) to keep the digests current, and a stale digest
misses security updates. Enable it (DW223: on in .dockwarden.yaml) where
deployments must be reproducible. The image is read after interpolation;
not reported: services with build: (image: names the image Compose builds,
also through extends), images whose tag is left to an unset variable, and
references that carry a digest, with or without a tag.

Fix: append the digest of the image you tested, keeping the tag for
readers: image: nginx:1.27@sha256:<digest>; docker buildx imagetools
inspect nginx:1.27 prints it. There is no automatic fix: the digest comes
from the registry. Suppress with # dockwarden:ignore DW223 above the
image: line.`,
	Run: runImageNotDigestPinned,
}

func runImageNotDigestPinned(pass *analysis.Pass) {
	f := pass.Compose
	pulledImages(f, func(s *compose.Service, img *compose.Value) {
		ref, ok := composeImageRef(f, img.Str())
		if !ok || ref.Digest != "" {
			return
		}
		pass.Report(analysis.Finding{
			Span:    img.Span,
			Message: fmt.Sprintf("service %s: no digest; get one with docker buildx imagetools inspect", s.Name),
			Detail:  fmt.Sprintf("docker buildx imagetools inspect %s prints the digest of the image the tag names now; append it as @sha256:<digest>.", ref),
		})
	})
}
