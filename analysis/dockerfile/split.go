package dockerfile

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// A physLine is one line as BuildKit's scanner sees it: lines end after
// "\n" only (a lone "\r" does not end a line there), and the content
// excludes every trailing "\r" and "\n".
type physLine struct {
	start int // first byte (after a byte-order mark on the first line)
	end   int // end of the content
	next  int // first byte of the next line, or len(text)
}

func physLines(text []byte) []physLine {
	lines := make([]physLine, 0, bytes.Count(text, []byte{'\n'})+1)
	start := 0
	if bytes.HasPrefix(text, utf8BOM) {
		start = len(utf8BOM)
	}
	for start < len(text) {
		end, next := lineAt(text, start)
		lines = append(lines, physLine{start: start, end: end, next: next})
		start = next
	}
	return lines
}

// lineAt returns, for the line that starts at start, the end of its content
// (before its trailing "\r" and "\n") and the first byte of the next line,
// or len(text).
func lineAt(text []byte, start int) (end, next int) {
	next = len(text)
	if i := bytes.IndexByte(text[start:], '\n'); i >= 0 {
		next = start + i + 1
	}
	end = next
	for end > start && (text[end-1] == '\n' || text[end-1] == '\r') {
		end--
	}
	return end, next
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// A block is the text of one instruction: [start, end) runs from the
// instruction's first non-blank byte to the end of the content of its last
// line (continuation or heredoc terminator). line is the 0-based physical
// line the block starts on.
type block struct {
	start, end int
	line       int
	comments   []document.Span
}

// split cuts text into instruction blocks the way BuildKit's parser reads
// it (parser.Parse): parser directives first, then instructions whose
// continuation lines are decided by the escape character, and heredoc
// bodies after the instruction line of RUN, COPY and ADD.
func split(text []byte, memo *heredocMemo) ([]block, []*Directive, []Error) {
	lines := physLines(text)
	var (
		blocks     []block
		directives []*Directive
		errs       []Error
		dp         parser.DirectiveParser
		escape     byte = '\\'
		comments   []document.Span
	)
	blocks = make([]block, 0, len(lines)/2+1)
	var logical []byte // the block's instruction line, continuations joined
	content := func(i int) []byte { return text[lines[i].start:lines[i].end] }
	lineErr := func(i int, msg string) Error {
		l := lines[i]
		s := l.start
		for s < l.end && isSpace(text[s]) {
			s++
		}
		return Error{Span: document.Span{Start: s, End: l.end}, Message: msg}
	}
	for i := 0; i < len(lines); i++ {
		raw := content(i)
		trimmed := bytes.TrimLeftFunc(raw, unicode.IsSpace)
		lead := len(raw) - len(trimmed)
		if d, err := dp.ParseLine(trimmed); err != nil {
			// BuildKit stops here; the line is a comment either way, so
			// the rest of the file can still be read.
			errs = append(errs, lineErr(i, err.Error()))
			continue
		} else if d != nil {
			dir := directive(text, lines[i].start+lead, trimmed, d)
			if dir.Name == "escape" {
				if dir.Value != "`" && dir.Value != `\` {
					errs = append(errs, lineErr(i, "invalid escape token '"+dir.Value+"' does not match ` or \\"))
				} else {
					escape = dir.Value[0]
				}
			}
			directives = append(directives, dir)
			continue
		}
		if len(trimmed) == 0 {
			comments = nil
			continue
		}
		if trimmed[0] == '#' {
			comments = append(comments, document.Span{Start: lines[i].start + lead, End: lines[i].end})
			continue
		}
		b := block{start: lines[i].start + lead, line: i, comments: comments}
		comments = nil
		first, cont := trimContinuation(trimmed, escape)
		logical = append(logical[:0], first...)
		for cont && i+1 < len(lines) {
			i++
			next := content(i)
			if isCommentLine(next) || len(bytes.TrimLeftFunc(next, unicode.IsSpace)) == 0 {
				continue
			}
			var body []byte
			body, cont = trimContinuation(next, escape)
			logical = append(logical, body...)
		}
		b.end = lines[i].end
		var names []parser.Heredoc
		if bytes.Contains(logical, []byte("<<")) {
			names = memo.names(string(logical), escape)
		}
		if len(names) > 0 {
			for _, h := range names {
				terminated := false
				for i+1 < len(lines) {
					i++
					candidate := content(i)
					if h.Chomp {
						candidate = bytes.TrimLeft(candidate, "\t")
					}
					if string(candidate) == h.Name {
						terminated = true
						break
					}
				}
				b.end = lines[i].end
				if !terminated {
					break
				}
			}
		}
		blocks = append(blocks, b)
	}
	return blocks, directives, errs
}

