package main

import (
	"path/filepath"
	"sort"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/fileuri"
)

// A compose service's fixes depend on the Dockerfile it builds (which
// user the image runs as decides which capabilities to drop, whether
// user: root can go), and a Dockerfile's fixes can change that (DW101
// adds USER). So that one run of fix does what two would, Dockerfiles
// are fixed first, and each compose file is judged again for the
// Dockerfiles as fixed, before its own fixes.

// dockerfilesFirst orders results Dockerfiles first, each kind in the
// order it had.
func dockerfilesFirst(results []fileResult) []fileResult {
	out := append([]fileResult(nil), results...)
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].res.Doc.Kind == document.Dockerfile && out[j].res.Doc.Kind != document.Dockerfile
	})
	return out
}

// keepFixedDockerfile records the text fix gave the Dockerfile of r, by
// absolute path, for the compose files that build it.
func keepFixedDockerfile(fixed map[string][]byte, r fileResult, text []byte) {
	if r.res.Doc.Kind != document.Dockerfile {
		return
	}
	if abs, err := filepath.Abs(filepath.FromSlash(r.path)); err == nil {
		fixed[abs] = text
	}
}

// withFixedDockerfiles analyses the compose file of r again as if the
// Dockerfiles in fixed (absolute path to text) were on disk as fix left
// them; any other r is returned as it is.
func withFixedDockerfiles(r fileResult, fixed map[string][]byte) fileResult {
	if r.res.Doc.Kind != document.Compose || len(fixed) == 0 {
		return r
	}
	proj := newProject()
	abs, err := filepath.Abs(filepath.FromSlash(r.path))
	if proj == nil || err != nil {
		return r
	}
	for p, text := range fixed {
		proj.fixed[p] = dockerfile.Parse(document.New(fileuri.FromPath(p), 0, document.Dockerfile, text))
	}
	r.opts = proj.options(abs, r.res.Doc, r.base)
	r.res = analysis.RunWith(rules.All, r.res.Doc, r.opts)
	return r
}
