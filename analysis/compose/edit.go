package compose

import (
	"strings"
	"unicode/utf8"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// A Bool is a scalar read as a Compose boolean.
type Bool struct {
	Value bool
	// OK reports that the scalar is a boolean in some spelling.
	OK bool
	// YAML11 reports a YAML 1.1 spelling (yes/no/on/off/y/n) that YAML 1.2
	// and the Compose schema read as a string; Docker Compose accepts it
	// for historical reasons, but a rule should hint at `true`/`false`.
	YAML11 bool
}

// Bool reads v as the Compose loader does: `true`, `True`, quoted "true"
// and the YAML 1.1 spellings, flagged, in any case (compose-go casts a
// string where a boolean belongs with its toBoolean, which lower-cases
// it first: loader/interpolate.go).
func (v *Value) Bool() Bool {
	if !v.IsScalar() {
		return Bool{}
	}
	switch strings.ToLower(v.Node.Value) {
	case "true":
		return Bool{Value: true, OK: true}
	case "false":
		return Bool{Value: false, OK: true}
	case "yes", "on", "y":
		return Bool{Value: true, OK: true, YAML11: true}
	case "no", "off", "n":
		return Bool{Value: false, OK: true, YAML11: true}
	}
	return Bool{}
}

// Truthy reports whether v is a boolean true in any spelling.
func (v *Value) Truthy() bool { b := v.Bool(); return b.OK && b.Value }

// MultiLine reports whether v's written text spans more than one line.
func (f *File) MultiLine(v *Value) bool {
	return v != nil && f.Doc.LineOf(v.Span.Start) != f.Doc.LineOf(max(v.Span.Start, v.Span.End-1))
}

// ChildIndent returns the indentation, as written, of the keys of a block
// mapping or the `-` of a block sequence: the leading whitespace of a child
// that starts its own line. When every child follows a `- ` on the line of
// its parent item (`- type: bind`), the indentation is that column filled
// with spaces. ok is false for flow collections, empty collections and
// aliased values.
func (f *File) ChildIndent(v *Value) (indent string, ok bool) {
	if v == nil || v.Flow() || v.Aliased {
		return "", false
	}
	var starts []int
	for _, p := range v.Pairs() {
		if !p.Merged {
			starts = append(starts, p.Key.Span.Start)
		}
	}
	for _, it := range v.Items() {
		// The `-` precedes the item; find it on the item's line.
		if dash := f.dashBefore(it.Span.Start); dash >= 0 {
			starts = append(starts, dash)
		}
	}
	if len(starts) == 0 {
		return "", false
	}
	fallback := ""
	for _, s := range starts {
		ls := f.Doc.LineStart(f.Doc.LineOf(s))
		prefix := f.Doc.Text[ls:s]
		if onlySpace(prefix) {
			return string(prefix), true
		}
		if fallback == "" {
			fallback = strings.Repeat(" ", utf8.RuneCount(prefix))
		}
	}
	return fallback, true
}

// dashBefore returns the offset of the `-` that introduces a block sequence
// item starting at off, or -1.
func (f *File) dashBefore(off int) int {
	t := f.Doc.Text
	ls := f.Doc.LineStart(f.Doc.LineOf(off))
	for i := off - 1; i >= ls; i-- {
		switch t[i] {
		case ' ', '\t':
			continue
		case '-':
			return i
		}
		return -1
	}
	return -1
}

// Newline returns the line terminator used by the line holding off ("\n"
// when that line has none), so inserted lines keep a CRLF file CRLF.
func (f *File) Newline(off int) string {
	end := f.Doc.LineEnd(f.Doc.LineOf(off))
	t := f.Doc.Text
	switch {
	case end+1 < len(t) && t[end] == '\r' && t[end+1] == '\n':
		return "\r\n"
	case end < len(t) && t[end] == '\r':
		return "\r"
	case end < len(t):
		return "\n"
	}
	// The last line: follow the first line break of the file.
	if i := strings.IndexAny(string(t), "\r\n"); i >= 0 {
		if t[i] == '\r' && i+1 < len(t) && t[i+1] == '\n' {
			return "\r\n"
		}
		return string(t[i])
	}
	return "\n"
}

// InsertAfterLine returns an edit that inserts one new line holding text
// after the line that holds off, keeping the file's line terminator; text
// carries its own indentation.
func (f *File) InsertAfterLine(off int, text string) document.Edit {
	end := f.Doc.LineEnd(f.Doc.LineOf(off))
	nl := f.Newline(off)
	return document.Edit{Span: document.Span{Start: end, End: end}, NewText: nl + text}
}

// LineOf returns the 0-based document line of a byte offset.
func (f *File) LineOf(off int) int { return f.Doc.LineOf(off) }
