package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawClient talks to `dockwarden lsp` byte by byte, so that tests can send
// what no well-behaved client library would.
type rawClient struct {
	t      *testing.T
	stdin  io.WriteCloser
	msgs   chan map[string]any
	stderr *bytes.Buffer
	cmd    *exec.Cmd
	seen   []map[string]any
}

func startRaw(t *testing.T) *rawClient {
	t.Helper()
	cmd := exec.Command(dockwardenBin, "lsp")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &rawClient{t: t, stdin: stdin, msgs: make(chan map[string]any, 1024), stderr: &bytes.Buffer{}, cmd: cmd}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.readLoop(bufio.NewReader(stdout))
	t.Cleanup(func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	return c
}

// readLoop parses the server's frames strictly: anything on stdout that is
// not a well-formed frame fails the test.
func (c *rawClient) readLoop(r *bufio.Reader) {
	defer close(c.msgs)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "Content-Length:")))
		if err != nil || !strings.HasPrefix(line, "Content-Length:") {
			c.t.Errorf("stdout carries something that is not a frame header: %q", line)
			return
		}
		if blank, _ := r.ReadString('\n'); blank != "\r\n" {
			c.t.Errorf("header not ended by a blank line: %q", blank)
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server sent invalid JSON: %s", body)
			return
		}
		var id struct{ ID json.RawMessage }
		json.Unmarshal(body, &id)
		m[rawID] = string(id.ID)
		c.msgs <- m
	}
}

// rawID is the key under which a message read holds its id exactly as the
// server wrote it (a map of any has it as a float64).
const rawID = "\x00id"

func (c *rawClient) raw(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.stdin, s); err != nil {
		c.t.Fatalf("writing to the server: %v\nstderr:\n%s", err, c.stderr)
	}
}

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

func (c *rawClient) send(v any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.raw(frame(string(b)))
}

func (c *rawClient) request(id int, method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

func (c *rawClient) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// await returns the first message (seen before or arriving within the
// deadline) for which match is true.
func (c *rawClient) await(what string, match func(map[string]any) bool) map[string]any {
	c.t.Helper()
	for _, m := range c.seen {
		if match(m) {
			return m
		}
	}
	deadline := time.After(30 * time.Second)
	for {
		select {
		case m, ok := <-c.msgs:
			if !ok {
				c.t.Fatalf("the server ended while waiting for %s\nstderr:\n%s", what, c.stderr)
			}
			c.seen = append(c.seen, m)
			if match(m) {
				return m
			}
		case <-deadline:
			c.t.Fatalf("timed out waiting for %s\nstderr:\n%s", what, c.stderr)
		}
	}
}

func (c *rawClient) response(id any) map[string]any {
	c.t.Helper()
	want, _ := json.Marshal(id)
	return c.await(fmt.Sprintf("the response to %s", want), func(m map[string]any) bool {
		got, _ := json.Marshal(m["id"])
		_, isResponse := m["method"]
		return !isResponse && bytes.Equal(got, want) && (m["result"] != nil || m["error"] != nil || id != nil)
	})
}

func errCode(m map[string]any) int {
	e, _ := m["error"].(map[string]any)
	code, _ := e["code"].(float64)
	return int(code)
}

// alive checks that the server still answers a valid request.
func (c *rawClient) alive(id int) {
	c.t.Helper()
	c.request(id, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///w/none"}, "position": map[string]any{"line": 0, "character": 0}})
	if m := c.response(id); m["error"] != nil {
		c.t.Errorf("hover %d: %v", id, m["error"])
	}
}

func (c *rawClient) initialize() {
	c.t.Helper()
	c.request(1, "initialize", map[string]any{"capabilities": map[string]any{}})
	if m := c.response(1); m["error"] != nil {
		c.t.Fatalf("initialize: %v", m["error"])
	}
	c.notify("initialized", map[string]any{})
}

func (c *rawClient) open(name, text string) string {
	uri := "file:///w/" + name
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "", "version": 1, "text": text}})
	return uri
}

// diagnostics waits for a publish for uri at version and returns the codes.
func (c *rawClient) diagnostics(uri string, version int) []string {
	c.t.Helper()
	m := c.await(fmt.Sprintf("diagnostics of %s v%d", uri, version), func(m map[string]any) bool {
		p, _ := m["params"].(map[string]any)
		v, _ := p["version"].(float64)
		return m["method"] == "textDocument/publishDiagnostics" && p["uri"] == uri && int(v) == version
	})
	var codes []string
	for _, d := range m["params"].(map[string]any)["diagnostics"].([]any) {
		codes = append(codes, fmt.Sprint(d.(map[string]any)["code"]))
	}
	return codes
}

