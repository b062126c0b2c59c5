package server_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

const (
	// brokenCompose has a key being typed in web, an unknown key in db
	// (DW003) and a privileged db (DW202).
	brokenCompose = "services:\n  web:\n    image: nginx:1.27\n    read_on\n  db:\n    image: postgres:16\n    privileged: true\n    volumez: []\n"
	// brokenDockerfile has an instruction being typed and a root USER.
	brokenDockerfile = "FROM alpine:3.20\nEXPO\nUSER root\n"
)

func hasCode(diags []protocol.Diagnostic, code string) bool {
	return slices.ContainsFunc(diags, func(d protocol.Diagnostic) bool { return d.Code == code })
}

// TestSyntaxDiagnosticsSetting switches DW001 and DW002 with the setting
// syntax-diagnostics: off hides them and nothing else (DW003 and the
// security rules stay), on and auto show them, and a .dockwarden.yaml's
// auto leaves the choice to the editor's settings while its on or off
// wins.
func TestSyntaxDiagnosticsSetting(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	writeFiles(t, dir, map[string]string{"sub/.dockwarden.yaml": "syntax-diagnostics: auto\n", "on/.dockwarden.yaml": "syntax-diagnostics: on\n"})
	e := lsptest.NewInProcess(t, rules.All)
	e.SetSettings(map[string]any{"syntax-diagnostics": "off"})
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}, Configuration: true})
	cf := e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", brokenCompose)
	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", brokenDockerfile)
	auto := e.OpenFile(filepath.Join(dir, "sub", "compose.yaml"), "dockercompose", brokenCompose)
	on := e.OpenFile(filepath.Join(dir, "on", "compose.yaml"), "dockercompose", brokenCompose)
	check := func(when string, uri protocol.DocumentURI, diags []protocol.Diagnostic, syntax bool, others ...string) {
		t.Helper()
		if hasCode(diags, "DW001") || hasCode(diags, "DW002") != syntax {
			t.Errorf("%s, %s: %s, want syntax errors %v", when, filepath.Base(filepath.Dir(string(uri))), codes(diags), syntax)
		}
		for _, c := range others {
			if !hasCode(diags, c) {
				t.Errorf("%s, %s: %s, want %s too", when, filepath.Base(filepath.Dir(string(uri))), codes(diags), c)
			}
		}
	}
	check("settings off", cf, e.Diagnostics(cf, 1), false, "DW003", "DW202")
	check("settings off", auto, e.Diagnostics(auto, 1), false, "DW003", "DW202")
	check("settings off", on, e.Diagnostics(on, 1), true, "DW003", "DW202")
	if d := e.Diagnostics(df, 1); hasCode(d, "DW001") || !hasCode(d, "DW102") {
		t.Errorf("settings off, Dockerfile: %s, want DW102 and no DW001", codes(d))
	}

	// change sets the setting and returns the next publish of each
	// document: every open document is published again.
	change := func(value any) map[protocol.DocumentURI][]protocol.Diagnostic {
		before := map[protocol.DocumentURI]int{}
		for _, uri := range []protocol.DocumentURI{cf, df, auto, on} {
			before[uri] = len(e.Published(uri))
		}
		e.SetSettings(map[string]any{"syntax-diagnostics": value})
		e.Notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
		after := map[protocol.DocumentURI][]protocol.Diagnostic{}
		for uri, n := range before {
			after[uri] = e.DiagnosticsAfter(uri, n)
		}
		return after
	}
	for _, value := range []any{"on", "auto", nil} {
		when := "settings " + toString(value)
		got := change(value)
		check(when, cf, got[cf], true, "DW003", "DW202")
		check(when, auto, got[auto], true, "DW003", "DW202")
		if d := got[df]; !hasCode(d, "DW001") || !hasCode(d, "DW102") {
			t.Errorf("%s, Dockerfile: %s, want DW001 and DW102", when, codes(d))
		}
		got = change("off")
		check("settings off again", cf, got[cf], false, "DW003", "DW202")
		check("settings off again", on, got[on], true, "DW003", "DW202")
	}
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return "unset"
}

// TestSyntaxDiagnosticsWithoutSettings: a client that says nothing, as
// Neovim and most others, gets the syntax errors.
func TestSyntaxDiagnosticsWithoutSettings(t *testing.T) {
	e := start(t, rules.All)
	cf := e.Open("compose.yaml", "dockercompose", brokenCompose)
	if d := e.Diagnostics(cf, 1); !hasCode(d, "DW002") || !hasCode(d, "DW202") {
		t.Errorf("compose: %s", codes(d))
	}
}

// TestDiagnosticsLinkToTheirRule checks codeDescription: every diagnostic
// links to its rule's section of RULES.md, or of the page rules-url
// names.
func TestDiagnosticsLinkToTheirRule(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	writeFiles(t, dir, map[string]string{"mirror/.dockwarden.yaml": "rules-url: https://docs.example.com/dockwarden/rules.html\n"})
	e := lsptest.NewInProcess(t, rules.All)
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}})
	for folder, page := range map[string]string{"": analysis.RulesPage, "mirror": "https://docs.example.com/dockwarden/rules.html"} {
		uri := e.OpenFile(filepath.Join(dir, folder, "compose.yaml"), "dockercompose", brokenCompose)
		diags := e.Diagnostics(uri, 1)
		if len(diags) < 3 {
			t.Fatalf("%s: %s", folder, codes(diags))
		}
		for _, d := range diags {
			want := page + "#" + strings.ToLower(d.Code.(string))
			if d.CodeDescription == nil || string(d.CodeDescription.Href) != want {
				t.Errorf("%s: %v links to %+v, want %s", folder, d.Code, d.CodeDescription, want)
			}
		}
	}
}
