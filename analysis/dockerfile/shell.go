package dockerfile

// This file is the shell reading of RUN, CMD and ENTRYPOINT: what commands
// an instruction runs, as a shell would read them. A RUN line is a shell
// script, so judging it by substrings goes wrong both ways: `apt-get
// install sudo` mentions sudo without running it, and `echo "curl x | sh"`
// pipes nothing. The text is parsed with mvdan.cc/sh, and every word is
// mapped back to the bytes of the document it was read from, through line
// continuations, heredoc bodies, the strings of `sh -c '...'` and the
// elements of an exec-form JSON array.

import (
	"fmt"
	"path"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"mvdan.cc/sh/v3/syntax"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// A Script is the shell reading of one RUN, CMD or ENTRYPOINT instruction.
//
// Commands lists every simple command the instruction runs, in source
// order, at any depth: in lists and pipelines, in if/for/while/case
// bodies, subshells and functions, in command and process substitutions,
// in the script string of `sh -c '...'` (also under sudo, env, su -c) and
// in a here-document fed to a shell (`RUN <<EOF bash`). Nested commands
// say where they come from through Command.Parent and Command.Via.
//
// A text the shell parser rejects gives a Script with Err set and no
// commands: rules report nothing rather than guess.
type Script struct {
	// Instruction is the instruction read; for ONBUILD RUN it is the
	// wrapped RUN (the ONBUILD's Sub) and OnBuild is the ONBUILD.
	Instruction *Instruction
	OnBuild     *Instruction

	// Interpreter is empty when a POSIX shell runs the text. Otherwise
	// it names what does (a SHELL such as "powershell", the interpreter
	// of a heredoc's "#!" line such as "python3", "cmd" on a Windows
	// base), and Commands is empty.
	Interpreter string

	// Err is set when the text could not be parsed as shell.
	Err error

	Commands  []*Command
	Pipelines []*Pipeline
}

// A Via says how a nested command is reached from its Parent.
type Via int

const (
	// TopLevel commands are written in the instruction itself.
	TopLevel Via = iota
	// Substitution: inside $(...) or `...` in a word of Parent.
	Substitution
	// ProcessSubstitution: inside <(...) or >(...) in a word of Parent.
	ProcessSubstitution
	// ShellString: in the script string Parent runs (`sh -c '...'`,
	// `su -c '...'`, or exec form ["sh", "-c", "..."]).
	ShellString
	// ShellInput: in the here-document Parent, a shell, reads its
	// script from (`bash <<EOF`).
	ShellInput
)

// A Command is one simple command: words after assignments and
// redirections, command name first.
type Command struct {
	// Args are the words; Args[0] is the command name. Args is empty for
	// an assignment-only command (`X=$(date)`).
	Args []Word
	// Assigns are the NAME=value words before the command name, or the
	// operands of export, declare, local, readonly and typeset (then
	// Args[0] is that keyword).
	Assigns []Assign
	// Input is the here-document or here-string fed to standard input,
	// nil when there is none.
	Input *Word
	// Span covers the assignments, the words and the redirections.
	Span document.Span

	// Pipeline is the pipeline of two or more commands the command is a
	// stage of, Stage its index in Pipeline.Stages; nil when it is not
	// piped.
	Pipeline *Pipeline
	Stage    int

	// Parent is the command that holds this one (Via says how), nil for
	// top-level commands. Arg is the index in Parent.Args of the word that
	// holds it, -1 when it sits in an assignment or a redirection.
	Parent *Command
	Via    Via
	Arg    int

	// Plain is true when the command is written as plain shell text in
	// the document (the RUN line or a heredoc body), so that an edit may
	// put shell text there as it is. In a quoted `sh -c` string or a JSON
	// array, deleting words is still safe but new text would need quoting.
	Plain bool
}

// A Pipeline is `a | b | c`. Stages[i] holds the simple commands of the
// i-th stage: one for a simple command, all those of a compound stage such
// as `(cd x && make) | tee log`.
type Pipeline struct {
	Stages [][]*Command
	Span   document.Span
	// Standalone is true when the pipeline can be replaced by an && list
	// without changing how the surrounding list runs: it is not negated,
	// not run in the background and not the right operand of ||.
	Standalone bool
	Plain      bool
}

// A Word is one shell word. Value is the word after quote removal when
// Literal is true; otherwise (it holds an expansion such as $HOME or
// $(cmd)) Value is the word as written. Span is where it is written.
type Word struct {
	Value   string
	Literal bool
	Span    document.Span

	src      *source
	pos, end int          // the word's bytes in src.text
	node     *syntax.Word // nil for an exec-form element
	heredoc  bool         // the body of a here-document, read as written
}

// SubSpan returns where the bytes [i, j) of Value are written, when the
// word is written exactly as its value (no quotes, no escapes), so that a
// part of it, such as one letter of a bundle of short options, can be
// edited. ok is false otherwise.
func (w Word) SubSpan(i, j int) (document.Span, bool) {
	if w.src == nil || !w.Literal || w.src.text[w.pos:w.end] != w.Value || i < 0 || j < i || j > len(w.Value) {
		return document.Span{}, false
	}
	if i == j {
		s, ok := w.src.span(w.pos+i, w.pos+i+1)
		return document.Span{Start: s.Start, End: s.Start}, ok
	}
	return w.src.span(w.pos+i, w.pos+j)
}

// An Assign is NAME=value. HasValue is false for a bare NAME operand of
// export and friends.
type Assign struct {
	Name     string
	Value    Word
	HasValue bool
	Span     document.Span
}

// Name returns the base name of the command word ("bash" for
// "/usr/bin/bash"), or "" when there is no literal command word.
func (c *Command) Name() string {
	if len(c.Args) == 0 || !c.Args[0].Literal {
		return ""
	}
	return path.Base(c.Args[0].Value)
}

// wrapperOptsWithValue lists, for each command that runs its operands as
// another command, its options that take a separate value.
var wrapperOptsWithValue = map[string]map[string]bool{
	"sudo": {"-u": true, "-g": true, "-C": true, "-D": true, "-h": true, "-p": true, "-r": true,
		"-t": true, "-T": true, "-U": true, "-R": true, "--user": true, "--group": true,
		"--close-from": true, "--chdir": true, "--host": true, "--prompt": true, "--role": true,
		"--type": true, "--command-timeout": true, "--other-user": true, "--chroot": true},
	"doas":    {"-u": true, "-C": true},
	"env":     {"-u": true, "--unset": true, "-C": true, "--chdir": true, "-S": true, "--split-string": true},
	"exec":    {"-a": true},
	"nohup":   {},
	"time":    {"-f": true, "--format": true, "-o": true, "--output": true},
	"command": {},
	"nice":    {"-n": true, "--adjustment": true},
	"timeout": {"-s": true, "--signal": true, "-k": true, "--kill-after": true},
	"stdbuf":  {"-i": true, "-o": true, "-e": true},
}

// Unwrap splits off the commands that run their operands as another
// command: sudo, doas, env (with its NAME=value operands), exec, nohup,
// time, command, nice, timeout and stdbuf, each with its options. It
// returns each wrapper's words (name and options) and the words of the
// command that finally runs. A wrapper with nothing after its options is
// itself the command: `sudo -v` returns no wrappers.
func (c *Command) Unwrap() (wrappers [][]Word, run []Word) {
	run = c.Args
	for len(run) > 0 && run[0].Literal {
		name := path.Base(run[0].Value)
		opts, ok := wrapperOptsWithValue[name]
		if !ok {
			break
		}
		i := 1
		for i < len(run) && run[i].Literal {
			w := run[i].Value
			if w == "--" {
				i++
				break
			}
			if name == "env" && strings.Contains(w, "=") && !strings.HasPrefix(w, "-") {
				i++
				continue
			}
			if len(w) < 2 || w[0] != '-' {
				break
			}
			i++
			if opts[w] {
				i++
			}
		}
		if name == "timeout" && i < len(run) && isDuration(run[i].Value) {
			i++
		}
		if i >= len(run) {
			break // nothing left to run: the wrapper is the command
		}
		wrappers = append(wrappers, run[:i])
		run = run[i:]
	}
	return wrappers, run
}

func isDuration(s string) bool {
	s = strings.TrimRight(s, "smhd")
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return true
}

// A ShellMode says where a shell command takes its script from.
type ShellMode int

const (
	// NotShell: the command is not a POSIX shell.
	NotShell ShellMode = iota
	// ShellStdin: no script operand (or -s, or "-"): the script is read
	// from standard input.
	ShellStdin
	// ShellCommand: -c, the script is the string operand after the
	// options.
	ShellCommand
	// ShellFile: the script is a file operand.
	ShellFile
)

// posixShells are the command names that read POSIX shell scripts.
var posixShells = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "zsh": true, "ksh": true, "mksh": true, "yash": true}

