package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// RemoteScriptPipedToShell is DW109: a RUN downloads a script and runs it
// without looking at it (`curl ... | sh`).
var RemoteScriptPipedToShell = &analysis.Rule{
	Code:     "DW109",
	Name:     "remote-script-pipe",
	Kind:     document.Dockerfile,
	Severity: analysis.Warning,
	Doc: `Remote script piped to a shell
A RUN pipes what curl or wget downloads straight into a shell or an
interpreter (curl -fsSL https://... | sh, wget -qO- ... | bash, python3,
perl, ruby, node, php as in curl .../installer | php), or runs it through
sh -c "$(curl ...)", bash <(curl ...) or eval.
Whatever the server, or anyone able to tamper with the download, sends at
build time runs with the build's privileges, and nothing pins what that was
(guideline c: use trusted, verified sources). Downloading to a file and
running it later in the same RUN with nothing checked in between is the
same thing in two steps (wget .../get-pip.py && python3 get-pip.py, curl
-SLO .../setup.sh && ./setup.sh, sh or bash of the file, source), and is
reported where the file runs. The RUN is read with a shell parser: a
quoted "curl ... | sh" is text, not a pipe, and a download checked before
it runs (sha256sum -c, a captured sha256sum compared, gpg --verify, gpgv,
cosign verify-blob, minisign -V) is not reported, nor is one that is only
unpacked. ONBUILD RUN is reported as information, marked "(in ONBUILD)":
it runs when an image is built FROM this one.

Fix: download to a file, check it against a known SHA-256 (or a signature)
and only then run it. For a pipe, the quick fix writes that sequence with
a <sha256> placeholder for you to fill in; being a template, dockwarden fix
--unsafe never applies it. For a file that is run later, add the check
before it runs. Suppress with # dockwarden:ignore DW109 on
the line above.`,
	Run:   runRemoteScriptPipedToShell,
	Local: true,
}

func runRemoteScriptPipedToShell(pass *analysis.Pass) {
	for _, s := range pass.Scripts() {
		if s.Err != nil || s.Interpreter != "" {
			continue
		}
		reported := map[document.Span]bool{}
		report := func(span document.Span, msg string, fixes []analysis.Fix) {
			if reported[span] {
				return
			}
			reported[span] = true
			finding := analysis.Finding{Span: span, Message: msg, Fixes: fixes}
			if s.OnBuild != nil {
				finding.Severity = analysis.Information
				finding.Message = msg + onBuildNote
				finding.Fixes = nil
			}
			pass.Report(finding)
		}
		for _, c := range s.Commands {
			dl, ok := fetchOf(c)
			if !ok {
				continue
			}
			if !dl.stdout {
				if run, file, ok := runUnchecked(s, dl); ok {
					by := "runs it"
					if name := runName(run); name != "" {
						by = runnerName(name) + " runs it"
					}
					report(run.Span, fmt.Sprintf("%s downloads %s and %s unchecked; verify its checksum or signature first", dl.tool, clip(file, quoteMax), by), nil)
				}
				continue
			}
			tool, url := dl.tool, dl.url()
			if p := c.Pipeline; p != nil {
				for k := c.Stage + 1; k < len(p.Stages); k++ {
					if len(p.Stages[k]) == 0 {
						continue
					}
					runner := p.Stages[k][0]
					interp := stdinInterpreter(runner)
					if interp == "" {
						continue
					}
					msg := fmt.Sprintf("%s output is piped into %s unchecked; download to a file and verify it first", tool, interp)
					var fixes []analysis.Fix
					if fix, ok := downloadThenVerifyFix(pass.Doc, p, c, runner, tool, url); ok {
						fixes = []analysis.Fix{fix}
					}
					report(p.Span, msg, fixes)
					break
				}
				continue
			}
			parent := c.Parent
			if parent == nil {
				continue
			}
			mode, script := parent.Shell()
			_, prun := parent.Unwrap()
			pname := ""
			if len(prun) > 0 && prun[0].Literal {
				pname = prun[0].Value
			}
			switch c.Via {
			case dockerfile.Substitution:
				// sh -c "$(curl ...)", eval "$(curl ...)", bash <<< "$(curl ...)"
				if mode == dockerfile.ShellCommand && c.Arg == script && script >= 0 ||
					pname == "eval" && c.Arg > 0 ||
					mode == dockerfile.ShellStdin && c.Arg < 0 && parent.Input != nil {
					report(parent.Span, fmt.Sprintf("what %s downloads is run by %s unchecked; download to a file and verify it first", tool, runnerName(pname)), nil)
				}
			case dockerfile.ProcessSubstitution:
				// bash <(curl ...), source <(curl ...), bash < <(curl ...)
				if mode == dockerfile.ShellFile && c.Arg == script && script >= 0 ||
					(pname == "source" || pname == ".") && c.Arg == len(parent.Args)-len(prun)+1 ||
					mode == dockerfile.ShellStdin && c.Arg < 0 {
					report(parent.Span, fmt.Sprintf("what %s downloads is run by %s unchecked; download to a file and verify it first", tool, runnerName(pname)), nil)
				}
			}
		}
	}
}

// runUnchecked returns the first later command of s that runs the file
// dl writes, when no checksum or signature check comes between the two.
func runUnchecked(s *dockerfile.Script, dl fetch) (*dockerfile.Command, string, bool) {
	if dl.file == "" {
		return nil, "", false
	}
	for _, c := range s.Commands {
		if c.Span.Start < dl.cmd.Span.End {
			continue
		}
		if _, ok := runsFile(c, dl.file); ok {
			if verifiedBetween(s, dl.cmd.Span.Start, c.Span.Start) {
				return nil, "", false
			}
			return c, path.Base(strings.Trim(dl.file, `"'`)), true
		}
	}
	return nil, "", false
}

