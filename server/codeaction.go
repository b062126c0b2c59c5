package server

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/codeactions"
)

// codeAction offers, for the findings in the requested range, each rule's
// fixes (the first preferred) and an ignore comment, and for the whole file
// the fix-all of safe fixes. The client's "only" filter is honoured.
func (s *Server) codeAction(p protocol.CodeActionParams) (any, error) {
	st, doc := s.snapshot(p.TextDocument.URI)
	return deferred(func(context.Context) (any, error) { return s.codeActions(st, doc, p), nil }), nil
}

// codeActions computes the actions for a request made against doc.
func (s *Server) codeActions(st *docState, doc *document.Document, p protocol.CodeActionParams) []codeAction {
	actions := []codeAction{}
	if st == nil {
		return actions
	}
	res := s.resultFor(st, doc)
	span, _ := toSpan(doc, p.Range)
	s.mu.Lock()
	caps := s.edits
	s.mu.Unlock()
	side := s.sideFilesOf(st.uri)
	defer side.close()
	opts := codeactions.Options{CanCreate: caps.create}
	if side != nil {
		opts.Files = side
	}
	var found []codeactions.Action
	if wants(p.Context.Only, codeactions.QuickFix) {
		found = append(found, codeactions.ForSpan(res, span, opts)...)
	}
	if wants(p.Context.Only, codeactions.FixAll) {
		if all, ok := codeactions.FixAllAction(res); ok {
			found = append(found, all)
		}
	}
	s.mu.Lock()
	links := st.links
	s.mu.Unlock()
	for _, a := range found {
		diags := make([]protocol.Diagnostic, len(a.Findings))
		for i, f := range a.Findings {
			diags[i] = toDiagnostic(doc, f, links.of(f.Rule))
		}
		actions = append(actions, codeAction{
			CodeAction: protocol.CodeAction{
				Title:       a.Title,
				Kind:        protocol.CodeActionKind(a.Kind),
				Diagnostics: diags,
				IsPreferred: a.Preferred,
			},
			Edit: workspaceEditOf(st.uri, doc, a, side, caps),
		})
	}
	return actions
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

// snapshot returns an open document's state and its text as of now: the
// text a request arriving now refers to. st is nil when uri is not open.
func (s *Server) snapshot(uri protocol.DocumentURI) (*docState, *document.Document) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.docs[uri]
	if st == nil {
		return nil, nil
	}
	return st, st.doc
}
