// Package analysistest runs a rule over a txtar archive of example files and
// checks its findings against `# want "DW101"` marks and its preferred fixes
// against .golden files, in the manner of golang.org/x/tools' analysistest.
//
// An archive holds any number of files; each file not ending in .golden is
// analysed, its kind taken from its name, with what the other files of
// the archive say about it, as the server and check learn it from the
// workspace (see workspace.go): the compose files that build a
// Dockerfile, the Dockerfiles a compose file builds, and a Dockerfile's
// build contexts (its folder in the archive, or a compose build.context)
// with their ignore files. A mark
//
//	# want "DW211" "DW212:hint"
//
// expects one finding per code, starting on the line the comment ends or,
// when the comment stands on a line of its own, on the next line that is
// neither blank nor a comment; a mark ending a comment line that says
// something else (`# dockwarden:ignore DW101 # want "DW004"`) is for that
// comment line. An optional ":severity" also checks the
// severity. Every finding must be wanted and every mark matched, and its
// message must have the shape analysis.CheckMessage asks for. A file's
// .golden twin, when present, must equal the file with Fixes[0] of all its
// findings applied at once; the changes those fixes make to other files
// (an ignore file extended or created) are checked the same way against
// the other file's .golden twin. `go test -update` rewrites goldens.
package analysistest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

var update = flag.Bool("update", false, "rewrite .golden files in txtar archives from the fixes")

// A want is one expected finding.
type want struct {
	line     int // 0-based
	code     string
	severity string // empty: any
	matched  bool
}

var (
	wantComment = regexp.MustCompile(`#\s*want((?:\s+"[^"]*")+)\s*$`)
	wantItem    = regexp.MustCompile(`"([^"]*)"`)
)

// parseWants reads the want marks of one file.
func parseWants(doc *document.Document) ([]*want, error) {
	var wants []*want
	var pending []*want // marks on their own line, waiting for the next line
	for line := 0; line < doc.LineCount(); line++ {
		text := string(doc.Line(line))
		trimmed := strings.TrimSpace(text)
		m := wantComment.FindStringSubmatch(text)
		var marks []*want
		// A mark at the end of a comment line that says something else
		// (a suppression comment) is for that comment line itself.
		ownComment := false
		if loc := wantComment.FindStringIndex(text); loc != nil {
			before := strings.TrimSpace(text[:loc[0]])
			ownComment = strings.HasPrefix(before, "#")
		}
		if m != nil {
			for _, item := range wantItem.FindAllStringSubmatch(m[1], -1) {
				code, sev, _ := strings.Cut(item[1], ":")
				if !strings.HasPrefix(code, "DW") {
					return nil, fmt.Errorf("line %d: want %q is not a rule code", line+1, item[1])
				}
				marks = append(marks, &want{code: code, severity: sev})
			}
		}
		switch {
		case trimmed == "":
			continue
		case strings.HasPrefix(trimmed, "#") && !ownComment:
			pending = append(pending, marks...)
			continue
		case strings.HasPrefix(trimmed, "#"):
			for _, w := range marks {
				w.line = line
				wants = append(wants, w)
			}
			continue
		}
		for _, w := range append(pending, marks...) {
			w.line = line
			wants = append(wants, w)
		}
		pending = nil
	}
	if len(pending) > 0 {
		return nil, fmt.Errorf("want %q is not followed by any line", pending[0].code)
	}
	return wants, nil
}

