package server

import (
	"context"
	"fmt"

	"go.lsp.dev/protocol"
)

// stderrf writes a log line to the server's log only. It is safe before
// initialize and from the stream, where the client may not be listening.
func (s *Server) stderrf(format string, args ...any) {
	fmt.Fprintf(s.opts.Log, "dockwarden: "+format+"\n", args...)
}

// logf writes a log line to the server's log and, once the session is
// initialized, to the client's log through window/logMessage.
func (s *Server) logf(kind protocol.MessageType, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.stderrf("%s", msg)
	s.mu.Lock()
	st := s.state
	s.mu.Unlock()
	if st == created || s.conn == nil {
		return
	}
	_ = s.conn.Notify(context.Background(), "window/logMessage", &protocol.LogMessageParams{Type: kind, Message: msg})
}
