package rules

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/images"
)

// MissingUser is DW101: the image that runs (the final stage) never sets a
// USER, so its process starts as root.
var MissingUser = &analysis.Rule{
	Code:     "DW101",
	Name:     "missing-user",
	Kind:     document.Dockerfile,
	Severity: analysis.Warning,
	Doc: `Final image runs as root (no USER)
The final stage, and the stages it is built on through FROM <alias>, never
set USER, so the container's process runs as root unless the base image says
otherwise. A compromised process then has root inside the container and a
shorter way out of it. A USER set only in a builder stage does not count:
COPY --from copies files, not the user.

Not reported when the base image already runs as a non-root user (its
profile says so, as for nginxinc/nginx-unprivileged, memcached, grafana or
prometheus; distroless and other :nonroot or -nonroot tags; bitnami/*,
cgr.dev/chainguard/*; and the images non-root-images lists in
.dockwarden.yaml), when the base cannot be resolved
(FROM $X without a default), or for an export-only FROM scratch stage
without CMD or ENTRYPOINT. Reported as information for FROM scratch (uid 0,
no /etc/passwd) and when the image steps down from root at run time: the
file runs gosu, su-exec, setpriv or runuser, or the base image's own
entrypoint or master process does (postgres, redis, nginx; see "Image
profiles" in the README), which a USER would break. A step-down in the
file's own entrypoint protects only the processes started through it:
check that every one is (docker exec, for one, still starts as root). An
image whose master process keeps root for its workers (nginx) has a
non-root variant (nginxinc/nginx-unprivileged) for no root at all. A
distroless image runs as root unless its tag is a :nonroot one.

The last stage, which docker build produces without --target, is always
judged, whatever compose files build. A compose file of the workspace that
builds this Dockerfile (in the editor, or under the folder check runs from)
adds the build.target stage of each service that builds it. When every
service that builds a stage sets a non-root user:, that user stands in for
USER: the stage is not reported, and hovering its FROM shows which service
runs it as whom.

Fix: add USER before the first CMD or ENTRYPOINT of the final stage, with
the user the file creates, else the non-root user the base image already
has (node for the node images), else a numeric uid on scratch and
distroless (65532, which distroless calls nonroot), else a user app (uid
10001) created with the distribution's own tool: BusyBox addgroup and
adduser on Alpine and BusyBox, groupadd and useradd elsewhere. Check file
ownership and ports below 1024 afterwards: the quick fix changes how the
container runs.`,
	Run: judgeRunningStages(judgeMissingUser),
}

// judgeMissingUser judges one stage whose image runs.
func judgeMissingUser(pass *analysis.Pass, st runningStage) {
	f, final, chain := pass.Dockerfile, st.Stage, st.chain
	if dockerfile.EffectiveUser(final) != nil {
		return
	}
	if note, ok := composeUserNote(pass, st.BuildStage); ok {
		pass.Note(note)
		return
	}
	root := final.Root()
	if root.Unknown {
		return // a build argument decides the base; nothing to judge
	}
	ref := dockerfile.ParseImageRef(root.Base)
	profile := images.Lookup(root.Base)
	if runsNonRoot(ref, profile) || pass.NonRootImage(ref) {
		return // known to run as non-root, by its profile or configured
	}
	scratch := root.IsScratch()
	if scratch && !hasCommand(chain) {
		return // an artifact stage for `docker build --output`: nothing runs
	}
	finding := analysis.Finding{Span: final.From.FirstLine(pass.Doc)}
	stage := st.name
	switch tool := stepDown(f, chain); {
	case tool != "":
		finding.Severity = analysis.Information
		finding.Message = fmt.Sprintf("%s has no USER but steps down with %s; check every process starts through it", stage, tool)
		st.report(finding) // the file already chose its own way: no fix
		return
	case profileStepsDown(profile, final):
		// The image gives root up itself; a USER would stop it from
		// preparing its files or its workers.
		sd := profile.StepDown.Value
		finding.Severity = analysis.Information
		if sd.Entrypoint {
			finding.Message = fmt.Sprintf("%s has no USER: %s's entrypoint drops to %s with %s, which a USER would break", stage, profile.Name, sd.To, sd.By)
		} else {
			finding.Message = fmt.Sprintf("%s has no USER: %s's master is root, workers %s; try a non-root variant", stage, profile.Name, sd.To)
		}
		st.report(finding)
		return
	case scratch:
		finding.Severity = analysis.Information
		finding.Message = stage + " is FROM scratch without USER, so it runs as uid 0; set a numeric USER"
	case profile != nil && profile.Distro.Value == images.Distroless:
		finding.Message = stage + " has no USER and this distroless tag runs as root; use a :nonroot tag or USER"
	default:
		finding.Message = stage + " has no USER, so it runs as root; add a non-root USER"
	}
	if fix, ok := missingUserFix(f, final, chain, ref, profile, scratch); ok {
		finding.Fixes = []analysis.Fix{fix}
	}
	st.report(finding)
}

