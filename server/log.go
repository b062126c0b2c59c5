package server

import (
	"context"
	"fmt"

	"go.lsp.dev/protocol"
)

// The server's log goes to the client, through window/logMessage, and to
// Options.Log, a file for debugging (--log-file, DOCKWARDEN_LOG). Nothing
// goes to stderr: editors such as Neovim file every line a server writes
// there as an error, on every start.

// debugf writes a line to the debug log only: what is of no use to the
// person in the editor, or cannot reach the client (before initialize,
// or about the connection itself).
func (s *Server) debugf(format string, args ...any) {
	fmt.Fprintf(s.opts.Log, "dockwarden: "+format+"\n", args...)
}

// logf writes a line to the debug log and, once the session is
// initialized, to the client's log through window/logMessage.
func (s *Server) logf(kind protocol.MessageType, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.debugf("%s", msg)
	s.mu.Lock()
	st := s.state
	s.mu.Unlock()
	if st == created || s.conn == nil {
		return
	}
	_ = s.conn.Notify(context.Background(), "window/logMessage", &protocol.LogMessageParams{Type: kind, Message: msg})
}

// streamLogf is the log of the stream: what it skipped of the input is
// the client's business, so it goes to the client's log.
func (s *Server) streamLogf(format string, args ...any) {
	s.logf(protocol.MessageTypeWarning, format, args...)
}
