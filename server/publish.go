package server

import (
	"strconv"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// encodePublish writes the publishDiagnostics notification as JSON in one
// pass. Going through jsonrpc2 encodes the parameters, then encodes the
// message around them and checks and copies the parameters again; with a
// thousand diagnostics, as a large compose file has, that was most of the
// time from a keystroke to its diagnostics.
func encodePublish(uri protocol.DocumentURI, version uint32, diags []protocol.Diagnostic) []byte {
	b := make([]byte, 0, 128+len(diags)*400)
	b = append(b, `{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":`...)
	b = appendString(b, string(uri))
	b = append(b, `,"version":`...)
	b = strconv.AppendUint(b, uint64(version), 10)
	b = append(b, `,"diagnostics":[`...)
	for i, d := range diags {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"range":`...)
		b = appendRange(b, d.Range)
		if d.Severity != 0 {
			b = append(b, `,"severity":`...)
			b = strconv.AppendInt(b, int64(d.Severity), 10)
		}
		if code, ok := d.Code.(string); ok {
			b = append(b, `,"code":`...)
			b = appendString(b, code)
		}
		if d.CodeDescription != nil {
			b = append(b, `,"codeDescription":{"href":`...)
			b = appendString(b, string(d.CodeDescription.Href))
			b = append(b, '}')
		}
		if d.Source != "" {
			b = append(b, `,"source":`...)
			b = appendString(b, d.Source)
		}
		b = append(b, `,"message":`...)
		b = appendString(b, d.Message)
		b = append(b, '}')
	}
	return append(b, "]}}"...)
}

func appendRange(b []byte, r protocol.Range) []byte {
	b = append(b, `{"start":`...)
	b = appendPosition(b, r.Start)
	b = append(b, `,"end":`...)
	b = appendPosition(b, r.End)
	return append(b, '}')
}

func appendPosition(b []byte, p protocol.Position) []byte {
	b = append(b, `{"line":`...)
	b = strconv.AppendUint(b, uint64(p.Line), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(p.Character), 10)
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// plainASCII[c] is true for the ASCII bytes a JSON string holds as they
// are: printable, not a quote or backslash, and not <, > or & (escaped
// as encoding/json does).
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString appends s as a JSON string the way encoding/json writes
// it: control characters, quotes, backslashes, <, >, & and the line and
// paragraph separators escaped, invalid UTF-8 replaced by U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if plainASCII[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
