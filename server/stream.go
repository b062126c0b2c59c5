package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// maxMessage bounds the body of one message. Editors send whole documents
// in didOpen; anything larger than this is not a document a person edits.
const maxMessage = 64 << 20

// A stream frames JSON-RPC messages with the LSP base protocol headers
// ("Content-Length: N\r\n\r\n"). Unlike jsonrpc2's own stream it survives a
// body that is not a valid message: the body is skipped and logged, and the
// next frame is read, so one bad message does not end the session.
type stream struct {
	rwc  io.ReadWriteCloser
	in   *bufio.Reader
	logf func(format string, args ...any)

	mu sync.Mutex // serialises writes
}

func newStream(rwc io.ReadWriteCloser, logf func(string, ...any)) *stream {
	return &stream{rwc: rwc, in: bufio.NewReader(rwc), logf: logf}
}

// Read returns the next well-formed message. It fails only when the frame
// itself cannot be read, after which no later frame can be found reliably.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		length, err := s.readHeader()
		if err != nil {
			return nil, 0, err
		}
		if length > maxMessage {
			if _, err := io.CopyN(io.Discard, s.in, length); err != nil {
				return nil, 0, fmt.Errorf("skipping an oversized message: %w", err)
			}
			s.logf("skipped a message of %d bytes (the limit is %d)", length, maxMessage)
			continue
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(s.in, body); err != nil {
			return nil, 0, fmt.Errorf("reading a message body: %w", err)
		}
		msg, err := decode(body)
		if err != nil {
			s.logf("ignored a message that is not JSON-RPC: %v", err)
			continue
		}
		return msg, length, nil
	}
}

func (s *stream) readHeader() (int64, error) {
	length := int64(-1)
	for {
		line, err := s.in.ReadString('\n')
		if err != nil {
			return 0, err // io.EOF when the client has gone
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if length < 0 {
				continue // tolerate stray blank lines between frames
			}
			return length, nil
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return 0, fmt.Errorf("invalid header line %q", line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || n < 0 {
				return 0, fmt.Errorf("invalid Content-Length %q", value)
			}
			length = n
		}
	}
}

// decode checks the envelope before jsonrpc2 sees it: jsonrpc2 accepts a
// JSON array or a message whose params is not an object without complaint
// and would hand the handler garbage.
func decode(body []byte) (jsonrpc2.Message, error) {
	var envelope map[string]json.RawMessage
	if err := json.Unmarshal(body, &envelope); err != nil {
		return nil, err
	}
	return jsonrpc2.DecodeMessage(body)
}

// Write sends one message with its header.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("encoding a message: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := fmt.Fprintf(s.rwc, "Content-Length: %d\r\n\r\n%s", len(data), data)
	return int64(n), err
}

// Close closes the underlying connection.
func (s *stream) Close() error { return s.rwc.Close() }
