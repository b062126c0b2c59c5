// Command lspbench measures dockwarden the way an editor meets it: it
// starts `dockwarden lsp` as a process, speaks LSP over its standard input
// and output, opens each generated file (internal/gen) in a new process,
// types one character at a time and reports how long each keystroke takes to come back as
// diagnostics for that version, and the server's peak resident memory.
//
//	go run ./internal/lspbench -server bin/dockwarden
//
// Each keystroke waits for its diagnostics before the next, so a figure is
// the latency of one edit, not the throughput of a burst. The figures are
// the medians over -runs runs, each with a new server process. With
// -write DIR it only writes the generated files to DIR (for node/run.sh,
// which measures the same keystrokes from a Node.js client).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dockwarden/dockwarden/internal/gen"
)

func main() {
	server := flag.String("server", "bin/dockwarden", "the dockwarden binary to measure")
	edits := flag.Int("edits", 30, "one-character edits per file and run")
	runs := flag.Int("runs", 3, "runs, each with a new server process; the median run is reported")
	write := flag.String("write", "", "only write the generated files to this folder")
	flag.Parse()
	if *write != "" {
		if err := writeFiles(*write, files()); err != nil {
			fmt.Fprintln(os.Stderr, "lspbench:", err)
			os.Exit(1)
		}
		return
	}
	bin, err := filepath.Abs(*server)
	if err == nil {
		err = run(bin, *edits, *runs)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "lspbench:", err)
		os.Exit(1)
	}
}

// A file is one generated document and the lines its edits fall on.
type file struct {
	name, lang string
	text       []byte
	marker     string // edits go right after this text on the lines holding it
}

func files() []file {
	return []file{
		{"Dockerfile.200", "dockerfile", gen.Dockerfile(200, 1), "apt-get install -y"},
		{"Dockerfile", "dockerfile", gen.Dockerfile(2000, 1), "apt-get install -y"},
		{"Dockerfile.20000", "dockerfile", gen.Dockerfile(20000, 1), "apt-get install -y"},
		{"compose.yaml", "dockercompose", gen.Compose(300, 1), "LOG_LEVEL: "},
		// A key being typed in one service: every edit leaves the YAML
		// broken there.
		{"compose-broken.yaml", "dockercompose", gen.TypingKey(gen.Compose(300, 1)), gen.BrokenKey},
	}
}

