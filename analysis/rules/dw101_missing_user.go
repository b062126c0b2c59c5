package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
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

Not reported when the base image already runs as a non-root user
(distroless and other :nonroot or -nonroot tags, nginxinc/nginx-unprivileged,
bitnami/*, cgr.dev/chainguard/*, and the images non-root-images lists in
.dockwarden.yaml), when the base cannot be resolved
(FROM $X without a default), or for an export-only FROM scratch stage
without CMD or ENTRYPOINT. Reported as information for FROM scratch (uid 0,
no /etc/passwd) and when the image steps down from root at run time with
gosu, su-exec, setpriv or runuser.

In the editor, a compose file of the workspace that builds this Dockerfile
decides which stage runs: the build.target stage of each service that builds
it, the last stage for a service without target:. When every such service
sets a non-root user:, that user stands in for USER: the stage is not
reported, and hovering its FROM shows which service runs it as whom.

Fix: add USER before the first CMD or ENTRYPOINT of the final stage, with
the user the file creates, or a numeric uid (65532 on scratch and
distroless), creating one when needed. Check file ownership and ports below
1024 afterwards: the quick fix changes how the container runs.`,
	Run: runMissingUser,
}

// stepDownTools drop root privileges for the command they run; docker
// library images (postgres, redis, mysql) start as root and use them in
// their entrypoint scripts.
var stepDownTools = []string{"gosu", "su-exec", "setpriv", "runuser"}

func runMissingUser(pass *analysis.Pass) {
	seen := map[document.Span]bool{}
	for _, bs := range pass.BuildStages() {
		judgeMissingUser(pass, bs, seen)
	}
}

// judgeMissingUser judges one stage whose image runs.
func judgeMissingUser(pass *analysis.Pass, bs analysis.BuildStage, seen map[document.Span]bool) {
	f := pass.Dockerfile
	final := bs.Stage
	if final == nil || dockerfile.EffectiveUser(final) != nil {
		return
	}
	if note, ok := composeUserNote(pass, bs); ok {
		pass.Note(note)
		return
	}
	chain := final.Chain()
	root := final.Root()
	if root.Unknown {
		return // a build argument decides the base; nothing to judge
	}
	ref := dockerfile.ParseImageRef(root.Base)
	if nonRootBase(ref) || pass.NonRootImage(ref) {
		return // known to run as non-root, built in or configured
	}
	scratch := root.IsScratch()
	if scratch && !hasCommand(chain) {
		return // an artifact stage for `docker build --output`: nothing runs
	}
	finding := analysis.Finding{Span: final.From.FirstLine(pass.Doc)}
	stage, _ := stageWords(pass, bs)
	switch tool := stepDown(chain); {
	case tool != "":
		finding.Severity = analysis.Information
		finding.Message = fmt.Sprintf("%s sets no USER, so the container starts as root; it appears to step down to another user with %s, which protects only the processes started through it, so check that the entrypoint always does", stage, tool)
		reportOnce(pass, seen, finding) // the file already chose its own way: no fix
		return
	case scratch:
		finding.Severity = analysis.Information
		finding.Message = stage + " is FROM scratch and sets no USER, so its process runs as uid 0; scratch has no /etc/passwd, so set a numeric USER"
	case isDistroless(ref):
		finding.Message = fmt.Sprintf("%s sets no USER and %s runs as root (uid 0): only the :nonroot distroless tags run as a non-root user", stage, root.Base)
	default:
		finding.Message = fmt.Sprintf("%s sets no USER, so the container runs as root (the default of %s); a compromised process would have root inside the container", stage, root.Base)
	}
	if fix, ok := missingUserFix(f, final, chain, ref, scratch); ok {
		finding.Fixes = []analysis.Fix{fix}
	}
	reportOnce(pass, seen, finding)
}

// nonRootBase reports whether an image is known to run as a non-root user
// by default (rule catalogue §1.4).
func nonRootBase(ref dockerfile.ImageRef) bool {
	tag := ref.Tag
	switch {
	case tag == "nonroot" || strings.HasSuffix(tag, "-nonroot"):
		return true
	case isDistroless(ref) && strings.HasPrefix(tag, "nonroot"):
		return true
	case ref.DockerHub() && ref.Repository() == "nginxinc/nginx-unprivileged":
		return true
	case ref.DockerHub() && strings.HasPrefix(ref.Repository(), "bitnami/"):
		return true
	case ref.Registry == "cgr.dev" && strings.HasPrefix(ref.Path, "chainguard/"):
		return true
	}
	return false
}

func isDistroless(ref dockerfile.ImageRef) bool {
	return ref.Registry == "gcr.io" && strings.HasPrefix(ref.Path, "distroless/")
}

// isWindows reports whether ref is a Windows base image (servercore,
// nanoserver), where useradd and numeric uids do not apply.
func isWindows(ref dockerfile.ImageRef) bool {
	if ref.Registry != "mcr.microsoft.com" {
		return false
	}
	tag := strings.ToLower(ref.Tag)
	return strings.HasPrefix(ref.Path, "windows") || strings.Contains(tag, "nanoserver") || strings.Contains(tag, "servercore")
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
func stepDown(chain []*dockerfile.Stage) string {
	for _, st := range chain {
		for _, in := range st.Instructions {
			switch in.Keyword {
			case "RUN", "ENTRYPOINT", "CMD":
			default:
				continue
			}
			for _, cmd := range commands(in) {
				name := path.Base(cmd[0])
				for _, tool := range stepDownTools {
					if name == tool {
						return tool
					}
				}
			}
		}
	}
	return ""
}

// commands returns the simple commands an instruction runs, each as its
// words with the command name first: the exec-form array is one command;
// shell form and heredoc scripts are split at shell operators.
func commands(in *dockerfile.Instruction) [][]string {
	if in.JSON {
		var words []string
		for _, a := range in.Args {
			words = append(words, a.Value)
		}
		if cmd := commandWords(words); len(cmd) > 0 {
			if len(cmd) >= 3 && (cmd[0] == "sh" || cmd[0] == "bash" || path.Base(cmd[0]) == "sh" || path.Base(cmd[0]) == "bash") && cmd[1] == "-c" {
				return shellCommands(cmd[2])
			}
			return [][]string{cmd}
		}
		return nil
	}
	var out [][]string
	if len(in.Heredocs) == 0 {
		out = shellCommands(in.Rest)
	}
	for _, h := range in.Heredocs {
		out = append(out, shellCommands(h.Content)...)
	}
	return out
}

// shellCommands splits a shell script into simple commands at ; & | && ||
// newlines and parentheses, keeping quoted text together, and drops the
// words before each command name (assignments, `exec`, `sudo`...).
func shellCommands(script string) [][]string {
	var out [][]string
	var words []string
	var word strings.Builder
	inWord := false
	flushWord := func() {
		if inWord {
			words = append(words, word.String())
			word.Reset()
			inWord = false
		}
	}
	flushCmd := func() {
		flushWord()
		if cmd := commandWords(words); len(cmd) > 0 {
			out = append(out, cmd)
		}
		words = nil
	}
	for i := 0; i < len(script); i++ {
		c := script[i]
		switch {
		case c == '\\' && i+1 < len(script):
			i++
			if script[i] != '\n' {
				word.WriteByte(script[i])
				inWord = true
			}
		case c == '$' && i+1 < len(script) && script[i+1] == '{':
			// ${VAR} is part of the word, not a brace group.
			end := strings.IndexByte(script[i:], '}')
			if end < 0 {
				end = len(script) - i - 1
			}
			word.WriteString(script[i : i+end+1])
			inWord = true
			i += end
		case c == '\'' || c == '"':
			end := strings.IndexByte(script[i+1:], c)
			if end < 0 {
				end = len(script) - i - 1
			}
			word.WriteString(script[i+1 : i+1+end])
			inWord = true
			i += end + 1
		case c == '#' && !inWord:
			for i < len(script) && script[i] != '\n' {
				i++
			}
			flushCmd()
		case strings.IndexByte(";&|\n(){}`", c) >= 0:
			flushCmd()
		case c == ' ' || c == '\t' || c == '\r':
			flushWord()
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	flushCmd()
	return out
}

// commandWords drops what precedes the command name in a simple command:
// variable assignments, shell keywords and wrappers that run the next word.
func commandWords(words []string) []string {
	for len(words) > 0 {
		w := words[0]
		switch {
		case strings.Contains(w, "=") && !strings.HasPrefix(w, "-") && !strings.HasPrefix(w, "="):
		case w == "exec" || w == "sudo" || w == "env" || w == "nohup" || w == "time" || w == "command" || w == "!":
		case w == "if" || w == "then" || w == "else" || w == "elif" || w == "do" || w == "while" || w == "until":
		default:
			return words
		}
		words = words[1:]
	}
	return nil
}

// createdUser returns the user a RUN of the chain creates with useradd or
// adduser (the last one), or "". When before is not nil, only RUN
// instructions that come before it count.
func createdUser(chain []*dockerfile.Stage, before *dockerfile.Instruction) string {
	for _, st := range chain {
		for i := len(st.Instructions) - 1; i >= 0; i-- {
			in := st.Instructions[i]
			if in.Keyword != "RUN" || before != nil && in.Index >= before.Index {
				continue
			}
			cmds := commands(in)
			for j := len(cmds) - 1; j >= 0; j-- {
				if name := dockerfile.UserCreatedBy(cmds[j]); name != "" {
					return name
				}
			}
		}
	}
	return ""
}

// usesApk reports whether the chain is Alpine-like: an apk command runs, or
// the base names alpine or busybox, whose adduser is BusyBox's.
func usesApk(chain []*dockerfile.Stage, ref dockerfile.ImageRef) bool {
	name := strings.ToLower(ref.Path + ":" + ref.Tag)
	if strings.Contains(name, "alpine") || strings.Contains(name, "busybox") {
		return true
	}
	for _, st := range chain {
		for _, in := range st.Instructions {
			if in.Keyword != "RUN" {
				continue
			}
			for _, cmd := range commands(in) {
				if path.Base(cmd[0]) == "apk" {
					return true
				}
			}
		}
	}
	return false
}

// missingUserFix builds the quick fix: the lines to add and where.
func missingUserFix(f *dockerfile.File, final *dockerfile.Stage, chain []*dockerfile.Stage, ref dockerfile.ImageRef, scratch bool) (analysis.Fix, bool) {
	kw := func(s string) string {
		if lowerCaseKeywords(f) {
			return strings.ToLower(s)
		}
		return s
	}
	var lines []string
	var what string
	switch name := createdUser(chain, nil); {
	case name != "":
		lines = []string{kw("USER") + " " + name}
		what = "Add USER " + name
	case isWindows(ref):
		// Windows base images ship the unprivileged ContainerUser account.
		lines = []string{kw("USER") + " ContainerUser"}
		what = "Add USER ContainerUser"
	case scratch || isDistroless(ref):
		// No /etc/passwd to name a user from: a numeric uid, the one
		// distroless calls nonroot.
		lines = []string{kw("USER") + " 65532:65532"}
		what = "Add USER 65532:65532"
	case usesApk(chain, ref):
		lines = []string{kw("RUN") + " addgroup -S app && adduser -S -G app -u 10001 app", kw("USER") + " 10001:10001"}
		what = "Create user app and add USER 10001:10001"
	default:
		lines = []string{kw("RUN") + " groupadd -r -g 10001 app && useradd -r -u 10001 -g app app", kw("USER") + " 10001:10001"}
		what = "Create user app and add USER 10001:10001"
	}
	edit, where, ok := insertLines(f, final, lines)
	if !ok {
		return analysis.Fix{}, false
	}
	return analysis.Fix{Title: what + " " + where, Edits: []document.Edit{edit}}, true
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
