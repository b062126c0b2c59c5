package rules

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
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