func writeFiles(dir string, fs []file) error {
	for _, f := range fs {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.text, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// A measurement is what one run measured.
type measurement struct {
	firstDiagnostics map[string]time.Duration   // per file: initialize sent → its first diagnostics
	latencies        map[string][]time.Duration // per file, one per edit
	publishes        map[string][]publish       // per file, one per edit
	peakRSS          int64                      // kB, VmHWM with the 2,000-line Dockerfile and the compose file open
}

// A publish is the size of one publishDiagnostics message.
type publish struct{ bytes, diagnostics int }

func run(server string, edits, runs int) error {
	dir, err := os.MkdirTemp("", "lspbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fs := files()
	if err := writeFiles(dir, fs); err != nil {
		return err
	}
	var ms []measurement
	for r := 0; r < runs; r++ {
		m, err := measure(server, dir, fs, edits, uint64(r))
		if err != nil {
			return err
		}
		if err := m.measureTwo(server, dir, fs, edits); err != nil {
			return err
		}
		ms = append(ms, m)
	}
	report(os.Stdout, fs, ms, edits)
	return nil
}

// measureTwo opens the two files the memory target names, types edits
// one-character edits in each (as measureFile does), and returns the
// server's peak RSS. The latencies of those edits, made with both files
// open, go to m under the file's name with " (both open)" added.
func (m *measurement) measureTwo(server, dir string, fs []file, edits int) error {
	c, err := start(server, dir)
	if err != nil {
		return err
	}
	defer c.stop()
	if _, err := c.initialize(); err != nil {
		return err
	}
	for _, f := range fs {
		if f.name != "Dockerfile" && f.name != "compose.yaml" {
			continue
		}
		if err := c.open(dir, f); err != nil {
			return err
		}
		lines := markedLines(f)
		for e := 0; e < edits; e++ {
			at := lines[(e/2*7919)%len(lines)]
			n, text := 1, ""
			if e%2 == 0 {
				n, text = 0, "x"
			}
			d, err := c.keystroke(f, int32(e+2), at, n, text)
			if err != nil {
				return err
			}
			m.latencies[f.name+bothOpen] = append(m.latencies[f.name+bothOpen], d)
		}
	}
	m.peakRSS, err = c.peakRSS()
	return err
}

// bothOpen marks the latencies measured with both files open.
const bothOpen = " (both open)"

// measure opens each file in a server process of its own, so that a
// file's figures do not carry the garbage collection of another's, and
// types edits in it.
func measure(server, dir string, fs []file, edits int, seed uint64) (measurement, error) {
	m := measurement{latencies: map[string][]time.Duration{}, firstDiagnostics: map[string]time.Duration{}, publishes: map[string][]publish{}}
	r := rand.New(rand.NewPCG(seed, 7))
	for _, f := range fs {
		if err := m.measureFile(server, dir, f, edits, r); err != nil {
			return m, err
		}
	}
	return m, nil
}

func (m *measurement) measureFile(server, dir string, f file, edits int, r *rand.Rand) error {
	c, err := start(server, dir)
	if err != nil {
		return err
	}
	defer c.stop()
	began := time.Now()
	if _, err := c.initialize(); err != nil {
		return err
	}
	if err := c.open(dir, f); err != nil {
		return err
	}
	m.firstDiagnostics[f.name] = time.Since(began)
	lines := markedLines(f)
	var at place
	for e := 0; e < edits; e++ {
		// Type a character after the marker on a random line, then
		// delete it: every edit changes the text, and the file stays
		// the size it was.
		n, text := 1, ""
		if e%2 == 0 {
			at, n, text = lines[r.IntN(len(lines))], 0, "x"
		}
		d, err := c.keystroke(f, int32(e+2), at, n, text)
		if err != nil {
			return err
		}
		m.latencies[f.name] = append(m.latencies[f.name], d)
		m.publishes[f.name] = append(m.publishes[f.name], c.last)
	}
	return nil
}

// A place is a 0-based line and UTF-16 column.
type place struct{ line, col int }

func markedLines(f file) []place {
	var out []place
	for i, l := range strings.Split(string(f.text), "\n") {
		if j := strings.Index(l, f.marker); j >= 0 {
			out = append(out, place{i, j + len(f.marker)})
		}
	}
	return out
}

// A client is a minimal LSP client over the server's standard streams.
type client struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	nextID int
	last   publish // the size of the last publish waited for
}

func start(server, dir string) (*client, error) {
	cmd := exec.Command(server, "lsp")
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", server, err)
	}
	return &client{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20)}, nil
}

func (c *client) stop() {
	c.request("shutdown", nil)
	c.notify("exit", nil)
	c.in.Close()
	c.cmd.Wait()
}

