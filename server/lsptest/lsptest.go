// Package lsptest is a fake editor for testing the dockwarden language
// server through the protocol, the way a client drives it: it keeps its own
// copy of every open buffer, sends real JSON-RPC over a connection, applies
// the edits of code actions to its buffers, and records every notification
// the server sends. Waiting for diagnostics is by document version, never
// by time; a generous deadline only turns a hang into a test failure.
package lsptest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/server"
)

// Deadline bounds every wait for the server; past it the test fails.
var Deadline = 30 * time.Second

// A Publish is one textDocument/publishDiagnostics notification.
type Publish struct {
	Version     int32
	Diagnostics []protocol.Diagnostic
}

type buffer struct {
	text    string
	version int32
}

// An Editor is a fake LSP client bound to one test.
type Editor struct {
	t    testing.TB
	conn jsonrpc2.Conn

	mu        sync.Mutex
	changed   chan struct{} // closed and replaced whenever something arrives
	published map[protocol.DocumentURI][]Publish
	logs      []protocol.LogMessageParams
	buffers   map[protocol.DocumentURI]*buffer

	exitCode chan int     // set by NewInProcess
	calls    atomic.Int32 // requests sent, which is also the last request id
	ws       workspace    // settings and registrations (workspace.go), guarded by mu
}

// Connect starts a client on rwc, which must lead to a server.
func Connect(t testing.TB, rwc io.ReadWriteCloser) *Editor {
	e := &Editor{
		t:         t,
		conn:      jsonrpc2.NewConn(jsonrpc2.NewStream(rwc)),
		changed:   make(chan struct{}),
		published: map[protocol.DocumentURI][]Publish{},
		buffers:   map[protocol.DocumentURI]*buffer{},
	}
	e.conn.Go(context.Background(), e.handle)
	t.Cleanup(func() { e.conn.Close() })
	return e
}

// NewInProcess starts a server with rules in this process, joined to a new
// Editor by net.Pipe.
func NewInProcess(t testing.TB, rules *analysis.Registry) *Editor {
	clientEnd, serverEnd := net.Pipe()
	log := &testLog{t: t}
	srv := server.New(server.Options{Rules: rules, Log: log, Version: "test"})
	code := make(chan int, 1)
	served := make(chan struct{})
	go func() {
		code <- srv.Serve(context.Background(), serverEnd)
		close(served)
	}()
	e := Connect(t, clientEnd)
	e.exitCode = code
	t.Cleanup(func() {
		clientEnd.Close()
		serverEnd.Close()
		<-served
		log.stop()
	})
	return e
}

// testLog sends the server's log to the test's log while the test runs;
// the server's goroutines may outlive it by a moment.
type testLog struct {
	mu   sync.Mutex
	t    testing.TB
	done bool
}

func (l *testLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

func (l *testLog) stop() {
	l.mu.Lock()
	l.done = true
	l.mu.Unlock()
}

func (e *Editor) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	switch req.Method() {
	case "textDocument/publishDiagnostics":
		var p protocol.PublishDiagnosticsParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			e.t.Errorf("bad publishDiagnostics: %v", err)
			break
		}
		e.record(func() {
			e.published[p.URI] = append(e.published[p.URI], Publish{Version: int32(p.Version), Diagnostics: p.Diagnostics})
		})
	case "window/logMessage":
		var p protocol.LogMessageParams
		if err := json.Unmarshal(req.Params(), &p); err == nil {
			e.record(func() { e.logs = append(e.logs, p) })
		}
	default:
		if _, ok := req.(*jsonrpc2.Call); ok {
			if result, ok := e.answer(req); ok {
				return reply(ctx, result, nil)
			}
			return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, req.Method()))
		}
	}
	return reply(ctx, nil, nil)
}

func (e *Editor) record(f func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f()
	close(e.changed)
	e.changed = make(chan struct{})
}

// await calls cond under the lock each time something arrives, until it
// reports true or the deadline passes.
func (e *Editor) await(what string, cond func() bool) {
	e.t.Helper()
	deadline := time.NewTimer(Deadline)
	defer deadline.Stop()
	for {
		e.mu.Lock()
		ok, ch := cond(), e.changed
		e.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-e.conn.Done():
			e.t.Fatalf("connection closed while waiting for %s", what)
		case <-deadline.C:
			e.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// Call sends a request and decodes its result into result (which may be
// nil). It returns the server's error, if any.
func (e *Editor) Call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), Deadline)
	defer cancel()
	e.calls.Add(1)
	_, err := e.conn.Call(ctx, method, params, result)
	return err
}

