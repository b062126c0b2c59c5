package server_test

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// These tests replay what real clients do that a tidy fake would not.

// Vim's ALE declares no workspaceEdit capability, yet its users apply code
// actions: the edits must be in the actions whatever the client declares.
func TestActionsDoNotDependOnClientCapabilities(t *testing.T) {
	e := lsptest.NewInProcess(t, spine)
	var res protocol.InitializeResult
	if err := e.Call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &res); err != nil {
		t.Fatal(err)
	}
	e.Notify("initialized", map[string]any{})
	uri := e.Open("Dockerfile", "dockerfile", "FROM alpine:3.20\nCMD [\"sh\"]\n")
	d := e.Diagnostics(uri, 1)[0]
	actions := e.CodeActions(uri, d.Range)
	if len(actions) == 0 {
		t.Fatal("no actions")
	}
	for _, a := range actions {
		if a.Edit == nil || len(a.Edit.Changes[uri]) == 0 {
			t.Errorf("%q carries no edit", a.Title)
		}
	}
}

// Clients send the diagnostics back in every codeAction request (VS Code,
// Neovim), sometimes stale ones; the server answers from its own analysis
// of the current text.
func TestCodeActionWithEchoedDiagnostics(t *testing.T) {
	e := start(t, spine)
	uri := e.Open("compose.yaml", "dockercompose", "services:\n  a:\n    volumes:\n      - ./d:/d\n")
	diags := e.Diagnostics(uri, 1)
	stale := append([]protocol.Diagnostic{{Range: diags[0].Range, Code: "DW999", Message: "gone", Source: "other"}}, diags...)
	var actions []protocol.CodeAction
	err := e.Call("textDocument/codeAction", &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri},
		Range:        diags[0].Range,
		Context:      protocol.CodeActionContext{Diagnostics: stale},
	}, &actions)
	if err != nil {
		t.Fatal(err)
	}
	if len(actions) < 2 || actions[0].Diagnostics[0].Code != "DW212" {
		t.Fatalf("actions = %+v", actions)
	}
	for _, a := range actions {
		if a.Diagnostics[0].Code == "DW999" {
			t.Errorf("an action for a diagnostic the server never made: %+v", a)
		}
	}
}

// ALE sends the full text on every change even when incremental sync is
// offered; Neovim 0.7 and VS Code send one ranged change per keystroke.
func TestKeystrokesAsFullTextAndAsRangedChanges(t *testing.T) {
	reg := analysis.NewRegistry(rules.MissingUser, rules.RootUser)
	for _, full := range []bool{true, false} {
		e := start(t, reg)
		uri := e.Open("Dockerfile", "dockerfile", "FROM alpine:3.20\nCMD [\"sh\"]\n")
		if got := codes(e.Diagnostics(uri, 1)); got != "DW101" {
			t.Fatalf("before typing: %s", got)
		}
		at := protocol.Position{Line: 1}
		var v int32
		for _, r := range "USER root\n" {
			if full {
				text := e.Text(uri)
				off, err := lsptest.Offset(text, at)
				if err != nil {
					t.Fatal(err)
				}
				v = e.Replace(uri, text[:off]+string(r)+text[off:])
			} else {
				v = e.Edit(uri, lsptest.Change{Range: protocol.Range{Start: at, End: at}, Text: string(r)})
			}
			if r == '\n' {
				at = protocol.Position{Line: at.Line + 1}
			} else {
				at.Character++
			}
		}
		if want := "FROM alpine:3.20\nUSER root\nCMD [\"sh\"]\n"; e.Text(uri) != want {
			t.Fatalf("editor text %q", e.Text(uri))
		}
		diags := e.Diagnostics(uri, v)
		if got := codes(diags); got != "DW102" || diags[0].Range.Start.Line != 1 {
			t.Errorf("full=%v: after typing USER root: %+v, want DW102 on line 2", full, diags)
		}
		// Every keystroke was a version; the last one's diagnostics are
		// the ones that stay.
		ps := e.Published(uri)
		if last := ps[len(ps)-1]; last.Version != v {
			t.Errorf("full=%v: last publish is for version %d, want %d", full, last.Version, v)
		}
		if strings.Contains(codes(diags), "DW101") {
			t.Errorf("DW101 still reported with a USER")
		}
	}
}
