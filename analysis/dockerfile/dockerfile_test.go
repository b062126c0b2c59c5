package dockerfile

import (
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

func parse(t *testing.T, text string) *File {
	t.Helper()
	f := Parse(document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(text)))
	if f == nil {
		t.Fatal("Parse returned nil")
	}
	return f
}

// at returns the text a span covers.
func at(f *File, s document.Span) string { return string(f.Doc.Text[s.Start:s.End]) }

func noErrors(t *testing.T, f *File) {
	t.Helper()
	for _, e := range f.Errors {
		t.Errorf("unexpected error at %q: %s", at(f, e.Span), e.Message)
	}
}

func TestContinuationSpans(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n"} {
		text := strings.ReplaceAll(`FROM alpine:3.20 AS base
  run --mount=type=cache,target=/var/cache/apk \
    # a comment BuildKit skips
    --network=none \

    apk add \
      curl
USER app
`, "\n", eol)
		f := parse(t, text)
		noErrors(t, f)
		checkAgainstBuildKit(t, "continuation", f)
		if f.LineEnding != eol {
			t.Errorf("LineEnding = %q, want %q", f.LineEnding, eol)
		}
		if len(f.Instructions) != 3 {
			t.Fatalf("%d instructions, want 3", len(f.Instructions))
		}
		run := f.Instructions[1]
		if run.Keyword != "RUN" || at(f, run.KeywordSpan) != "run" {
			t.Errorf("keyword %q at %q", run.Keyword, at(f, run.KeywordSpan))
		}
		if len(run.Flags) != 2 {
			t.Fatalf("flags %+v", run.Flags)
		}
		if fl := run.Flags[0]; fl.Name != "mount" || fl.Value != "type=cache,target=/var/cache/apk" || at(f, fl.Span) != "--mount=type=cache,target=/var/cache/apk" {
			t.Errorf("flag 0 = %+v at %q", fl, at(f, fl.Span))
		}
		if fl := run.Flag("network"); fl == nil || fl.Value != "none" || at(f, fl.Span) != "--network=none" {
			t.Errorf("network flag = %+v", fl)
		}
		if !strings.HasPrefix(at(f, run.Span), "run --mount") || !strings.HasSuffix(at(f, run.Span), "curl") {
			t.Errorf("span %q", at(f, run.Span))
		}
		if len(run.Args) != 1 || run.Args[0].Value != "apk add       curl" {
			t.Errorf("args %+v", run.Args)
		}
		if got := at(f, run.RestSpan); !strings.HasPrefix(got, "apk add \\") || !strings.HasSuffix(got, "curl") {
			t.Errorf("rest span %q", got)
		}
		i := strings.Index(run.Logical(), "curl")
		if got := at(f, run.SpanOf(i, i+4)); got != "curl" {
			t.Errorf("SpanOf(curl) = %q", got)
		}
		if run.Stage != f.Stages[0] || f.Instructions[2].Stage != f.Stages[0] {
			t.Error("instructions not in stage 0")
		}
		if !run.checked {
			t.Error("BuildKit's instructions package did not accept the RUN")
		}
		if first, last := f.Doc.LineOf(run.Span.Start), f.Doc.LineOf(run.Span.End); first != 1 || last != 6 {
			t.Errorf("RUN on lines %d-%d (0-based), want 1-6", first, last)
		}
		from := f.Instructions[0]
		if len(from.Args) != 3 || at(f, from.Args[2].Span) != "base" || f.Stages[0].Name != "base" || at(f, f.Stages[0].NameSpan) != "base" {
			t.Errorf("from args %+v", from.Args)
		}
		if got := f.InstructionAt(strings.Index(text, "curl")); got != run {
			t.Errorf("InstructionAt(curl) = %v", got)
		}
		if got := f.InstructionAt(strings.Index(text, "app")); got != f.Instructions[2] {
			t.Errorf("InstructionAt(app) = %v", got)
		}
		if len(f.Warnings) != 1 {
			t.Errorf("want one empty-continuation warning, got %+v", f.Warnings)
		}
	}
}

