package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// TerminalSafe makes text from files (paths, messages that quote file
// content) safe to print on a terminal: control characters (C0 but tab,
// DEL, C1), the invisible marks that reorder text (bidirectional
// controls) and bytes that are not UTF-8 are shown as escapes, \x1b or
// \u009b, instead of reaching the terminal, where they could move the
// cursor, recolour or hide what follows, or rewrite the title. Text output
// and every message on standard error go through it; JSON and SARIF are
// exact, their encoders escape what needs escaping.
func TerminalSafe(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, size) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && unsafeRune(r, size):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r, size):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports whether the rune decoded with size must not reach a
// terminal as it is.
func unsafeRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true
	case r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidirectional controls
	}
	return false
}
