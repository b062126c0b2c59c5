package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// The pinned jsonrpc2 (v0.10.0) keeps a request id as an int32 or a
// non-empty string: it read "" as 0, so the two were answered alike and
// shared one cancellation entry, and it refused a number past int32.
// JSON-RPC 2.0 allows any string or number, and the response must carry
// the request's id exactly (section 5). So the stream gives every request
// it reads an id of its own that jsonrpc2 can carry, keeps the client's id
// as it was written, puts it back in the response, and reads the id of a
// $/cancelRequest through the same table.

// An idMap pairs the stream's ids with the client's.
type idMap struct {
	mu     sync.Mutex
	next   uint64
	client map[string]json.RawMessage // our id's name -> the client's id, as written
	ours   map[string]string          // the client's id (idKey) -> our id's name
}

// ourPrefix starts every id the stream gives: "dw#1", "dw#2"...
const ourPrefix = "dw#"

// noRequest is the id a cancellation of no pending request is given: it
// matches none.
var noRequest = json.RawMessage(`"` + ourPrefix + `none"`)

// idKey returns a key that is the same for the same id written again: a
// string by its value, a number by its digits. ok is false for an id that
// is neither a string nor a number.
func idKey(raw json.RawMessage) (key string, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return "s" + s, true
	case c == '-' || c >= '0' && c <= '9':
		var n json.Number
		if json.Unmarshal(raw, &n) != nil {
			return "", false
		}
		return "n" + string(raw), true
	}
	return "", false
}

// newID returns a name for the id of the next request, unique in the
// session.
func (m *idMap) newID() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	return ourPrefix + strconv.FormatUint(m.next, 10)
}

// add records that the request the client knows by client (key its
// idKey) goes by ours.
func (m *idMap) add(ours, key string, client json.RawMessage) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.client == nil {
		m.client, m.ours = map[string]json.RawMessage{}, map[string]string{}
	}
	m.client[ours] = append(json.RawMessage(nil), bytes.TrimSpace(client)...)
	m.ours[key] = ours
}

// pending returns our id, as JSON, of the request the client knows by
// key, while it is not answered; noRequest otherwise.
func (m *idMap) pending(key string) json.RawMessage {
	m.mu.Lock()
	defer m.mu.Unlock()
	if name, ok := m.ours[key]; ok {
		return json.RawMessage(strconv.Quote(name))
	}
	return noRequest
}

// answered returns the client's id of our id, and forgets both.
func (m *idMap) answered(id jsonrpc2.ID) (ours string, client json.RawMessage, ok bool) {
	ours = fmt.Sprintf("%v", id) // the name: ours are strings
	m.mu.Lock()
	defer m.mu.Unlock()
	client, ok = m.client[ours]
	if !ok {
		return "", nil, false
	}
	delete(m.client, ours)
	if key, _ := idKey(client); m.ours[key] == ours {
		delete(m.ours, key)
	}
	return ours, client, true
}

// withClientID replaces our id in data, a response jsonrpc2 encoded (its
// id is the last member), with the client's.
func withClientID(data []byte, ours string, client json.RawMessage) []byte {
	suffix := []byte(`"id":` + strconv.Quote(ours) + `}`)
	if !bytes.HasSuffix(data, suffix) {
		// Not the shape jsonrpc2 writes: take it apart and put it back.
		var m map[string]json.RawMessage
		if json.Unmarshal(data, &m) != nil {
			return data
		}
		m["id"] = client
		out, err := json.Marshal(m)
		if err != nil {
			return data
		}
		return out
	}
	out := make([]byte, 0, len(data)+len(client))
	out = append(out, data[:len(data)-len(suffix)]...)
	out = append(out, `"id":`...)
	out = append(out, client...)
	return append(out, '}')
}
