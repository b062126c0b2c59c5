package dockerfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/moby/buildkit/frontend/dockerfile/command"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/util/suggest"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// A blockMsg is an error or warning found in one block, at the line that
// holds the block offset off.
type blockMsg struct {
	off int
	msg string
}

type blockMsgs []blockMsg

// shifted places the messages of a block that starts at base in doc.
func (ms blockMsgs) shifted(doc *document.Document, base int) []Error {
	var out []Error
	for _, m := range ms {
		out = append(out, Error{Span: lineContent(doc, doc.LineOf(base+m.off)), Message: m.msg})
	}
	return out
}

// parseBlock parses the text of one instruction block (see split) with
// BuildKit and maps what it read to spans relative to the start of text.
// The result depends on nothing but its arguments, so that an unchanged
// block could be reused after an edit elsewhere (see Instruction.shift).
func parseBlock(text []byte, escape byte) (in *Instruction, errs, warns blockMsgs) {
	in = &Instruction{escapeChar: escape}
	in.logical, in.pieces = joinLines(text, escape)
	node, perr, pwarns := buildkitParse(text, escape)
	if perr != "" {
		errs = append(errs, blockMsg{0, perr})
	}
	for _, w := range pwarns {
		warns = append(warns, blockMsg{0, w})
	}
	if node != nil {
		err := parseCommand(node)
		if err != "" {
			errs = append(errs, blockMsg{0, err})
		}
		in.checked = err == ""
	}
	in.Span = document.Span{Start: 0, End: len(text)}
	in.tokenize(text, 0, node)
	in.heredocs(text, escape, node)
	in.Raw = string(text)
	if n := len(in.Heredocs); strings.Contains(perr, "unterminated heredoc") && n > 0 {
		// BuildKit rejects the file; until the terminator is typed, every
		// line after the heredoc is its body, so no rule judges them.
		name := in.Heredocs[n-1].Name
		errs[0].msg = fmt.Sprintf("heredoc %s is never closed, so the rest of the file is read as its body; add a line %s", name, name)
	}
	return in, errs, warns
}

// buildkitParse runs BuildKit's parser over one block; the escape
// directive is restated because the block is parsed apart from the top of
// the file.
func buildkitParse(text []byte, escape byte) (node *parser.Node, errMsg string, warnings []string) {
	defer func() {
		if r := recover(); r != nil {
			node, errMsg = nil, fmt.Sprintf("internal parser error: %v", r)
		}
	}()
	prefix := ""
	if escape == '`' {
		prefix = "# escape=`\n"
	}
	res, err := parser.Parse(strings.NewReader(prefix + string(text)))
	if err != nil {
		return nil, err.Error(), nil
	}
	for _, w := range res.Warnings {
		warnings = append(warnings, w.Short)
	}
	if len(res.AST.Children) == 0 {
		return nil, "", warnings
	}
	return res.AST.Children[0], "", warnings
}

// parseCommand runs BuildKit's instructions package on one node, which
// knows the instruction names, their flags and their argument rules, and
// returns what it rejects the instruction for, or "".
func parseCommand(node *parser.Node) (errMsg string) {
	defer func() {
		if r := recover(); r != nil {
			errMsg = fmt.Sprintf("internal parser error: %v", r)
		}
	}()
	if _, err := instructions.ParseInstruction(node); err != nil {
		return stableMessage(err)
	}
	return ""
}

