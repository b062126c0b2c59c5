package server_test

import (
	"bytes"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/server"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// FuzzIncrementalEdits applies range edits, drawn from the fuzzer's bytes,
// with the server's code and with the fake editor's independent reading of
// positions, and requires the same text. Seeds mix CJK, emoji, CRLF, lone
// CR and invalid UTF-8.
func FuzzIncrementalEdits(f *testing.F) {
	f.Add("FROM alpine\r\n# 日本語 😀\rRUN x\n", []byte{0, 3, 1, 5, 2, 0, 1, 9, 0, 2})
	f.Add("a\xffb\xed\xa0\x80c\n\n😀😀", []byte{1, 2, 1, 3, 4, 9, 9, 9, 9, 1})
	f.Add("", []byte{0, 0, 0, 0, 5})
	f.Add("services:\r\n  a:\r\n    image: x\r\n", []byte{2, 4, 2, 6, 7, 1, 0, 1, 1, 3})
	inserts := []string{"", "x", "😀", "\r\n", "\r", "\n", "語", "\xff", "ab\ncd"}
	f.Fuzz(func(t *testing.T, text string, script []byte) {
		doc := document.New("file:///f", 1, document.Dockerfile, []byte(text))
		want := text
		var changes []server.TestChange
		for len(script) >= 5 {
			r := protocol.Range{
				Start: protocol.Position{Line: uint32(script[0] % 8), Character: uint32(script[1] % 12)},
				End:   protocol.Position{Line: uint32(script[2] % 8), Character: uint32(script[3] % 12)},
			}
			ins := inserts[int(script[4])%len(inserts)]
			script = script[5:]
			start, err1 := lsptest.Offset(want, r.Start)
			end, err2 := lsptest.Offset(want, r.End)
			if err1 != nil || err2 != nil || end < start {
				continue // the reference only handles ranges inside the text, in order
			}
			want = want[:start] + ins + want[end:]
			changes = append(changes, server.TestChange{Range: &r, Text: ins})
		}
		got, clamped := server.ApplyChanges(doc, changes)
		if clamped {
			t.Fatalf("in-range changes were clamped")
		}
		if !bytes.Equal(got, []byte(want)) {
			t.Fatalf("server text %q, reference %q", got, want)
		}
	})
}
