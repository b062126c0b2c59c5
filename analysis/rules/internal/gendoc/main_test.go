package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/rules"
)

// page is RULES.md at the root of the module.
var page = filepath.Join("..", "..", "..", "..", "RULES.md")

// TestRulesPageUpToDate fails when a rule's code, name, kind, severity or
// Doc changed, or a rule was added or removed, without RULES.md being
// regenerated.
func TestRulesPageUpToDate(t *testing.T) {
	want := render(rules.All)
	got, err := os.ReadFile(page)
	if err != nil {
		t.Fatalf("%v; run %s", err, regenerate)
	}
	if !bytes.Equal(got, want) {
		gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gotLines) || i < len(wantLines); i++ {
			var g, w string
			if i < len(gotLines) {
				g = gotLines[i]
			}
			if i < len(wantLines) {
				w = wantLines[i]
			}
			if g != w {
				t.Fatalf("RULES.md is stale: run %s\nfirst difference at line %d:\n  have %q\n  want %q", regenerate, i+1, g, w)
			}
		}
		t.Fatalf("RULES.md is stale: run %s", regenerate)
	}
}

// TestRenderListsEveryRule checks the page's content rather than its
// bytes: every rule has its heading, its table row and its Doc.
func TestRenderListsEveryRule(t *testing.T) {
	out := string(render(rules.All))
	for _, r := range rules.All.Rules() {
		if !strings.Contains(out, "\n## "+r.Code+"\n") {
			t.Errorf("%s: no section", r.Code)
		}
		if !strings.Contains(out, "| ["+r.Code+"](#"+strings.ToLower(r.Code)+") | `"+r.Name+"` |") {
			t.Errorf("%s: no table row", r.Code)
		}
		if r.Off && !strings.Contains(out, "| off (") {
			t.Errorf("%s: shipped off, but the page does not say so", r.Code)
		}
	}
}

func TestEscape(t *testing.T) {
	cases := map[string]string{
		"FROM <alias> chains":     `FROM \<alias\> chains`,
		"*_FILE names":            `\*\_FILE names`,
		"# dockwarden:ignore DW1": `\# dockwarden:ignore DW1`,
		"a | b":                   `a \| b`,
		"plain text, no changes.": "plain text, no changes.",
		"path\\to [x]":            `path\\to \[x\]`,
		"- a list item stays one": "- a list item stays one",
	}
	for in, want := range cases {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIndentedExampleIsPreformatted(t *testing.T) {
	para := []string{"    cap_drop: [ALL]", "    cap_add:", "      - NET_BIND_SERVICE"}
	if !preformatted(para) || preformatted([]string{"prose", "  indented"}) {
		t.Fatal("preformatted misjudges")
	}
	got := strings.Join(dedent(para), "|")
	if want := "cap_drop: [ALL]|cap_add:|  - NET_BIND_SERVICE"; got != want {
		t.Errorf("dedent = %q, want %q", got, want)
	}
}
