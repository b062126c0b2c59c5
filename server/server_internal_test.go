package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"testing"

	"go.lsp.dev/jsonrpc2"

	"github.com/dockwarden/dockwarden/analysis"
)

// A handler that panics gets an InternalError reply, and the session goes
// on serving the next request.
func TestPanicBecomesInternalError(t *testing.T) {
	methods["test/panic"] = func(*Server, context.Context, json.RawMessage) (any, error) { panic("boom") }
	t.Cleanup(func() { delete(methods, "test/panic") })

	clientEnd, serverEnd := net.Pipe()
	srv := New(Options{Rules: analysis.NewRegistry(), Log: io.Discard})
	done := make(chan int, 1)
	go func() { done <- srv.Serve(context.Background(), serverEnd) }()
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
	conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		return reply(ctx, nil, nil)
	})
	defer conn.Close()
	ctx := context.Background()
	if _, err := conn.Call(ctx, "initialize", map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	_, err := conn.Call(ctx, "test/panic", map[string]any{}, nil)
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.InternalError {
		t.Fatalf("panicking request: %v, want InternalError", err)
	}
	if _, err := conn.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatalf("shutdown after a panic: %v", err)
	}
	if err := conn.Notify(ctx, "exit", nil); err != nil {
		t.Fatal(err)
	}
	if code := <-done; code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
}
