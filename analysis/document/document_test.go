package document

import (
	"testing"
	"unicode/utf16"
)

func TestLines(t *testing.T) {
	doc := New("x", 1, Dockerfile, []byte("a\r\nbc\rd\n\nlast"))
	want := []string{"a", "bc", "d", "", "last"}
	if doc.LineCount() != len(want) {
		t.Fatalf("LineCount = %d, want %d", doc.LineCount(), len(want))
	}
	for i, w := range want {
		if got := string(doc.Line(i)); got != w {
			t.Errorf("Line(%d) = %q, want %q", i, got, w)
		}
	}
	if got := doc.LineOf(2); got != 0 { // inside "\r\n"
		t.Errorf("LineOf(2) = %d, want 0", got)
	}
	if got := doc.LineOf(3); got != 1 {
		t.Errorf("LineOf(3) = %d, want 1", got)
	}
	if got := doc.LineOf(len(doc.Text)); got != 4 {
		t.Errorf("LineOf(end) = %d, want 4", got)
	}
}

// TestPositionRoundTrip checks every character boundary of text containing
// two-, three- and four-byte characters (the last needing a UTF-16
// surrogate pair) against an independent UTF-16 encoding of each line.
func TestPositionRoundTrip(t *testing.T) {
	lines := []string{"FROM alpine", "# 日本語 😀 é", "", "RUN echo 🐳🐳"}
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		text := ""
		for i, l := range lines {
			if i > 0 {
				text += eol
			}
			text += l
		}
		doc := New("x", 1, Dockerfile, []byte(text))
		off := 0
		for li, l := range lines {
			for bi := range l + " " { // every rune start plus the line end
				if bi > len(l) {
					break
				}
				want := Position{Line: li, Character: len(utf16.Encode([]rune(l[:bi])))}
				if got := doc.Position(off + bi); got != want {
					t.Errorf("eol %q: Position(%d) = %v, want %v", eol, off+bi, got, want)
				}
				back, err := doc.Offset(want)
				if err != nil || back != off+bi {
					t.Errorf("eol %q: Offset(%v) = %d, %v; want %d", eol, want, back, err, off+bi)
				}
			}
			off += len(l) + len(eol)
		}
	}
}

func TestOffsetClamping(t *testing.T) {
	doc := New("x", 1, Dockerfile, []byte("a😀b\nxy"))
	cases := []struct {
		pos  Position
		want int
		err  bool
	}{
		{Position{0, 2}, 1, false},  // inside the surrogate pair: start of the emoji
		{Position{0, 3}, 5, false},  // after the emoji
		{Position{0, 99}, 6, false}, // past the line end: the line end
		{Position{1, 2}, 9, false},
		{Position{2, 0}, 9, false}, // the position just past the last line
		{Position{2, 1}, 0, true},
		{Position{5, 0}, 0, true},
		{Position{-1, 0}, 0, true},
	}
	for _, c := range cases {
		got, err := doc.Offset(c.pos)
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("Offset(%v) = %d, %v; want %d, error %v", c.pos, got, err, c.want, c.err)
		}
	}
}

func TestColumn(t *testing.T) {
	doc := New("x", 1, Compose, []byte("a: é日😀x\n"))
	if l, c := doc.Column(len("a: é日😀")); l != 1 || c != 7 {
		t.Errorf("Column = %d:%d, want 1:7", l, c)
	}
	// A byte order mark takes no column; on line 2 it is not a mark.
	doc = New("x", 1, Dockerfile, []byte("\ufeffFROM a\n\ufeffX"))
	for off, want := range map[int]int{0: 1, 3: 1, 8: 6, 10: 1, 13: 2} {
		if l, c := doc.Column(off); c != want {
			t.Errorf("Column(%d) = %d:%d, want column %d", off, l, c, want)
		}
	}
}

func TestApply(t *testing.T) {
	text := []byte("FROM alpine\nCMD sh\n")
	got, err := Apply(text, []Edit{
		{Span{12, 12}, "USER app\n"},
		{Span{0, 4}, "from"},
		{Span{16, 18}, `["sh"]`},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "from alpine\nUSER app\nCMD [\"sh\"]\n"; string(got) != want {
		t.Errorf("Apply = %q, want %q", got, want)
	}
	if _, err := Apply(text, []Edit{{Span{0, 5}, ""}, {Span{3, 6}, ""}}); err == nil {
		t.Error("overlapping edits were accepted")
	}
	if _, err := Apply(text, []Edit{{Span{10, 99}, ""}}); err == nil {
		t.Error("an edit past the end was accepted")
	}
}

func TestSpanOverlaps(t *testing.T) {
	cases := []struct {
		a, b Span
		want bool
	}{
		{Span{0, 5}, Span{4, 8}, true},
		{Span{0, 5}, Span{5, 8}, false},
		{Span{3, 3}, Span{0, 5}, true}, // a cursor inside a range
		{Span{5, 5}, Span{0, 5}, true}, // a cursor at the end of a range
		{Span{6, 6}, Span{0, 5}, false},
	}
	for _, c := range cases {
		if got := c.a.Overlaps(c.b); got != c.want {
			t.Errorf("%v.Overlaps(%v) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := c.b.Overlaps(c.a); got != c.want {
			t.Errorf("%v.Overlaps(%v) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
}
