package main

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/codeactions"
)

// Exit codes of fix.
const (
	exitFixed   = 0 // every fix applied, or nothing to fix
	exitPending = 1 // --diff only: some file would change
)

// maxFixPasses bounds the analyse-and-fix rounds on one file. A fix whose
// edits overlap another's waits for the next round, when the analysis of
// the edited text offers it again.
const maxFixPasses = 10

// syntaxRules are the findings that mean a file no longer parses: a round
// of fixes that adds one is not applied as a whole.
var syntaxRules = map[string]bool{rules.DockerfileSyntax.Code: true, rules.ComposeSyntax.Code: true, rules.ComposeSchema.Code: true}

// fixCommand is fix's grammar.
func fixCommand() (*command, *fixFlags) {
	c := newCommand("fix", "dockwarden fix [flags] [PATH...]",
		"Applies the safe fixes of the findings in Dockerfiles and Compose files: each file PATH names,\n"+
			"every one under each folder PATH names (default \".\"), or standard input for - (the fixed\n"+
			"text goes to standard output).", -1)
	f := &fixFlags{in: inputFlags{stdinAlone: true}}
	c.flags.BoolVar(&f.unsafe, "unsafe", false, "also apply the preferred fix of findings whose fixes change behaviour and need review")
	c.flags.StringVar(&f.minSeverity, "min-severity", "warning", "with --unsafe, the least severe finding (`LEVEL`) whose preferred fix is applied: error, warning (warn), information (info) or hint")
	c.flags.BoolVar(&f.diff, "diff", false, "print a unified diff of the changes instead of writing the files; exit 1 when there are any")
	f.in.register(c.flags)
	return c, f
}

// fixFlags are fix's flag values.
type fixFlags struct {
	unsafe, diff bool
	minSeverity  string
	in           inputFlags
}

func runFix(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c, f := fixCommand()
	in, code, done := f.in.parse(c, args, stdin, stdout, stderr)
	if done {
		return code
	}
	defer in.close()
	opts := fixOptions{unsafe: f.unsafe}
	sev, err := severityFlag(f.minSeverity, false)
	if err != nil {
		return c.usageError(stderr, "--min-severity: %v", err)
	}
	opts.minSeverity = sev
	writer := newFixWriter(stderr)
	defer writer.stop()

	results, errs := in.analyse(c, stderr)
	failed := len(errs) > 0
	changed := 0
	sides := newSideFolders(f.diff, in.proj.workDir())
	defer sides.close()
	report := stdout
	if f.diff {
		report = stderr // the diff is the output; what was done goes beside it
	}
	var left []string
	stdinRead := false
	results = dockerfilesFirst(results)
	for _, r := range results {
		r = withFixedDockerfiles(r, in.proj)
		side := sides.of(r.path)
		if r.src.stdin {
			side, stdinRead = sides.stdin(), true
		}
		out := fixFile(r, opts, side)
		if opts.unsafe {
			left = append(left, reviewLines(r.path, out, opts)...)
		}
		for _, msg := range out.failures() {
			c.errorf(stderr, "%s: %s", r.path, msg)
			failed = true
		}
		if r.src.stdin && !f.diff {
			// Standard input: the text, fixed or not, is the output.
			if _, err := stdout.Write(out.text); err != nil {
				c.errorf(stderr, "%v", err)
				return exitUsage
			}
		}
		if out.codes == nil {
			continue
		}
		changed++
		summary := fixSummary(r.path, out, side)
		if f.diff {
			if _, err := io.WriteString(stdout, side.diff(r.path)+unifiedDiff(r.path, r.res.Doc.Text, out.text)); err != nil {
				c.errorf(stderr, "%v", err)
				return exitUsage
			}
			keepFixedDockerfile(in.proj, r, out.final)
			fmt.Fprint(report, summary)
			continue
		}
		if r.src.stdin {
			fmt.Fprint(stderr, summary)
			continue
		}
		if bytes.Equal(out.text, r.res.Doc.Text) {
			// Its fixes changed other files only (an ignore file).
			fmt.Fprint(report, summary)
			continue
		}
		if err := writer.replace(r.src, r.res.Doc.Text, out.text); err != nil {
			side.undo(0, r.path)
			c.errorf(stderr, "%s", writeError(r.path, err))
			failed = true
			continue
		}
		// Only a Dockerfile written changes what the compose files that
		// build it run as: one left as it was (read-only, edited
		// meanwhile) still judges them as it is.
		keepFixedDockerfile(in.proj, r, out.final)
		fmt.Fprint(report, summary)
	}
	if len(left) > 0 {
		out := report
		if stdinRead {
			out = stderr // standard output holds the fixed text
		}
		fmt.Fprintf(out, "Left for review:\n%s", strings.Join(left, ""))
	}
	switch {
	case failed:
		return exitUsage
	case f.diff && changed > 0:
		return exitPending
	}
	return exitFixed
}