// runsNonRoot reports whether a base image is known to run as a non-root
// user by default: its profile says so, or its tag follows the nonroot
// naming convention.
func runsNonRoot(ref dockerfile.ImageRef, p *images.Profile) bool {
	return images.NonRootTag(ref.Tag) || p != nil && p.User.Known() && !p.User.Value.IsRoot()
}

// profileStepsDown reports whether the base image gives root up by
// itself, as its profile says: its entrypoint (unless the chain replaces
// it) or its server's master process.
func profileStepsDown(p *images.Profile, final *dockerfile.Stage) bool {
	if p == nil || !p.StepDown.Known() || p.StepDown.Value.By == "" {
		return false
	}
	return !p.StepDown.Value.Entrypoint || !final.SetsEntrypoint()
}

// hasCommand reports whether any stage of the chain says what to run.
func hasCommand(chain []*dockerfile.Stage) bool {
	for _, st := range chain {
		for _, in := range st.Instructions {
			if in.Keyword == "CMD" || in.Keyword == "ENTRYPOINT" {
				return true
			}
		}
	}
	return false
}

// stepDown returns the privilege-dropping tool the chain runs as a command
// in RUN, ENTRYPOINT or CMD, or "". Installing one (`apt-get install
// gosu`) is not running it.
func stepDown(f *dockerfile.File, chain []*dockerfile.Stage) string {
	for _, st := range chain {
		for _, in := range st.Instructions {
			switch in.Keyword {
			case "RUN", "ENTRYPOINT", "CMD":
			default:
				continue
			}
			for _, cmd := range runWords(f, in) {
				if name := path.Base(cmd[0]); slices.Contains(images.StepDownTools, name) {
					return name
				}
			}
		}
	}
	return ""
}

// runWords returns the simple commands an instruction runs, read by the
// shell parser, each as the words of the command that finally runs
// (after sudo, env, exec and the like), command name first.
func runWords(f *dockerfile.File, in *dockerfile.Instruction) [][]string {
	s := f.Script(in)
	if s == nil || s.Err != nil {
		return nil
	}
	var out [][]string
	for _, c := range s.Commands {
		_, run := c.Unwrap()
		var words []string
		for _, w := range run {
			words = append(words, w.Value)
		}
		if len(words) > 0 {
			out = append(out, words)
		}
	}
	return out
}

// createdUser returns the user a RUN of the chain creates with useradd or
// adduser (the last one), or "". When before is not nil, only RUN
// instructions that come before it count.
func createdUser(f *dockerfile.File, chain []*dockerfile.Stage, before *dockerfile.Instruction) string {
	for _, st := range chain {
		for i := len(st.Instructions) - 1; i >= 0; i-- {
			in := st.Instructions[i]
			if in.Keyword != "RUN" || before != nil && in.Index >= before.Index {
				continue
			}
			cmds := runWords(f, in)
			for j := len(cmds) - 1; j >= 0; j-- {
				if name := dockerfile.UserCreatedBy(cmds[j]); name != "" {
					return name
				}
			}
		}
	}
	return ""
}

// distroOf returns the family of operating system the chain runs on: the
// base image's profile says, else the package manager a RUN runs; "" when
// neither tells.
func distroOf(f *dockerfile.File, chain []*dockerfile.Stage, p *images.Profile) images.Distro {
	if p != nil && p.Distro.Known() {
		return p.Distro.Value
	}
	for _, st := range chain {
		for _, in := range st.Instructions {
			if in.Keyword != "RUN" {
				continue
			}
			for _, cmd := range runWords(f, in) {
				switch path.Base(cmd[0]) {
				case "apk":
					return images.Alpine
				case "apt-get", "apt", "dpkg":
					return images.Debian
				case "dnf", "microdnf", "yum":
					return images.RHEL
				}
			}
		}
	}
	return ""
}