// IsPOSIXShell reports whether a command name (a path is reduced to its
// base name) is a POSIX shell.
func IsPOSIXShell(name string) bool { return posixShells[path.Base(name)] }

// Shell reports whether the command, once unwrapped (see Unwrap), runs a
// POSIX shell and where that shell takes its script from. script is the
// index in c.Args of the -c string or the script file, -1 when there is
// none.
func (c *Command) Shell() (mode ShellMode, script int) {
	_, run := c.Unwrap()
	base := len(c.Args) - len(run)
	if len(run) == 0 || !run[0].Literal {
		return NotShell, -1
	}
	name := path.Base(run[0].Value)
	if name == "busybox" && len(run) > 1 && run[1].Value == "sh" {
		run, base = run[1:], base+1
		name = "sh"
	}
	if !posixShells[name] {
		return NotShell, -1
	}
	cmd, stdin := false, false
	i := 1
	for ; i < len(run); i++ {
		w := run[i].Value
		if !run[i].Literal {
			break
		}
		if w == "--" || w == "-" {
			if w == "-" {
				stdin = true
			}
			i++
			break
		}
		if strings.HasPrefix(w, "--") {
			if w == "--rcfile" || w == "--init-file" {
				i++
			}
			continue
		}
		if len(w) < 2 || (w[0] != '-' && w[0] != '+') {
			break
		}
		if w == "-o" || w == "+o" || w == "-O" || w == "+O" {
			i++
			continue
		}
		if w[0] == '-' {
			cmd = cmd || strings.ContainsRune(w[1:], 'c')
			stdin = stdin || strings.ContainsRune(w[1:], 's')
		}
	}
	switch {
	case cmd:
		if i < len(run) {
			return ShellCommand, base + i
		}
		return ShellCommand, -1
	case stdin || i >= len(run):
		return ShellStdin, -1
	}
	return ShellFile, base + i
}

