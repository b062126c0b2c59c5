package codeactions

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

var testRule = &analysis.Rule{Code: "DW999", Name: "test", Kind: document.Dockerfile, Severity: analysis.Warning, Doc: "Test\nA rule for tests."}

func apply(t *testing.T, text string, a Action) string {
	t.Helper()
	out, err := document.Apply([]byte(text), a.Edits)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestIgnoreInsertsCommentWithIndentAndLineEnding(t *testing.T) {
	text := "services:\r\n  a:\r\n    privileged: true\r\n"
	doc := document.New("file:///compose.yaml", 1, document.Compose, []byte(text))
	off := len("services:\r\n  a:\r\n")
	f := &analysis.Finding{Rule: testRule, Span: document.Span{Start: off + 4, End: off + 14}, Anchor: off}
	a := Ignore(doc, f)
	if a.Title != "Ignore DW999 here" || a.Kind != QuickFix {
		t.Errorf("action = %+v", a)
	}
	want := "services:\r\n  a:\r\n    # dockwarden:ignore DW999\r\n    privileged: true\r\n"
	if got := apply(t, text, a); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestIgnoreExtendsAnExistingComment(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"# dockwarden:ignore DW101\nUSER root\n", "# dockwarden:ignore DW101,DW999\nUSER root\n"},
		{"# dockwarden:ignore DW101 -- needs root\nUSER root\n", "# dockwarden:ignore DW101,DW999 -- needs root\nUSER root\n"},
		{"# a plain comment\nUSER root\n", "# a plain comment\n# dockwarden:ignore DW999\nUSER root\n"},
	} {
		doc := document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(c.text))
		anchor := doc.LineStart(1)
		f := &analysis.Finding{Rule: testRule, Span: document.Span{Start: anchor, End: anchor + 4}, Anchor: anchor}
		if got := apply(t, c.text, Ignore(doc, f)); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestForSpanMatchesTouchingFindings(t *testing.T) {
	text := "FROM a\nUSER root\n"
	doc := document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(text))
	fix := analysis.Fix{Title: "Do it", Edits: []document.Edit{{Span: document.Span{Start: 12, End: 16}, NewText: "app"}}}
	res := &analysis.Result{Doc: doc, Findings: []analysis.Finding{
		{Rule: testRule, Span: document.Span{Start: 7, End: 16}, Anchor: 7, Fixes: []analysis.Fix{fix, {Title: "Other"}}},
	}}
	// A cursor at the end of the finding still gets its actions.
	got := ForSpan(res, document.Span{Start: 16, End: 16}, Options{})
	if len(got) != 3 || got[0].Title != "Do it" || !got[0].Preferred || got[1].Preferred || got[2].Title != "Ignore DW999 here" {
		t.Errorf("actions = %+v", got)
	}
	if got := ForSpan(res, document.Span{Start: 0, End: 6}, Options{}); len(got) != 0 {
		t.Errorf("actions on the FROM line = %+v", got)
	}
}

func TestFixAllTakesSafeNonOverlappingFixes(t *testing.T) {
	text := "add a /a\nadd b /b\n"
	doc := document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(text))
	edit := func(start int, s string) analysis.Fix {
		return analysis.Fix{Title: "x", Safe: true, Edits: []document.Edit{{Span: document.Span{Start: start, End: start + 3}, NewText: s}}}
	}
	res := &analysis.Result{Doc: doc, Findings: []analysis.Finding{
		{Rule: testRule, Fixes: []analysis.Fix{edit(0, "COPY")}},
		{Rule: testRule, Fixes: []analysis.Fix{edit(0, "COPY")}},                    // identical: applied once
		{Rule: testRule, Fixes: []analysis.Fix{edit(1, "zzz")}},                     // overlaps: left for later
		{Rule: testRule, Fixes: []analysis.Fix{{Title: "unsafe"}, edit(9, "COPY")}}, // the first safe fix is taken
		{Rule: testRule, Fixes: []analysis.Fix{{Title: "unsafe", Edits: []document.Edit{{Span: document.Span{Start: 4, End: 5}}}}}},
	}}
	a, ok := FixAllAction(res)
	if !ok || a.Kind != FixAll {
		t.Fatalf("no fix-all: %+v", a)
	}
	if got, want := apply(t, text, a), "COPY a /a\nCOPY b /b\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(a.Findings) != 3 {
		t.Errorf("fixed %d findings, want 3", len(a.Findings))
	}
	if _, ok := FixAllAction(&analysis.Result{Doc: doc}); ok {
		t.Error("fix-all offered with nothing to fix")
	}
}

func TestNotPreferredFixIsNeverPreferred(t *testing.T) {
	doc := document.New("file:///Dockerfile", 1, document.Dockerfile, []byte("FROM a\n"))
	res := &analysis.Result{Doc: doc, Findings: []analysis.Finding{{
		Rule: testRule, Span: document.Span{Start: 0, End: 4},
		Fixes: []analysis.Fix{{Title: "Remove it", NotPreferred: true, Edits: []document.Edit{{Span: document.Span{Start: 0, End: 4}}}}},
	}}}
	if got := ForSpan(res, document.Span{}, Options{}); len(got) != 2 || got[0].Preferred {
		t.Errorf("actions = %+v", got)
	}
}