// Run analyses every file of the archive at path with rule alone, or
// with rule and the rules in with, and reports mismatches through t: the
// marks then cover the findings of all of them. A rule shipped disabled
// (Off) is run as if enabled. Companion rules serve a rule that judges the
// others' findings, such as DW004, which judges suppression comments.
func Run(t *testing.T, rule *analysis.Rule, path string, with ...*analysis.Rule) {
	t.Helper()
	archive, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range archive.Files {
		files[f.Name] = f.Data
	}
	if rule.Off {
		// A rule shipped disabled is tested as it behaves once enabled.
		on := *rule
		on.Off = false
		rule = &on
	}
	reg := analysis.NewRegistry(append([]*analysis.Rule{rule}, with...)...)
	ws := newWorkspace(files)
	side := sideFiles{}
	analysed := 0
	changed := false
	// Loop over a copy: setGolden may insert into archive.Files.
	for _, f := range slices.Clone(archive.Files) {
		if strings.HasSuffix(f.Name, ".golden") {
			continue
		}
		kind := document.DetectKind(f.Name, "", f.Data)
		if kind == document.Unknown {
			continue // a helper file, such as .env
		}
		analysed++
		doc := document.New(ws.URI(ws.path(f.Name)), 1, kind, f.Data)
		res := analysis.RunWith(reg, doc, ws.options(doc, f.Name))
		for _, p := range res.Panics {
			t.Errorf("%s: %s", f.Name, p)
		}
		checkWants(t, f.Name, doc, res)
		got, err := applyPreferred(f.Data, res.Findings)
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		side.apply(f.Name, res.Findings, files)
		changed = checkGolden(t, archive, files, f.Name, f.Data, got) || changed
	}
	for _, name := range side.names() {
		changed = checkGolden(t, archive, files, name, files[name], side[name]) || changed
	}
	for name := range files {
		base, ok := strings.CutSuffix(name, ".golden")
		_, made := side[base]
		_, exists := files[base]
		if ok && !made && !exists {
			t.Errorf("%s: %s has no file to compare with", path, name)
		}
	}
	if analysed == 0 {
		t.Errorf("%s: no file of a known kind", path)
	}
	if changed {
		if err := os.WriteFile(path, txtar.Format(archive), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkGolden compares the text a file has after the fixes with its
// .golden twin, or, with -update, writes the twin; it reports whether the
// archive changed.
func checkGolden(t *testing.T, archive *txtar.Archive, files map[string][]byte, name string, before, got []byte) bool {
	t.Helper()
	golden, hasGolden := files[name+".golden"]
	switch {
	case *update && !bytes.Equal(got, before):
		if !hasGolden || !bytes.Equal(golden, got) {
			setGolden(archive, name, got)
			files[name+".golden"] = got
			return true
		}
	case *update && hasGolden:
		t.Errorf("%s: the fixes change nothing, remove %s.golden", name, name)
	case hasGolden && !bytes.Equal(golden, got):
		t.Errorf("%s: fixed text differs from %s.golden\n--- got\n%s--- want\n%s", name, name, got, golden)
	}
	return false
}

func checkWants(t *testing.T, name string, doc *document.Document, res *analysis.Result) {
	t.Helper()
	wants, err := parseWants(doc)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	for _, f := range res.Findings {
		line := doc.LineOf(f.Span.Start)
		if err := analysis.CheckMessage(f.Message); err != nil {
			t.Errorf("%s:%d: %s: %v", name, line+1, f.Rule.Code, err)
		}
		var match *want
		for _, w := range wants {
			if !w.matched && w.line == line && w.code == f.Rule.Code {
				match = w
				break
			}
		}
		if match == nil {
			t.Errorf("%s:%d: unexpected finding %s: %s", name, line+1, f.Rule.Code, f.Message)
			continue
		}
		match.matched = true
		if match.severity != "" && match.severity != f.Severity.String() {
			t.Errorf("%s:%d: %s has severity %s, want %s", name, line+1, f.Rule.Code, f.Severity, match.severity)
		}
	}
	for _, w := range wants {
		if !w.matched {
			t.Errorf("%s:%d: no finding %s", name, w.line+1, w.code)
		}
	}
}

// applyPreferred applies Fixes[0] of every finding at once.
func applyPreferred(text []byte, findings []analysis.Finding) ([]byte, error) {
	var edits []document.Edit
	for _, f := range findings {
		if len(f.Fixes) > 0 {
			edits = append(edits, f.Fixes[0].Edits...)
		}
	}
	out, err := document.Apply(text, edits)
	if err != nil {
		return nil, fmt.Errorf("preferred fixes conflict: %v", err)
	}
	return out, nil
}

// setGolden replaces or inserts (right after file i) the golden file.
// setGolden sets the golden file of source, inserting it right after
// source when the archive has none yet.
func setGolden(a *txtar.Archive, source string, data []byte) {
	name := source + ".golden"
	at := len(a.Files)
	for j := range a.Files {
		switch a.Files[j].Name {
		case name:
			a.Files[j].Data = data
			return
		case source:
			at = j + 1
		}
	}
	a.Files = slices.Insert(a.Files, at, txtar.File{Name: name, Data: data})
}
