// Package dockerfile is dockwarden's model of a Dockerfile: parser
// directives, instructions with byte spans for every keyword, flag and
// argument, and the stage graph (aliases, base images, ARG resolution) that
// the rules judge.
//
// BuildKit's own parser (github.com/moby/buildkit/frontend/dockerfile/parser)
// decides what the file means and which errors `docker build` would report;
// BuildKit only knows line numbers, so this package maps its results back to
// byte offsets itself.
//
// Parsing is done in two steps so that an editor can later re-parse only
// what changed: the text is first cut into instruction blocks (an
// instruction with its continuation lines and heredoc bodies; the escape
// directive decides what a continuation is), then each block is parsed on
// its own. The result of parsing a block depends only on the block's text
// and the escape character, with spans relative to the block, and is then
// moved to the block's place in the file.
//
// All offsets are byte offsets into Document.Text; spans are half-open.
// A File and everything it points to is immutable once Parse returns.
package dockerfile

import (
	"sort"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// An Error is a problem that makes `docker build` reject the file. Span is
// the content of the line the error is reported at (without its line
// terminator); Message is BuildKit's own wording.
type Error struct {
	Span    document.Span
	Message string
}

// A File is the parsed model of one Dockerfile. Parse always returns one,
// however broken the text: what could not be read is in Errors, and the
// instructions that could be read are still there.
type File struct {
	Doc *document.Document

	// Directives are the parser directives (`# syntax=`, `# escape=`,
	// `# check=`) at the top of the file, in order. They are not
	// instructions.
	Directives []*Directive
	// Escape is the escape character in effect: '\\' unless an escape
	// directive says '`'.
	Escape byte

	// Instructions are all top-level instructions in file order; their
	// spans do not overlap and increase strictly.
	Instructions []*Instruction
	// GlobalArgs are the ARG instructions before the first FROM, whose
	// defaults are visible to every FROM line.
	GlobalArgs []*Instruction
	// Stages are the build stages in file order; Stages[i].Index == i.
	Stages []*Stage

	// Errors are the problems `docker build` would report, in file order.
	Errors []Error
	// Warnings are problems BuildKit accepts today but warns about (empty
	// continuation lines).
	Warnings []Error

	// LineEnding is "\r\n" when the first line of the file ends that way,
	// else "\n"; edits that add lines use it.
	LineEnding string

	// scripts memoises the shell reading of instructions (see Script).
	scripts scriptCache
}

// A Directive is one parser directive, such as "# syntax=docker/dockerfile:1".
type Directive struct {
	Name      string // lower case: "syntax", "escape" or "check"
	Value     string
	Span      document.Span // the whole comment line's content
	NameSpan  document.Span
	ValueSpan document.Span
}

// An Instruction is one Dockerfile instruction. Its Span covers everything
// that belongs to it: the keyword, continuation lines (and the comment lines
// BuildKit skips inside them) and heredoc bodies up to their terminators.
// Flag and argument spans lie inside Span. Values are as BuildKit reads
// them: continuation characters removed, quotes kept for shell words.
type Instruction struct {
	// Keyword is the instruction name in upper case ("RUN"), whatever the
	// case in the file; KeywordSpan is where it is written.
	Keyword     string
	KeywordSpan document.Span
	Span        document.Span
	// Raw is the text of Span exactly as written.
	Raw string

	Flags []Flag
	// Args are the arguments after the flags, split the way the
	// instruction reads them: the elements of an exec-form JSON array; the
	// whole rest as one argument for shell-form RUN, CMD, ENTRYPOINT and
	// SHELL and for USER, WORKDIR, MAINTAINER and STOPSIGNAL; the check
	// type then the command for HEALTHCHECK; otherwise whitespace-separated
	// words (quote-aware).
	Args []Arg
	// JSON is set for the exec (JSON array) form.
	JSON bool
	// Rest is the text after the flags (continuations removed) and
	// RestSpan where it is written; empty when there are no arguments.
	Rest     string
	RestSpan document.Span
	// Pairs are the key/value pairs of ENV, LABEL and ARG.
	Pairs    []Pair
	Heredocs []Heredoc
	// Sub is the instruction that ONBUILD wraps; nil for other keywords.
	Sub *Instruction

	// Comments are the comment lines directly above the instruction (no
	// blank line between), top to bottom, each span a line's content.
	Comments []document.Span

	// Stage is the stage the instruction belongs to; nil for instructions
	// before the first FROM.
	Stage *Stage
	// Index is the position in File.Instructions.
	Index int

	// checked is set when BuildKit's instructions package accepted the
	// instruction. What BuildKit made of it (its parse node and typed
	// command) is read while the block is parsed and not kept: nothing
	// judges it later, and for a 2,000-line file it held 1 MB.
	checked bool

	// logical is the instruction as BuildKit reads it (continuation lines
	// joined); pieces say where its bytes are written, relative to the
	// instruction's block, so that a block parsed once can be placed
	// anywhere without copying it (see off).
	logical    string
	pieces     []piece
	base       int
	escapeChar byte
}

// A piece is a run of the logical text written in one stretch of its
// block: the bytes of logical from at up to the next piece's at are those
// of the block from off on. An instruction has a piece per line it is
// written on; a table of one offset per byte of logical text, which the
// cache kept for every instruction, was 4 bytes per byte of the file.
// Offsets are 32 bits wide, which a block within the document size limit
// fits.
type piece struct{ at, off int32 }

// blockOff is the offset in the instruction's block of logical[i].
func (in *Instruction) blockOff(i int) int {
	k := sort.Search(len(in.pieces), func(k int) bool { return int(in.pieces[k].at) > i }) - 1
	return int(in.pieces[k].off) + i - int(in.pieces[k].at)
}

// off is the document offset of logical[i].
func (in *Instruction) off(i int) int { return in.blockOff(i) + in.base }

// logicalAt returns the index in the logical text of the byte at the
// document offset off, or -1 when that byte is not part of it (a
// continuation character, a skipped comment line, a heredoc body).
func (in *Instruction) logicalAt(off int) int {
	rel := off - in.base
	for k, p := range in.pieces {
		end := len(in.logical)
		if k+1 < len(in.pieces) {
			end = int(in.pieces[k+1].at)
		}
		if d := rel - int(p.off); d >= 0 && d < end-int(p.at) {
			return int(p.at) + d
		}
	}
	return -1
}

// piecesFrom returns the pieces of the logical text from its byte from
// on, with at counted from there (for the instruction ONBUILD wraps).
func piecesFrom(pieces []piece, from int) []piece {
	var out []piece
	for k, p := range pieces {
		if k+1 < len(pieces) && int(pieces[k+1].at) <= from {
			continue
		}
		if d := from - int(p.at); d > 0 {
			p = piece{at: int32(from), off: p.off + int32(d)}
		}
		out = append(out, piece{at: p.at - int32(from), off: p.off})
	}
	return out
}

// A Flag is a `--name=value` option of an instruction.
type Flag struct {
	Name     string // without the leading "--"
	Value    string // unquoted, as BuildKit reads it; "" when HasValue is false
	HasValue bool
	Span     document.Span // the whole flag as written
}

// An Arg is one argument of an instruction. Value is the argument as
// BuildKit reads it (decoded for JSON elements, raw with quotes for shell
// words); Span is where it is written, quotes included.
type Arg struct {
	Value string
	Span  document.Span
}

// A Pair is one key/value of ENV, LABEL or ARG. Value is raw (quotes kept);
// HasValue is false for `ARG NAME` without a default.
type Pair struct {
	Key       string
	Value     string
	HasValue  bool
	KeySpan   document.Span
	ValueSpan document.Span
}

// A Heredoc is one here-document of RUN, COPY or ADD. Body covers the
// content lines (empty for an empty body); Terminator is the closing line's
// content, empty at the end of the text when the heredoc is unterminated.
type Heredoc struct {
	Name           string
	Expand         bool // false when the name is quoted: no variable expansion
	Chomp          bool // `<<-`: leading tabs are removed
	FileDescriptor uint
	Content        string
	Body           document.Span
	Terminator     document.Span
}

// Parse builds the model of doc. It never panics and never returns nil:
// syntax errors are reported in File.Errors and parsing goes on with the
// next instruction.
func Parse(doc *document.Document) *File { return (*Cache)(nil).Parse(doc) }

// A Cache remembers the instruction blocks of the last Parse made through
// it, so that parsing the next version of the same document runs
// BuildKit's parser only on the blocks whose text changed: an edit costs
// the instructions it touches, plus a scan of the text. A nil *Cache
// parses everything. A Cache is not safe for concurrent use.
type Cache struct {
	// blocks are by text, all read with escape.
	blocks   map[string]*parsedBlock
	escape   byte
	heredocs heredocMemo
	// Reused and Parsed count the blocks of the last Parse taken from the
	// cache and parsed afresh.
	Reused, Parsed int
}

// A parsedBlock is parseBlock's result with the instruction where it was
// placed, by line: the next placement on a line is made from the last one
// there, sharing what did not move (everything, when the block stays
// where it was; its BuildKit nodes, when it only moved within the line).
// Identical blocks on several lines (an ARG repeated in every stage) each
// keep their own placement.
type parsedBlock struct {
	errs, warns blockMsgs
	first       *Instruction // as parsed, until placed the first time
	placed      map[int]*Instruction
}

// place returns the block's instruction placed at base and line.
func (pb *parsedBlock) place(base, line int) *Instruction {
	if pb.placed == nil {
		// Never placed: nothing shares it yet, so it moves in place.
		l := pb.first
		l.moveSpans(base)
		l.base += base
		if l.Sub != nil {
			l.Sub.moveSpans(base)
			l.Sub.base += base
		}
		pb.placed = map[int]*Instruction{line: l}
		return l
	}
	l, sameLine := pb.placed[line]
	if sameLine && l.base == base {
		c := *l
		if l.Sub != nil {
			sub := *l.Sub
			c.Sub = &sub
		}
		return &c
	}
	if !sameLine {
		for _, l = range pb.placed {
			break
		}
	}
	c := l.moved(base - l.base)
	if l.Sub != nil {
		// The wrapped instruction's pieces are made of this one's.
		c.Sub = l.Sub.moved(base - l.base)
	}
	if len(pb.placed) >= 8 {
		clear(pb.placed) // a block that keeps moving: remember where it is now
	}
	pb.placed[line] = c
	return c
}

// Parse is the package's Parse, reusing the blocks of c's last parse.
// Only the blocks of this parse are kept for the next one.
func (c *Cache) Parse(doc *document.Document) *File {
	f := &File{Doc: doc, Escape: '\\', LineEnding: lineEnding(doc.Text)}
	var memo *heredocMemo
	if c != nil {
		memo = &c.heredocs
	}
	blocks, directives, errs := split(doc.Text, memo)
	memo.rotate()
	f.Directives = directives
	f.Errors = errs
	for _, d := range directives {
		if d.Name == "escape" && len(d.Value) == 1 {
			f.Escape = d.Value[0]
		}
	}
	var keep map[string]*parsedBlock
	if c != nil {
		keep = make(map[string]*parsedBlock, len(blocks))
		c.Reused, c.Parsed = 0, 0
		if c.escape != f.Escape {
			c.blocks, c.escape = nil, f.Escape
		}
	}
	for _, b := range blocks {
		text := doc.Text[b.start:b.end]
		var pb *parsedBlock
		if c != nil {
			if pb = c.blocks[string(text)]; pb != nil {
				c.Reused++
			} else {
				c.Parsed++
				pb = newParsedBlock(text, f.Escape)
			}
			keep[pb.first.Raw] = pb // the block's text
		} else {
			pb = newParsedBlock(text, f.Escape)
		}
		in := pb.place(b.start, b.line)
		// What belongs to this file, not to the block: a placement made
		// from an earlier parse still holds that parse's.
		in.Stage = nil
		if in.Sub != nil {
			in.Sub.Stage = nil
		}
		in.Comments = b.comments
		in.Index = len(f.Instructions)
		f.Instructions = append(f.Instructions, in)
		f.Errors = append(f.Errors, pb.errs.shifted(doc, b.start)...)
		f.Warnings = append(f.Warnings, pb.warns.shifted(doc, b.start)...)
	}
	if c != nil {
		c.blocks = keep
	}
	if len(blocks) == 0 {
		f.Errors = append(f.Errors, Error{Span: lineContent(doc, 0), Message: "file with no instructions"})
	}
	f.buildStages()
	sort.SliceStable(f.Errors, func(i, j int) bool { return f.Errors[i].Span.Start < f.Errors[j].Span.Start })
	return f
}

func newParsedBlock(text []byte, escape byte) *parsedBlock {
	in, errs, warns := parseBlock(text, escape)
	return &parsedBlock{first: in, errs: errs, warns: warns}
}

// InstructionAt returns the top-level instruction whose span contains off,
// or nil.
func (f *File) InstructionAt(off int) *Instruction {
	i := sort.Search(len(f.Instructions), func(i int) bool { return f.Instructions[i].Span.End > off })
	if i < len(f.Instructions) && f.Instructions[i].Span.Contains(off) {
		return f.Instructions[i]
	}
	// An empty span contains its start only; Search skipped it if End == off.
	if i > 0 && f.Instructions[i-1].Span.Contains(off) {
		return f.Instructions[i-1]
	}
	return nil
}

// SpanOf returns the document span of the logical text [start, end) of the
// instruction, the text BuildKit reads with continuation lines joined; it
// lets a rule that searches Rest or an Arg's Value point at what it found.
// Offsets are relative to the start of the logical text, which begins at
// the keyword.
func (in *Instruction) SpanOf(start, end int) document.Span {
	if len(in.logical) == 0 {
		return document.Span{Start: in.Span.Start, End: in.Span.Start}
	}
	start = clamp(start, 0, len(in.logical))
	end = clamp(end, start, len(in.logical))
	if start == end {
		if start == len(in.logical) {
			p := in.off(len(in.logical)-1) + 1
			return document.Span{Start: p, End: p}
		}
		return document.Span{Start: in.off(start), End: in.off(start)}
	}
	return document.Span{Start: in.off(start), End: in.off(end-1) + 1}
}

// Logical returns the instruction as BuildKit reads it: its lines joined
// with continuation characters and skipped comment lines removed, heredoc
// bodies excluded.
func (in *Instruction) Logical() string { return in.logical }

// Unwrap returns what in does: the trigger of an ONBUILD (onbuild true),
// or in itself.
func (in *Instruction) Unwrap() (x *Instruction, onbuild bool) {
	if in.Sub != nil {
		return in.Sub, true
	}
	return in, false
}

// Flag returns the flag called name (without "--"), or nil.
func (in *Instruction) Flag(name string) *Flag {
	for i := range in.Flags {
		if in.Flags[i].Name == name {
			return &in.Flags[i]
		}
	}
	return nil
}

// FirstLine returns the span of the instruction's first line, from the
// keyword to the end of that line's content: where a finding about the
// whole instruction is reported.
func (in *Instruction) FirstLine(doc *document.Document) document.Span {
	line := doc.LineOf(in.Span.Start)
	end := doc.LineEnd(line)
	if end > in.Span.End {
		end = in.Span.End
	}
	return document.Span{Start: in.Span.Start, End: end}
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func lineEnding(text []byte) string {
	for i, c := range text {
		if c == '\n' {
			if i > 0 && text[i-1] == '\r' {
				return "\r\n"
			}
			return "\n"
		}
	}
	return "\n"
}

// lineContent is the span of a line's content, leading blanks excluded.
func lineContent(doc *document.Document, line int) document.Span {
	start, end := doc.LineStart(line), doc.LineEnd(line)
	for start < end && (doc.Text[start] == ' ' || doc.Text[start] == '\t') {
		start++
	}
	return document.Span{Start: start, End: end}
}
