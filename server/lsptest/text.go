package lsptest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// The editor's own reading of LSP positions, written independently of the
// server's so that a test compares two implementations, not one with
// itself: lines end at "\r\n", "\n" or a lone "\r"; characters count UTF-16
// code units; a character past the end of its line means the line's end.

// Offset returns the byte offset of pos in text.
func Offset(text string, pos protocol.Position) (int, error) {
	line, i := uint32(0), 0
	for line < pos.Line {
		if i >= len(text) {
			return 0, fmt.Errorf("line %d is past the end (%d lines)", pos.Line, line+1)
		}
		switch text[i] {
		case '\n':
			line++
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			line++
		}
		i++
	}
	units := uint32(0)
	for i < len(text) && text[i] != '\n' && text[i] != '\r' {
		r, size := utf8.DecodeRuneInString(text[i:])
		n := uint32(1)
		if r > 0xFFFF {
			n = 2
		}
		if units+n > pos.Character {
			break
		}
		units += n
		i += size
	}
	return i, nil
}

// PositionOf returns the position of byte offset off in text.
func PositionOf(text string, off int) protocol.Position {
	var pos protocol.Position
	for i := 0; i < off; {
		switch {
		case text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n':
			if i+1 == off {
				return pos // inside a CRLF: the end of the line
			}
			pos.Line++
			pos.Character = 0
			i += 2
		case text[i] == '\n' || text[i] == '\r':
			pos.Line++
			pos.Character = 0
			i++
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			if r > 0xFFFF {
				pos.Character += 2
			} else {
				pos.Character++
			}
			i += size
		}
	}
	return pos
}

// RangeOf returns the range of the first occurrence of substr in text.
func RangeOf(text, substr string) (protocol.Range, bool) {
	i := strings.Index(text, substr)
	if i < 0 {
		return protocol.Range{}, false
	}
	return protocol.Range{Start: PositionOf(text, i), End: PositionOf(text, i+len(substr))}, true
}

func applyRange(text string, r protocol.Range, newText string) (string, error) {
	start, err := Offset(text, r.Start)
	if err != nil {
		return "", err
	}
	end, err := Offset(text, r.End)
	if err != nil {
		return "", err
	}
	if end < start {
		return "", fmt.Errorf("range %v ends before it starts", r)
	}
	return text[:start] + newText + text[end:], nil
}
