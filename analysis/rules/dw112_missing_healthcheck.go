package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/images"
)

// MissingHealthcheck is DW112: the final image has no HEALTHCHECK, or turns
// the one it inherits off with HEALTHCHECK NONE.
var MissingHealthcheck = &analysis.Rule{
	Code:           "DW112",
	Name:           "missing-healthcheck",
	Kind:           document.Dockerfile,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `No HEALTHCHECK in the final image
Without a HEALTHCHECK, Docker and Compose only know whether the container's
process is alive, not whether it still serves: a hung or half-broken service
keeps running and keeps receiving traffic, and restart policies and
depends_on: condition: service_healthy cannot react (guideline c). In the
editor (and in check), the stages compose services build (build.target)
are judged besides the last one, which docker build produces without
--target, when a compose file of the workspace builds this Dockerfile.

The final stage and the stages it is built on through FROM <alias> are
searched, so a HEALTHCHECK inherited from a parent stage counts, and so does
an ONBUILD HEALTHCHECK of the parent stage, which BuildKit runs when the
child stage starts. HEALTHCHECK NONE, which switches off whatever the base
image defines, is reported with its own message. A HEALTHCHECK of the base
image itself cannot be seen from the Dockerfile, hence information only. An
export-only final stage (FROM scratch without CMD or ENTRYPOINT, built with
docker build --output) runs nothing and is not reported.

Fix: add a HEALTHCHECK before the final CMD or ENTRYPOINT. The quick fix
writes one only with a program the image has: the base image's own check
when its profile has one and the stage keeps its entrypoint (pg_isready for
postgres, redis-cli ping, mysqladmin ping, healthcheck.sh for mariadb; see
"Image profiles" in the README), else a request to the port the stage
EXPOSEs (or the image's own port) with curl or wget when the image ships
it or an earlier RUN installs it (apk add, apt-get install, dnf install;
not when it is removed again), else a node -e or python3 -c one-liner on
the node and python images. A request has to guess the path (/), so that
fix is a template: its title says what to check, and dockwarden fix
--unsafe does not apply it. No command is written when the port or a
program is not known: there is then only the suppression action. Images
that run a short-lived command line tool rather than a service have nothing
to check: suppress with # dockwarden:ignore DW112 on the line above the
final FROM.`,
	Run: judgeRunningStages(judgeMissingHealthcheck),
}

