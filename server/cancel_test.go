package server_test

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
)

// slowRule is a rule for tests only: on a document that says SLOW it
// signals entered, then blocks until release is closed (or sent to).
func slowRule(entered chan<- struct{}, release <-chan struct{}) *analysis.Rule {
	return &analysis.Rule{
		Code: "DW903", Name: "test-slow", Kind: document.Dockerfile, Severity: analysis.Hint,
		Doc: "Slow\nA rule for tests only: it blocks on documents that say SLOW.",
		Run: func(p *analysis.Pass) {
			if strings.Contains(string(p.Doc.Text), "SLOW") {
				entered <- struct{}{}
				<-release
			}
		},
	}
}

// A slow request can be cancelled, and while it runs the server goes on
// answering other requests.
func TestCancelSlowRequest(t *testing.T) {
	entered := make(chan struct{}, 8)
	release := make(chan struct{})
	slow := slowRule(entered, release)
	e := start(t, analysis.NewRegistry(rules.MissingUser, slow))
	// Registered after start's, so run before it: the server's end waits
	// for the analyses the rule holds.
	t.Cleanup(func() { close(release) })
	fast := e.Open("fast/Dockerfile", "dockerfile", "FROM alpine:3.20\n")
	e.Diagnostics(fast, 1)
	uri := e.Open("slow/Dockerfile", "dockerfile", "FROM alpine:3.20\n# SLOW\n")
	<-entered // the analysis loop is stuck on it
	id, done := e.CallAsync("textDocument/codeAction", &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri},
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{}},
	})
	<-entered // and so is the request

	// Other requests are still answered.
	if h := e.Hover(fast, protocol.Position{}); h == nil || !strings.Contains(h.Contents.Value, "DW101") {
		t.Errorf("hover while a request is stuck: %+v", h)
	}
	e.Notify("$/cancelRequest", map[string]any{"id": id})
	if err := <-done; rpcCode(err) != -32800 {
		t.Fatalf("cancelled request: %v, want RequestCancelled (-32800)", err)
	}
	// Cancelling what is already answered, or an id never seen, is fine.
	e.Notify("$/cancelRequest", map[string]any{"id": id})
	e.Notify("$/cancelRequest", map[string]any{"id": "no-such-request"})
	if h := e.Hover(fast, protocol.Position{}); h == nil {
		t.Error("the server stopped answering after cancellations")
	}
}