// Script returns the shell reading of a RUN, CMD or ENTRYPOINT
// instruction, of the command of HEALTHCHECK CMD, or of what an ONBUILD
// wraps; nil for other instructions and for instructions without a
// command.
//
// The reading is made once per instruction and shared by every caller:
// treat it as read-only.
func (f *File) Script(in *Instruction) *Script {
	f.scripts.mu.Lock()
	defer f.scripts.mu.Unlock()
	if s, ok := f.scripts.m[in]; ok {
		return s
	}
	s := f.readScript(in)
	if f.scripts.m == nil {
		f.scripts.m = map[*Instruction]*Script{}
	}
	f.scripts.m[in] = s
	return s
}

// A scriptCache holds the Script of each instruction already read.
type scriptCache struct {
	mu sync.Mutex
	m  map[*Instruction]*Script
}

func (f *File) readScript(in *Instruction) (s *Script) {
	s = &Script{Instruction: in}
	if in.Keyword == "ONBUILD" {
		if in.Sub == nil {
			return nil
		}
		s.OnBuild, s.Instruction = in, in.Sub
		in = in.Sub
	}
	args := in.Args
	switch in.Keyword {
	case "RUN", "CMD", "ENTRYPOINT":
	case "HEALTHCHECK":
		// HEALTHCHECK [options] CMD command: the command after the type.
		if len(args) < 2 || !strings.EqualFold(args[0].Value, "CMD") {
			return nil
		}
		args = args[1:]
	default:
		return nil
	}
	if len(args) == 0 {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			s.Commands, s.Pipelines = nil, nil
			s.Err = fmt.Errorf("shell reading failed: %v", r)
		}
	}()
	if in.JSON {
		s.readExec(in, args)
		return s
	}
	if interp := f.shellAt(in); interp != "" {
		s.Interpreter = interp
		return s
	}
	s.readShell(f, in, args[0])
	return s
}

// Scripts returns the shell reading of every RUN instruction of the file,
// ONBUILD RUN included, in file order.
func (f *File) Scripts() []*Script { return f.ScriptsOf(f.Instructions) }

// ScriptsOf is Scripts for the instructions ins of f only.
func (f *File) ScriptsOf(ins []*Instruction) []*Script {
	var out []*Script
	for _, in := range ins {
		if in.Keyword == "RUN" || in.Keyword == "ONBUILD" && in.Sub != nil && in.Sub.Keyword == "RUN" {
			if s := f.Script(in); s != nil {
				out = append(out, s)
			}
		}
	}
	return out
}

