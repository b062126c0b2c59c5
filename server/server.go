// Package server wires dockwarden's analysis to the Language Server
// Protocol. It is the only package that imports protocol types. It routes
// each method to a small handler (one file per concern: lifecycle, text
// synchronisation, diagnostics, code actions, hover, document links) and
// converts between byte offsets and LSP positions in one place
// (convert.go).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
)

// Options configure a Server.
type Options struct {
	// Rules is the rule set to run.
	Rules *analysis.Registry
	// Log receives the server's log lines besides the client (see
	// log.go): a file for debugging, nil for none. Never stdout, which
	// carries the protocol, nor stderr, which editors show as errors.
	Log io.Writer
	// Version is reported in serverInfo.
	Version string
}

// A Server is one LSP session with one client.
type Server struct {
	opts Options
	conn jsonrpc2.Conn
	// cross keeps what was read of files on disk for cross-file
	// analysis.
	cross crossFile
	// listings keeps the listings of build contexts (contexts.go).
	listings contextListings
	// stream is conn's stream; diagnostics are written to it directly
	// (publish.go).
	stream *stream

	// life ends when the session does (Serve's stop): requests to the
	// client, the wait for the settings and requests under way give up.
	life context.Context
	end  context.CancelFunc
	// work is what runs off the read loop, which Serve waits for
	// (background.go).
	work background

	mu       sync.Mutex
	pubMu    sync.Mutex // orders publishDiagnostics: a check of currency and its send are one step
	state    state
	docs     map[protocol.DocumentURI]*docState
	pending  map[jsonrpc2.ID]context.CancelFunc // requests running off the read loop
	exited   chan struct{}
	exitOnce sync.Once
	conf     configState // settings and configuration files (config.go)
	edits    editCaps    // what the client can do with a WorkspaceEdit (fileedits.go)
	gc       gcTarget    // the collection target of cold analyses (memory.go)
}

type state int

const (
	created state = iota
	initialized
	shuttingDown
)

// New returns a Server that has not started serving.
func New(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	return &Server{opts: opts, docs: map[protocol.DocumentURI]*docState{}, pending: map[jsonrpc2.ID]context.CancelFunc{}, exited: make(chan struct{})}
}

// Serve runs the session over rwc until the client sends exit or goes
// away, and returns the process exit code the LSP specification asks for:
// 0 when shutdown came before the end, 1 otherwise. When it returns, the
// work of the session has ended and every file it opened is closed.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) int {
	s.life, s.end = context.WithCancel(ctx)
	s.stream = newStream(rwc, s.streamLogf)
	s.conn = jsonrpc2.NewConn(s.stream)
	s.conn.Go(s.life, s.handle)
	select {
	case <-s.conn.Done():
		if err := s.conn.Err(); err != nil && !errors.Is(err, io.EOF) {
			s.debugf("connection ended: %v", err)
		}
	case <-s.exited:
		// Do not wait for the read loop: on a real stdin it may stay
		// blocked until the process ends.
		s.conn.Close()
	case <-ctx.Done():
		s.conn.Close()
	}
	s.stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == shuttingDown {
		return 0
	}
	return 1
}

// stop ends the session's work: requests to the client and the wait for
// the settings give up, requests under way are cancelled, no message is
// handled any more, and each analysis loop ends after the analysis it is
// making. It returns once all of that has ended.
func (s *Server) stop() {
	s.end()
	s.work.stop()
	s.closeAll()
}

// A method handles one request or notification. params is the raw JSON;
// the result is sent as the reply to a request and ignored for a
// notification.
type method func(s *Server, ctx context.Context, params json.RawMessage) (any, error)

// methods routes every method the server understands. Anything else gets
// MethodNotFound, except "$/" notifications, which the spec lets a server
// ignore.
var methods = map[string]method{
	"initialize":                       (*Server).initialize,
	"initialized":                      (*Server).initializedNote,
	"shutdown":                         (*Server).shutdown,
	"exit":                             (*Server).exit,
	"textDocument/didOpen":             typed((*Server).didOpen),
	"textDocument/didChange":           typed((*Server).didChange),
	"textDocument/didClose":            typed((*Server).didClose),
	"textDocument/didSave":             typed((*Server).didSave),
	"textDocument/codeAction":          typed((*Server).codeAction),
	"textDocument/hover":               typed((*Server).hover),
	"textDocument/documentLink":        typed((*Server).documentLink),
	"workspace/didChangeConfiguration": (*Server).didChangeConfiguration,
	"workspace/didChangeWatchedFiles":  typed((*Server).didChangeWatchedFiles),
	"$/cancelRequest":                  typed((*Server).cancelRequest),
}

// handle is called by jsonrpc2 for every incoming request and notification,
// in order, on its read loop. Until the session stops it always replies;
// it never returns an error, since an error would end the connection.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	if !s.work.enter() {
		return nil // the session is over: nothing more is handled or answered
	}
	defer s.work.leave()
	call, isCall := req.(*jsonrpc2.Call)
	name := req.Method()
	result, err := s.dispatch(ctx, name, isCall, req.Params())
	if work, ok := result.(deferred); ok && isCall && err == nil {
		s.runDeferred(ctx, call.ID(), name, work, reply)
		return nil
	}
	if !isCall {
		if err != nil {
			s.logf(protocol.MessageTypeWarning, "%s: %v", name, err)
		}
		return nil
	}
	if err := reply(ctx, result, err); err != nil {
		s.debugf("replying to %s: %v", name, err)
	}
	return nil
}

// dispatch enforces the lifecycle, finds the handler and turns a panic into
// an InternalError so that one bad request does not end the session.
func (s *Server) dispatch(ctx context.Context, name string, isCall bool, params json.RawMessage) (result any, err error) {
	s.mu.Lock()
	st := s.state
	s.mu.Unlock()
	switch {
	case name == "exit":
	case st == created && name != "initialize":
		return nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "the server has not been initialized")
	case st != created && name == "initialize":
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize was already called")
	case st == shuttingDown:
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "the server is shutting down")
	}
	m, ok := methods[name]
	if !ok {
		if strings.HasPrefix(name, "$/") && !isCall {
			return nil, nil
		}
		return nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, fmt.Sprintf("method %q is not supported", name))
	}
	defer func() {
		if p := recover(); p != nil {
			s.logf(protocol.MessageTypeError, "panic in %s: %v\n%s", name, p, debug.Stack())
			result, err = nil, jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("internal error in %s: %v", name, p))
		}
	}()
	return m(s, ctx, params)
}

// typed makes a method of a handler that takes its params decoded: a
// failure to decode them is answered with InvalidParams before the handler
// runs.
func typed[P any](h func(*Server, P) (any, error)) method {
	return func(s *Server, _ context.Context, params json.RawMessage) (any, error) {
		var p P
		if err := decodeParams(params, &p); err != nil {
			return nil, err
		}
		return h(s, p)
	}
}

// decodeParams unmarshals params into v, mapping a failure to InvalidParams.
func decodeParams(params json.RawMessage, v any) error {
	if len(params) == 0 {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "missing params")
	}
	if err := json.Unmarshal(params, v); err != nil {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, err.Error())
	}
	return nil
}