// directive records the spans of a parser directive on a line whose
// content, leading blanks removed, starts at off.
func directive(text []byte, off int, line []byte, d *parser.Directive) *Directive {
	dir := &Directive{Name: d.Name, Value: d.Value, Span: document.Span{Start: off, End: off + len(line)}}
	// The line is "#", blanks, name, blanks, "=", blanks, value, blanks.
	i := 1
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	nameStart := i
	for i < len(line) && line[i] != '=' && !isSpace(line[i]) {
		i++
	}
	dir.NameSpan = document.Span{Start: off + nameStart, End: off + i}
	if eq := bytes.IndexByte(line[i:], '='); eq >= 0 {
		i += eq + 1
	}
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	dir.ValueSpan = document.Span{Start: off + i, End: off + i + len(d.Value)}
	if dir.ValueSpan.End > dir.Span.End {
		dir.ValueSpan.End = dir.Span.End
	}
	return dir
}

// trimContinuation reports whether line ends with the escape character
// (then followed only by blanks) that continues the instruction on the next
// line, and returns the line without it. An escape character preceded by
// another escape character is not a continuation, as in BuildKit.
func trimContinuation(line []byte, escape byte) ([]byte, bool) {
	end := len(line)
	for end > 0 && (line[end-1] == ' ' || line[end-1] == '\t') {
		end--
	}
	if end == 0 || line[end-1] != escape {
		return line, false
	}
	if end >= 2 && line[end-2] == escape {
		return line, false
	}
	return line[:end-1], true
}

func isCommentLine(line []byte) bool {
	t := bytes.TrimLeftFunc(line, unicode.IsSpace)
	return len(t) > 0 && t[0] == '#'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' }

// A heredocMemo keeps what heredocNames found for the instruction lines of
// the last parse of a document, for the next one: reading heredocs means
// running BuildKit's parser and lexer on the line. A nil memo keeps
// nothing.
type heredocMemo struct {
	last, next map[heredocKey][]parser.Heredoc
}

type heredocKey struct {
	logical string
	escape  byte
}

func (m *heredocMemo) names(logical string, escape byte) []parser.Heredoc {
	if m == nil || !strings.Contains(logical, "<<") {
		return heredocNames(logical, escape)
	}
	key := heredocKey{logical, escape}
	names, ok := m.last[key]
	if !ok {
		names = heredocNames(logical, escape)
	}
	if m.next == nil {
		m.next = map[heredocKey][]parser.Heredoc{}
	}
	m.next[key] = names
	return names
}

// rotate forgets the lines the last parse did not see.
func (m *heredocMemo) rotate() {
	if m != nil {
		m.last, m.next = m.next, nil
	}
}

// heredocNames returns the heredocs an instruction line opens, in order.
// BuildKit's parser itself decides whether the instruction can hold
// heredocs (RUN, COPY, ADD, also under ONBUILD, and not in JSON form): the
// joined line is parsed alone, and only an "unterminated heredoc" error
// means it opens some. The names are then read the way BuildKit reads them.
func heredocNames(logical string, escape byte) []parser.Heredoc {
	if !strings.Contains(logical, "<<") {
		return nil
	}
	src := logical + "\n"
	if escape == '`' {
		src = "# escape=`\n" + src
	}
	if _, err := parser.Parse(strings.NewReader(src)); err == nil || !strings.Contains(err.Error(), "unterminated heredoc") {
		return nil
	}
	lex := shell.NewLex('\\')
	lex.RawQuotes = true
	lex.RawEscapes = true
	lex.SkipUnsetEnv = true
	words, _ := lex.ProcessWords(logical, noEnv{})
	var docs []parser.Heredoc
	for _, w := range words {
		h, err := parser.ParseHeredoc(w)
		if err != nil || h == nil {
			continue
		}
		docs = append(docs, *h)
	}
	return docs
}

// noEnv is an empty variable environment for BuildKit's shell lexer.
type noEnv struct{}

func (noEnv) Get(string) (string, bool) { return "", false }
func (noEnv) Keys() []string            { return nil }
