package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// MissingHealthcheck is DW112: the final image has no HEALTHCHECK, or turns
// the one it inherits off with HEALTHCHECK NONE.
var MissingHealthcheck = &analysis.Rule{
	Code:     "DW112",
	Name:     "missing-healthcheck",
	Kind:     document.Dockerfile,
	Severity: analysis.Information,
	Doc: `No HEALTHCHECK in the final image
Without a HEALTHCHECK, Docker and Compose only know whether the container's
process is alive, not whether it still serves: a hung or half-broken service
keeps running and keeps receiving traffic, and restart policies and
depends_on: condition: service_healthy cannot react (guideline c). In the
editor, the stages compose services build (build.target) are judged instead
of the last one when a compose file of the workspace builds this Dockerfile.

The final stage and the stages it is built on through FROM <alias> are
searched, so a HEALTHCHECK inherited from a parent stage counts, and so does
an ONBUILD HEALTHCHECK of the parent stage, which BuildKit runs when the
child stage starts. HEALTHCHECK NONE, which switches off whatever the base
image defines, is reported with its own message. A HEALTHCHECK of the base
image itself cannot be seen from the Dockerfile, hence information only. An
export-only final stage (FROM scratch without CMD or ENTRYPOINT, built with
docker build --output) runs nothing and is not reported.

Fix: add a HEALTHCHECK before the final CMD or ENTRYPOINT; the quick fix
inserts a template whose command and port you must adapt (exec form on
scratch and distroless images, which have no shell). Images that run a
short-lived command line tool rather than a service have nothing to check:
suppress with # dockwarden:ignore DW112 on the line above the final FROM.`,
	Run: runMissingHealthcheck,
}

func runMissingHealthcheck(pass *analysis.Pass) {
	seen := map[document.Span]bool{}
	for _, bs := range pass.BuildStages() {
		judgeMissingHealthcheck(pass, bs, seen)
	}
}

// judgeMissingHealthcheck judges one stage whose image runs.
func judgeMissingHealthcheck(pass *analysis.Pass, bs analysis.BuildStage, seen map[document.Span]bool) {
	f := pass.Dockerfile
	final := bs.Stage
	if final == nil {
		return
	}
	_, image := stageWords(pass, bs)
	chain := final.Chain()
	root := final.Root()
	if root.IsScratch() && !hasCommand(chain) {
		return // an artifact stage for `docker build --output`: nothing runs
	}
	// ONBUILD HEALTHCHECK NONE in the final stage switches off the health
	// check of every image built FROM this one.
	for _, in := range final.Instructions {
		if in.Sub != nil && in.Sub.Keyword == "HEALTHCHECK" && healthcheckIsNone(in.Sub) {
			reportOnce(pass, seen, analysis.Finding{
				Span:     in.FirstLine(pass.Doc),
				Severity: analysis.Information,
				Message:  "the ONBUILD HEALTHCHECK NONE switches off the health check of every image built FROM this one, so a hung service there goes unnoticed",
			})
		}
	}
	hc, outer := effectiveHealthcheck(chain)
	switch {
	case hc == nil:
		finding := analysis.Finding{
			Span:    final.From.FirstLine(pass.Doc),
			Message: image + " defines no HEALTHCHECK, so Docker only knows whether its process runs, not whether it still works; a hung service is neither restarted nor taken out of rotation",
		}
		if fix, ok := healthcheckInsertFix(f, final, root); ok {
			finding.Fixes = []analysis.Fix{fix}
		}
		reportOnce(pass, seen, finding)
	case healthcheckIsNone(hc):
		finding := analysis.Finding{
			Span:    outer.FirstLine(pass.Doc),
			Message: "the health check of " + image + " is explicitly disabled by HEALTHCHECK NONE, including one its base image defines; a hung service is neither restarted nor taken out of rotation",
		}
		var fix analysis.Fix
		var ok bool
		if outer.Stage == final && outer.Sub == nil {
			fix, ok = healthcheckReplaceFix(f, outer, root)
		} else {
			// The NONE belongs to a parent stage that other stages may
			// build on too: override it in the final stage instead.
			fix, ok = healthcheckInsertFix(f, final, root)
		}
		if ok {
			finding.Fixes = []analysis.Fix{fix}
		}
		reportOnce(pass, seen, finding)
	}
}

// effectiveHealthcheck returns the HEALTHCHECK in force at the end of the
// last stage of chain (nearest first, as Stage.Chain returns it), and the
// top-level instruction that holds it (an ONBUILD for a trigger of a parent
// stage); nil when there is none. It replays the chain outermost first: a
// stage starts with the ONBUILD triggers of the stage it is built on, then
// runs its own instructions.
func effectiveHealthcheck(chain []*dockerfile.Stage) (hc, outer *dockerfile.Instruction) {
	for i := len(chain) - 1; i >= 0; i-- {
		st := chain[i]
		if i+1 < len(chain) {
			for _, in := range chain[i+1].Instructions {
				if in.Sub != nil && in.Sub.Keyword == "HEALTHCHECK" {
					hc, outer = in.Sub, in
				}
			}
		}
		for _, in := range st.Instructions {
			if in.Keyword == "HEALTHCHECK" {
				hc, outer = in, in
			}
		}
	}
	return hc, outer
}

// healthcheckIsNone reports whether a HEALTHCHECK instruction is the NONE
// form; BuildKit reads the type case-insensitively.
func healthcheckIsNone(in *dockerfile.Instruction) bool {
	return len(in.Args) > 0 && strings.EqualFold(in.Args[0].Value, "NONE")
}

// healthcheckTemplate is the instruction the quick fix writes: a shell
// command for images with a shell, the exec form for scratch and
// distroless, whose binaries must check themselves. Its command, port and
// path are placeholders.
func healthcheckTemplate(f *dockerfile.File, root *dockerfile.Stage) string {
	kw, cmd := "HEALTHCHECK", "CMD"
	if lowerCaseKeywords(f) {
		kw, cmd = "healthcheck", "cmd"
	}
	head := kw + " --interval=30s --timeout=5s --start-period=10s --retries=3 " + cmd + " "
	if !root.Unknown && (root.IsScratch() || isDistroless(dockerfile.ParseImageRef(root.Base))) {
		return head + `["/app", "--health-check"]`
	}
	return head + "curl -fsS http://localhost:8080/health || exit 1"
}

// healthcheckInsertFix adds the template before the final stage's first
// CMD or ENTRYPOINT, or after its last instruction.
func healthcheckInsertFix(f *dockerfile.File, final, root *dockerfile.Stage) (analysis.Fix, bool) {
	edit, where, ok := insertLines(f, final, []string{healthcheckTemplate(f, root)})
	if !ok {
		return analysis.Fix{}, false
	}
	return analysis.Fix{
		Title: fmt.Sprintf("Add a HEALTHCHECK template %s (adapt its command)", where),
		Edits: []document.Edit{edit},
	}, true
}

// healthcheckReplaceFix rewrites a HEALTHCHECK NONE of the final stage into
// the template, in place.
func healthcheckReplaceFix(f *dockerfile.File, none *dockerfile.Instruction, root *dockerfile.Stage) (analysis.Fix, bool) {
	return analysis.Fix{
		Title: "Replace HEALTHCHECK NONE with a HEALTHCHECK template (adapt its command)",
		Edits: []document.Edit{{Span: none.Span, NewText: healthcheckTemplate(f, root)}},
	}, true
}
