package analysis

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// lineRule reports a finding on every line that contains marker.
func lineRule(code string, kind document.Kind, marker string) *Rule {
	return &Rule{
		Code: code, Name: "test-" + strings.ToLower(code), Kind: kind, Severity: Warning,
		Doc: "Test rule\nreports the marker",
		Run: func(p *Pass) {
			for l := 0; l < p.Doc.LineCount(); l++ {
				if i := bytes.Index(p.Doc.Line(l), []byte(marker)); i >= 0 {
					start := p.Doc.LineStart(l) + i
					p.Reportf(document.Span{Start: start, End: start + len(marker)}, "found %s", marker)
				}
			}
		},
	}
}

func codesAndLines(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Rule.Code+"@"+string(rune('1'+res.Doc.LineOf(f.Span.Start))))
	}
	return out
}

func TestSuppression(t *testing.T) {
	reg := NewRegistry(lineRule("DW901", document.Compose, "BAD"), lineRule("DW902", document.Compose, "BAD"))
	text := `services:
  a: BAD # dockwarden:ignore DW901 -- trailing
  # dockwarden:ignore DW901, DW902 -- above
  b: BAD
  # dockwarden:ignore DW902
  # another comment
  c: BAD
  d: "BAD # dockwarden:ignore DW901"
`
	res := Run(reg, document.New("file:///compose.yaml", 1, document.Compose, []byte(text)))
	got := strings.Join(codesAndLines(res), " ")
	// a: DW902 only; b: none; c: DW901 only; d: both (the "#" is quoted).
	if want := "DW902@2 DW901@7 DW901@8 DW902@8"; got != want {
		t.Errorf("findings = %s, want %s", got, want)
	}
	if res.Suppressed != 4 {
		t.Errorf("Suppressed = %d, want 4", res.Suppressed)
	}
}

func TestDockerfileSuppressionIsAboveOnly(t *testing.T) {
	reg := NewRegistry(lineRule("DW901", document.Dockerfile, "BAD"))
	text := "FROM a\n# dockwarden:ignore DW901\nRUN BAD\n\n# dockwarden:ignore DW901\n\nRUN BAD # dockwarden:ignore DW901\n"
	res := Run(reg, document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(text)))
	// A blank line breaks the comment block; a trailing "#" is shell text
	// in a Dockerfile, not a comment.
	if got, want := strings.Join(codesAndLines(res), " "), "DW901@7"; got != want {
		t.Errorf("findings = %s, want %s", got, want)
	}
}

func TestParseIgnore(t *testing.T) {
	cases := map[string][]string{
		"# dockwarden:ignore DW101":                  {"DW101"},
		"#dockwarden:ignore dw101,DW102 -- needs it": {"DW101", "DW102"},
		"# dockwarden:ignore DW101 DW212":            {"DW101", "DW212"},
		"# dockwarden:ignore -- DW101 in reason":     nil,
	}
	for comment, want := range cases {
		got, ok := ParseIgnore(comment)
		if !ok || strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("ParseIgnore(%q) = %v, %v; want %v", comment, got, ok, want)
		}
	}
	for _, comment := range []string{"# dockwarden:ignored DW101", "# hadolint ignore=DL3002", "# want \"DW101\""} {
		if _, ok := ParseIgnore(comment); ok {
			t.Errorf("ParseIgnore(%q) accepted a comment that is no suppression", comment)
		}
	}
}

func TestRunIsolatesPanicsAndSkipsOffRules(t *testing.T) {
	boom := &Rule{Code: "DW903", Name: "boom", Kind: document.Compose, Severity: Error, Doc: "Boom\npanics",
		Run: func(p *Pass) {
			p.Reportf(document.Span{}, "half-done")
			panic("index out of range")
		}}
	off := lineRule("DW904", document.Compose, "BAD")
	off.Off = true
	reg := NewRegistry(boom, off, lineRule("DW905", document.Compose, "BAD"), lineRule("DW906", document.Dockerfile, "BAD"))
	res := Run(reg, document.New("file:///c.yaml", 1, document.Compose, []byte("services:\n  a: BAD\n")))
	if got := strings.Join(codesAndLines(res), " "); got != "DW905@2" {
		t.Errorf("findings = %s, want only DW905 (no findings of the panicking, disabled or Dockerfile rules)", got)
	}
	if len(res.Panics) != 1 || !strings.Contains(res.Panics[0], "DW903") {
		t.Errorf("Panics = %q", res.Panics)
	}
	if res := Run(reg, document.New("file:///x.txt", 1, document.Unknown, []byte("BAD"))); len(res.Findings) != 0 {
		t.Errorf("an unknown document got findings: %v", codesAndLines(res))
	}
}

func TestRegistry(t *testing.T) {
	a, b := lineRule("DW902", document.Compose, "x"), lineRule("DW901", document.Compose, "y")
	reg := NewRegistry(a, b)
	if reg.Rules()[0] != b || reg.Lookup("DW902") != a || reg.Lookup("DW999") != nil {
		t.Error("registry is not sorted by code or lookup fails")
	}
	for name, rules := range map[string][]*Rule{
		"duplicate":  {a, lineRule("DW902", document.Compose, "z")},
		"incomplete": {{Code: "DW907"}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s registry did not panic", name)
				}
			}()
			NewRegistry(rules...)
		}()
	}
}

func TestSeverity(t *testing.T) {
	for _, name := range []string{"error", "warning", "information", "hint"} {
		sev, err := ParseSeverity(name)
		if err != nil || sev.String() != name {
			t.Errorf("ParseSeverity(%q) = %v, %v", name, sev, err)
		}
	}
	if _, err := ParseSeverity("loud"); err == nil {
		t.Error("ParseSeverity accepted loud")
	}
	if !Error.AtLeast(Warning) || Hint.AtLeast(Information) {
		t.Error("AtLeast is inverted")
	}
}
