package main

import (
	"sort"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
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

// keepFixedDockerfile records in proj the model of the Dockerfile of r as
// fix left it (final, the analysis of its fixed text), for the compose
// files that build it.
func keepFixedDockerfile(proj *project, r fileResult, final *analysis.Result) {
	if proj == nil || r.res.Doc.Kind != document.Dockerfile || r.src.abs == "" || final.Dockerfile == nil {
		return
	}
	proj.keepFixed(r.src.abs, final.Dockerfile)
}

// withFixedDockerfiles analyses the compose file of r again as if the
// Dockerfiles fix has changed so far were on disk as fix left them (proj
// stands them in), when it builds one of them; any other r is returned as
// it is.
func withFixedDockerfiles(r fileResult, proj *project) fileResult {
	if r.res.Doc.Kind != document.Compose || r.src.abs == "" || r.opts == nil || !proj.buildsFixed(r.opts.Builds) {
		return r
	}
	r.opts = proj.options(r.src.abs, r.res.Doc, r.base)
	r.res = analysis.RunWith(rules.All, r.res.Doc, r.opts)
	return r
}