func TestAbuseFraming(t *testing.T) {
	c := startRaw(t)
	c.initialize()

	c.raw(`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover"` + "\r\n\r\n") // no header at all
	c.raw("Content-Length: abc\r\n\r\n{}")
	c.alive(3)

	c.raw(frame(`{"jsonrpc":"2.0","id":4,"method":`)) // invalid JSON
	if m := c.response(nil); errCode(m) != -32700 {
		t.Errorf("invalid JSON: %v, want -32700 with id null", m)
	}
	c.alive(5)

	c.raw(frame(`[1,2,3]`))
	c.raw(frame(`{"jsonrpc":"2.0","id":6,"method":5}`))
	if m := c.response(6); errCode(m) != -32600 {
		t.Errorf("method not a string: %v, want -32600", m)
	}
	c.raw(frame(`{"jsonrpc":"1.0","id":7,"method":"shutdown"}`))
	if m := c.response(7); errCode(m) != -32600 {
		t.Errorf("jsonrpc 1.0: %v, want -32600", m)
	}
	c.alive(8)

	// A frame that promises more than it holds swallows what follows; the
	// server finds its feet at a later frame.
	c.raw("Content-Length: 120\r\n\r\n{\"jsonrpc\":")
	for id := 90; id < 93; id++ {
		c.request(id, "textDocument/hover", map[string]any{}) // some are swallowed
	}
	c.alive(10)

	c.request(11, "textDocument/definition", map[string]any{})
	if m := c.response(11); errCode(m) != -32601 {
		t.Errorf("unknown method: %v, want -32601", m)
	}
	c.request(12, "textDocument/codeAction", "not an object")
	if m := c.response(12); errCode(m) != -32602 {
		t.Errorf("params of the wrong type: %v, want -32602", m)
	}
	c.notify("$/unknownThing", nil)
	c.alive(13)
	c.request(14, "shutdown", nil)
	c.response(14)
	c.request(15, "textDocument/hover", map[string]any{})
	if m := c.response(15); errCode(m) != -32600 {
		t.Errorf("after shutdown: %v, want -32600", m)
	}
}

func TestAbuseBeforeInitialize(t *testing.T) {
	c := startRaw(t)
	c.request(100, "textDocument/hover", map[string]any{})
	if m := c.response(100); errCode(m) != -32002 {
		t.Errorf("before initialize: %v, want -32002", m)
	}
	c.initialize()
	c.alive(2)
}

func TestAbuseDocuments(t *testing.T) {
	c := startRaw(t)
	c.initialize()
	uri := c.open("Dockerfile", "FROM alpine:3.20\nCMD [\"sh\"]\n")
	c.diagnostics(uri, 1)
	change := func(uri string, version int, changes ...map[string]any) {
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": version}, "contentChanges": changes})
	}
	pos := func(l, ch int) map[string]any { return map[string]any{"line": l, "character": ch} }
	change("file:///w/never-opened/Dockerfile", 2, map[string]any{"text": "FROM x"})
	change(uri, 1, map[string]any{"text": "FROM backwards"})
	change(uri, 2, map[string]any{"range": map[string]any{"start": pos(99, 0), "end": pos(120, 7)}, "text": "USER app\n"})
	change(uri, 3, map[string]any{"range": map[string]any{"start": pos(1, 400), "end": pos(0, 0)}, "text": ""})
	c.diagnostics(uri, 3)
	c.alive(2)

	start := time.Now()
	huge := c.open("huge/Dockerfile", "FROM alpine\n"+strings.Repeat("RUN echo 0123456789abcdef\n", 10<<20/26))
	if got := c.diagnostics(huge, 1); strings.Join(got, ",") != "DW006" {
		t.Errorf("10 MB Dockerfile: %v, want only DW006", got)
	}
	longLine := c.open("longline/Dockerfile", "FROM alpine:3.20\nRUN echo "+strings.Repeat("x", 1<<20)+"\nUSER app\n")
	c.diagnostics(longLine, 1)
	var bomb strings.Builder
	bomb.WriteString("x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		fmt.Fprintf(&bomb, "x-%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	bomb.WriteString("services:\n  web:\n    image: nginx:1.27\n    labels: *i\n")
	c.diagnostics(c.open("bomb/compose.yaml", bomb.String()), 1)
	deep := c.open("deep/compose.yaml", "services:\n  a:\n    x-deep: "+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+"\n")
	c.diagnostics(deep, 1)
	c.diagnostics(c.open("nul/Dockerfile", "FROM alpine:3.20\x00\nRUN echo \xff\xfe\x00\nUSER app\n"), 1)
	c.diagnostics(c.open("nul/compose.yaml", "services:\n  a:\n    image: \"\x00\xff\"\n"), 1)
	c.alive(3)
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the abusive documents took %v", d)
	}
	c.request(4, "shutdown", nil)
	c.response(4)
	c.notify("exit", nil)
	if err := c.cmd.Wait(); err != nil {
		t.Errorf("exit: %v\nstderr:\n%s", err, c.stderr)
	}
}

// TestAbuseRequestIDs: every id JSON-RPC allows comes back exactly as
// sent: "" (not 0), 0, negative, a number past int32 and past what a
// float64 holds exactly, a string that looks like a number; a cancellation
// of an answered id is harmless.
func TestAbuseRequestIDs(t *testing.T) {
	c := startRaw(t)
	c.initialize()
	hover := `"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/none"},"position":{"line":0,"character":0}}}`
	ids := []string{`""`, `0`, `-7`, `2147483648`, `9007199254740993`, `"0"`, `"dw#1"`, `1.5`}
	for _, id := range ids {
		c.raw(frame(`{"jsonrpc":"2.0","id":` + id + `,` + hover))
	}
	for _, id := range ids {
		m := c.await("the answer to id "+id, func(m map[string]any) bool { _, isReq := m["method"]; return !isReq && m[rawID] == id })
		if m["error"] != nil {
			t.Errorf("id %s: %v", id, m["error"])
		}
		c.raw(frame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":` + id + `}}`))
	}
	for _, id := range []string{`true`, `{"a":1}`, `[1]`} {
		c.raw(frame(`{"jsonrpc":"2.0","id":` + id + `,` + hover))
		if m := c.response(nil); errCode(m) != -32600 {
			t.Errorf("id %s: %v, want InvalidRequest with id null", id, m)
		}
	}
	c.alive(2)
}