func TestHeredocs(t *testing.T) {
	text := "FROM alpine\n" +
		"# install\n" +
		"RUN <<EOF bash\n" +
		"set -e\n" +
		"echo hi\n" +
		"EOF\n" +
		"COPY <<-'EOT' <<two /dst/\n" +
		"\tfirst $X\n" +
		"\tEOT\n" +
		"second\n" +
		"two\n" +
		"CMD [\"sh\"]"
	f := parse(t, text)
	noErrors(t, f)
	checkAgainstBuildKit(t, "heredocs", f)
	if len(f.Instructions) != 4 {
		t.Fatalf("%d instructions", len(f.Instructions))
	}
	run := f.Instructions[1]
	if len(run.Heredocs) != 1 {
		t.Fatalf("heredocs %+v", run.Heredocs)
	}
	h := run.Heredocs[0]
	if h.Name != "EOF" || at(f, h.Body) != "set -e\necho hi\n" || at(f, h.Terminator) != "EOF" || h.Content != "set -e\necho hi\n" || !h.Expand {
		t.Errorf("heredoc %+v body %q", h, at(f, h.Body))
	}
	if !strings.HasSuffix(at(f, run.Span), "echo hi\nEOF") {
		t.Errorf("run span %q", at(f, run.Span))
	}
	if len(run.Comments) != 1 || at(f, run.Comments[0]) != "# install" {
		t.Errorf("comments %v", run.Comments)
	}
	cp := f.Instructions[2]
	if len(cp.Heredocs) != 2 {
		t.Fatalf("copy heredocs %+v", cp.Heredocs)
	}
	if h := cp.Heredocs[0]; h.Name != "EOT" || !h.Chomp || h.Expand || at(f, h.Body) != "\tfirst $X\n" {
		t.Errorf("first heredoc %+v", h)
	}
	if h := cp.Heredocs[1]; h.Name != "two" || at(f, h.Body) != "second\n" || at(f, h.Terminator) != "two" {
		t.Errorf("second heredoc %+v", h)
	}
	cmd := f.Instructions[3]
	if !cmd.JSON || len(cmd.Args) != 1 || cmd.Args[0].Value != "sh" || at(f, cmd.Args[0].Span) != `"sh"` {
		t.Errorf("cmd %+v", cmd.Args)
	}
	if f.InstructionAt(strings.Index(text, "echo hi")) != run {
		t.Error("InstructionAt inside a heredoc body")
	}
}

func TestUnterminatedHeredoc(t *testing.T) {
	f := parse(t, "FROM alpine\nRUN <<EOF\necho hi\nCMD [\"x\"]\n")
	if len(f.Errors) != 1 || f.Errors[0].Message != "heredoc EOF is never closed, so the rest of the file is read as its body; add a line EOF" {
		t.Fatalf("errors %+v", f.Errors)
	}
	if at(f, f.Errors[0].Span) != "RUN <<EOF" {
		t.Errorf("error at %q", at(f, f.Errors[0].Span))
	}
	if len(f.Instructions) != 2 || !strings.HasSuffix(at(f, f.Instructions[1].Span), `CMD ["x"]`) {
		t.Errorf("the heredoc should run to the end of the file: %d instructions", len(f.Instructions))
	}
}

