package server

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// requestCancelled is the LSP error code for a request the client
// cancelled (LSP 3.17, "ErrorCodes.RequestCancelled").
const requestCancelled jsonrpc2.Code = -32800

// A deferred is the result of a request handler that has read, on the read
// loop, the state its answer depends on (the document version the request
// refers to) and leaves the work to be done off the loop, where
// $/cancelRequest can stop it and later messages are not held up.
type deferred func(ctx context.Context) (any, error)

// runDeferred runs work in its own goroutine and replies with its result,
// or with RequestCancelled as soon as the client cancels or the session
// stops (Serve still waits for work to end).
func (s *Server) runDeferred(ctx context.Context, id jsonrpc2.ID, name string, work deferred, reply jsonrpc2.Replier) {
	ctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.pending[id] = cancel
	s.mu.Unlock()
	type outcome struct {
		result any
		err    error
	}
	done := make(chan outcome, 1)
	started := s.work.do(func() {
		defer func() {
			if p := recover(); p != nil {
				s.logf(protocol.MessageTypeError, "panic in %s: %v\n%s", name, p, debug.Stack())
				done <- outcome{nil, jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("internal error in %s: %v", name, p))}
			}
		}()
		result, err := work(ctx)
		done <- outcome{result, err}
	})
	answering := started && s.work.do(func() {
		var out outcome
		select {
		case out = <-done:
		case <-ctx.Done():
			out = outcome{nil, jsonrpc2.NewError(requestCancelled, name+" was cancelled")}
		}
		s.mu.Lock()
		delete(s.pending, id)
		s.mu.Unlock()
		cancel()
		if err := reply(context.Background(), out.result, out.err); err != nil {
			s.debugf("replying to %s: %v", name, err)
		}
	})
	if !answering {
		// The session is stopping: nothing more is answered.
		s.mu.Lock()
		delete(s.pending, id)
		s.mu.Unlock()
		cancel()
	}
}

// cancelParams are the params of $/cancelRequest; the id is read on its
// own, to answer one of another type with InvalidParams.
type cancelParams struct {
	ID json.RawMessage `json:"id"`
}

// cancelRequest cancels a request still running. One already answered is
// left alone, as the specification allows.
func (s *Server) cancelRequest(p cancelParams) (any, error) {
	var id jsonrpc2.ID
	if err := json.Unmarshal(p.ID, &id); err != nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "the id must be a number or a string")
	}
	s.mu.Lock()
	cancel := s.pending[id]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil, nil
}