// CallAsync sends a request without waiting for its answer and returns its
// id (jsonrpc2 numbers requests 1, 2, 3... in the order they are sent) and
// a channel that receives its error, nil on success.
func (e *Editor) CallAsync(method string, params any) (int32, <-chan error) {
	id := e.calls.Add(1)
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), Deadline)
		defer cancel()
		_, err := e.conn.Call(ctx, method, params, nil)
		done <- err
	}()
	return id, done
}

// Notify sends a notification.
func (e *Editor) Notify(method string, params any) {
	e.t.Helper()
	if err := e.conn.Notify(context.Background(), method, params); err != nil {
		e.t.Fatalf("%s: %v", method, err)
	}
}

// Initialize runs initialize and initialized.
func (e *Editor) Initialize() *protocol.InitializeResult {
	e.t.Helper()
	var res protocol.InitializeResult
	params := &protocol.InitializeParams{ClientInfo: &protocol.ClientInfo{Name: "lsptest"}}
	if err := e.Call("initialize", params, &res); err != nil {
		e.t.Fatalf("initialize: %v", err)
	}
	e.Notify("initialized", &protocol.InitializedParams{})
	return &res
}

// Shutdown sends shutdown and then exit.
func (e *Editor) Shutdown() {
	e.t.Helper()
	if err := e.Call("shutdown", nil, nil); err != nil {
		e.t.Fatalf("shutdown: %v", err)
	}
	e.Notify("exit", nil)
}

// ExitCode waits for an in-process server to end and returns the exit code
// it asked for.
func (e *Editor) ExitCode() int {
	e.t.Helper()
	select {
	case code := <-e.exitCode:
		return code
	case <-time.After(Deadline):
		e.t.Fatal("timed out waiting for the server to end")
		return -1
	}
}

// URI returns the URI the editor uses for a file name.
func URI(name string) protocol.DocumentURI {
	return protocol.DocumentURI("file:///workspace/" + strings.TrimPrefix(name, "/"))
}

// Open opens name with text at version 1 and returns its URI.
func (e *Editor) Open(name, languageID, text string) protocol.DocumentURI {
	return e.OpenURI(URI(name), languageID, text)
}

// OpenURI opens the document uri with text at version 1.
func (e *Editor) OpenURI(uri protocol.DocumentURI, languageID, text string) protocol.DocumentURI {
	e.mu.Lock()
	e.buffers[uri] = &buffer{text: text, version: 1}
	e.mu.Unlock()
	e.Notify("textDocument/didOpen", &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri, LanguageID: protocol.LanguageIdentifier(languageID), Version: 1, Text: text,
	}})
	return uri
}

// Close closes a document.
func (e *Editor) Close(uri protocol.DocumentURI) {
	e.mu.Lock()
	delete(e.buffers, uri)
	e.mu.Unlock()
	e.Notify("textDocument/didClose", &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}})
}

// Text returns the editor's copy of a buffer.
func (e *Editor) Text(uri protocol.DocumentURI) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.bufferOf(uri).text
}

// Version returns the editor's version of a buffer.
func (e *Editor) Version(uri protocol.DocumentURI) int32 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.bufferOf(uri).version
}

func (e *Editor) bufferOf(uri protocol.DocumentURI) *buffer {
	b := e.buffers[uri]
	if b == nil {
		e.t.Fatalf("%s is not open in the editor", uri)
	}
	return b
}

// A Change is one range edit in the coordinates of the text it applies to.
type Change struct {
	Range protocol.Range
	Text  string
}

