package rules

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// corpusRoot holds the real-world files of rules.md section 7.
var corpusRoot = filepath.Join("..", "..", "..", "shared", "corpus")

// freshCorpusRoot holds real-world files read after the rule catalogue was
// written (provenance in its PROVENANCE.tsv): the wrong and missed findings
// found there, and what the newer rules report on them, are pinned here.
var freshCorpusRoot = filepath.Join("..", "..", "..", "shared", "corpus-fresh")

// needCorpus skips the test when root, a corpus kept beside the
// repository rather than in it, is not there.
func needCorpus(t testing.TB, root string) {
	t.Helper()
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
}

// readCorpusFile returns the text of file, a slash-separated path under
// root.
func readCorpusFile(t testing.TB, root, file string) []byte {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return text
}

// analyseCorpusFile analyses file, a slash-separated path under root, with
// reg, as the kind of file DetectKind takes it for. A rule that panics
// fails the test.
func analyseCorpusFile(t testing.TB, root, file string, reg *analysis.Registry) *analysis.Result {
	t.Helper()
	text := readCorpusFile(t, root, file)
	res := analysis.Run(reg, document.New("file:///"+file, 1, document.DetectKind(file, "", text), text))
	if len(res.Panics) > 0 {
		t.Fatalf("%s: %s", file, res.Panics[0])
	}
	return res
}

// A corpusResults analyses corpus files with one registry, each file once,
// when a test first asks for it.
type corpusResults struct {
	t       testing.TB
	root    string
	reg     *analysis.Registry
	results map[string]*analysis.Result
	files   []string // the files analysed, in the order first asked for
}

// newCorpusResults skips the test when root is not there.
func newCorpusResults(t testing.TB, root string, reg *analysis.Registry) *corpusResults {
	t.Helper()
	needCorpus(t, root)
	return &corpusResults{t: t, root: root, reg: reg, results: map[string]*analysis.Result{}}
}

// result returns the analysis of file, a slash-separated path under the
// root.
func (c *corpusResults) result(file string) *analysis.Result {
	c.t.Helper()
	res, ok := c.results[file]
	if !ok {
		res = analyseCorpusFile(c.t, c.root, file, c.reg)
		c.results[file] = res
		c.files = append(c.files, file)
	}
	return res
}

