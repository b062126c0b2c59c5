package rules

import (
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// TestReadOnlyFixCRLF applies DW211's and DW212's fixes to a CRLF file: the
// inserted line uses CRLF too, and the fix is on demand only, never Safe.
func TestReadOnlyFixCRLF(t *testing.T) {
	src := strings.ReplaceAll(`services:
  web:
    image: example/web:1.0
    volumes:
      - "./data:/data"   # keep me
      - type: bind
        source: /etc
        target: /host/etc
`, "\n", "\r\n")
	want := strings.ReplaceAll(`services:
  web:
    image: example/web:1.0
    volumes:
      - "./data:/data:ro"   # keep me
      - type: bind
        source: /etc
        target: /host/etc
        read_only: true
`, "\n", "\r\n")
	doc := document.New("file:///compose.yaml", 1, document.Compose, []byte(src))
	res := analysis.Run(analysis.NewRegistry(SensitiveBindMount, WritableBindMount), doc)
	if len(res.Findings) != 2 {
		t.Fatalf("%d findings, want 2: %+v", len(res.Findings), res.Findings)
	}
	var edits []document.Edit
	for _, f := range res.Findings {
		if len(f.Fixes) != 1 {
			t.Fatalf("%s: %d fixes", f.Rule.Code, len(f.Fixes))
		}
		fix := f.Fixes[0]
		if fix.Safe || fix.Title != "Add :ro to the bind mount" {
			t.Errorf("%s: fix %+v", f.Rule.Code, fix)
		}
		edits = append(edits, fix.Edits...)
	}
	got, err := document.Apply(doc.Text, edits)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("fixed text:\n%q\nwant\n%q", got, want)
	}
	// The fixed file is clean for both rules.
	again := analysis.Run(analysis.NewRegistry(SensitiveBindMount, WritableBindMount), document.New("file:///compose.yaml", 2, document.Compose, got))
	for _, f := range again.Findings {
		if f.Severity == analysis.Error || f.Rule.Code == "DW212" {
			t.Errorf("after the fix: %s %s %s", f.Rule.Code, f.Severity, f.Message)
		}
	}
}

// TestReadOnlyFixRefusedThroughAlias: an entry shared by an anchor is
// reported where it is written, once, and gets no fix.
func TestReadOnlyFixRefusedThroughAlias(t *testing.T) {
	src := "x-v: &v\n  - ./a:/a\n  - /etc:/etc\nservices:\n  one:\n    volumes: *v\n  two:\n    volumes: *v\n"
	doc := document.New("file:///compose.yaml", 1, document.Compose, []byte(src))
	res := analysis.Run(analysis.NewRegistry(SensitiveBindMount, WritableBindMount), doc)
	if len(res.Findings) != 2 {
		t.Fatalf("%d findings, want 2", len(res.Findings))
	}
	for _, f := range res.Findings {
		if len(f.Fixes) != 0 || !strings.Contains(f.Detail, "anchor") {
			t.Errorf("%s: fixes %v, detail %q", f.Rule.Code, f.Fixes, f.Detail)
		}
		if doc.LineOf(f.Span.Start) > 2 {
			t.Errorf("%s reported on line %d, not at the anchor", f.Rule.Code, doc.LineOf(f.Span.Start)+1)
		}
	}
}
