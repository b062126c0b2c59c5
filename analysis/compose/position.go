package compose

import (
	"unicode/utf8"

	"github.com/dockwarden/dockwarden/analysis/document"
	"gopkg.in/yaml.v3"
)

// A locator turns the 1-based line and column of a yaml.v3 Node into byte
// offsets and finds where each written token ends. yaml.v3 counts columns in
// characters, not bytes, does not count a leading UTF-8 byte order mark, and
// breaks lines at "\r\n", "\r", "\n", U+0085, U+2028 and U+2029 (YAML 1.1
// line breaks), so the locator keeps its own line table with those rules
// rather than the document's.
type locator struct {
	text  []byte
	lines []int // lines[i] is the byte offset at which yaml line i+1 starts
	spans map[*yaml.Node]nodeSpan
}

// A nodeSpan is where one yaml node is written. For scalars inner excludes
// quotes and block-scalar headers; for collections inner equals outer.
type nodeSpan struct {
	outer, inner document.Span
}

func newLocator(text []byte) *locator {
	l := &locator{text: text, spans: map[*yaml.Node]nodeSpan{}}
	start := 0
	if len(text) >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF {
		start = 3 // yaml.v3 skips the byte order mark without counting it
	}
	l.lines = append(l.lines, start)
	for i := start; i < len(text); {
		if n := breakLen(text[i:]); n > 0 {
			i += n
			l.lines = append(l.lines, i)
			continue
		}
		i++
	}
	return l
}

// breakLen returns the length of the line break at the start of b, or 0.
func breakLen(b []byte) int {
	switch {
	case len(b) == 0:
		return 0
	case b[0] == '\n':
		return 1
	case b[0] == '\r':
		if len(b) > 1 && b[1] == '\n' {
			return 2
		}
		return 1
	case len(b) > 1 && b[0] == 0xC2 && b[1] == 0x85: // NEL
		return 2
	case len(b) > 2 && b[0] == 0xE2 && b[1] == 0x80 && (b[2] == 0xA8 || b[2] == 0xA9): // LS, PS
		return 3
	}
	return 0
}

// offset converts a yaml.v3 line and column (both 1-based, the column in
// characters) to a byte offset, clamped to the text.
func (l *locator) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(l.lines) {
		return len(l.text)
	}
	off := l.lines[line-1]
	for c := 1; c < col && off < len(l.text); c++ {
		if breakLen(l.text[off:]) > 0 {
			break
		}
		_, size := utf8.DecodeRune(l.text[off:])
		off += size
	}
	return off
}

// lineOf returns the 1-based yaml line holding off.
func (l *locator) lineOf(off int) int {
	lo, hi := 0, len(l.lines)
	for lo < hi {
		mid := (lo + hi) / 2
		if l.lines[mid] <= off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// lineEnd returns the offset of the break that ends the yaml line holding off.
func (l *locator) lineEnd(off int) int {
	for off < len(l.text) && breakLen(l.text[off:]) == 0 {
		off++
	}
	return off
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// skipGap skips spaces, tabs, line breaks and comments from off.
func (l *locator) skipGap(off int) int {
	for off < len(l.text) {
		c := l.text[off]
		switch {
		case isSpace(c):
			off++
		case breakLen(l.text[off:]) > 0:
			off += breakLen(l.text[off:])
		case c == '#':
			off = l.lineEnd(off)
		default:
			return off
		}
	}
	return off
}

// skipProperties skips an anchor (&a) and a tag (!t, !!str, !<uri>) written
// before a node: yaml.v3 puts the node's position on its first property.
func (l *locator) skipProperties(off int) int {
	for off < len(l.text) && (l.text[off] == '&' || l.text[off] == '!') {
		if l.text[off] == '!' && off+1 < len(l.text) && l.text[off+1] == '<' {
			for off < len(l.text) && l.text[off] != '>' {
				off++
			}
		}
		for off < len(l.text) && !isSpace(l.text[off]) && breakLen(l.text[off:]) == 0 &&
			l.text[off] != ',' && l.text[off] != ']' && l.text[off] != '}' {
			off++
		}
		off = l.skipGap(off)
	}
	return off
}

// span returns where n is written. It is memoised because aliases share
// nodes.
func (l *locator) span(n *yaml.Node) nodeSpan {
	if s, ok := l.spans[n]; ok {
		return s
	}
	l.spans[n] = nodeSpan{} // guards against cycles through aliases
	s := l.compute(n)
	l.spans[n] = s
	return s
}

func (l *locator) compute(n *yaml.Node) nodeSpan {
	start := l.offset(n.Line, n.Column)
	if n.Kind == yaml.AliasNode {
		end := start + 1
		for end < len(l.text) && !isSpace(l.text[end]) && breakLen(l.text[end:]) == 0 &&
			l.text[end] != ',' && l.text[end] != ']' && l.text[end] != '}' {
			end++
		}
		s := document.Span{Start: start, End: end}
		return nodeSpan{s, s}
	}
	if n.Kind == yaml.ScalarNode {
		if n.Value == "" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
			// An empty plain scalar (`key:` with nothing after it): yaml.v3
			// places it just after the indicator; it covers no text unless
			// it carries properties.
			if start < len(l.text) && (l.text[start] == '&' || l.text[start] == '!') {
				end := l.skipProperties(start)
				s := document.Span{Start: start, End: l.trimBack(start, end)}
				return nodeSpan{s, document.Span{Start: s.End, End: s.End}}
			}
			s := document.Span{Start: start, End: start}
			return nodeSpan{s, s}
		}
		start = l.skipProperties(start)
		return l.scalar(n, start)
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nodeSpan{}
		}
		return l.span(n.Content[0])
	}
	start = l.skipProperties(start)
	if n.Style&yaml.FlowStyle != 0 {
		end := start + 1
		if len(n.Content) > 0 {
			end = l.span(n.Content[len(n.Content)-1]).outer.End
		}
		close := byte(']')
		if n.Kind == yaml.MappingNode {
			close = '}'
		}
		for end < len(l.text) {
			end = l.skipGap(end)
			if end >= len(l.text) {
				break
			}
			if l.text[end] == close {
				end++
				break
			}
			if l.text[end] == ',' {
				end++
				continue
			}
			break // unexpected; keep what we have
		}
		s := document.Span{Start: start, End: end}
		return nodeSpan{s, s}
	}
	end := start
	for _, c := range n.Content {
		if e := l.span(c).outer.End; e > end {
			end = e
		}
	}
	s := document.Span{Start: start, End: end}
	return nodeSpan{s, s}
}

// trimBack moves end back over trailing whitespace, breaks and comments
// that skipGap may have passed, never before start.
func (l *locator) trimBack(start, end int) int {
	for end > start {
		c := l.text[end-1]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			end--
			continue
		}
		break
	}
	return end
}