func (c *client) send(msg map[string]any) error {
	msg["jsonrpc"] = "2.0"
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

func (c *client) notify(method string, params any) error {
	return c.send(map[string]any{"method": method, "params": params})
}

// request sends a request and reads messages until its response.
func (c *client) request(method string, params any) (json.RawMessage, error) {
	c.nextID++
	id := c.nextID
	if err := c.send(map[string]any{"id": id, "method": method, "params": params}); err != nil {
		return nil, err
	}
	for {
		msg, err := c.read()
		if err != nil {
			return nil, err
		}
		if msg.Method == "" && msg.ID != nil && string(*msg.ID) == strconv.Itoa(id) {
			return msg.Result, nil
		}
	}
}

// A message is any JSON-RPC message from the server, read in one pass:
// of the parameters only the document and version of a publish are kept,
// as an editor's first look at a publish needs no more.
type message struct {
	ID     *json.RawMessage `json:"id"`
	Method string           `json:"method"`
	Params struct {
		URI     string `json:"uri"`
		Version int32  `json:"version"`
	} `json:"params"`
	Result json.RawMessage `json:"result"`
	size   publish
}

// read returns the next message, answering the server's own requests
// with null on the way.
func (c *client) read() (message, error) {
	for {
		length := -1
		for {
			line, err := c.out.ReadString('\n')
			if err != nil {
				return message{}, fmt.Errorf("reading from the server: %w", err)
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		if length < 0 {
			return message{}, fmt.Errorf("a message without Content-Length")
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(c.out, body); err != nil {
			return message{}, err
		}
		var msg message
		if uri, version, ok := publishHeader(body); ok {
			msg.Method = "textDocument/publishDiagnostics"
			msg.Params.URI, msg.Params.Version = uri, version
			msg.size = publish{bytes: len(body), diagnostics: bytes.Count(body, []byte(`"range":`))}
			return msg, nil
		}
		if err := json.Unmarshal(body, &msg); err != nil {
			return message{}, err
		}
		if msg.Method != "" && msg.ID != nil {
			if err := c.send(map[string]any{"id": msg.ID, "result": nil}); err != nil {
				return message{}, err
			}
			continue
		}
		return msg, nil
	}
}

// publishHeader reads the document and version of a publishDiagnostics
// notification and stops there: decoding the diagnostics is the editor's
// work, not the server's, and for a thousand of them would take longer
// than the server takes to find them. ok is false for other messages.
func publishHeader(body []byte) (uri string, version int32, ok bool) {
	if !bytes.Contains(body[:min(len(body), 120)], []byte(`"method":"textDocument/publishDiagnostics"`)) {
		return "", 0, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	depth, key, inParams := 0, "", false
	haveURI, haveVersion := false, false
	for !(haveURI && haveVersion) {
		tok, err := dec.Token()
		if err != nil {
			return "", 0, false
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' || t == '[' {
				depth++
				inParams = inParams || depth == 2 && key == "params"
			} else {
				depth--
			}
			key = ""
		case string:
			if key == "" && (depth == 1 || depth == 2 && inParams) {
				key = t
				continue
			}
			if depth == 2 && inParams && key == "uri" {
				uri, haveURI = t, true
			}
			key = ""
		case float64:
			if depth == 2 && inParams && key == "version" {
				version, haveVersion = int32(t), true
			}
			key = ""
		default:
			key = ""
		}
	}
	return uri, version, true
}

func (c *client) initialize() (json.RawMessage, error) {
	dir := c.cmd.Dir
	res, err := c.request("initialize", map[string]any{
		"processId":    os.Getpid(),
		"rootUri":      "file://" + dir,
		"capabilities": map[string]any{},
		"clientInfo":   map[string]any{"name": "lspbench"},
	})
	if err != nil {
		return nil, err
	}
	return res, c.notify("initialized", map[string]any{})
}

func uri(dir, name string) string { return "file://" + filepath.Join(dir, name) }

// open opens f and waits for its first diagnostics.
func (c *client) open(dir string, f file) error {
	err := c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri(dir, f.name), "languageId": f.lang, "version": 1, "text": string(f.text),
	}})
	if err != nil {
		return err
	}
	return c.waitDiagnostics(uri(dir, f.name), 1)
}

// keystroke replaces n characters at p with text as version and returns
// the time until the diagnostics of that version arrive.
func (c *client) keystroke(f file, version int32, p place, n int, text string) (time.Duration, error) {
	u := uri(c.cmd.Dir, f.name)
	began := time.Now()
	err := c.notify("textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": u, "version": version},
		"contentChanges": []any{map[string]any{
			"range": map[string]any{
				"start": map[string]any{"line": p.line, "character": p.col},
				"end":   map[string]any{"line": p.line, "character": p.col + n},
			},
			"text": text,
		}},
	})
	if err != nil {
		return 0, err
	}
	if err := c.waitDiagnostics(u, version); err != nil {
		return 0, err
	}
	return time.Since(began), nil
}