// applyRound applies the non-overlapping fixes among candidates (the
// codeactions fix-all merge) and analyses the result. When that breaks
// the file's syntax, the fixes are tried one by one and only those that
// keep it parsing are applied.
func applyRound(r fileResult, res *analysis.Result, candidates []analysis.Finding) ([]byte, *analysis.Result, []*analysis.Finding) {
	action, ok := codeactions.FixAllAction(&analysis.Result{Doc: res.Doc, Findings: candidates})
	if !ok {
		return nil, nil, nil
	}
	text, nextRes, good := tryEdits(r, res, action.Edits)
	if good {
		return text, nextRes, action.Findings
	}
	var kept []analysis.Finding
	var keptText []byte
	var keptRes *analysis.Result
	for _, f := range action.Findings {
		trial := append(kept[:len(kept):len(kept)], *f)
		a, _ := codeactions.FixAllAction(&analysis.Result{Doc: res.Doc, Findings: trial})
		if t, tr, good := tryEdits(r, res, a.Edits); good {
			kept, keptText, keptRes = trial, t, tr
		}
	}
	fixed := make([]*analysis.Finding, len(kept))
	for i := range kept {
		fixed[i] = &kept[i]
	}
	return keptText, keptRes, fixed
}

// tryEdits applies edits to the text of res and analyses the result; good
// is false when the edits do not apply or leave more syntax findings than
// there were.
func tryEdits(r fileResult, res *analysis.Result, edits []document.Edit) ([]byte, *analysis.Result, bool) {
	text, err := document.Apply(res.Doc.Text, edits)
	if err != nil {
		return nil, nil, false
	}
	doc := document.New(res.Doc.URI, res.Doc.Version+1, res.Doc.Kind, text)
	next := analysis.RunWith(rules.All, doc, r.opts)
	return text, next, syntaxFindings(next) <= syntaxFindings(res)
}

func syntaxFindings(res *analysis.Result) int {
	n := 0
	for _, f := range res.Findings {
		if syntaxRules[f.Rule.Code] {
			n++
		}
	}
	return n
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func uniqueSorted(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// diffContext is the number of unchanged lines shown around a change.
const diffContext = 3

// maxDiffCells bounds the table of the line diff; past it, the differing
// middle of the two texts is shown as removed and added whole.
const maxDiffCells = 1 << 22

type diffOp struct {
	kind byte // ' ', '-' or '+'
	line string
}

// unifiedDiff returns the unified diff that turns a into b, with the
// a/ and b/ prefixes of git, or "" when they are equal.
func unifiedDiff(path string, a, b []byte) string {
	if bytes.Equal(a, b) {
		return ""
	}
	ops := diffLines(splitLines(a), splitLines(b))
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- a/%s\n+++ b/%s\n", path, path)
	// before[i] is how many lines of a and of b come before ops[i].
	type counts struct{ a, b int }
	before := make([]counts, len(ops)+1)
	for i, op := range ops {
		before[i+1] = before[i]
		if op.kind != '+' {
			before[i+1].a++
		}
		if op.kind != '-' {
			before[i+1].b++
		}
	}
	for i := 0; i < len(ops); {
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(i-diffContext, 0)
		last := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				last = j
			} else if j-last > 2*diffContext {
				break
			}
		}
		stop := min(last+diffContext+1, len(ops))
		aLen, bLen := before[stop].a-before[start].a, before[stop].b-before[start].b
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(before[start].a, aLen), hunkRange(before[start].b, bLen))
		for _, op := range ops[start:stop] {
			sb.WriteByte(op.kind)
			sb.WriteString(op.line)
			if !strings.HasSuffix(op.line, "\n") && !strings.HasSuffix(op.line, "\r") {
				sb.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = stop
	}
	return sb.String()
}

// hunkRange is "start,length" of a hunk whose first line follows the
// first `before` lines; an empty range names the line before it.
func hunkRange(before, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", before)
	}
	return fmt.Sprintf("%d,%d", before+1, n)
}

// splitLines splits text after each line terminator, keeping it.
func splitLines(text []byte) []string {
	var lines []string
	for len(text) > 0 {
		i := bytes.IndexAny(text, "\r\n")
		if i < 0 {
			lines = append(lines, string(text))
			break
		}
		end := i + 1
		if text[i] == '\r' && end < len(text) && text[end] == '\n' {
			end++
		}
		lines = append(lines, string(text[:end]))
		text = text[end:]
	}
	return lines
}

// diffLines returns a shortest edit script from a to b by the longest
// common subsequence of their lines.
func diffLines(a, b []string) []diffOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []diffOp
	for _, l := range a[:pre] {
		ops = append(ops, diffOp{' ', l})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(ma), len(mb)
	if n*m > maxDiffCells {
		for _, l := range ma {
			ops = append(ops, diffOp{'-', l})
		}
		for _, l := range mb {
			ops = append(ops, diffOp{'+', l})
		}
	} else {
		// lcs[i*(m+1)+j] is the length of the longest common
		// subsequence of ma[i:] and mb[j:].
		lcs := make([]int32, (n+1)*(m+1))
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if ma[i] == mb[j] {
					lcs[i*(m+1)+j] = lcs[(i+1)*(m+1)+j+1] + 1
				} else {
					lcs[i*(m+1)+j] = max(lcs[(i+1)*(m+1)+j], lcs[i*(m+1)+j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n && j < m {
			switch {
			case ma[i] == mb[j]:
				ops = append(ops, diffOp{' ', ma[i]})
				i++
				j++
			case lcs[(i+1)*(m+1)+j] >= lcs[i*(m+1)+j+1]:
				ops = append(ops, diffOp{'-', ma[i]})
				i++
			default:
				ops = append(ops, diffOp{'+', mb[j]})
				j++
			}
		}
		for ; i < n; i++ {
			ops = append(ops, diffOp{'-', ma[i]})
		}
		for ; j < m; j++ {
			ops = append(ops, diffOp{'+', mb[j]})
		}
	}
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, diffOp{' ', l})
	}
	return ops
}