func TestEscapeDirective(t *testing.T) {
	text := "# syntax=docker/dockerfile:1\n" +
		"#  escape = `\n" +
		"\n" +
		"FROM mcr.microsoft.com/windows/servercore:ltsc2022\n" +
		"RUN dir c:\\ `\n" +
		"    && echo done\n" +
		"COPY testfile.txt c:\\\n" +
		"WORKDIR c:\\app\n"
	f := parse(t, text)
	noErrors(t, f)
	checkAgainstBuildKit(t, "escape", f)
	if f.Escape != '`' {
		t.Errorf("escape %q", f.Escape)
	}
	if len(f.Directives) != 2 {
		t.Fatalf("directives %+v", f.Directives)
	}
	d := f.Directives[1]
	if d.Name != "escape" || d.Value != "`" || at(f, d.NameSpan) != "escape" || at(f, d.ValueSpan) != "`" || at(f, d.Span) != "#  escape = `" {
		t.Errorf("directive %+v", d)
	}
	if s := f.Directives[0]; at(f, s.ValueSpan) != "docker/dockerfile:1" {
		t.Errorf("syntax value at %q", at(f, s.ValueSpan))
	}
	if len(f.Instructions) != 4 {
		t.Fatalf("%d instructions, want 4 (a backslash does not continue)", len(f.Instructions))
	}
	if got := f.Instructions[1].Args[0].Value; got != "dir c:\\     && echo done" {
		t.Errorf("run %q", got)
	}
	if got := f.Instructions[2].Args; len(got) != 2 || got[1].Value != "c:\\" {
		t.Errorf("copy %+v", got)
	}
}

func TestDirectivesOnlyAtTop(t *testing.T) {
	f := parse(t, "FROM alpine\n# escape=`\nRUN echo a \\\n  b\n")
	noErrors(t, f)
	if len(f.Directives) != 0 || f.Escape != '\\' || len(f.Instructions) != 2 {
		t.Errorf("directives %+v, escape %q, %d instructions", f.Directives, f.Escape, len(f.Instructions))
	}
}

func TestStagesAndArgs(t *testing.T) {
	text := `ARG REG=docker.io
ARG TAG=3.20
ARG ROOT_IMAGE=Builder
ARG NODEFAULT
FROM ${REG}/library/alpine:$TAG AS builder
FROM $ROOT_IMAGE AS dev
FROM ${NODEFAULT:-debian:12} AS unknown
FROM ${MISSING:-busybox:1.36}
FROM --platform=$BUILDPLATFORM golang:1.22
FROM dev
`
	f := parse(t, text)
	noErrors(t, f)
	if len(f.GlobalArgs) != 4 || len(f.Stages) != 6 {
		t.Fatalf("%d global args, %d stages", len(f.GlobalArgs), len(f.Stages))
	}
	want := []struct {
		base    string
		unknown bool
		parent  int
	}{
		{"docker.io/library/alpine:3.20", false, -1},
		{"Builder", false, 0},
		{"", true, -1},
		{"busybox:1.36", false, -1},
		{"golang:1.22", false, -1},
		{"dev", false, 1},
	}
	for i, w := range want {
		s := f.Stages[i]
		parent := -1
		if s.Parent != nil {
			parent = s.Parent.Index
		}
		if s.Base != w.base || s.Unknown != w.unknown || parent != w.parent || s.Index != i {
			t.Errorf("stage %d: base %q unknown %v parent %d, want %+v", i, s.Base, s.Unknown, parent, w)
		}
	}
	if got := at(f, f.Stages[1].BaseSpan); got != "$ROOT_IMAGE" {
		t.Errorf("base span %q", got)
	}
	final := f.Final()
	if chain := final.Chain(); len(chain) != 3 || chain[2] != f.Stages[0] || final.Root() != f.Stages[0] {
		t.Errorf("chain of final: %d stages", len(chain))
	}
	if f.StageNamed("BUILDER") != f.Stages[0] {
		t.Error("StageNamed is case-insensitive")
	}
	if !parse(t, "FROM scratch\nCOPY a /\n").Final().IsScratch() {
		t.Error("scratch")
	}
}

// TestUndeclaredInFrom checks that a variable no global ARG declares is
// empty in FROM, as BuildKit expands it, unless BuildKit predefines it or
// nothing valid is left.
func TestUndeclaredInFrom(t *testing.T) {
	f := parse(t, `ARG TAG
FROM alpine$TAG
FROM alpine$VERSION$VERSION
FROM ${REGISTRY}nginx:1.27
FROM golang-$TARGETARCH
FROM node:${NODE}
FROM ${IMAGE}
`)
	want := []struct {
		base       string
		unknown    bool
		undeclared string
	}{
		{"", true, ""},
		{"alpine", false, "VERSION"},
		{"nginx:1.27", false, "REGISTRY"},
		{"", true, ""},
		{"", true, "NODE"},
		{"", true, "IMAGE"},
	}
	for i, w := range want {
		s := f.Stages[i]
		if s.Base != w.base || s.Unknown != w.unknown || strings.Join(s.Undeclared, ",") != w.undeclared {
			t.Errorf("stage %d (%s): base %q unknown %v undeclared %v, want %+v", i, s.BaseRaw, s.Base, s.Unknown, s.Undeclared, w)
		}
	}
}