// instructionNames are BuildKit's instruction names, sorted.
var instructionNames = func() []string {
	names := make([]string, 0, len(command.Commands))
	for name := range command.Commands {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}()

// suggestions remembers the first wording BuildKit gave to each error
// that ends in a "did you mean" suggestion.
var suggestions struct {
	sync.Mutex
	m map[string]string
}

// stableMessage returns the message of a BuildKit error, with the same
// suggestion every time. BuildKit picks "did you mean" suggestions from
// map keys, so of two equally close names (ADD and CMD for "D") either may
// come out, and a diagnostic would change wording between keystrokes.
// For instruction names the suggestion is made again from the sorted
// list; for other errors the first wording this process saw is kept.
func stableMessage(err error) string {
	var unknown *instructions.UnknownInstructionError
	if errors.As(err, &unknown) {
		msg := unknown.Error()
		if match, ok := suggest.Search(unknown.Instruction, instructionNames, false); ok {
			msg += " (did you mean " + match + "?)"
		}
		return msg
	}
	msg := err.Error()
	bare, _, found := strings.Cut(msg, " (did you mean ")
	if !found {
		return msg
	}
	suggestions.Lock()
	defer suggestions.Unlock()
	if first, ok := suggestions.m[bare]; ok {
		return first
	}
	if suggestions.m == nil || len(suggestions.m) >= 4096 {
		suggestions.m = map[string]string{}
	}
	suggestions.m[bare] = msg
	return msg
}

// joinLines returns the instruction as BuildKit reads it: continuation
// characters removed, comment and blank lines inside the continuation
// skipped, heredoc bodies left out; pieces map its bytes back to text.
func joinLines(text []byte, escape byte) (string, []piece) {
	var b strings.Builder
	var pieces []piece
	start := 0
	first := true
	for start < len(text) {
		end, next := lineAt(text, start)
		line := text[start:end]
		if !first && (isCommentLine(line) || len(bytes.TrimSpace(line)) == 0) {
			start = next
			continue
		}
		body, cont := trimContinuation(line, escape)
		if len(body) > 0 {
			pieces = append(pieces, piece{at: int32(b.Len()), off: int32(start)})
		}
		b.Write(body)
		first = false
		if !cont {
			break
		}
		start = next
	}
	return b.String(), pieces
}

// tokenize finds the keyword, flags and arguments in in.logical[from:];
// node is BuildKit's reading of the same text, used for values when
// present.
func (in *Instruction) tokenize(text []byte, from int, node *parser.Node) {
	l := in.logical
	pos := from
	for pos < len(l) && !isSpace(l[pos]) {
		pos++
	}
	in.Keyword = strings.ToUpper(l[from:pos])
	in.KeywordSpan = in.SpanOf(from, pos)
	pos = skipSpace(l, pos)

	// Flags: words starting with "--" before the first other word; a bare
	// "--" ends them (BuildKit's extractBuilderFlags).
	var bkFlags []string
	if node != nil {
		bkFlags = node.Flags
	}
	for pos+1 < len(l) && l[pos] == '-' && l[pos+1] == '-' {
		start := pos
		pos = flagWordEnd(l, pos, in.escape())
		word := l[start:pos]
		pos = skipSpace(l, pos)
		if word == "--" {
			break
		}
		decoded := word
		if n := len(in.Flags); n < len(bkFlags) {
			decoded = bkFlags[n]
		}
		name, value, has := strings.Cut(strings.TrimPrefix(decoded, "--"), "=")
		in.Flags = append(in.Flags, Flag{Name: name, Value: value, HasValue: has, Span: in.SpanOf(start, pos-trailingSpace(l[start:pos]))})
	}

	end := len(l)
	for end > pos && isSpace(l[end-1]) {
		end--
	}
	if pos < end {
		in.Rest = l[pos:end]
		in.RestSpan = in.SpanOf(pos, end)
	} else {
		in.RestSpan = in.SpanOf(pos, pos)
	}
	var next *parser.Node
	if node != nil {
		next = node.Next
		in.JSON = node.Attributes["json"]
	}

	switch in.Keyword {
	case "ONBUILD":
		if in.Rest != "" {
			in.Args = []Arg{{Value: in.Rest, Span: in.RestSpan}}
			sub := &Instruction{logical: l[pos:], pieces: piecesFrom(in.pieces, pos), escapeChar: in.escapeChar}
			var subNode *parser.Node
			if next != nil && len(next.Children) > 0 {
				subNode = next.Children[0]
			}
			sub.tokenize(text, 0, subNode)
			sub.Span = document.Span{Start: sub.KeywordSpan.Start, End: in.Span.End}
			sub.Raw = string(text[sub.Span.Start:sub.Span.End])
			in.Sub = sub
		}
	case "HEALTHCHECK":
		typEnd := pos
		for typEnd < end && !isSpace(l[typEnd]) {
			typEnd++
		}
		if typEnd > pos {
			in.Args = append(in.Args, Arg{Value: l[pos:typEnd], Span: in.SpanOf(pos, typEnd)})
		}
		cmdStart := skipSpace(l, typEnd)
		if cmdStart < end {
			if in.JSON {
				in.Args = append(in.Args, in.jsonArgs(cmdStart, end)...)
			} else {
				in.Args = append(in.Args, Arg{Value: l[cmdStart:end], Span: in.SpanOf(cmdStart, end)})
			}
		}
	case "RUN", "CMD", "ENTRYPOINT", "SHELL", "USER", "WORKDIR", "MAINTAINER", "STOPSIGNAL":
		if in.JSON {
			in.Args = in.jsonArgs(pos, end)
		} else if in.Rest != "" {
			in.Args = []Arg{{Value: in.Rest, Span: in.RestSpan}}
		}
	default:
		if in.JSON {
			in.Args = in.jsonArgs(pos, end)
			break
		}
		for _, w := range words(l, pos, end, in.escape()) {
			in.Args = append(in.Args, Arg{Value: l[w[0]:w[1]], Span: in.SpanOf(w[0], w[1])})
		}
		switch in.Keyword {
		case "ENV", "LABEL":
			in.Pairs = in.nameValuePairs(pos, end)
		case "ARG":
			in.Pairs = in.argPairs(pos, end)
		}
	}
}

// escape is the escape character the logical text was joined with; a
// backslash unless the file's escape directive chose the backtick.
func (in *Instruction) escape() byte {
	if in.escapeChar == 0 {
		return '\\'
	}
	return in.escapeChar
}

// jsonArgs reads the string elements of the JSON array in logical[from:to].
func (in *Instruction) jsonArgs(from, to int) []Arg {
	l := in.logical
	var args []Arg
	for i := from; i < to; i++ {
		if l[i] != '"' {
			continue
		}
		j := i + 1
		for j < to && l[j] != '"' {
			if l[j] == '\\' {
				j++
			}
			j++
		}
		if j >= to {
			break
		}
		var v string
		if err := json.Unmarshal([]byte(l[i:j+1]), &v); err != nil {
			v = l[i+1 : j]
		}
		args = append(args, Arg{Value: v, Span: in.SpanOf(i, j+1)})
		i = j
	}
	return args
}

// nameValuePairs reads ENV and LABEL pairs: `KEY=value ...`, or the legacy
// `KEY value with spaces` when the first word has no "=".
func (in *Instruction) nameValuePairs(from, to int) []Pair {
	l := in.logical
	ws := words(l, from, to, in.escape())
	if len(ws) == 0 {
		return nil
	}
	first := l[ws[0][0]:ws[0][1]]
	if !strings.Contains(first, "=") {
		p := Pair{Key: first, KeySpan: in.SpanOf(ws[0][0], ws[0][1])}
		if vs := skipSpace(l, ws[0][1]); vs < to {
			p.Value, p.HasValue, p.ValueSpan = l[vs:to], true, in.SpanOf(vs, to)
		}
		return []Pair{p}
	}
	return in.argPairs(from, to)
}

// argPairs reads `NAME` and `NAME=value` words.
func (in *Instruction) argPairs(from, to int) []Pair {
	l := in.logical
	var pairs []Pair
	for _, w := range words(l, from, to, in.escape()) {
		word := l[w[0]:w[1]]
		key, value, has := strings.Cut(word, "=")
		p := Pair{Key: key, HasValue: has, KeySpan: in.SpanOf(w[0], w[0]+len(key))}
		if has {
			vs := w[0] + len(key) + 1
			p.Value, p.ValueSpan = value, in.SpanOf(vs, w[1])
		}
		pairs = append(pairs, p)
	}
	return pairs
}

// words splits l[from:to] into words at unquoted blanks the way BuildKit's
// parseWords does, returning [start, end) pairs; quotes stay in the words.
func words(l string, from, to int, escape byte) [][2]int {
	var out [][2]int
	i := from
	for i < to {
		i = skipSpace(l, i)
		if i >= to {
			break
		}
		start := i
		var quote byte
		for i < to {
			c := l[i]
			switch {
			case quote == 0 && isSpace(c):
				goto done
			case quote == 0 && (c == '\'' || c == '"'):
				quote = c
			case quote != 0 && c == quote:
				quote = 0
			case c == escape && quote != '\'' && i+1 < to:
				i++
			}
			i++
		}
	done:
		out = append(out, [2]int{start, i})
	}
	return out
}

// flagWordEnd returns the end of the flag word starting at i.
func flagWordEnd(l string, i int, escape byte) int {
	var quote byte
	for ; i < len(l); i++ {
		c := l[i]
		switch {
		case quote == 0 && isSpace(c):
			return i
		case quote == 0 && (c == '\'' || c == '"'):
			quote = c
		case quote != 0 && c == quote:
			quote = 0
		case c == escape && i+1 < len(l):
			i++
		}
	}
	return i
}

func skipSpace(l string, i int) int {
	for i < len(l) && isSpace(l[i]) {
		i++
	}
	return i
}

func trailingSpace(s string) int {
	n := 0
	for n < len(s) && isSpace(s[len(s)-1-n]) {
		n++
	}
	return n
}

// heredocs records the here-documents of the block: BuildKit's reading
// (content, expansion) when it parsed the block, spans from the text.
func (in *Instruction) heredocs(text []byte, escape byte, node *parser.Node) {
	names := heredocNames(in.logical, escape)
	if len(names) == 0 {
		return
	}
	// Bodies start on the line after the last line of the joined text.
	last := 0
	if len(in.logical) > 0 {
		last = in.blockOff(len(in.logical) - 1)
	}
	pos := len(text)
	if i := bytes.IndexByte(text[last:], '\n'); i >= 0 {
		pos = last + i + 1
	}
	var bk []parser.Heredoc
	if node != nil {
		bk = node.Heredocs
		if len(bk) == 0 && node.Next != nil && len(node.Next.Children) > 0 {
			bk = node.Next.Children[0].Heredocs // under ONBUILD
		}
	}
	for k, h := range names {
		doc := Heredoc{Name: h.Name, Expand: h.Expand, Chomp: h.Chomp, FileDescriptor: h.FileDescriptor}
		if k < len(bk) {
			doc.Content = bk[k].Content
		}
		bodyStart := pos
		terminated := false
		for pos < len(text) {
			end, next := lineAt(text, pos)
			line := text[pos:end]
			if h.Chomp {
				line = bytes.TrimLeft(line, "\t")
			}
			if string(line) == h.Name {
				doc.Body = document.Span{Start: bodyStart, End: pos}
				doc.Terminator = document.Span{Start: pos, End: end}
				terminated = true
				pos = next
				break
			}
			pos = next
		}
		if !terminated {
			doc.Body = document.Span{Start: bodyStart, End: len(text)}
			doc.Terminator = document.Span{Start: len(text), End: len(text)}
		}
		in.Heredocs = append(in.Heredocs, doc)
		if in.Sub != nil {
			in.Sub.Heredocs = append(in.Sub.Heredocs, doc)
		}
		if !terminated {
			break
		}
	}
}

// moved returns a shallow copy of in with its spans moved by delta and
// its own copies of the slices that hold spans.
func (in *Instruction) moved(delta int) *Instruction {
	c := *in
	c.Flags = append([]Flag(nil), in.Flags...)
	c.Args = append([]Arg(nil), in.Args...)
	c.Pairs = append([]Pair(nil), in.Pairs...)
	c.Heredocs = append([]Heredoc(nil), in.Heredocs...)
	c.base += delta
	c.moveSpans(delta)
	return &c
}

// moveSpans moves the spans of in by delta, in place.
func (in *Instruction) moveSpans(delta int) {
	mv := func(s *document.Span) { s.Start += delta; s.End += delta }
	mv(&in.Span)
	mv(&in.KeywordSpan)
	mv(&in.RestSpan)
	for i := range in.Flags {
		mv(&in.Flags[i].Span)
	}
	for i := range in.Args {
		mv(&in.Args[i].Span)
	}
	for i := range in.Pairs {
		mv(&in.Pairs[i].KeySpan)
		mv(&in.Pairs[i].ValueSpan)
	}
	for i := range in.Heredocs {
		mv(&in.Heredocs[i].Body)
		mv(&in.Heredocs[i].Terminator)
	}
}