// scalar finds the written token of a scalar whose first character is at
// start.
func (l *locator) scalar(n *yaml.Node, start int) nodeSpan {
	t := l.text
	if start >= len(t) {
		s := document.Span{Start: len(t), End: len(t)}
		return nodeSpan{s, s}
	}
	switch t[start] {
	case '"':
		i := start + 1
		for i < len(t) && t[i] != '"' {
			if t[i] == '\\' {
				i++
			}
			i++
		}
		end := min(i+1, len(t))
		return nodeSpan{document.Span{Start: start, End: end}, document.Span{Start: start + 1, End: min(i, len(t))}}
	case '\'':
		i := start + 1
		for i < len(t) {
			if t[i] == '\'' {
				if i+1 < len(t) && t[i+1] == '\'' {
					i += 2
					continue
				}
				break
			}
			i++
		}
		end := min(i+1, len(t))
		return nodeSpan{document.Span{Start: start, End: end}, document.Span{Start: start + 1, End: min(i, len(t))}}
	case '|', '>':
		return l.blockScalar(start)
	}
	// A plain scalar: its value is the text with line breaks and the
	// indentation around them folded, so walking both side by side finds the
	// end of the token exactly.
	v := n.Value
	i, j := start, 0
	for j < len(v) && i < len(t) {
		if v[j] == ' ' || v[j] == '\n' {
			k := i
			for k < len(t) && isSpace(t[k]) {
				k++
			}
			if k < len(t) && breakLen(t[k:]) > 0 {
				// A folded line break: skip the break, blank lines and the
				// next line's indentation in the text, and the spaces and
				// newlines they became in the value.
				for k < len(t) && (isSpace(t[k]) || breakLen(t[k:]) > 0) {
					k += max(1, breakLen(t[k:]))
				}
				i = k
				for j < len(v) && (v[j] == ' ' || v[j] == '\n') {
					j++
				}
				continue
			}
			if t[i] != v[j] {
				break
			}
			i++
			j++
			continue
		}
		if t[i] != v[j] {
			break
		}
		i++
		j++
	}
	s := document.Span{Start: start, End: i}
	return nodeSpan{s, s}
}

// blockScalar spans a literal or folded scalar from its indicator to the
// end of its last non-blank content line.
func (l *locator) blockScalar(start int) nodeSpan {
	t := l.text
	headerEnd := l.lineEnd(start)
	explicit := 0
	for i := start + 1; i < headerEnd && !isSpace(t[i]) && t[i] != '#'; i++ {
		if t[i] >= '1' && t[i] <= '9' {
			explicit = int(t[i] - '0')
		}
	}
	parent := l.indentAt(start)
	want := -1
	if explicit > 0 {
		want = parent + explicit
	}
	end := headerEnd
	contentStart := -1
	off := headerEnd + breakLen(t[headerEnd:])
	for off < len(t) {
		lineEnd := l.lineEnd(off)
		ind := 0
		for off+ind < lineEnd && t[off+ind] == ' ' {
			ind++
		}
		if off+ind == lineEnd || isSpace(t[off+ind]) && onlySpace(t[off+ind:lineEnd]) {
			off = lineEnd + breakLen(t[lineEnd:])
			continue // blank lines belong to the scalar only if content follows
		}
		if want < 0 {
			if ind <= parent {
				break
			}
			want = ind
		}
		if ind < want {
			break
		}
		if contentStart < 0 {
			contentStart = off + ind
		}
		end = lineEnd
		off = lineEnd + breakLen(t[lineEnd:])
	}
	if contentStart < 0 {
		contentStart = end
	}
	return nodeSpan{document.Span{Start: start, End: end}, document.Span{Start: contentStart, End: end}}
}

func onlySpace(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// indentAt returns the number of leading spaces of the yaml line holding off.
func (l *locator) indentAt(off int) int {
	ls := l.lines[l.lineOf(off)-1]
	n := 0
	for ls+n < len(l.text) && l.text[ls+n] == ' ' {
		n++
	}
	return n
}