func TestExpandInStage(t *testing.T) {
	text := `ARG UID=101
ARG GID
FROM alpine AS base
ENV APP_USER=app HOME_DIR="/home/app"
FROM base
ARG UID
ARG GID
ARG PORT=8080
ENV PORT=9090
USER ${APP_USER}:$UID
USER $GID
USER ${PORT}
USER "$HOME_DIR"
`
	f := parse(t, text)
	noErrors(t, f)
	users := f.Final().Instructions[5:]
	cases := []struct {
		value string
		ok    bool
	}{{"app:101", true}, {"", false}, {"9090", true}, {"/home/app", true}}
	for i, c := range cases {
		got, ok := f.Expand(users[i].Args[0].Value, users[i])
		if got != c.value || ok != c.ok {
			t.Errorf("%s: got %q %v, want %q %v", users[i].Raw, got, ok, c.value, c.ok)
		}
	}
	if u := EffectiveUser(f.Final()); u != users[3] {
		t.Errorf("EffectiveUser = %v", u)
	}
	if u := EffectiveUser(f.Stages[0]); u != nil {
		t.Errorf("EffectiveUser(base) = %v", u.Raw)
	}
}

func TestSetsEntrypoint(t *testing.T) {
	f := parse(t, "FROM node:22 AS base\nENTRYPOINT [\"tini\", \"--\"]\nFROM base AS dev\nRUN id\nFROM node:22\nCMD [\"node\"]\n")
	if !f.Stages[1].SetsEntrypoint() {
		t.Error("a stage built on one that sets ENTRYPOINT does not know it")
	}
	if f.Stages[2].SetsEntrypoint() {
		t.Error("a stage with only CMD, on an image, sets no ENTRYPOINT")
	}
}

func TestEffectiveUserInherited(t *testing.T) {
	f := parse(t, "FROM node:22 AS base\nUSER node\nFROM base AS dev\nRUN id\nFROM dev\nCMD [\"node\"]\n")
	if u := EffectiveUser(f.Final()); u == nil || u.Args[0].Value != "node" {
		t.Errorf("EffectiveUser = %v", u)
	}
	f = parse(t, "FROM node:22 AS build\nUSER node\nFROM node:22\nCOPY --from=build /a /a\n")
	if u := EffectiveUser(f.Final()); u != nil {
		t.Errorf("a builder's USER is not inherited: %v", u.Raw)
	}
}

