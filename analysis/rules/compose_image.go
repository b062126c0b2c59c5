package rules

import (
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// pulledImages calls fn with the image: value of every service that pulls
// its image, once per value (an image shared through an anchor is seen
// once, where it is written). A service with build: is left out, and so is
// one that extends a service with build: or a service of another file:
// there image: names the image Compose builds, or may.
func pulledImages(f *compose.File, fn func(s *compose.Service, img *compose.Value)) {
	seen := map[document.Span]bool{}
	for _, s := range f.Services {
		if s.Value == nil {
			continue
		}
		chain, complete := extendsChain(f, s)
		if _, build := chainGet(chain, "build"); build != nil || !complete {
			continue
		}
		_, pair := chainGet(chain, "image")
		if pair == nil {
			continue
		}
		img := pair.Value
		if !img.IsScalar() || img.IsNull() || seen[img.Span] {
			continue
		}
		seen[img.Span] = true
		fn(s, img)
	}
}