// runName is the name of the shell or interpreter that runs a downloaded
// file, "" when the file is run as a program.
func runName(c *dockerfile.Command) string {
	_, run := c.Unwrap()
	if len(run) == 0 || strings.Contains(run[0].Value, "/") {
		return ""
	}
	return run[0].Value
}

// runnerName names the command that runs a download in a message.
func runnerName(name string) string {
	if name == "." {
		return "source"
	}
	return lastPathElem(name)
}

// stdinInterpreter returns the name of the shell or interpreter c runs on
// its standard input (or, for a shell given -c, next to it), or "".
func stdinInterpreter(c *dockerfile.Command) string {
	_, run := c.Unwrap()
	if len(run) == 0 || !run[0].Literal {
		return ""
	}
	name := lastPathElem(run[0].Value)
	switch mode, _ := c.Shell(); mode {
	case dockerfile.ShellStdin, dockerfile.ShellCommand:
		return name
	case dockerfile.ShellFile:
		return ""
	}
	if _, ok := interpreterOf(name); ok {
		if i, ok := interpreterScript(run); ok && (i == len(run) || run[i].Value == "-") {
			return name
		}
	}
	return ""
}

// downloadThenVerifyFix replaces `curl URL | sh` by a download to a file,
// a SHA-256 check with a placeholder digest, and a run of the file. It is
// offered for a two-stage pipeline written as plain shell text whose
// replacement by an && list keeps the meaning of what surrounds it.
func downloadThenVerifyFix(doc *document.Document, p *dockerfile.Pipeline, dl, runner *dockerfile.Command, tool string, url *dockerfile.Word) (analysis.Fix, bool) {
	if !p.Plain || !p.Standalone || len(p.Stages) != 2 || len(p.Stages[0]) != 1 || len(p.Stages[1]) != 1 || p.Stages[1][0] != runner || url == nil || len(dl.Assigns) > 0 {
		return analysis.Fix{}, false
	}
	if mode, _ := runner.Shell(); mode == dockerfile.ShellCommand {
		return analysis.Fix{}, false
	}
	text := func(s document.Span) string { return string(doc.Text[s.Start:s.End]) }
	const file = "/tmp/install.sh"
	fetch, ok := fetchToFile(dl, file, text)
	if !ok {
		return analysis.Fix{}, false
	}
	wrappers, run := runner.Unwrap()
	var words []string
	for _, w := range wrappers {
		for _, x := range w {
			words = append(words, text(x.Span))
		}
	}
	words = append(words, text(run[0].Span))
	var operands []string
	options := true
	for i := 1; i < len(run); i++ {
		w := run[i]
		v := w.Value
		switch {
		case options && (v == "-o" || v == "+o" || v == "-O" || v == "+O") && i+1 < len(run):
			words = append(words, text(w.Span), text(run[i+1].Span))
			i++
		case !options:
			operands = append(operands, text(w.Span))
		case v == "--" || v == "-":
			options = false
		case w.Literal && strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.ContainsRune(v, 's'):
			if rest := strings.ReplaceAll(v, "s", ""); rest != "-" {
				words = append(words, rest)
			}
		case w.Literal && (strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+")):
			words = append(words, text(w.Span))
		default:
			options = false
			operands = append(operands, text(w.Span))
		}
	}
	words = append(words, file)
	words = append(words, operands...)
	repl := fetch + ` && echo "<sha256>  ` + file + `" | sha256sum -c - && ` + strings.Join(words, " ") + " && rm " + file
	span := document.Span{Start: dl.Span.Start, End: runner.Span.End}
	if span != p.Span {
		return analysis.Fix{}, false
	}
	return analysis.Fix{
		Title: "Download the script to a file and check its SHA-256 before running it",
		Edits: []document.Edit{{Span: span, NewText: repl}},
		// The checksum is <sha256>, for the author to fill in.
		Template: true,
	}, true
}

// fetchToFile rewrites a download to standard output as a download to
// file, keeping the command's other options (headers, retries, proxies):
// curl gets -o file (a curl already given -o is left alone); wget's
// -O - becomes -O file.
func fetchToFile(dl *dockerfile.Command, file string, text func(document.Span) string) (string, bool) {
	wrappers, run := dl.Unwrap()
	if len(wrappers) > 0 || len(run) == 0 {
		return "", false
	}
	var words []string
	switch lastPathElem(run[0].Value) {
	case "curl":
		for _, w := range run {
			v := w.Value
			if v == "-o" || v == "--output" || strings.HasPrefix(v, "--output=") || !strings.HasPrefix(v, "--") && strings.HasPrefix(v, "-") && strings.ContainsRune(v, 'o') {
				return "", false
			}
			words = append(words, text(w.Span))
		}
		words = append(words, "-o", file)
	case "wget":
		for i := 0; i < len(run); i++ {
			w := run[i]
			v := w.Value
			switch {
			case v == "--output-document" || v == "-O":
				i++
			case strings.HasPrefix(v, "--output-document="):
			case strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.ContainsRune(v, 'O'):
				j := strings.IndexByte(v, 'O')
				if j == len(v)-1 {
					i++ // -qO -
				}
				if j > 1 {
					words = append(words, v[:j]) // -qO- keeps -q
				}
			default:
				words = append(words, text(w.Span))
			}
		}
		words = append(words, "-O", file)
	default:
		return "", false
	}
	return strings.Join(words, " "), true
}