func TestPairsAndOnbuild(t *testing.T) {
	text := "FROM alpine\n" +
		"ENV A=1 B=\"two words\" \\\n    C=3\n" +
		"ENV LEGACY value with spaces\n" +
		"LABEL org.opencontainers.image.title=\"x\"\n" +
		"ARG NAME\n" +
		"ONBUILD RUN --network=none echo hi\n" +
		"ADD [\"a b\", \"c\\\"d\", \"/dst/\"]\n"
	f := parse(t, text)
	noErrors(t, f)
	checkAgainstBuildKit(t, "pairs", f)
	env := f.Instructions[1]
	if len(env.Pairs) != 3 || env.Pairs[1].Key != "B" || env.Pairs[1].Value != `"two words"` || at(f, env.Pairs[2].ValueSpan) != "3" || at(f, env.Pairs[2].KeySpan) != "C" {
		t.Errorf("env pairs %+v", env.Pairs)
	}
	legacy := f.Instructions[2]
	if len(legacy.Pairs) != 1 || legacy.Pairs[0].Key != "LEGACY" || legacy.Pairs[0].Value != "value with spaces" {
		t.Errorf("legacy %+v", legacy.Pairs)
	}
	if p := f.Instructions[4].Pairs; len(p) != 1 || p[0].HasValue || p[0].Key != "NAME" {
		t.Errorf("arg %+v", p)
	}
	ob := f.Instructions[5]
	if ob.Sub == nil || ob.Sub.Keyword != "RUN" || at(f, ob.Sub.KeywordSpan) != "RUN" || at(f, ob.Sub.Flags[0].Span) != "--network=none" || ob.Sub.Args[0].Value != "echo hi" {
		t.Fatalf("onbuild %+v", ob.Sub)
	}
	if at(f, ob.Sub.Span) != "RUN --network=none echo hi" {
		t.Errorf("sub span %q", at(f, ob.Sub.Span))
	}
	add := f.Instructions[6]
	if !add.JSON || len(add.Args) != 3 || add.Args[1].Value != `c"d` || at(f, add.Args[1].Span) != `"c\"d"` {
		t.Errorf("add %+v", add.Args)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name, text, line, msg string
		instructions          int
	}{
		{"unknown instruction", "FROM alpine\nFROOM x\nRUN ok\n", "FROOM x", "unknown instruction", 3},
		{"unknown flag", "FROM alpine\n  RUN --foo=bar x\n", "RUN --foo=bar x", "unknown flag", 2},
		{"before FROM", "RUN echo\nFROM alpine\n", "RUN echo", "no build stage", 2},
		{"JSON numbers", "FROM alpine\nCMD [1]\nUSER app\n", "CMD [1]", "strings only", 3},
		{"ENV without value", "FROM alpine\nENV A\n", "ENV A", "two arguments", 2},
		{"empty file", "", "", "no instructions", 0},
		{"comments only", "# hello\n", "# hello", "no instructions", 0},
		{"duplicate directive", "# escape=`\n# escape=\\\nFROM alpine\n", "# escape=\\", "only one escape", 1},
		{"bad escape", "# escape=x\nFROM alpine\n", "# escape=x", "invalid escape", 1},
		{"no stage", "ARG A=1\nARG B=2\n", "ARG B=2", "no stages", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := parse(t, c.text)
			if len(f.Errors) != 1 {
				t.Fatalf("errors %+v", f.Errors)
			}
			if got := at(f, f.Errors[0].Span); got != c.line || !strings.Contains(f.Errors[0].Message, c.msg) {
				t.Errorf("error %q at %q, want %q at %q", f.Errors[0].Message, got, c.msg, c.line)
			}
			if len(f.Instructions) != c.instructions {
				t.Errorf("%d instructions, want %d", len(f.Instructions), c.instructions)
			}
		})
	}
}

// TestNeverPanics parses every prefix of a file full of awkward
// constructs: an editor shows each of them while the user types.
func TestNeverPanics(t *testing.T) {
	text := "\xEF\xBB\xBF# syntax=docker/dockerfile:1\r\n# escape=`\r\nARG X=${Y:-a}\r\n" +
		"FROM $X AS `\r\n\r\n  # c\r\n  b\r\nONBUILD RUN <<EOF\r\nx\r\nEOF\r\n" +
		"RUN [\"a\", \"b\\u00e9\"]\r\nHEALTHCHECK --interval=5s CMD [\"c\"]\r\nCOPY <<-E /x\r\n\tE\r\nUSER ${\r\n`\r\n\\"
	for i := 0; i <= len(text); i++ {
		f := parse(t, text[:i])
		for _, in := range f.Instructions {
			if in.Span.Start < 0 || in.Span.End > i || in.Span.Start > in.Span.End {
				t.Fatalf("prefix %d: bad span %+v", i, in.Span)
			}
		}
	}
	f := parse(t, text)
	// The last instruction is a lone escape continued onto a line holding
	// a backslash: BuildKit reads an instruction called "\\".
	if len(f.Errors) != 1 || !strings.Contains(f.Errors[0].Message, "unknown instruction") || at(f, f.Errors[0].Span) != "`" {
		t.Errorf("errors %+v", f.Errors)
	}
	if len(f.Instructions) != 8 || f.Stages[0].Name != "b" {
		t.Errorf("%d instructions", len(f.Instructions))
	}
	if hc := f.Instructions[4]; len(hc.Args) != 2 || hc.Args[0].Value != "CMD" || hc.Args[1].Value != "c" {
		t.Errorf("healthcheck %+v", hc.Args)
	}
}

