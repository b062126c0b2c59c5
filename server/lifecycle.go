package server

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/codeactions"
)

// initialize answers the client's first request with what the server can
// do: incremental text sync with open/close/save, code actions of the
// kinds it produces, hover, and document links in compose files.
func (s *Server) initialize(_ context.Context, params json.RawMessage) (any, error) {
	var p protocol.InitializeParams
	if err := decodeParams(params, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.state = initialized
	s.edits = editCapsOf(p.Capabilities)
	s.mu.Unlock()
	s.initConfig(params)
	client := "an unnamed client"
	if p.ClientInfo != nil {
		client = p.ClientInfo.Name + " " + p.ClientInfo.Version
	}
	s.logf(protocol.MessageTypeInfo, "dockwarden %s initialized by %s", s.opts.Version, client)
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindIncremental,
				Save:      &protocol.SaveOptions{},
			},
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{
					protocol.QuickFix,
					protocol.CodeActionKind(codeactions.FixAll),
				},
			},
			HoverProvider:        true,
			DocumentLinkProvider: &protocol.DocumentLinkOptions{},
		},
		ServerInfo: &protocol.ServerInfo{Name: "dockwarden", Version: s.opts.Version},
	}, nil
}

// initializedNote starts reading the editor settings (config.go).
func (s *Server) initializedNote(context.Context, json.RawMessage) (any, error) {
	s.startConfig()
	return nil, nil
}

// shutdown stops the session: from now on every request but exit is
// refused with InvalidRequest, as the specification says.
func (s *Server) shutdown(context.Context, json.RawMessage) (any, error) {
	s.mu.Lock()
	s.state = shuttingDown
	s.mu.Unlock()
	s.closeAll()
	return nil, nil
}

// exit ends Serve; the exit code depends on whether shutdown came first.
func (s *Server) exit(context.Context, json.RawMessage) (any, error) {
	s.exitOnce.Do(func() { close(s.exited) })
	return nil, nil
}