// shellAt returns "" when the shell form of in runs in a POSIX shell,
// else the name of what runs it: the SHELL in force (set earlier in the
// stage or inherited from a parent stage), or cmd on a Windows base
// image, which is its default shell.
func (f *File) shellAt(in *Instruction) string {
	if in.Stage == nil {
		return ""
	}
	for k, st := range in.Stage.Chain() {
		for i := len(st.Instructions) - 1; i >= 0; i-- {
			sh := st.Instructions[i]
			if k == 0 && sh.Index >= in.Index || sh.Keyword != "SHELL" || len(sh.Args) == 0 {
				continue
			}
			name := strings.ToLower(path.Base(strings.ReplaceAll(sh.Args[0].Value, `\`, "/")))
			name = strings.TrimSuffix(name, ".exe")
			if posixShells[name] {
				return ""
			}
			return name
		}
	}
	if root := in.Stage.Root(); !root.Unknown && IsWindowsImage(ParseImageRef(root.Base)) {
		return "cmd"
	}
	return ""
}

// IsWindowsImage reports whether an image is a Windows one (its default
// shell is cmd).
func IsWindowsImage(ref ImageRef) bool {
	p, tag := strings.ToLower(ref.Path), strings.ToLower(ref.Tag)
	return ref.Registry == "mcr.microsoft.com" && (strings.HasPrefix(p, "windows") || strings.Contains(tag, "nanoserver") || strings.Contains(tag, "servercore")) ||
		strings.Contains(tag, "nanoserver") || strings.Contains(tag, "windowsservercore")
}

// readExec reads the exec form: the array is one command; when it runs a
// shell with -c, the string is read as a nested script.
func (s *Script) readExec(in *Instruction, args []Arg) {
	cmd := &Command{Arg: -1}
	for _, a := range args {
		src := jsonSource(in, a)
		w := Word{Value: a.Value, Literal: true, Span: a.Span, src: src, pos: 0, end: len(src.text)}
		cmd.Args = append(cmd.Args, w)
	}
	if len(cmd.Args) == 0 {
		return
	}
	cmd.Span = document.Span{Start: cmd.Args[0].Span.Start, End: cmd.Args[len(cmd.Args)-1].Span.End}
	s.Commands = append(s.Commands, cmd)
	r := &reader{script: s}
	r.nested(cmd)
}

// jsonSource decodes one element of an exec-form array keeping, for each
// byte of the value, the bytes of its escape sequence in the document.
func jsonSource(in *Instruction, a Arg) *source {
	src := &source{}
	if a.Span.Len() < 2 {
		return src
	}
	// The element as written, quotes included; continuation lines
	// inside a JSON string are not supported, so read the logical text.
	raw := in.logical
	lo := in.logicalAt(a.Span.Start)
	if lo < 0 {
		return src
	}
	i := lo + 1
	for i < len(raw) && raw[i] != '"' {
		start := i
		var out []byte
		if raw[i] == '\\' && i+1 < len(raw) {
			i++
			switch raw[i] {
			case 'n':
				out = []byte{'\n'}
			case 't':
				out = []byte{'\t'}
			case 'r':
				out = []byte{'\r'}
			case 'b':
				out = []byte{'\b'}
			case 'f':
				out = []byte{'\f'}
			case 'u':
				if i+4 < len(raw) {
					var r rune
					if _, err := fmt.Sscanf(raw[i+1:i+5], "%04x", &r); err == nil {
						out = utf8.AppendRune(nil, r)
						i += 4
					}
				}
			default:
				out = []byte{raw[i]}
			}
			i++
		} else {
			out = []byte{raw[i]}
			i++
		}
		for _, b := range out {
			src.add(b, in.off(start), in.off(i-1)+1)
		}
	}
	return src.finish()
}

// readShell reads the shell form, with its heredocs the way BuildKit runs
// them: a RUN that is a lone heredoc runs the heredoc's body (or, when
// the body starts with "#!", the interpreter named there); otherwise the
// command line and the heredoc bodies make one script for the shell.
func (s *Script) readShell(f *File, in *Instruction, first Arg) {
	doc := f.Doc
	src := &source{}
	// The command runs from the first argument to the end of the
	// logical line, trailing blanks excluded.
	end := len(strings.TrimRight(in.logical, " \t\r\v\f"))
	start := max(end-len(in.Rest), 0)
	if i := in.logicalAt(first.Span.Start); i >= start && i < end {
		start = i
	}
	plainDoc := func(span document.Span) {
		for off := span.Start; off < span.End; off++ {
			c := doc.Text[off]
			if c == '\r' && off+1 < len(doc.Text) && doc.Text[off+1] == '\n' {
				c = ' ' // CRLF files: keep offsets, drop the \r
			}
			src.add(c, off, off+1)
		}
	}
	if in.Keyword == "RUN" && len(in.Heredocs) > 0 && parser.MustParseHeredoc(in.Rest) != nil {
		h := in.Heredocs[0]
		body := h.Content
		if h.Chomp {
			body = parser.ChompHeredocContent(body)
		}
		if strings.HasPrefix(body, "#!") {
			if interp := shebang(body); !posixShells[interp] {
				s.Interpreter = interp
				return
			}
		}
		plainDoc(h.Body)
	} else {
		for i := start; i < end; i++ {
			src.add(in.logical[i], in.off(i), in.off(i)+1)
		}
		if in.Keyword == "RUN" {
			for _, h := range in.Heredocs {
				src.synthetic('\n')
				plainDoc(h.Body)
				plainDoc(h.Terminator)
			}
			src.synthetic('\n')
		}
	}
	src.finish().plain = true
	r := &reader{script: s}
	r.parse(src, nil, TopLevel, -1)
}

// shebang returns the interpreter a "#!" line names: the base name of its
// program, or of the program `env` runs.
func shebang(body string) string {
	line, _, _ := strings.Cut(body[2:], "\n")
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return "sh"
	}
	name := path.Base(fields[0])
	if name == "env" {
		for _, fl := range fields[1:] {
			if !strings.HasPrefix(fl, "-") && !strings.Contains(fl, "=") {
				return path.Base(fl)
			}
		}
	}
	return name
}

// A source is a text given to the shell parser, with, for each byte, the
// document bytes it was read from (start < 0 for bytes the reading added,
// such as the line breaks joining heredocs).
type source struct {
	text       string
	start, end []int
	plain      bool
	buf        []byte
}

func (s *source) add(c byte, start, end int) {
	s.buf = append(s.buf, c)
	s.start = append(s.start, start)
	s.end = append(s.end, end)
}

// finish makes the added bytes the source's text.
func (s *source) finish() *source {
	s.text = string(s.buf)
	s.buf = nil
	return s
}

func (s *source) synthetic(c byte) { s.add(c, -1, -1) }

// span maps the source bytes [a, b) to the document.
func (s *source) span(a, b int) (document.Span, bool) {
	if a < 0 {
		a = 0
	}
	if b > len(s.start) {
		b = len(s.start)
	}
	first, last := -1, -1
	for i := a; i < b; i++ {
		if s.start[i] >= 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		for i := a; i < len(s.start); i++ {
			if s.start[i] >= 0 {
				return document.Span{Start: s.start[i], End: s.start[i]}, true
			}
		}
		return document.Span{}, false
	}
	return document.Span{Start: s.start[first], End: s.end[last]}, true
}

// sub returns the bytes [a, b) of s as a source of their own.
func (s *source) sub(a, b int) *source {
	return &source{text: s.text[a:b], start: s.start[a:b], end: s.end[a:b], plain: s.plain}
}

// maxDepth bounds the nesting of shell strings read inside shell strings.
const maxDepth = 4

// A reader walks the syntax tree of one source and records commands.
type reader struct {
	script *Script
	depth  int
}

// frame is where the commands being read sit.
type frame struct {
	src    *source
	parent *Command
	via    Via
	arg    int
	pipe   *Pipeline
	stage  int
}

func (r *reader) parse(src *source, parent *Command, via Via, arg int) {
	p := syntax.NewParser(syntax.Variant(syntax.LangBash))
	file, err := p.Parse(strings.NewReader(src.text), "")
	if err != nil {
		if parent == nil {
			r.script.Err = err
		}
		return
	}
	fr := frame{src: src, parent: parent, via: via, arg: arg}
	r.stmts(file.Stmts, fr, true)
}

func (r *reader) stmts(list []*syntax.Stmt, fr frame, standalone bool) {
	for _, st := range list {
		r.stmt(st, fr, standalone)
	}
}

// stmt reads one statement; standalone is false for the right operand
// of ||, which a replacement by an && list would change.
func (r *reader) stmt(st *syntax.Stmt, fr frame, standalone bool) {
	if st == nil || st.Cmd == nil {
		return
	}
	standalone = standalone && !st.Negated && !st.Background && !st.Coprocess
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		r.call(c, st, fr)
	case *syntax.DeclClause:
		r.decl(c, st, fr)
	case *syntax.BinaryCmd:
		switch c.Op {
		case syntax.Pipe, syntax.PipeAll:
			if fr.pipe != nil {
				// A pipe nested in a stage: read it as its own pipeline.
				fr.pipe = nil
			}
			stages := append(flattenPipe(c.X), flattenPipe(c.Y)...)
			pipe := &Pipeline{Stages: make([][]*Command, len(stages)), Standalone: standalone, Plain: fr.src.plain}
			pipe.Span, _ = fr.src.span(int(st.Pos().Offset()), int(st.End().Offset()))
			r.script.Pipelines = append(r.script.Pipelines, pipe)
			for i, sst := range stages {
				sub := fr
				sub.pipe, sub.stage = pipe, i
				r.stmt(sst, sub, false)
			}
		case syntax.OrStmt:
			r.stmt(c.X, fr, standalone)
			r.stmt(c.Y, fr, false)
		default:
			r.stmt(c.X, fr, standalone)
			r.stmt(c.Y, fr, standalone)
		}
	case *syntax.Block:
		r.stmts(c.Stmts, fr, standalone)
	case *syntax.Subshell:
		r.stmts(c.Stmts, fr, standalone)
	case *syntax.IfClause:
		for ic := c; ic != nil; ic = ic.Else {
			r.stmts(ic.Cond, fr, false)
			r.stmts(ic.Then, fr, standalone)
		}
	case *syntax.WhileClause:
		r.stmts(c.Cond, fr, false)
		r.stmts(c.Do, fr, standalone)
	case *syntax.ForClause:
		if it, ok := c.Loop.(*syntax.WordIter); ok {
			for _, w := range it.Items {
				r.substitutions(w, nil, -1, fr)
			}
		}
		r.stmts(c.Do, fr, standalone)
	case *syntax.CaseClause:
		r.substitutions(c.Word, nil, -1, fr)
		for _, item := range c.Items {
			r.stmts(item.Stmts, fr, standalone)
		}
	case *syntax.FuncDecl:
		r.stmt(c.Body, fr, standalone)
	case *syntax.TimeClause:
		r.stmt(c.Stmt, fr, standalone)
	case *syntax.CoprocClause:
		r.stmt(c.Stmt, fr, false)
	default:
		// Arithmetic and test commands: only substitutions run commands.
		r.substitutions(c, nil, -1, fr)
	}
	for _, rd := range st.Redirs {
		if _, ok := st.Cmd.(*syntax.CallExpr); ok {
			continue // read with the command
		}
		r.redirect(rd, nil, fr)
	}
}

// flattenPipe returns the stages of a | b | c, whichever way the parser
// nested them.
func flattenPipe(st *syntax.Stmt) []*syntax.Stmt {
	b, ok := st.Cmd.(*syntax.BinaryCmd)
	if !ok || (b.Op != syntax.Pipe && b.Op != syntax.PipeAll) || st.Negated || st.Background || len(st.Redirs) > 0 {
		return []*syntax.Stmt{st}
	}
	return append(flattenPipe(b.X), flattenPipe(b.Y)...)
}

// record adds a command to the script and to its pipeline stage.
func (r *reader) record(cmd *Command, st *syntax.Stmt, fr frame) {
	cmd.Parent, cmd.Via, cmd.Arg = fr.parent, fr.via, fr.arg
	cmd.Plain = fr.src.plain
	cmd.Span, _ = fr.src.span(int(st.Pos().Offset()), int(st.End().Offset()))
	if fr.pipe != nil {
		cmd.Pipeline, cmd.Stage = fr.pipe, fr.stage
		fr.pipe.Stages[fr.stage] = append(fr.pipe.Stages[fr.stage], cmd)
	}
	r.script.Commands = append(r.script.Commands, cmd)
}

func (r *reader) call(c *syntax.CallExpr, st *syntax.Stmt, fr frame) {
	cmd := &Command{}
	for _, a := range c.Assigns {
		cmd.Assigns = append(cmd.Assigns, r.assign(a, fr.src))
	}
	for _, w := range c.Args {
		if len(w.Parts) > 0 {
			cmd.Args = append(cmd.Args, r.word(w, fr.src))
		}
	}
	for _, rd := range st.Redirs {
		switch rd.Op {
		case syntax.Hdoc, syntax.DashHdoc:
			if rd.Hdoc != nil && len(rd.Hdoc.Parts) > 0 {
				w := r.heredocBody(rd.Hdoc, fr.src)
				cmd.Input = &w
			}
		case syntax.WordHdoc:
			if rd.Word != nil && len(rd.Word.Parts) > 0 {
				w := r.word(rd.Word, fr.src)
				cmd.Input = &w
			}
		}
	}
	r.record(cmd, st, fr)
	inner := frame{src: fr.src}
	for _, a := range c.Assigns {
		r.substitutions(a, cmd, -1, inner)
	}
	for i, w := range c.Args {
		r.substitutions(w, cmd, i, inner)
	}
	for _, rd := range st.Redirs {
		r.redirect(rd, cmd, inner)
	}
	r.nested(cmd)
}

// decl reads export, declare, local, readonly and typeset as a command
// whose Args[0] is the keyword and whose Assigns are its operands.
func (r *reader) decl(c *syntax.DeclClause, st *syntax.Stmt, fr frame) {
	cmd := &Command{}
	if c.Variant != nil {
		kw := Word{Value: c.Variant.Value, Literal: true, src: fr.src, pos: int(c.Variant.Pos().Offset()), end: int(c.Variant.End().Offset())}
		kw.Span, _ = fr.src.span(kw.pos, kw.end)
		cmd.Args = append(cmd.Args, kw)
	}
	for _, a := range c.Args {
		if a.Name == nil {
			if a.Value != nil && len(a.Value.Parts) > 0 {
				cmd.Args = append(cmd.Args, r.word(a.Value, fr.src))
			}
			continue
		}
		cmd.Assigns = append(cmd.Assigns, r.assign(a, fr.src))
	}
	r.record(cmd, st, fr)
	inner := frame{src: fr.src}
	for _, a := range c.Args {
		r.substitutions(a, cmd, -1, inner)
	}
	for _, rd := range st.Redirs {
		r.redirect(rd, cmd, inner)
	}
}

func (r *reader) redirect(rd *syntax.Redirect, cmd *Command, fr frame) {
	if rd.Word != nil && len(rd.Word.Parts) > 0 {
		r.substitutions(rd.Word, cmd, -1, fr)
	}
	if rd.Hdoc != nil && len(rd.Hdoc.Parts) > 0 {
		r.substitutions(rd.Hdoc, cmd, -1, fr)
	}
}

// substitutions reads the command and process substitutions inside node
// as commands nested in parent.
func (r *reader) substitutions(node syntax.Node, parent *Command, arg int, fr frame) {
	if node == nil {
		return
	}
	syntax.Walk(node, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CmdSubst:
			r.stmts(n.Stmts, frame{src: fr.src, parent: parent, via: Substitution, arg: arg}, true)
			return false
		case *syntax.ProcSubst:
			r.stmts(n.Stmts, frame{src: fr.src, parent: parent, via: ProcessSubstitution, arg: arg}, true)
			return false
		}
		return true
	})
}

// nested reads the script a shell command runs from a string or a
// here-document: `sh -c '...'`, `su -c '...'`, `bash <<EOF`.
func (r *reader) nested(cmd *Command) {
	if r.depth >= maxDepth {
		return
	}
	text := -1
	via := ShellString
	switch mode, i := cmd.Shell(); mode {
	case ShellCommand:
		text = i
	case ShellStdin:
		if in := cmd.Input; in != nil && in.src != nil {
			src := in.src.sub(in.pos, in.end)
			if !in.heredoc {
				src = in.shellText()
			}
			r.depth++
			r.parse(src, cmd, ShellInput, -1)
			r.depth--
			return
		}
	case NotShell:
		text = suCommand(cmd)
	}
	if text < 0 || text >= len(cmd.Args) {
		return
	}
	src := cmd.Args[text].shellText()
	if src == nil {
		return
	}
	r.depth++
	r.parse(src, cmd, via, text)
	r.depth--
}

// suCommand returns the index of the command string of `su [user] -c
// '...'` and `runuser ... -c '...'`, which run it with the user's shell,
// or -1.
func suCommand(cmd *Command) int {
	_, run := cmd.Unwrap()
	if len(run) == 0 {
		return -1
	}
	switch run[0].Value {
	case "su", "/bin/su", "runuser", "/sbin/runuser", "/usr/sbin/runuser":
	default:
		return -1
	}
	base := len(cmd.Args) - len(run)
	for i := 1; i+1 < len(run); i++ {
		if w := run[i].Value; w == "-c" || w == "--command" {
			return base + i + 1
		}
	}
	return -1
}

// shellText returns the text a shell string word hands to the shell that
// runs it, mapped to the document: quotes removed, escapes resolved,
// parameter expansions kept as written (the inner shell sees their
// values), and command substitutions blanked out (the outer shell runs
// them; they are read already as commands of their own).
func (w Word) shellText() *source {
	if w.src == nil {
		return nil
	}
	if w.node == nil {
		// An exec-form element: already decoded.
		return w.src.sub(w.pos, w.end)
	}
	out := &source{}
	src := w.src
	copyRaw := func(a, b int, blank bool) {
		for i := a; i < b; i++ {
			c := src.text[i]
			if blank && c != '\n' {
				c = ' '
			}
			out.add(c, src.start[i], src.end[i])
		}
	}
	unescape := func(a, b int, quoted bool) {
		for i := a; i < b; i++ {
			c := src.text[i]
			if c == '\\' && i+1 < b {
				n := src.text[i+1]
				if n == '\n' {
					i++
					continue
				}
				if !quoted || strings.IndexByte("$`\"\\", n) >= 0 {
					out.add(n, src.start[i], src.end[i+1])
					i++
					continue
				}
			}
			out.add(c, src.start[i], src.end[i])
		}
	}
	var part func(p syntax.WordPart, quoted bool)
	part = func(p syntax.WordPart, quoted bool) {
		a, b := int(p.Pos().Offset()), int(p.End().Offset())
		switch p := p.(type) {
		case *syntax.Lit:
			unescape(a, b, quoted)
		case *syntax.SglQuoted:
			if p.Dollar {
				copyRaw(a, b, false)
				return
			}
			copyRaw(a+1, b-1, false)
		case *syntax.DblQuoted:
			for _, q := range p.Parts {
				part(q, true)
			}
		case *syntax.CmdSubst, *syntax.ProcSubst:
			copyRaw(a, b, true)
		default:
			copyRaw(a, b, false)
		}
	}
	for _, p := range w.node.Parts {
		part(p, false)
	}
	return out.finish()
}

func (r *reader) assign(a *syntax.Assign, src *source) Assign {
	as := Assign{}
	if a.Name != nil {
		as.Name = a.Name.Value
	}
	as.Span, _ = src.span(int(a.Pos().Offset()), int(a.End().Offset()))
	if a.Value != nil && len(a.Value.Parts) > 0 {
		as.HasValue = true
		as.Value = r.word(a.Value, src)
	} else if !a.Naked {
		// NAME= : an empty value.
		as.HasValue = true
		end := int(a.End().Offset())
		as.Value = Word{Value: "", Literal: true, src: src, pos: end, end: end}
		as.Value.Span, _ = src.span(end, end)
	}
	return as
}

// word reads one word: its value after quote removal when it is literal,
// else its text as written.
func (r *reader) word(w *syntax.Word, src *source) Word {
	out := Word{src: src, pos: int(w.Pos().Offset()), end: int(w.End().Offset()), node: w}
	if out.end > len(src.text) {
		out.end = len(src.text)
	}
	if out.pos > out.end {
		out.pos = out.end
	}
	out.Span, _ = src.span(out.pos, out.end)
	if v, ok := literal(w, src.text); ok {
		out.Value, out.Literal = v, true
	} else {
		out.Value = src.text[out.pos:out.end]
	}
	return out
}

// heredocBody reads the body of a here-document as written, without
// its terminator line (which the parser counts in the word). It is literal
// when it holds no expansion.
func (r *reader) heredocBody(w *syntax.Word, src *source) Word {
	out := Word{src: src, pos: int(w.Pos().Offset()), end: int(w.End().Offset()), node: w, heredoc: true}
	if out.end > len(src.text) {
		out.end = len(src.text)
	}
	if out.pos > out.end {
		out.pos = out.end
	}
	if nl := strings.LastIndexByte(src.text[out.pos:out.end], '\n'); nl >= 0 {
		out.end = out.pos + nl + 1
	} else {
		out.end = out.pos
	}
	out.Value = src.text[out.pos:out.end]
	out.Literal = true
	for _, p := range w.Parts {
		if _, ok := p.(*syntax.Lit); !ok {
			out.Literal = false
		}
	}
	out.Span, _ = src.span(out.pos, out.end)
	return out
}

// literal returns the value of a word without expansions.
func literal(w *syntax.Word, text string) (string, bool) {
	var b strings.Builder
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			unescapeInto(&b, text[p.Pos().Offset():p.End().Offset()], false)
		case *syntax.SglQuoted:
			if p.Dollar {
				return "", false
			}
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			if p.Dollar {
				return "", false
			}
			for _, q := range p.Parts {
				lit, ok := q.(*syntax.Lit)
				if !ok {
					return "", false
				}
				unescapeInto(&b, text[lit.Pos().Offset():lit.End().Offset()], true)
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}

func unescapeInto(b *strings.Builder, s string, quoted bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			n := s[i+1]
			if n == '\n' {
				i++
				continue
			}
			if !quoted || strings.IndexByte("$`\"\\", n) >= 0 {
				b.WriteByte(n)
				i++
				continue
			}
		}
		b.WriteByte(c)
	}
}