// missingUserFix builds the quick fix: the lines to add and where.
func missingUserFix(f *dockerfile.File, final *dockerfile.Stage, chain []*dockerfile.Stage, ref dockerfile.ImageRef, p *images.Profile, scratch bool) (analysis.Fix, bool) {
	kw := func(s string) string {
		if lowerCaseKeywords(f) {
			return strings.ToLower(s)
		}
		return s
	}
	var lines []string
	var title string // %s is where the lines go
	distro := distroOf(f, chain, p)
	switch name := createdUser(f, chain, nil); {
	case name != "":
		lines = []string{kw("USER") + " " + name}
		title = "Run as " + name + ", the user this Dockerfile creates (add USER " + name + " %s)"
	case dockerfile.IsWindowsImage(ref):
		// Windows base images ship the unprivileged ContainerUser account.
		lines = []string{kw("USER") + " ContainerUser"}
		title = "Run as ContainerUser, the unprivileged account of Windows images (add USER ContainerUser %s)"
	case p != nil && p.NonRoot.Known() && p.NonRoot.Value.Spec() != "":
		acct := p.NonRoot.Value
		spec := acct.Spec()
		if distro == images.Distroless && acct.UID >= 0 && acct.GID >= 0 {
			spec = fmt.Sprintf("%d:%d", acct.UID, acct.GID) // no shell tools read names there
		}
		lines = []string{kw("USER") + " " + spec}
		title = fmt.Sprintf("Run as %s, the non-root user of the %s image (add USER %s %%s)", acct, p.Name, spec)
	case scratch:
		// No /etc/passwd to name a user from: a numeric uid, the one
		// distroless calls nonroot.
		lines = []string{kw("USER") + " 65532:65532"}
		title = "Run as uid 65532 (add USER 65532:65532 %s); scratch has no /etc/passwd to name a user"
	case distro == images.Alpine || distro == images.BusyBox:
		lines = []string{kw("RUN") + " addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app", kw("USER") + " 10001:10001"}
		title = "Create user app (uid 10001) with BusyBox adduser and run as it (add USER 10001:10001 %s)"
	case distro == images.Distroless:
		return analysis.Fix{}, false // nothing to create a user with, and no known one
	default:
		lines = []string{kw("RUN") + " groupadd -r -g 10001 app && useradd -r -u 10001 -g app app", kw("USER") + " 10001:10001"}
		title = "Create user app (uid 10001) with useradd and run as it (add USER 10001:10001 %s)"
		if distro == "" {
			title += "; check that the base image has groupadd and useradd"
		}
	}
	edit, where, ok := insertLines(f, final, lines)
	if !ok {
		return analysis.Fix{}, false
	}
	return analysis.Fix{Title: fmt.Sprintf(title, where), Edits: []document.Edit{edit}}, true
}

// insertLines places lines just before the final stage's first CMD or
// ENTRYPOINT (above the comments that belong to it), or after its last
// instruction, indented like its neighbour and with the file's line ending.
func insertLines(f *dockerfile.File, final *dockerfile.Stage, lines []string) (document.Edit, string, bool) {
	atEnd := "at the end of the final stage"
	if final != f.Final() {
		atEnd = "at the end of stage " + final.Name
	}
	doc, eol := f.Doc, f.LineEnding
	var target *dockerfile.Instruction
	for _, in := range final.Instructions {
		if in.Keyword == "CMD" || in.Keyword == "ENTRYPOINT" {
			target = in
			break
		}
	}
	if target != nil {
		line := doc.LineOf(target.Span.Start)
		indent := string(doc.Text[doc.LineStart(line):target.Span.Start])
		at := doc.LineStart(line)
		if len(target.Comments) > 0 {
			at = doc.LineStart(doc.LineOf(target.Comments[0].Start))
		}
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(indent + l + eol)
		}
		return document.Edit{Span: document.Span{Start: at, End: at}, NewText: b.String()}, "before " + target.Keyword, true
	}
	last := final.Instructions[len(final.Instructions)-1]
	line := doc.LineOf(last.Span.Start)
	indent := string(doc.Text[doc.LineStart(line):last.Span.Start])
	endLine := doc.LineOf(last.Span.End)
	if endLine+1 < doc.LineCount() {
		at := doc.LineStart(endLine + 1)
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(indent + l + eol)
		}
		return document.Edit{Span: document.Span{Start: at, End: at}, NewText: b.String()}, atEnd, true
	}
	// The last instruction ends the file without a line break.
	at := doc.LineEnd(endLine)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(eol + indent + l)
	}
	return document.Edit{Span: document.Span{Start: at, End: at}, NewText: b.String()}, atEnd, true
}

// lowerCaseKeywords reports whether the file mostly writes instruction
// keywords in lower case, so that added lines match it.
func lowerCaseKeywords(f *dockerfile.File) bool {
	lower, upper := 0, 0
	for _, in := range f.Instructions {
		written := string(f.Doc.Text[in.KeywordSpan.Start:in.KeywordSpan.End])
		switch written {
		case strings.ToLower(written):
			lower++
		case strings.ToUpper(written):
			upper++
		}
	}
	return lower > upper
}

// composeUserNote tells whether every compose service that builds the
// stage runs it with a non-root user:, which then does what a USER would:
// the image is not reported, and a note says who runs it.
func composeUserNote(pass *analysis.Pass, bs analysis.BuildStage) (analysis.Note, bool) {
	if len(bs.Builders) == 0 {
		return analysis.Note{}, false
	}
	var who []string
	var related []analysis.Location
	for _, b := range bs.Builders {
		if !nonRootUser(b.User) {
			return analysis.Note{}, false
		}
		who = append(who, fmt.Sprintf("service %s of %s runs it as user %s", b.Service, path.Base(b.Compose), b.User))
		related = append(related, analysis.Location{URI: b.Compose, Position: b.UserAt})
	}
	return analysis.Note{
		Span:    bs.Stage.From.FirstLine(pass.Doc),
		Message: "This image sets no USER, but " + strings.Join(who, "; ") + ", so it does not run as root there (DW101 is satisfied by the compose user:).",
		Related: related,
	}, true
}
