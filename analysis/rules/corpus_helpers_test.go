package rules

import (
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

// A lineExpectation says that code must (or must not) be reported on every
// line of file containing text: non-comment lines only, unless text is ""
// (every line). exact asks for lines that are text and nothing else. A
// non-zero severity is the severity a must-fire finding must have.
type lineExpectation struct {
	row      int // the row of the corpus table in rules.md section 7
	file     string
	code     string
	text     string
	fire     bool
	severity analysis.Severity
	exact    bool
}

// checkLines checks one expectation against the analysis of its file.
func checkLines(t *testing.T, res *analysis.Result, e lineExpectation) {
	t.Helper()
	matched := 0
	for line := 0; line < res.Doc.LineCount(); line++ {
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

// checkDockerfileFixes applies, one at a time, every fix reg offers on
// every Dockerfile under root: the fixed file must still parse and the fix
// must remove its finding. It returns how many fixes it applied.
func checkDockerfileFixes(t *testing.T, root string, reg *analysis.Registry) int {
	t.Helper()
	fixes := 0
	eachDockerfile(t, root, func(path string, text []byte) {
		res := analysis.Run(reg, document.New("file:///"+path, 1, document.Dockerfile, text))
		for _, p := range res.Panics {
			t.Errorf("%s: %s", path, p)
		}
		for _, f := range res.Findings {
			for _, fix := range f.Fixes {
				fixes++
				fixed, err := document.Apply(text, fix.Edits)
				if err != nil {
					t.Errorf("%s: %s: %v", path, fix.Title, err)
					continue
				}
				again := analysis.Run(analysis.NewRegistry(f.Rule), document.New("file:///fixed", 2, document.Dockerfile, fixed))
				if len(again.Dockerfile.Errors) != 0 {
					t.Errorf("%s: after %q: %v", path, fix.Title, again.Dockerfile.Errors)
				}
				if len(again.Findings) >= findingsWithCode(res.Findings, f.Rule.Code) {
					t.Errorf("%s: %q did not remove its %s finding", path, fix.Title, f.Rule.Code)
				}
			}
		}
	})
	return fixes
}

// eachDockerfile calls fn with the path and text of every Dockerfile
// (Dockerfile*, *.dockerfile, Containerfile*) under root.
func eachDockerfile(t *testing.T, root string, fn func(path string, text []byte)) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := strings.ToLower(d.Name())
		if !strings.Contains(name, "dockerfile") && !strings.HasPrefix(name, "containerfile") {
			return nil
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fn(path, text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