// eachCorpusFile calls fn with the slash-separated path relative to root
// and the text of every regular file under root that DetectKind takes for
// kind.
func eachCorpusFile(t testing.TB, root string, kind document.Kind, fn func(rel string, text []byte)) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if document.DetectKind(path, "", text) == kind {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			fn(filepath.ToSlash(rel), text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// codesOn returns the findings of res with code.
func codesOn(res *analysis.Result, code string) []analysis.Finding {
	var out []analysis.Finding
	for _, f := range res.Findings {
		if f.Rule.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// findingsOn returns the findings of code that start on line.
func findingsOn(res *analysis.Result, line int, code string) []analysis.Finding {
	var out []analysis.Finding
	for _, f := range res.Findings {
		if f.Rule.Code == code && res.Doc.LineOf(f.Span.Start) == line {
			out = append(out, f)
		}
	}
	return out
}

// A corpusExpectation is a row of the corpus table in rules.md section 7:
// code must (or must not, fire false) be reported in file where text is,
// at severity when it is not zero. How text places the finding is the
// test's to say.
type corpusExpectation struct {
	row      int
	file     string
	code     string
	text     string
	fire     bool
	severity analysis.Severity
}

// A lineExpectation says that code must (or must not) be reported on every
// line of file containing text: non-comment lines only, unless text is ""
// (every line). exact asks for lines that are text and nothing else. A
// non-zero severity is the severity a must-fire finding must have. A
// service limits the lines to those of that compose service, its name
// line included.
type lineExpectation struct {
	row      int // the row of the corpus table in rules.md section 7
	file     string
	code     string
	text     string
	fire     bool
	severity analysis.Severity
	exact    bool
	service  string
}

// checkLines checks one expectation against the analysis of its file.
func checkLines(t *testing.T, res *analysis.Result, e lineExpectation) {
	t.Helper()
	from, to := 0, res.Doc.LineCount()
	if e.service != "" {
		from, to = serviceLines(t, res, e)
	}
	matched := 0
	for line := from; line < to; line++ {
		content := strings.TrimSpace(string(res.Doc.Line(line)))
		if e.text != "" && (strings.HasPrefix(content, "#") || !strings.Contains(content, e.text)) {
			continue
		}
		if e.exact && content != e.text {
			continue
		}
		matched++
		got := findingsOn(res, line, e.code)
		switch {
		case e.fire && len(got) == 0:
			t.Errorf("row %d %s:%d: want %s on %q", e.row, e.file, line+1, e.code, content)
		case !e.fire && len(got) > 0:
			t.Errorf("row %d %s:%d: unexpected %s on %q: %s", e.row, e.file, line+1, e.code, content, got[0].Message)
		case e.fire && e.severity != 0 && got[0].Severity != e.severity:
			t.Errorf("row %d %s:%d: %s severity %s, want %s", e.row, e.file, line+1, e.code, got[0].Severity, e.severity)
		}
	}
	if e.text != "" && matched == 0 {
		t.Errorf("row %d %s: no line contains %q (corpus changed?)", e.row, e.file, e.text)
	}
}

// serviceLines returns the 0-based line range [from, to) of the service
// the expectation names.
func serviceLines(t *testing.T, res *analysis.Result, e lineExpectation) (from, to int) {
	t.Helper()
	for _, s := range res.Compose.Services {
		if s.Name == e.service && s.Value != nil {
			return res.Doc.LineOf(s.Key.Span.Start), res.Doc.LineOf(s.Value.Span.End) + 1
		}
	}
	t.Fatalf("row %d %s: no service %s", e.row, e.file, e.service)
	return 0, 0
}

// checkNotOnComments fails the test for every finding of res that starts
// on a comment line: a commented-out key or entry configures nothing.
func checkNotOnComments(t *testing.T, file string, res *analysis.Result) {
	t.Helper()
	for _, f := range res.Findings {
		line := res.Doc.LineOf(f.Span.Start)
		if bytes.HasPrefix(bytes.TrimSpace(res.Doc.Line(line)), []byte("#")) {
			t.Errorf("%s:%d: %s on a comment line: %s", file, line+1, f.Rule.Code, f.Message)
		}
	}
}

// checkDockerfileFixes applies, one at a time, every fix reg offers on
// every Dockerfile under root: the fixed file must still parse and the fix
// must remove its finding. It returns how many fixes it applied.
func checkDockerfileFixes(t *testing.T, root string, reg *analysis.Registry) int {
	t.Helper()
	fixes := 0
	eachCorpusFile(t, root, document.Dockerfile, func(rel string, text []byte) {
		res := analysis.Run(reg, document.New("file:///"+rel, 1, document.Dockerfile, text))
		for _, p := range res.Panics {
			t.Errorf("%s: %s", rel, p)
		}
		for _, f := range res.Findings {
			for _, fix := range f.Fixes {
				fixes++
				fixed, err := document.Apply(text, fix.Edits)
				if err != nil {
					t.Errorf("%s: %s: %v", rel, fix.Title, err)
					continue
				}
				again := analysis.Run(analysis.NewRegistry(f.Rule), document.New("file:///fixed", 2, document.Dockerfile, fixed))
				if len(again.Dockerfile.Errors) != 0 {
					t.Errorf("%s: after %q: %v", rel, fix.Title, again.Dockerfile.Errors)
				}
				if len(again.Findings) >= len(codesOn(res, f.Rule.Code)) {
					t.Errorf("%s: %q did not remove its %s finding", rel, fix.Title, f.Rule.Code)
				}
			}
		}
	})
	return fixes
}
