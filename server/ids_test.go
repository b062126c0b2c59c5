package server_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/server"
)

// A wire is a client that writes frames and reads the server's bodies as
// bytes, so that a test sees the ids exactly as the server wrote them.
type wire struct {
	t      *testing.T
	conn   net.Conn
	bodies chan string
}

func newWire(t *testing.T, reg *analysis.Registry) *wire {
	clientEnd, serverEnd := net.Pipe()
	srv := server.New(server.Options{Rules: reg})
	served := make(chan struct{})
	go func() {
		srv.Serve(context.Background(), serverEnd)
		close(served)
	}()
	w := &wire{t: t, conn: clientEnd, bodies: make(chan string, 256)}
	go func() {
		defer close(w.bodies)
		r := bufio.NewReader(clientEnd)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "Content-Length:")))
			r.ReadString('\n')
			body := make([]byte, n)
			if _, err := io.ReadFull(r, body); err != nil {
				return
			}
			w.bodies <- string(body)
		}
	}()
	t.Cleanup(func() {
		clientEnd.Close()
		serverEnd.Close()
		<-served
	})
	return w
}

func (w *wire) send(body string) {
	w.t.Helper()
	if _, err := fmt.Fprintf(w.conn, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		w.t.Fatal(err)
	}
}

// await returns the first body that holds every one of parts.
func (w *wire) await(parts ...string) string {
	w.t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case b, ok := <-w.bodies:
			if !ok {
				w.t.Fatalf("the server ended while waiting for %q", parts)
			}
			all := true
			for _, p := range parts {
				all = all && strings.Contains(b, p)
			}
			if all {
				return b
			}
		case <-timeout:
			w.t.Fatalf("no message with %q", parts)
		}
	}
}

// TestRequestIDsAreDistinct: requests with the ids "" and 0 are two
// requests: cancelling "" cancels it alone, and each answer carries its
// own id as the client wrote it.
func TestRequestIDsAreDistinct(t *testing.T) {
	entered := make(chan struct{}, 8)
	release := make(chan struct{})
	slow := slowRule(entered, release)
	w := newWire(t, analysis.NewRegistry(slow))
	var once sync.Once
	releaseAll := func() { once.Do(func() { close(release) }) }
	defer releaseAll()
	w.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
	w.await(`"result"`, `"id":1}`)
	w.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	w.send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/Dockerfile","languageId":"dockerfile","version":1,"text":"FROM alpine\n# SLOW\n"}}}`)
	<-entered // the analysis loop is stuck on it
	action := `"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///w/Dockerfile"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[]}}}`
	w.send(`{"jsonrpc":"2.0","id":"",` + action)
	<-entered
	w.send(`{"jsonrpc":"2.0","id":0,` + action)
	<-entered
	w.send(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":""}}`)
	if b := w.await(`"error"`); !strings.HasSuffix(b, `"id":""}`) || !strings.Contains(b, "-32800") {
		t.Errorf("the answer to the cancelled request: %s, want RequestCancelled with id \"\"", b)
	}
	releaseAll()
	if b := w.await(`"result"`); !strings.HasSuffix(b, `"id":0}`) {
		t.Errorf("the answer to the other request: %s, want a result with id 0", b)
	}
}
