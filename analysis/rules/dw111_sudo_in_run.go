package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/images"
)

// SudoInRun is DW111: a RUN runs sudo.
var SudoInRun = &analysis.Rule{
	Code:     "DW111",
	Name:     "sudo-in-run",
	Kind:     document.Dockerfile,
	Severity: analysis.Warning,
	Doc: `sudo used in RUN
A RUN runs a command through sudo. During the build sudo is either useless
(the step already runs as root) or a sign that the image keeps a sudo setup
for a non-root user, which gives anyone who gets that user root in the
container (guidelines a and c: least privilege, no sudo in images). It also
behaves badly without a terminal. Only sudo run as a command counts: the
RUN is read with a shell parser, so apt-get install sudo or an edit of
/etc/sudoers is not reported. ONBUILD RUN is reported as information,
marked "(in ONBUILD)": it runs when an image is built FROM this one.

Fix: switch user with USER instead: USER root before the steps that need
root, then back to the unprivileged user. When the step already runs as
root the quick fix removes the sudo prefix; when USER names another user it
wraps the RUN in USER root ... USER <user>. Suppress with
# dockwarden:ignore DW111 on the line above.`,
	Run:   runSudoInRun,
	Local: true,
}

// A sudoUse is one command run through sudo: the sudo word and the words
// to delete to run the command directly ("sudo -E ").
type sudoUse struct {
	word document.Span
	del  document.Span
	ok   bool // del is set: sudo has no option that changes what runs
}

func runSudoInRun(pass *analysis.Pass) {
	f := pass.Dockerfile
	for _, s := range pass.Scripts() {
		if s.Err != nil || s.Interpreter != "" {
			continue
		}
		var uses []sudoUse
		for _, c := range s.Commands {
			uses = append(uses, sudoUses(c)...)
		}
		if len(uses) == 0 {
			continue
		}
		in := s.Instruction
		top := in
		if s.OnBuild != nil {
			top = s.OnBuild
		}
		finding := analysis.Finding{Span: uses[0].word}
		count := ""
		if len(uses) > 1 {
			count = fmt.Sprintf(" (%d times)", len(uses))
		}
		finding.Message = "RUN uses sudo" + count + "; switch with USER root for the steps that need root"
		if s.OnBuild != nil {
			finding.Severity = analysis.Information
			finding.Message += onBuildNote
		}
		// Under ONBUILD the user is the one of images built later: unknown.
		if fix, ok := sudoFix(f, top, s, uses); ok && s.OnBuild == nil {
			finding.Fixes = []analysis.Fix{fix}
		}
		pass.Report(finding)
	}
}

// sudoSafeOptions are sudo options that do not change who runs what or
// how it reads its input; a root build step can drop them with sudo.
var sudoSafeOptions = map[string]bool{"-E": true, "-H": true, "-n": true, "--preserve-env": true, "-k": true, "--non-interactive": true, "-HE": true, "-EH": true}

// sudoUses returns the sudo a simple command runs, directly or under
// another wrapper (exec sudo, env X=1 sudo).
func sudoUses(c *dockerfile.Command) []sudoUse {
	wrappers, run := c.Unwrap()
	var uses []sudoUse
	for k, w := range wrappers {
		if !w[0].Literal || lastPathElem(w[0].Value) != "sudo" {
			continue
		}
		next := run[0]
		if k+1 < len(wrappers) {
			next = wrappers[k+1][0]
		}
		use := sudoUse{word: w[0].Span, del: document.Span{Start: w[0].Span.Start, End: next.Span.Start}, ok: true}
		for _, opt := range w[1:] {
			if !sudoSafeOptions[opt.Value] {
				use.ok = false
			}
		}
		uses = append(uses, use)
	}
	if len(run) > 0 && run[0].Literal && lastPathElem(run[0].Value) == "sudo" {
		// sudo with nothing to run (sudo -v, sudo -l): still sudo.
		uses = append(uses, sudoUse{word: run[0].Span})
	}
	return uses
}

