package rules

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"golang.org/x/tools/txtar"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// A sample is one file the fix-validity test works on.
type sample struct {
	name string // for messages
	kind document.Kind
	text []byte
}

// fixSamples returns every Dockerfile and compose file of the corpus and of
// the rule archives (their inputs, not their goldens).
func fixSamples(t testing.TB) []sample {
	t.Helper()
	var out []sample
	err := filepath.WalkDir(corpusRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if kind := document.KindFromName(path); kind != document.Unknown {
			text, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out = append(out, sample{name: path, kind: kind, text: text})
		}
		return nil
	})
	if err != nil {
		t.Logf("corpus not read: %v", err)
	}
	archives, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range archives {
		a, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".golden") {
				continue
			}
			if kind := document.DetectKind(f.Name, "", f.Data); kind != document.Unknown {
				out = append(out, sample{name: filepath.ToSlash(path) + ":" + f.Name, kind: kind, text: f.Data})
			}
		}
	}
	return out
}

// allOn is every rule, with those shipped off turned on, so that their
// fixes are checked too.
func allOn() *analysis.Registry {
	var list []*analysis.Rule
	for _, r := range All.Rules() {
		on := *r
		on.Off = false
		list = append(list, &on)
	}
	return analysis.NewRegistry(list...)
}

// TestEveryFixLeavesAValidFile applies each offered fix of each finding on
// its own and checks what a user expects of a quick fix: the file still
// parses (for a Dockerfile, by BuildKit's own parser and instruction
// parser too), the finding it fixes is gone, and no rule reports more than
// before because of the edit.
func TestEveryFixLeavesAValidFile(t *testing.T) {
	reg := allOn()
	fixes, loaded := 0, 0
	dir := emptyDir(t)
	for _, s := range fixSamples(t) {
		doc := document.New("file:///"+s.name, 1, s.kind, s.text)
		before := analysis.Run(reg, doc)
		baseParse := parseProblems(s.kind, s.text)
		// compose-go must still load a fixed file that it loaded before.
		composeBase := s.kind == document.Compose && composeLoads(dir, s.text) == nil
		for _, f := range before.Findings {
			for _, fix := range f.Fixes {
				fixes++
				where := fmt.Sprintf("%s:%d: %s fix %q", s.name, doc.LineOf(f.Span.Start)+1, f.Rule.Code, fix.Title)
				text, err := document.Apply(s.text, fix.Edits)
				if err != nil {
					t.Errorf("%s: %v", where, err)
					continue
				}
				if p := parseProblems(s.kind, text); p > baseParse {
					t.Errorf("%s: the fixed file no longer parses\n%s", where, text)
					continue
				}
				if composeBase && !loaderDisagrees[s.name] {
					loaded++
					if err := composeLoads(dir, text); err != nil {
						t.Errorf("%s: compose-go no longer loads the fixed file: %v\n%s", where, err, text)
					}
				}
				after := analysis.Run(reg, document.New(doc.URI, 2, s.kind, text))
				// Resolved means fewer findings of the rule at the finding's
				// severity or worse: DW211's :ro turns an Error into the
				// Warning a read-only sensitive mount still deserves.
				was, now := countAtLeast(before.Findings, f.Rule.Code, f.Severity), countAtLeast(after.Findings, f.Rule.Code, f.Severity)
				if now >= was {
					t.Errorf("%s: the finding is still reported (%d before, %d after)\n%s", where, was, now, text)
				}
				wasAll, nowAll := countByCode(before.Findings), countByCode(after.Findings)
				for code, n := range nowAll {
					if code != f.Rule.Code && n > wasAll[code] && !unmasks[f.Rule.Code+">"+code] && !unmasks[f.Rule.Code+">*"] {
						t.Errorf("%s: %s newly reported (%d before, %d after)\n%s", where, code, wasAll[code], n, text)
					}
				}
			}
		}
	}
	if fixes < 50 || loaded < 20 {
		t.Errorf("only %d fixes were checked, %d of them with compose-go's loader; the samples are missing", fixes, loaded)
	}
	t.Logf("%d fixes checked, %d of them also loaded with compose-go", fixes, loaded)
}

// unmasks lists the rules whose fix may rightly bring another rule's
// finding to light, because the first rule's finding hid it on purpose.
var unmasks = map[string]bool{
	// A privileged service reports DW202 only: dropping capabilities is
	// moot while it is privileged (rules.md, DW203), and not once it isn't.
	"DW202>DW203": true,
	// A misspelt key hides everything the rules would say about it.
	"DW003>*": true,
	// Docker ignores the ports of a host-network service, so DW217 judges
	// them only once the service leaves the host network.
	"DW208>DW217": true,
	// The :ro fix can make a volume item identical to one already in the
	// list (the same path mounted twice, once read-only), which the schema
	// forbids; the file was already wrong, DW003 now says where.
	"DW211>DW003": true,
	"DW212>DW003": true,
}

// loaderDisagrees lists samples on which compose-go's loader rejects a fix
// that its own schema, run directly, accepts: there, deleting the one
// short-syntax item of the portainer service's volumes makes the loader
// report "volumes.0 must be a string" for a long-syntax bind that loaded
// fine before. The fix itself is checked by every other assertion.
var loaderDisagrees = map[string]bool{
	"testdata/DW201_runtime-socket-mount.txtar:long/compose.yaml": true,
}

func countAtLeast(findings []analysis.Finding, code string, sev analysis.Severity) int {
	n := 0
	for _, f := range findings {
		if f.Rule.Code == code && f.Severity.AtLeast(sev) {
			n++
		}
	}
	return n
}

func countByCode(findings []analysis.Finding) map[string]int {
	m := map[string]int{}
	for _, f := range findings {
		m[f.Rule.Code]++
	}
	return m
}

// parseProblems counts what the parsers reject in text: for a Dockerfile,
// BuildKit's parser and its instruction parser, which are what a build
// runs; for a compose file, YAML errors (DW002).
func parseProblems(kind document.Kind, text []byte) int {
	n := 0
	if kind == document.Dockerfile {
		ast, err := parser.Parse(bytes.NewReader(text))
		if err != nil {
			return 1 << 20
		}
		if _, _, err := instructions.Parse(ast.AST, nil); err != nil {
			n++
		}
	}
	res := analysis.Run(analysis.NewRegistry(DockerfileSyntax, ComposeSyntax), document.New("file:///x", 1, kind, text))
	return n + len(res.Findings)
}
