package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/baseline"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
)

var update = flag.Bool("update", false, "rewrite the golden reports of testdata/")

// oddPath is the name the golden reports give odd/Dockerfile: what a
// path may hold that a format must escape (a comma and a colon end a
// GitHub property, % starts an escape, & < > " ' are XML's, ESC starts a
// terminal sequence).
const oddPath = "odd dir,1:2%/a&b<c>\"q'\x1b[31m/Dockerfile"

// goldenFiles analyses testdata/input.txtar into the Files every golden
// report is written from, in path order, failing at warning.
func goldenFiles(t *testing.T) []*File {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "input.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*File
	for _, f := range ar.Files {
		doc := document.New("file:///w/"+f.Name, 1, document.DetectKind(f.Name, "", f.Data), f.Data)
		res := analysis.RunWith(rules.All, doc, nil)
		path := f.Name
		if path == "odd/Dockerfile" {
			path = oddPath
		}
		files = append(files, NewFile(path, res, FileOptions{Fingerprints: baseline.Fingerprints(res, path), FailLevel: analysis.Warning}))
	}
	return files
}

// goldenSummary is the summary of goldenFiles, with a file that could not
// be read.
func goldenSummary(files []*File) *Summary {
	s := &Summary{Files: len(files), Baseline: true, Hidden: 2, Stale: 1, Errors: []error{errors.New("missing/Dockerfile: no such file or directory")}}
	for _, f := range files {
		for _, x := range f.Findings {
			s.Counts[x.Severity]++
			for _, fix := range x.Fixes {
				if fix.Safe {
					s.Fixable++
					break
				}
			}
		}
	}
	return s
}

// render writes files in format.
func render(t *testing.T, format string, files []*File, s *Summary) []byte {
	t.Helper()
	var b bytes.Buffer
	// The rules the findings name, not all: the SARIF golden stays short,
	// and changes only with the documentation of those rules.
	var used []*analysis.Rule
	seen := map[string]bool{}
	for _, r := range rules.All.Rules() {
		for _, f := range files {
			for _, x := range f.Findings {
				if x.Rule == r && !seen[r.Code] {
					seen[r.Code] = true
					used = append(used, r)
				}
			}
		}
	}
	w, err := New(format, &b, Options{Version: "1.2.3", Rules: used, WorkDir: "/w"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := w.File(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// goldenExt is the extension of each format's golden report.
var goldenExt = map[string]string{"text": "txt", "json": "json", "sarif": "sarif", "github": "txt", "junit": "xml", "codeclimate": "json", "checkstyle": "xml"}

// TestGolden compares each format's report of testdata/input.txtar with
// testdata/golden.FORMAT.EXT; go test ./report -update rewrites them (make
// golden does).
func TestGolden(t *testing.T) {
	files := goldenFiles(t)
	if len(files) != 4 {
		t.Fatalf("%d files", len(files))
	}
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			got := render(t, format, files, goldenSummary(files))
			path := filepath.Join("testdata", "golden."+format+"."+goldenExt[format])
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the report (go test ./report -update rewrites it):\n%s", path, got)
			}
		})
	}
}

func TestNewUnknownFormat(t *testing.T) {
	if _, err := New("xml", &bytes.Buffer{}, Options{}); err == nil || !strings.Contains(err.Error(), "checkstyle, codeclimate, github, json, junit, sarif, text") {
		t.Errorf("New(xml): %v", err)
	}
}

func TestSummaryLine(t *testing.T) {
	for _, tc := range []struct {
		s    Summary
		want string
	}{
		{Summary{Files: 3}, "0 findings in 3 files"},
		{Summary{Files: 1, Counts: [5]int{0, 0, 1, 0, 0}}, "1 finding (0 errors, 1 warning, 0 information, 0 hints) in 1 file"},
		{Summary{Files: 5, Counts: [5]int{0, 1, 4, 17, 1}, Fixable: 4, FixableUnsafe: 9, Baseline: true, Hidden: 12},
			"23 findings (1 error, 4 warnings, 17 information, 1 hint) in 5 files; 4 fixable with dockwarden fix, 9 more with dockwarden fix --unsafe; 12 hidden by the baseline"},
		{Summary{Files: 2, Counts: [5]int{0, 0, 0, 2, 0}, FixableUnsafe: 2, Baseline: true, Stale: 1},
			"2 findings (0 errors, 0 warnings, 2 information, 0 hints) in 2 files; 2 fixable with dockwarden fix --unsafe; 0 hidden by the baseline, 1 entry no longer found (--write-baseline prunes them)"},
	} {
		if got := tc.s.Line(); got != tc.want {
			t.Errorf("Line() = %q\nwant      %q", got, tc.want)
		}
	}
}

// TestSARIFToolVersion: SARIF readers compare tool versions that start
// with a number; a build without a release version still gives one.
func TestSARIFToolVersion(t *testing.T) {
	for in, want := range map[string]string{"1.2.3": "1.2.3", "0.0.0-20261206-abcdef": "0.0.0-20261206-abcdef", "devel": "0.0.0-devel", "": "0.0.0-"} {
		if got := sarifToolVersion(in); got != want {
			t.Errorf("sarifToolVersion(%q) = %q, want %q", in, got, want)
		}
	}
}
