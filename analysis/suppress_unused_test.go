package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// directiveReport is a rule that runs after suppression and reports, as
// its message, the state of every code of every directive.
var directiveReport = &Rule{
	Code: "DW004", Name: "report", Kind: document.Unknown, Severity: Hint, Doc: "Report\ndirectives", AfterSuppression: true,
	Run: func(p *Pass) {
		var parts []string
		for _, d := range p.Suppressions {
			line := p.Doc.LineOf(d.Comment.Start) + 1
			for _, c := range d.Codes {
				parts = append(parts, fmt.Sprintf("%d:%s:used=%v:ran=%v:known=%v:file=%v:own=%v", line, c.Code, c.Used, c.Ran, c.Rule != nil, d.FileWide, d.OwnLine))
			}
			if len(d.Codes) == 0 {
				parts = append(parts, fmt.Sprintf("%d:none", line))
			}
		}
		p.Reportf(document.Span{}, "%s", strings.Join(parts, " "))
	},
}

func directives(t *testing.T, reg *Registry, kind document.Kind, text string) (*Result, []string) {
	t.Helper()
	name := "file:///Dockerfile"
	if kind == document.Compose {
		name = "file:///compose.yaml"
	}
	res := Run(reg, document.New(name, 1, kind, []byte(text)))
	for _, f := range res.Findings {
		if f.Rule == directiveReport {
			return res, strings.Fields(f.Message)
		}
	}
	t.Fatal("the report rule did not run")
	return nil, nil
}

func TestIgnoreFile(t *testing.T) {
	reg := NewRegistry(lineRule("DW901", document.Dockerfile, "BAD"), lineRule("DW902", document.Dockerfile, "BAD"), directiveReport)
	text := "FROM a\nRUN BAD\n# dockwarden:ignore-file DW901 -- anywhere in the file\nRUN BAD\n"
	res, dirs := directives(t, reg, document.Dockerfile, text)
	if got, want := strings.Join(codesAndLines(res), " "), "DW004@1 DW902@2 DW902@4"; got != want {
		t.Errorf("findings = %s, want %s", got, want)
	}
	if want := "3:DW901:used=true:ran=true:known=true:file=true:own=true"; len(dirs) != 1 || dirs[0] != want {
		t.Errorf("directives = %q, want %q", dirs, want)
	}
	if res.Suppressed != 2 {
		t.Errorf("Suppressed = %d, want 2", res.Suppressed)
	}
}

func TestDirectiveUse(t *testing.T) {
	reg := NewRegistry(lineRule("DW901", document.Compose, "BAD"), lineRule("DW902", document.Compose, "BAD"), lineRule("DW101", document.Dockerfile, "BAD"), directiveReport)
	off := lineRule("DW903", document.Compose, "BAD")
	off.Off = true
	reg = NewRegistry(append(reg.Rules(), off)...)
	text := `# dockwarden:ignore-file DW902
services:
  a: BAD # dockwarden:ignore DW901,DW902
  # dockwarden:ignore DW903, DW998, DW101
  b: fine
  c: x # dockwarden:ignore-file DW901
  # dockwarden:ignore -- no code
  d: fine
`
	res, dirs := directives(t, reg, document.Compose, text)
	want := []string{
		// a's DW902 is taken by the trailing comment, the nearer one; the
		// file-wide comment is left unused.
		"1:DW902:used=false:ran=true:known=true:file=true:own=true",
		"3:DW901:used=true:ran=true:known=true:file=false:own=false",
		"3:DW902:used=true:ran=true:known=true:file=false:own=false",
		"4:DW903:used=false:ran=false:known=true:file=false:own=true", // off: did not run
		"4:DW998:used=false:ran=false:known=false:file=false:own=true",
		"4:DW101:used=false:ran=false:known=true:file=false:own=true", // another kind
		"6:DW901:used=false:ran=true:known=true:file=true:own=false",  // ignore-file must stand alone
		"7:none",
	}
	if strings.Join(dirs, "\n") != strings.Join(want, "\n") {
		t.Errorf("directives:\n%s\nwant:\n%s", strings.Join(dirs, "\n"), strings.Join(want, "\n"))
	}
	if got := strings.Join(codesAndLines(res), " "); got != "DW004@1" {
		t.Errorf("findings = %s, want the report only", got)
	}
}

func TestParseDirectiveSpans(t *testing.T) {
	comment := "#  dockwarden:ignore-file dw101, DW102 -- DW103 is a reason"
	codes, fileWide, ok := parseDirective(comment)
	if !ok || !fileWide || len(codes) != 2 {
		t.Fatalf("parseDirective = %+v, %v, %v", codes, fileWide, ok)
	}
	for i, want := range []string{"dw101", "DW102"} {
		if got := comment[codes[i].Span.Start:codes[i].Span.End]; got != want || codes[i].Code != strings.ToUpper(want) {
			t.Errorf("code %d = %s at %q", i, codes[i].Code, got)
		}
	}
	for _, c := range []string{"# dockwarden:ignore-files DW101", "# dockwarden:ignore-fileDW101", "# not dockwarden:ignore"} {
		if _, _, ok := parseDirective(c); ok {
			t.Errorf("parseDirective(%q) accepted it", c)
		}
	}
	if _, ok := ParseIgnore("# dockwarden:ignore-file DW101"); ok {
		t.Error("ParseIgnore accepted a file-wide comment")
	}
}

func TestRunWithOptions(t *testing.T) {
	shipOff := lineRule("DW903", document.Compose, "BAD")
	shipOff.Off = true
	reg := NewRegistry(lineRule("DW901", document.Compose, "BAD"), lineRule("DW902", document.Compose, "BAD"), shipOff)
	doc := document.New("file:///compose.yaml", 1, document.Compose, []byte("services:\n  a: BAD\n"))
	sevs := func(res *Result) string {
		var out []string
		for _, f := range res.Findings {
			out = append(out, f.Rule.Code+":"+f.Severity.String())
		}
		return strings.Join(out, " ")
	}
	if got := sevs(Run(reg, doc)); got != "DW901:warning DW902:warning" {
		t.Errorf("Run = %s", got)
	}
	if got := sevs(RunWith(reg, doc, nil)); got != "DW901:warning DW902:warning" {
		t.Errorf("RunWith(nil) = %s", got)
	}
	opts := &Options{Rules: map[string]RuleConfig{
		"DW901": {Off: true},
		"DW902": {Severity: Error},
		"DW903": {},
		"DW999": {Off: true}, // no such rule: nothing happens
	}}
	if got := sevs(RunWith(reg, doc, opts)); got != "DW902:error DW903:warning" {
		t.Errorf("RunWith = %s, want DW901 off, DW902 an error, DW903 on", got)
	}
}