// judgeMissingHealthcheck judges one stage whose image runs.
func judgeMissingHealthcheck(pass *analysis.Pass, st runningStage) {
	f, final := pass.Dockerfile, st.Stage
	if final.Root().IsScratch() && !hasCommand(st.chain) {
		return // an artifact stage for `docker build --output`: nothing runs
	}
	// ONBUILD HEALTHCHECK NONE in the final stage switches off the health
	// check of every image built FROM this one.
	for _, in := range final.Instructions {
		if in.Sub != nil && in.Sub.Keyword == "HEALTHCHECK" && healthcheckIsNone(in.Sub) {
			st.report(analysis.Finding{
				Span:     in.FirstLine(pass.Doc),
				Severity: analysis.Information,
				Message:  "ONBUILD HEALTHCHECK NONE turns off the check of images built FROM this one; remove it",
			})
		}
	}
	hc, outer := effectiveHealthcheck(st.chain)
	switch {
	case hc == nil:
		finding := analysis.Finding{
			Span:    final.From.FirstLine(pass.Doc),
			Message: st.name + " has no HEALTHCHECK, so a hung service goes unnoticed; add one",
		}
		if fix, ok := healthcheckInsertFix(f, final); ok {
			finding.Fixes = []analysis.Fix{fix}
		}
		st.report(finding)
	case healthcheckIsNone(hc):
		finding := analysis.Finding{
			Span:    outer.FirstLine(pass.Doc),
			Message: st.name + ": HEALTHCHECK NONE explicitly turns checks off; add one",
		}
		var fix analysis.Fix
		var ok bool
		if outer.Stage == final && outer.Sub == nil {
			fix, ok = healthcheckReplaceFix(f, outer, final)
		} else {
			// The NONE belongs to a parent stage that other stages may
			// build on too: override it in the final stage instead.
			fix, ok = healthcheckInsertFix(f, final)
		}
		if ok {
			finding.Fixes = []analysis.Fix{fix}
		}
		st.report(finding)
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

// A healthCommand is the command of the HEALTHCHECK the quick fix
// writes: the text after CMD, and what the title says it does.
type healthCommand struct {
	cmd      string
	what     string // "runs pg_isready, postgres's own check"
	template bool   // guesses an HTTP path
}

// healthCommandFor chooses the health check of the stage final with
// programs its image has; ok is false when none is known.
func healthCommandFor(f *dockerfile.File, final *dockerfile.Stage) (healthCommand, bool) {
	chain := final.Chain()
	root := final.Root()
	var p *images.Profile
	if !root.Unknown && !root.IsScratch() {
		p = images.Lookup(root.Base)
	}
	port := exposedPort(f, chain)
	if p != nil && p.Kind == images.Service && !final.SetsEntrypoint() {
		if cmd, ok := p.HealthCommand(port); ok {
			return healthCommand{cmd: cmd + " || exit 1", what: ownCheck(cmd, p.Name)}, true
		}
		if port == 0 && p.Port.Known() {
			port = p.Port.Value
		}
	}
	if port == 0 {
		return healthCommand{}, false
	}
	url := fmt.Sprintf("http://localhost:%d/", port)
	has := func(tool string) bool {
		return p != nil && p.HasTool(tool) || slices.Contains(installedTools(f, chain), tool)
	}
	hc := healthCommand{template: true}
	switch {
	case has("curl"):
		hc.cmd, hc.what = "curl -fsS -o /dev/null "+url+" || exit 1", "fetches "+url+" with curl"
	case has("wget"):
		hc.cmd, hc.what = "wget -q -O /dev/null "+url+" || exit 1", "fetches "+url+" with wget"
	case has("node"):
		hc.cmd = execForm("node", "-e", "require('http').get('"+url+"', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))")
		hc.what = "fetches " + url + " with node"
	case has("python3"):
		hc.cmd = execForm("python3", "-c", "import urllib.request; urllib.request.urlopen('"+url+"', timeout=4)")
		hc.what = "fetches " + url + " with python3"
	default:
		return healthCommand{}, false
	}
	return hc, true
}

// ownCheck says what an image's own health command does: "runs
// redis-cli ping, redis's own check", "fetches http://localhost:9090/-/healthy,
// prometheus's own health endpoint".
func ownCheck(cmd, image string) string {
	words := strings.Fields(cmd)
	for _, w := range words {
		if strings.HasPrefix(w, "http://") {
			return fmt.Sprintf("fetches %s, %s's own health endpoint", w, image)
		}
	}
	var prog []string
	for _, w := range words {
		if strings.HasPrefix(w, "-") || strings.ContainsAny(w, `"'$`) {
			break
		}
		prog = append(prog, w)
	}
	return fmt.Sprintf("runs %s, %s's own check", strings.Join(prog, " "), image)
}

// execForm writes words as the JSON array of an exec-form instruction.
func execForm(words ...string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = strconv.Quote(w)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// healthcheckLine is the HEALTHCHECK instruction for hc.
func healthcheckLine(f *dockerfile.File, hc healthCommand) string {
	kw, cmd := "HEALTHCHECK", "CMD"
	if lowerCaseKeywords(f) {
		kw, cmd = "healthcheck", "cmd"
	}
	return kw + " --interval=30s --timeout=5s --start-period=10s --retries=3 " + cmd + " " + hc.cmd
}

// healthcheckFix is the fix that adds hc, titled with where and what it
// does.
func healthcheckFix(hc healthCommand, verb string, edit document.Edit) analysis.Fix {
	title := verb + " " + hc.what
	if hc.template {
		title += "; check that this path answers with a 2xx or 3xx status"
	}
	return analysis.Fix{Title: title, Edits: []document.Edit{edit}, Template: hc.template}
}

// healthcheckInsertFix adds the health check before the final stage's
// first CMD or ENTRYPOINT, or after its last instruction.
func healthcheckInsertFix(f *dockerfile.File, final *dockerfile.Stage) (analysis.Fix, bool) {
	hc, ok := healthCommandFor(f, final)
	if !ok {
		return analysis.Fix{}, false
	}
	edit, where, ok := insertLines(f, final, []string{healthcheckLine(f, hc)})
	if !ok {
		return analysis.Fix{}, false
	}
	return healthcheckFix(hc, "Add a HEALTHCHECK "+where+" that", edit), true
}

// healthcheckReplaceFix rewrites a HEALTHCHECK NONE of the final stage in
// place.
func healthcheckReplaceFix(f *dockerfile.File, none *dockerfile.Instruction, final *dockerfile.Stage) (analysis.Fix, bool) {
	hc, ok := healthCommandFor(f, final)
	if !ok {
		return analysis.Fix{}, false
	}
	return healthcheckFix(hc, "Replace HEALTHCHECK NONE with a HEALTHCHECK that", document.Edit{Span: none.Span, NewText: healthcheckLine(f, hc)}), true
}