// sudoFix removes the sudo prefixes when the step runs as root anyway
// (quick fix). When USER names another user, and every command of the RUN
// goes through sudo, it runs the RUN as root instead: USER root above,
// USER <previous user> below (snippet: check what the step writes).
func sudoFix(f *dockerfile.File, top *dockerfile.Instruction, s *dockerfile.Script, uses []sudoUse) (analysis.Fix, bool) {
	var dels []document.Edit
	for _, u := range uses {
		if !u.ok {
			return analysis.Fix{}, false
		}
		dels = append(dels, document.Edit{Span: u.del})
	}
	user, root, known := userAt(f, top)
	switch {
	case known && root:
		return analysis.Fix{Title: "Remove sudo (this step already runs as root)", Edits: dels}, true
	case !known || user == nil || len(user.Args) == 0:
		return analysis.Fix{}, false
	}
	// Every top-level command must go through sudo (or change nothing), so
	// that running the whole RUN as root changes nothing else.
	for _, c := range s.Commands {
		if c.Parent != nil {
			continue
		}
		if len(sudoUses(c)) > 0 {
			continue
		}
		switch c.Name() {
		case "set", "cd", "true", ":", "echo", "export":
			continue
		}
		return analysis.Fix{}, false
	}
	doc := f.Doc
	kw := func(s string) string {
		if lowerCaseKeywords(f) {
			return strings.ToLower(s)
		}
		return s
	}
	line := doc.LineOf(top.Span.Start)
	indent := string(doc.Text[doc.LineStart(line):top.Span.Start])
	at := doc.LineStart(line)
	if len(top.Comments) > 0 {
		at = doc.LineStart(doc.LineOf(top.Comments[0].Start))
	}
	eol := f.LineEnding
	edits := []document.Edit{{Span: document.Span{Start: at, End: at}, NewText: indent + kw("USER") + " root" + eol}}
	edits = append(edits, dels...)
	back := kw("USER") + " " + string(doc.Text[user.RestSpan.Start:user.RestSpan.End])
	endLine := doc.LineOf(top.Span.End)
	if endLine+1 < doc.LineCount() {
		p := doc.LineStart(endLine + 1)
		edits = append(edits, document.Edit{Span: document.Span{Start: p, End: p}, NewText: indent + back + eol})
	} else {
		p := doc.LineEnd(endLine)
		edits = append(edits, document.Edit{Span: document.Span{Start: p, End: p}, NewText: eol + indent + back})
	}
	return analysis.Fix{Title: "Run this step as root with USER root instead of sudo", Edits: edits}, true
}

// userAt returns the USER instruction in force at in (the last one
// before it in its stage, or the one its parent stages end with), and
// whether that user is root. known is false when no USER is in force and
// the base image's user cannot be told: with no USER, the process runs as
// the user of the base image's profile.
func userAt(f *dockerfile.File, in *dockerfile.Instruction) (user *dockerfile.Instruction, root, known bool) {
	st := in.Stage
	if st == nil {
		return nil, false, false
	}
	for i := len(st.Instructions) - 1; i >= 0; i-- {
		x := st.Instructions[i]
		if x.Index < in.Index && x.Keyword == "USER" {
			user = x
			break
		}
	}
	if user == nil && st.Parent != nil {
		user = dockerfile.EffectiveUser(st.Parent)
	}
	if user != nil {
		if len(user.Args) == 0 {
			return user, false, false
		}
		v, ok := f.Expand(user.Args[0].Value, user)
		if !ok {
			return user, false, false
		}
		return user, dockerfile.IsRootUser(v), true
	}
	rootStage := st.Root()
	if rootStage.Unknown {
		return nil, false, false
	}
	if rootStage.IsScratch() {
		return nil, true, true
	}
	if p := images.Lookup(rootStage.Base); p != nil && p.User.Known() {
		return nil, p.User.Value.IsRoot(), true
	}
	return nil, false, false
}
