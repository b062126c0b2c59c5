package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

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
		if !strings.Contains(out, "| ["+r.Code+"](#"+r.Anchor()+") | `"+r.Name+"` |") {
			t.Errorf("%s: no table row", r.Code)
		}
		if r.Off && !strings.Contains(out, "| off (") {
			t.Errorf("%s: shipped off, but the page does not say so", r.Code)
		}
	}
}

// TestAnchorsAreGitHubs checks that each rule's Anchor, which the editor
// links diagnostics to and SARIF's helpUri names, is the anchor GitHub
// makes of the rule's heading, and that no other heading takes it (GitHub
// would add -1 to the second).
func TestAnchorsAreGitHubs(t *testing.T) {
	seen := map[string]string{}
	fenced := false
	for _, line := range strings.Split(string(render(rules.All)), "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		if heading, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " "); ok && strings.HasPrefix(line, "#") && !fenced {
			a := githubAnchor(heading)
			if other, dup := seen[a]; dup {
				t.Errorf("headings %q and %q both have the anchor %s", other, heading, a)
			}
			seen[a] = heading
		}
	}
	for _, r := range rules.All.Rules() {
		if seen[r.Anchor()] != r.Code {
			t.Errorf("%s: anchor %s is the heading %q", r.Code, r.Anchor(), seen[r.Anchor()])
		}
	}
}

// githubAnchor is GitHub's anchor of a Markdown heading: lower case,
// punctuation other than - and _ dropped, spaces as -.
func githubAnchor(heading string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case c == ' ':
			b.WriteByte('-')
		case c == '-' || c == '_' || unicode.IsLetter(c) || unicode.IsDigit(c):
			b.WriteRune(c)
		}
	}
	return b.String()
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