// Edit applies changes in order, each to the result of the one before, to
// the editor's buffer and sends them as one incremental didChange. It
// returns the new version.
func (e *Editor) Edit(uri protocol.DocumentURI, changes ...Change) int32 {
	e.t.Helper()
	e.mu.Lock()
	b := e.bufferOf(uri)
	events := make([]map[string]any, len(changes))
	for i, c := range changes {
		text, err := applyRange(b.text, c.Range, c.Text)
		if err != nil {
			e.mu.Unlock()
			e.t.Fatalf("edit %d: %v", i, err)
		}
		b.text = text
		events[i] = map[string]any{"range": c.Range, "text": c.Text}
	}
	b.version++
	version := b.version
	e.mu.Unlock()
	e.Notify("textDocument/didChange", map[string]any{
		"textDocument":   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: version},
		"contentChanges": events,
	})
	return version
}

// Replace sends the whole new text of a buffer and returns the new version.
func (e *Editor) Replace(uri protocol.DocumentURI, text string) int32 {
	e.mu.Lock()
	b := e.bufferOf(uri)
	b.text = text
	b.version++
	version := b.version
	e.mu.Unlock()
	e.Notify("textDocument/didChange", map[string]any{
		"textDocument":   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: version},
		"contentChanges": []map[string]any{{"text": text}},
	})
	return version
}

// Diagnostics waits for the diagnostics the server publishes for version of
// uri and returns them.
func (e *Editor) Diagnostics(uri protocol.DocumentURI, version int32) []protocol.Diagnostic {
	e.t.Helper()
	var got []protocol.Diagnostic
	e.await(fmt.Sprintf("diagnostics for %s version %d", uri, version), func() bool {
		for _, p := range e.published[uri] {
			if p.Version == version {
				got = p.Diagnostics
				return true
			}
		}
		return false
	})
	return got
}

// AwaitPublish waits for a publish for uri, after the first n, whose
// diagnostics satisfy cond, and returns them: a document re-analysed
// because another one changed is published again with the same version.
func (e *Editor) AwaitPublish(uri protocol.DocumentURI, n int, what string, cond func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
	e.t.Helper()
	var got []protocol.Diagnostic
	e.await(fmt.Sprintf("diagnostics of %s: %s", uri, what), func() bool {
		ps := e.published[uri]
		for _, p := range ps[min(n, len(ps)):] {
			if cond(p.Diagnostics) {
				got = p.Diagnostics
				return true
			}
		}
		return false
	})
	return got
}

// Published returns every publish received for uri so far.
func (e *Editor) Published(uri protocol.DocumentURI) []Publish {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Publish(nil), e.published[uri]...)
}

// AwaitCleared waits for an empty publish after the n-th publish for uri,
// as the server sends when a document closes.
func (e *Editor) AwaitCleared(uri protocol.DocumentURI, after int) {
	e.t.Helper()
	e.await(fmt.Sprintf("diagnostics of %s to be cleared", uri), func() bool {
		ps := e.published[uri]
		for _, p := range ps[min(after, len(ps)):] {
			if len(p.Diagnostics) == 0 {
				return true
			}
		}
		return false
	})
}

// Logs returns the window/logMessage notifications received so far.
func (e *Editor) Logs() []protocol.LogMessageParams {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]protocol.LogMessageParams(nil), e.logs...)
}

// AwaitLog waits for a log message containing substr.
func (e *Editor) AwaitLog(substr string) {
	e.t.Helper()
	e.await(fmt.Sprintf("a log message containing %q", substr), func() bool {
		for _, l := range e.logs {
			if strings.Contains(l.Message, substr) {
				return true
			}
		}
		return false
	})
}

// CodeActions asks for the actions in rng, optionally only of some kinds.
func (e *Editor) CodeActions(uri protocol.DocumentURI, rng protocol.Range, only ...protocol.CodeActionKind) []CodeAction {
	e.t.Helper()
	var actions []CodeAction
	params := &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri},
		Range:        rng,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{}, Only: only},
	}
	if err := e.Call("textDocument/codeAction", params, &actions); err != nil {
		e.t.Fatalf("codeAction: %v", err)
	}
	return actions
}

// Hover asks for hover at pos.
func (e *Editor) Hover(uri protocol.DocumentURI, pos protocol.Position) *protocol.Hover {
	e.t.Helper()
	var h *protocol.Hover
	params := &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Position: pos,
	}}
	if err := e.Call("textDocument/hover", params, &h); err != nil {
		e.t.Fatalf("hover: %v", err)
	}
	return h
}

func less(a, b protocol.Position) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Character < b.Character)
}