func (c *client) waitDiagnostics(u string, version int32) error {
	for {
		msg, err := c.read()
		if err != nil {
			return err
		}
		if msg.Method != "textDocument/publishDiagnostics" {
			continue
		}
		if p := msg.Params; p.URI == u && p.Version == version {
			c.last = msg.size
			return nil
		}
	}
}

// peakRSS reads the server's VmHWM in kB from /proc.
func (c *client) peakRSS() (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("reading the server's memory: %w", err)
	}
	for _, line := range bytes.Split(status, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(string(v)), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", c.cmd.Process.Pid)
}

// report prints the median run's figures.
func report(w io.Writer, fs []file, ms []measurement, edits int) {
	fmt.Fprintf(w, "keystroke -> diagnostics for that version, %d one-character edits per file, median of %d runs\n", edits, len(ms))
	fmt.Fprintf(w, "%-32s %6s %9s %9s %9s %12s %14s %12s\n", "file", "lines", "p50", "p95", "max", "first diags", "bytes/publish", "diagnostics")
	// med returns the median over the runs of what of returns for a run.
	med := func(of func(m measurement) time.Duration) time.Duration {
		vs := make([]time.Duration, len(ms))
		for k, m := range ms {
			vs[k] = of(m)
		}
		slices.Sort(vs)
		return vs[len(vs)/2]
	}
	latency := func(name string, p int) time.Duration {
		return med(func(m measurement) time.Duration {
			ds := slices.Clone(m.latencies[name])
			slices.Sort(ds)
			return percentile(ds, p)
		})
	}
	p50 := map[string]time.Duration{}
	for _, f := range fs {
		var sizes []publish
		for _, m := range ms {
			sizes = append(sizes, m.publishes[f.name]...)
		}
		slices.SortFunc(sizes, func(a, b publish) int { return a.bytes - b.bytes })
		size := sizes[len(sizes)/2]
		first := med(func(m measurement) time.Duration { return m.firstDiagnostics[f.name] })
		p50[f.name] = latency(f.name, 50)
		fmt.Fprintf(w, "%-32s %6d %9s %9s %9s %12s %14d %12d\n", f.name, bytes.Count(f.text, []byte("\n")),
			ms3(p50[f.name]), ms3(latency(f.name, 95)), ms3(latency(f.name, 100)), ms3(first), size.bytes, size.diagnostics)
	}
	for _, name := range []string{"Dockerfile", "compose.yaml"} {
		fmt.Fprintf(w, "%-32s %6s %9s %9s %9s\n", name+bothOpen, "", ms3(latency(name+bothOpen, 50)), ms3(latency(name+bothOpen, 95)), ms3(latency(name+bothOpen, 100)))
	}
	if valid, broken := p50["compose.yaml"], p50["compose-broken.yaml"]; valid > 0 {
		fmt.Fprintf(w, "keystroke in a broken key vs a valid one, compose p50: %.2fx\n", float64(broken)/float64(valid))
	}
	if small, large := p50["Dockerfile.200"], p50["Dockerfile.20000"]; small > 0 {
		fmt.Fprintf(w, "20,000-line vs 200-line Dockerfile, p50: %.1fx\n", float64(large)/float64(small))
	}
	rss := make([]int64, len(ms))
	for i, m := range ms {
		rss[i] = m.peakRSS
	}
	slices.Sort(rss)
	fmt.Fprintf(w, "peak RSS (VmHWM) with the 2,000-line Dockerfile and the 300-service compose file open, %d edits in each: %.1f MiB\n", edits, float64(rss[len(rss)/2])/1024)
}

func percentile(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p+99)/100 - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms3(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
