package server

import (
	"context"
	"encoding/json"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/codeactions"
)

// codeAction offers, for the findings in the requested range, each rule's
// fixes (the first preferred) and an ignore comment, and for the whole file
// the fix-all of safe fixes. The client's "only" filter is honoured.
func (s *Server) codeAction(_ context.Context, params json.RawMessage) (any, error) {
	var p protocol.CodeActionParams
	if err := decodeParams(params, &p); err != nil {
		return nil, err
	}
	actions := []protocol.CodeAction{}
	st, res := s.current(p.TextDocument.URI)
	if st == nil {
		return actions, nil
	}
	doc := res.Doc
	span, _ := toSpan(doc, p.Range)
	var found []codeactions.Action
	if wants(p.Context.Only, codeactions.QuickFix) {
		found = append(found, codeactions.ForSpan(res, span)...)
	}
	if wants(p.Context.Only, codeactions.FixAll) {
		if all, ok := codeactions.FixAllAction(res); ok {
			found = append(found, all)
		}
	}
	for _, a := range found {
		diags := make([]protocol.Diagnostic, len(a.Findings))
		for i, f := range a.Findings {
			diags[i] = toDiagnostic(doc, f)
		}
		actions = append(actions, protocol.CodeAction{
			Title:       a.Title,
			Kind:        protocol.CodeActionKind(a.Kind),
			Diagnostics: diags,
			IsPreferred: a.Preferred,
			Edit: &protocol.WorkspaceEdit{
				Changes: map[protocol.DocumentURI][]protocol.TextEdit{st.uri: toTextEdits(doc, a.Edits)},
			},
		})
	}
	return actions, nil
}

// wants reports whether a client's "only" list admits kind. An entry admits
// its own kind and every kind below it: "source" admits
// "source.fixAll.dockwarden" (LSP 3.17, "CodeActionKind").
func wants(only []protocol.CodeActionKind, kind codeactions.Kind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if string(o) == string(kind) || strings.HasPrefix(string(kind), string(o)+".") {
			return true
		}
	}
	return false
}

// current returns an open document and the analysis of its latest text,
// running the analysis now if the loop has not reached it yet.
func (s *Server) current(uri protocol.DocumentURI) (*docState, *analysis.Result) {
	s.mu.Lock()
	st := s.docs[uri]
	s.mu.Unlock()
	if st == nil {
		return nil, nil
	}
	s.mu.Lock()
	doc := st.doc
	s.mu.Unlock()
	return st, s.resultFor(st, doc)
}
