package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
	ids  idMap // the client's request ids (ids.go)

	mu sync.Mutex // serialises writes
}

func newStream(rwc io.ReadWriteCloser, logf func(string, ...any)) *stream {
	return &stream{rwc: rwc, in: bufio.NewReader(rwc), logf: logf}
}

// Read returns the next well-formed message. A body that is not JSON-RPC
// gets the error response JSON-RPC 2.0 prescribes (id null when the id
// cannot be read) and is skipped; a broken header is skipped up to the
// next "Content-Length:". Read fails only when the input ends.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	pending := ""
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		length, err := s.readHeader(pending)
		pending = ""
		var bad *framingError
		if errors.As(err, &bad) {
			s.logf("skipped a malformed frame: %v", bad)
			// The next frame's header often follows the garbage on the
			// same line, since message bodies end without a newline.
			if i := strings.Index(strings.ToLower(bad.line), contentLength); i > 0 {
				pending = bad.line[i:]
			} else if pending, err = s.resync(); err != nil {
				return nil, 0, err
			}
			continue
		}
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
		msg, err := s.decode(body)
		if err != nil {
			s.logf("answered a message that is not JSON-RPC: %v", err)
			s.replyInvalid(body, err)
			continue
		}
		return msg, length, nil
	}
}

// A framingError is a header the stream cannot read; line is the line at
// fault.
type framingError struct{ msg, line string }

func (e *framingError) Error() string { return e.msg }

const contentLength = "content-length:"

// readHeader reads header lines up to the blank line that ends them and
// returns the Content-Length. first, when not empty, is a header line
// already read.
func (s *stream) readHeader(first string) (int64, error) {
	length := int64(-1)
	for {
		line := first
		first = ""
		if line == "" {
			raw, err := s.in.ReadSlice('\n')
			if errors.Is(err, bufio.ErrBufferFull) {
				return 0, &framingError{msg: "a header line longer than the buffer"}
			}
			if err != nil {
				return 0, err // io.EOF when the client has gone
			}
			line = string(raw)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if length < 0 {
				continue // tolerate stray blank lines between frames
			}
			return length, nil
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !isToken(name) {
			return 0, &framingError{msg: fmt.Sprintf("invalid header line %q", truncate(line)), line: line}
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || n < 0 {
				return 0, &framingError{msg: fmt.Sprintf("invalid Content-Length %q", truncate(value)), line: line}
			}
			length = n
		}
	}
}

// resync discards input up to and including the next "Content-Length:"
// (in any case) and returns the header line it starts, so that reading
// goes on at the next frame.
func (s *stream) resync() (string, error) {
	window := make([]byte, 0, len(contentLength))
	for {
		b, err := s.in.ReadByte()
		if err != nil {
			return "", err
		}
		if len(window) == cap(window) {
			copy(window, window[1:])
			window = window[:len(window)-1]
		}
		window = append(window, b)
		if strings.EqualFold(string(window), contentLength) {
			rest, err := s.in.ReadString('\n')
			if err != nil {
				return "", err
			}
			return "Content-Length:" + rest, nil
		}
	}
}

// isToken reports whether name can be a header field name (RFC 9110
// section 5.6.2, restricted to what LSP uses).
func isToken(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// decode checks the envelope before jsonrpc2 sees it: jsonrpc2 accepts a
// JSON array or a message whose params is not an object without complaint
// and would hand the handler garbage. A request's id, and the id a
// $/cancelRequest names, are replaced by the stream's own (ids.go).
func (s *stream) decode(body []byte) (jsonrpc2.Message, error) {
	if !json.Valid(body) {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.ParseError, Message: "the message is not valid JSON"}
	}
	var envelope map[string]json.RawMessage
	if err := json.Unmarshal(body, &envelope); err != nil {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidRequest, Message: "the message is not a JSON object (batches are not supported)"}
	}
	if v := envelope["jsonrpc"]; string(v) != `"2.0"` {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidRequest, Message: `"jsonrpc" must be "2.0"`}
	}
	if method, isRequest := envelope["method"]; isRequest {
		id, hasID := envelope["id"]
		switch {
		case hasID && string(bytes.TrimSpace(id)) != "null":
			key, ok := idKey(id)
			if !ok {
				return nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidRequest, Message: "the id must be a number or a string"}
			}
			ours := s.ids.newID()
			envelope["id"] = json.RawMessage(strconv.Quote(ours))
			msg, err := jsonrpc2.DecodeMessage(reencode(envelope))
			if err != nil {
				return nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidRequest, Message: err.Error()}
			}
			s.ids.add(ours, key, id)
			return msg, nil
		case string(method) == `"$/cancelRequest"`:
			body = reencode(s.cancelWithOurID(envelope))
		}
	}
	msg, err := jsonrpc2.DecodeMessage(body)
	if err != nil {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidRequest, Message: err.Error()}
	}
	return msg, nil
}

// cancelWithOurID returns the envelope of a $/cancelRequest with the id
// it names replaced by the stream's id of that request.
func (s *stream) cancelWithOurID(envelope map[string]json.RawMessage) map[string]json.RawMessage {
	var params map[string]json.RawMessage
	if json.Unmarshal(envelope["params"], &params) != nil || params == nil {
		return envelope // the handler says what is wrong with it
	}
	id, ok := params["id"]
	if !ok {
		return envelope
	}
	key, ok := idKey(id)
	if !ok {
		return envelope
	}
	params["id"] = s.ids.pending(key)
	envelope["params"] = reencode(params)
	return envelope
}

// reencode encodes what was decoded from valid JSON.
func reencode(v map[string]json.RawMessage) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("re-encoding decoded JSON: " + err.Error())
	}
	return b
}

// replyInvalid answers a body decode rejected. The id is echoed when the
// body has one that is a number or a string, and null otherwise, as
// JSON-RPC 2.0 section 5 requires.
func (s *stream) replyInvalid(body []byte, err error) {
	id := json.RawMessage("null")
	var envelope struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(body, &envelope) == nil && len(envelope.ID) > 0 && (envelope.ID[0] == '"' || envelope.ID[0] == '-' || (envelope.ID[0] >= '0' && envelope.ID[0] <= '9')) {
		id = envelope.ID
	}
	rpcErr := &jsonrpc2.Error{Code: jsonrpc2.InvalidRequest, Message: err.Error()}
	errors.As(err, &rpcErr)
	data, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "error": rpcErr})
	if werr := s.writeData(data); werr != nil {
		s.logf("answering an invalid message: %v", werr)
	}
}

// Write sends one message with its header.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	var data []byte
	var err error
	if m, ok := msg.(json.Marshaler); ok {
		// jsonrpc2's messages encode themselves; encoding/json would
		// only check and copy the result again, which for a large set
		// of diagnostics costs as much as encoding it.
		data, err = m.MarshalJSON()
	} else {
		data, err = json.Marshal(msg)
	}
	if err != nil {
		return 0, fmt.Errorf("encoding a message: %w", err)
	}
	if resp, ok := msg.(*jsonrpc2.Response); ok {
		if ours, client, ok := s.ids.answered(resp.ID()); ok {
			data = withClientID(data, ours, client)
		}
	}
	return int64(len(data)), s.writeData(data)
}

func (s *stream) writeData(data []byte) error {
	frame := make([]byte, 0, len(data)+32)
	frame = append(frame, "Content-Length: "...)
	frame = strconv.AppendInt(frame, int64(len(data)), 10)
	frame = append(frame, "\r\n\r\n"...)
	frame = append(frame, data...)
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.rwc.Write(frame)
	return err
}

// Close closes the underlying connection.
func (s *stream) Close() error { return s.rwc.Close() }
