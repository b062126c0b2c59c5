// Package document holds the immutable text snapshots that every analysis
// works on, and the one place that converts between byte offsets and the
// UTF-16 line/character positions of the Language Server Protocol.
//
// All offsets in this package are byte offsets into Document.Text. Spans are
// half-open: [Start, End).
package document

import (
	"fmt"
	"sort"
	"unicode/utf8"
)

// A Span is a half-open range of byte offsets [Start, End) into a Document's Text.
type Span struct{ Start, End int }

// Len reports the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether off lies inside the span. An empty span contains
// its start offset, so that a cursor placed on it still finds it.
func (s Span) Contains(off int) bool {
	return s.Start <= off && (off < s.End || (s.Start == s.End && off == s.Start))
}

// Overlaps reports whether two spans share at least one byte, treating an
// empty span as the point it sits on.
func (s Span) Overlaps(o Span) bool {
	switch {
	case s.Start == s.End:
		return o.Start <= s.Start && s.Start <= o.End
	case o.Start == o.End:
		return s.Start <= o.Start && o.Start <= s.End
	}
	return s.Start < o.End && o.Start < s.End
}

// A Kind says which language a document is written in.
type Kind int

const (
	// Unknown documents are not analysed at all.
	Unknown Kind = iota
	// Dockerfile is the Dockerfile / Containerfile language.
	Dockerfile
	// Compose is a Docker Compose file (YAML with top-level services).
	Compose
)

func (k Kind) String() string {
	switch k {
	case Dockerfile:
		return "dockerfile"
	case Compose:
		return "compose"
	}
	return "unknown"
}

// A Document is an immutable snapshot of one file at one client version.
// Text is never modified after New; edits produce a new Document.
type Document struct {
	URI     string
	Version int32
	Kind    Kind
	Text    []byte

	// lines[i] is the byte offset at which line i starts. A line ends at
	// "\n", "\r\n" or a lone "\r", as the LSP specification defines.
	lines []int
}

// New returns a Document for text. It takes ownership of text.
func New(uri string, version int32, kind Kind, text []byte) *Document {
	return &Document{URI: uri, Version: version, Kind: kind, Text: text, lines: lineStarts(text)}
}

func lineStarts(text []byte) []int {
	lines := []int{0}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			lines = append(lines, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			lines = append(lines, i+1)
		}
	}
	return lines
}

// LineCount reports the number of lines; an empty document has one line.
func (d *Document) LineCount() int { return len(d.lines) }

// LineStart returns the byte offset of the first byte of line (0-based).
// Lines past the end map to len(Text).
func (d *Document) LineStart(line int) int {
	if line < 0 {
		return 0
	}
	if line >= len(d.lines) {
		return len(d.Text)
	}
	return d.lines[line]
}

// LineEnd returns the offset of the line terminator of line (0-based), or
// len(Text) for the last line: the line's content is Text[LineStart:LineEnd].
func (d *Document) LineEnd(line int) int {
	if line+1 >= len(d.lines) {
		return len(d.Text)
	}
	end := d.lines[line+1]
	if end > 0 && d.Text[end-1] == '\n' {
		end--
	}
	if end > d.lines[line] && d.Text[end-1] == '\r' {
		end--
	}
	return end
}

// Line returns the content of line (0-based) without its terminator.
func (d *Document) Line(line int) []byte {
	return d.Text[d.LineStart(line):d.LineEnd(line)]
}

// LineOf returns the 0-based line that contains the byte offset off.
func (d *Document) LineOf(off int) int {
	if off < 0 {
		return 0
	}
	// The first line start greater than off, minus one.
	return sort.SearchInts(d.lines, off+1) - 1
}

// A Position is a zero-based line and character offset in UTF-16 code
// units, the default position encoding of LSP.
type Position struct {
	Line      int
	Character int
}

// Position converts a byte offset to a UTF-16 Position. Offsets inside a
// multi-byte character or past the end are clamped to a valid boundary.
func (d *Document) Position(off int) Position {
	if off > len(d.Text) {
		off = len(d.Text)
	}
	line := d.LineOf(off)
	start := d.lines[line]
	if end := d.LineEnd(line); off > end {
		off = end // an offset inside "\r\n" is the end of the line
	}
	return Position{Line: line, Character: utf16Len(d.Text[start:off])}
}

// Offset converts a UTF-16 Position to a byte offset. A character past the
// end of its line is clamped to the line end, as LSP requires; a line past
// the end of the document is an error.
func (d *Document) Offset(p Position) (int, error) {
	if p.Line < 0 || p.Character < 0 {
		return 0, fmt.Errorf("invalid position %d:%d", p.Line, p.Character)
	}
	if p.Line >= len(d.lines) {
		if p.Line == len(d.lines) && p.Character == 0 {
			return len(d.Text), nil
		}
		return 0, fmt.Errorf("line %d is past the end of the document (%d lines)", p.Line, len(d.lines))
	}
	start, end := d.lines[p.Line], d.LineEnd(p.Line)
	units := 0
	for i := start; i < end; {
		if units >= p.Character {
			return i, nil
		}
		r, size := utf8.DecodeRune(d.Text[i:end])
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > p.Character {
			// The position points into the middle of a surrogate pair:
			// round down to the start of the character.
			return i, nil
		}
		units += n
		i += size
	}
	return end, nil
}

// bom is the UTF-8 byte order mark, which some Windows editors put at the
// start of a file.
const bom = "\xef\xbb\xbf"

// Column returns the 1-based line and 1-based column, counted in Unicode
// characters, of a byte offset: the form people read in a terminal. A
// UTF-8 byte order mark at the start of the file takes no column: no
// editor shows it, so the first character after it is in column 1.
func (d *Document) Column(off int) (line, col int) {
	if off > len(d.Text) {
		off = len(d.Text)
	}
	l := d.LineOf(off)
	if end := d.LineEnd(l); off > end {
		off = end
	}
	start := d.lines[l]
	if l == 0 && len(d.Text) >= len(bom) && string(d.Text[:len(bom)]) == bom {
		start = min(len(bom), off)
	}
	return l + 1, utf8.RuneCount(d.Text[start:off]) + 1
}

// utf16Len counts the UTF-16 code units needed for b. Invalid bytes count
// as one unit each (they decode to U+FFFD).
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}
