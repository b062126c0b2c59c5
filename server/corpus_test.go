package server_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/codeactions"
)

func readCorpus(t *testing.T, rel string) string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", filepath.FromSlash(rel)))
	if err != nil {
		t.Skipf("corpus file not present: %v", err)
	}
	return string(text)
}

func countAtLeast(diags []protocol.Diagnostic, code string, sev protocol.DiagnosticSeverity) int {
	n := 0
	for _, d := range diags {
		if d.Code == code && d.Severity <= sev {
			n++
		}
	}
	return n
}

// Real files opened in the editor show the findings the catalogue expects,
// and every quick fix offered for them, applied through the protocol,
// resolves its finding.
func TestCorpusFixesThroughTheProtocol(t *testing.T) {
	for _, c := range []struct {
		file, lang string
		want       []string
	}{
		{"distroless/examples/nodejs/node-express/Dockerfile", "dockerfile", []string{"DW101", "DW103", "DW105", "DW112"}},
		{"OrderManagerWithExcelExport/Dockerfile", "dockerfile", []string{"DW101", "DW107", "DW112"}},
		{"dockprom/docker-compose.exporters.yml", "yaml", []string{"DW201", "DW202", "DW208", "DW210", "DW211"}},
		{"awesome-compose/portainer/compose.yaml", "dockercompose", []string{"DW201", "DW217"}},
	} {
		t.Run(c.file, func(t *testing.T) {
			text := readCorpus(t, c.file)
			e := start(t, rules.All)
			name := filepath.Base(c.file)
			uri := e.Open("orig/"+name, c.lang, text)
			diags := e.Diagnostics(uri, 1)
			for _, code := range c.want {
				if countAtLeast(diags, code, protocol.DiagnosticSeverityHint) == 0 {
					t.Errorf("%s not reported; got %s", code, codes(diags))
				}
			}
			trial := 0
			for _, d := range diags {
				for _, a := range e.CodeActions(uri, d.Range, protocol.QuickFix) {
					if len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != d.Code || a.Diagnostics[0].Range != d.Range || strings.HasPrefix(a.Title, "Ignore ") {
						continue
					}
					// Each fix on a fresh copy, as if it were the first.
					trial++
					copyURI := e.Open(fmt.Sprintf("trial%d/%s", trial, name), c.lang, text)
					before := e.Diagnostics(copyURI, 1)
					a.Edit.Changes = map[protocol.DocumentURI][]protocol.TextEdit{copyURI: a.Edit.Changes[uri]}
					v := e.Apply(a)
					after := e.Diagnostics(copyURI, v)
					code := fmt.Sprint(d.Code)
					if countAtLeast(after, code, d.Severity) >= countAtLeast(before, code, d.Severity) {
						t.Errorf("%q on line %d did not resolve %s", a.Title, d.Range.Start.Line+1, code)
					}
					e.Close(copyURI)
				}
			}
			if trial == 0 {
				t.Error("no quick fix was offered")
			}
			t.Logf("%d quick fixes checked", trial)
		})
	}
}

// Fix-all through the protocol applies every safe fix of a real file.
func TestCorpusFixAll(t *testing.T) {
	text := readCorpus(t, "distroless/examples/nodejs/node-express/Dockerfile")
	e := start(t, rules.All)
	uri := e.Open("Dockerfile", "dockerfile", text)
	if countAtLeast(e.Diagnostics(uri, 1), "DW105", protocol.DiagnosticSeverityInformation) == 0 {
		t.Fatal("no DW105 to fix")
	}
	actions := e.CodeActions(uri, protocol.Range{}, protocol.CodeActionKind(codeactions.FixAll))
	if len(actions) != 1 {
		t.Fatalf("fix-all actions = %+v", actions)
	}
	v := e.Apply(actions[0])
	if n := countAtLeast(e.Diagnostics(uri, v), "DW105", protocol.DiagnosticSeverityHint); n != 0 {
		t.Errorf("DW105 still reported after fix-all:\n%s", e.Text(uri))
	}
	if !strings.Contains(e.Text(uri), "COPY . /app") {
		t.Errorf("text after fix-all:\n%s", e.Text(uri))
	}
}