func TestParseImageRef(t *testing.T) {
	cases := []struct {
		in   string
		want ImageRef
	}{
		{"alpine", ImageRef{Path: "alpine"}},
		{"alpine:3.20", ImageRef{Path: "alpine", Tag: "3.20"}},
		{"localhost:5000/img", ImageRef{Registry: "localhost:5000", Path: "img"}},
		{"localhost/img:1", ImageRef{Registry: "localhost", Path: "img", Tag: "1"}},
		{"registry.example.com:443/team/app:v1@sha256:abc", ImageRef{Registry: "registry.example.com:443", Path: "team/app", Tag: "v1", Digest: "sha256:abc"}},
		{"gcr.io/distroless/static-debian12:nonroot", ImageRef{Registry: "gcr.io", Path: "distroless/static-debian12", Tag: "nonroot"}},
		{"bitnami/redis", ImageRef{Path: "bitnami/redis"}},
		{"img@sha256:abc", ImageRef{Path: "img", Digest: "sha256:abc"}},
	}
	for _, c := range cases {
		got := ParseImageRef(c.in)
		if got != c.want {
			t.Errorf("ParseImageRef(%q) = %+v, want %+v", c.in, got, c.want)
		}
		if got.String() != c.in {
			t.Errorf("String() = %q, want %q", got.String(), c.in)
		}
	}
	if r := ParseImageRef("docker.io/library/nginx:1"); !r.DockerHub() || r.Repository() != "nginx" || r.Name() != "docker.io/library/nginx" {
		t.Errorf("docker hub ref %+v", r)
	}
}

// TestBlocksAreIndependent: an instruction parses the same wherever its
// block sits, which is what lets an edit re-parse only changed blocks.
func TestBlocksAreIndependent(t *testing.T) {
	body := "RUN --mount=type=cache,target=/c \\\n  make <<EOF\nall\nEOF\nUSER app\n"
	a := parse(t, "FROM alpine\n"+body)
	prefix := "FROM alpine\n\n# a comment\nENV X=1\n"
	b := parse(t, prefix+body)
	shift := len(prefix) - len("FROM alpine\n")
	for i := 1; i < len(a.Instructions); i++ {
		x, y := a.Instructions[i], b.Instructions[i+1]
		if x.Raw != y.Raw || x.Span.Start+shift != y.Span.Start || len(x.Flags) != len(y.Flags) {
			t.Errorf("instruction %d differs: %q at %d vs %q at %d", i, x.Raw, x.Span.Start, y.Raw, y.Span.Start)
		}
		if a.Doc.LineOf(x.Span.Start)+3 != b.Doc.LineOf(y.Span.Start) {
			t.Errorf("instruction %d: line %d vs %d", i, a.Doc.LineOf(x.Span.Start), b.Doc.LineOf(y.Span.Start))
		}
	}
}

// Unwrap gives an ONBUILD's trigger, and any other instruction itself.
func TestUnwrap(t *testing.T) {
	f := parse(t, "FROM alpine\nONBUILD ADD a /a\nADD b /b\n")
	ins := f.Stages[0].Instructions // FROM first
	if x, onbuild := ins[1].Unwrap(); x != ins[1].Sub || !onbuild || x.Keyword != "ADD" {
		t.Errorf("ONBUILD ADD: %s, onbuild %v", x.Keyword, onbuild)
	}
	if x, onbuild := ins[2].Unwrap(); x != ins[2] || onbuild {
		t.Errorf("ADD: %s, onbuild %v", x.Keyword, onbuild)
	}
}
