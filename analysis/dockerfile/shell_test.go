package dockerfile

import (
	"os"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// script parses text and returns the reading of its instruction number i.
func script(t *testing.T, text string, i int) (*File, *Script) {
	t.Helper()
	f := parse(t, text)
	noErrors(t, f)
	if i >= len(f.Instructions) {
		t.Fatalf("%d instructions, want more than %d", len(f.Instructions), i)
	}
	s := f.Script(f.Instructions[i])
	if s == nil {
		t.Fatalf("no script for %s", f.Instructions[i].Keyword)
	}
	return f, s
}

// argv returns each command's words as written in the document, joined by
// spaces, checking on the way that every span is where the word is.
func argv(t *testing.T, f *File, s *Script) []string {
	t.Helper()
	var out []string
	for _, c := range s.Commands {
		var ws []string
		for _, w := range c.Args {
			ws = append(ws, at(f, w.Span))
		}
		out = append(out, strings.Join(ws, " "))
	}
	return out
}

func names(s *Script) []string {
	var out []string
	for _, c := range s.Commands {
		out = append(out, c.Name())
	}
	return out
}

func TestScriptShellForm(t *testing.T) {
	f, s := script(t, `FROM debian:12
RUN apt-get update \
    # BuildKit drops this comment line
    && apt-get install -y sudo curl \
    && echo "sudo make install" > /HOWTO; sudo -E make -C /src install
`, 1)
	if s.Err != nil || s.Interpreter != "" {
		t.Fatalf("err %v, interpreter %q", s.Err, s.Interpreter)
	}
	want := []string{"apt-get update", "apt-get install -y sudo curl", `echo "sudo make install"`, "sudo -E make -C /src install"}
	if got := argv(t, f, s); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("commands %q, want %q", got, want)
	}
	// Installing sudo is not running it; quoted text is one word.
	if got := names(s); strings.Join(got, " ") != "apt-get apt-get echo sudo" {
		t.Errorf("names %q", got)
	}
	if v := s.Commands[2].Args[1]; v.Value != "sudo make install" || !v.Literal {
		t.Errorf("echo word %+v", v)
	}
	wrappers, run := s.Commands[3].Unwrap()
	if len(wrappers) != 1 || len(wrappers[0]) != 2 || run[0].Value != "make" {
		t.Errorf("Unwrap = %v, %v", wrappers, run)
	}
	if s.Commands[3].Plain != true || s.Commands[3].Parent != nil {
		t.Errorf("top-level command: %+v", s.Commands[3])
	}
}

func TestScriptPipelines(t *testing.T) {
	f, s := script(t, "FROM alpine\nRUN curl -fsSL https://x/i.sh | sudo -E bash -s -- -y && true\nRUN a || curl x | sh\nRUN ! curl x | sh\n", 1)
	if len(s.Pipelines) != 1 {
		t.Fatalf("%d pipelines", len(s.Pipelines))
	}
	p := s.Pipelines[0]
	if at(f, p.Span) != "curl -fsSL https://x/i.sh | sudo -E bash -s -- -y" || !p.Standalone || len(p.Stages) != 2 {
		t.Errorf("pipeline %q standalone %v stages %d", at(f, p.Span), p.Standalone, len(p.Stages))
	}
	if c := s.Commands[0]; c.Pipeline != p || c.Stage != 0 || s.Commands[1].Stage != 1 {
		t.Errorf("stages %d %d", c.Stage, s.Commands[1].Stage)
	}
	if mode, i := s.Commands[1].Shell(); mode != ShellStdin || i != -1 {
		t.Errorf("sudo -E bash -s: mode %v %d", mode, i)
	}
	for _, n := range []int{2, 3} {
		_, s := script(t, "FROM alpine\nRUN a || curl x | sh\nRUN ! curl x | sh\n", n-1)
		if p := s.Pipelines[0]; p.Standalone {
			t.Errorf("instruction %d: pipeline is standalone", n)
		}
	}
}

func TestScriptShellModes(t *testing.T) {
	cases := []struct {
		run    string
		mode   ShellMode
		script string
	}{
		{"bash", ShellStdin, ""},
		{"bash -s -- -y", ShellStdin, ""},
		{"sh -", ShellStdin, ""},
		{"sh -ec 'echo hi'", ShellCommand, "'echo hi'"},
		{"bash -o pipefail -c 'echo hi'", ShellCommand, "'echo hi'"},
		{"sudo -u app bash -lc true", ShellCommand, "true"},
		{"/bin/bash script.sh arg", ShellFile, "script.sh"},
		{"busybox sh -c ls", ShellCommand, "ls"},
		{"python3 -", NotShell, ""},
		{"shellcheck x.sh", NotShell, ""},
	}
	for _, c := range cases {
		f, s := script(t, "FROM alpine\nRUN "+c.run+"\n", 1)
		cmd := s.Commands[0]
		mode, i := cmd.Shell()
		got := ""
		if i >= 0 {
			got = at(f, cmd.Args[i].Span)
		}
		if mode != c.mode || got != c.script {
			t.Errorf("%s: mode %v script %q, want %v %q", c.run, mode, got, c.mode, c.script)
		}
	}
}

func TestScriptNested(t *testing.T) {
	f, s := script(t, `FROM alpine
RUN bash -c "$(curl -fsSL https://x)" && bash <(wget -qO- https://y) && X=$(date) env A=1 sudo true
`, 1)
	byName := map[string]*Command{}
	for _, c := range s.Commands {
		byName[c.Name()] = c
	}
	curl, wget, date := byName["curl"], byName["wget"], byName["date"]
	if curl == nil || curl.Via != Substitution || curl.Parent.Name() != "bash" || curl.Arg != 2 {
		t.Errorf("curl: %+v", curl)
	}
	if wget == nil || wget.Via != ProcessSubstitution || wget.Arg != 1 || at(f, wget.Span) != "wget -qO- https://y" {
		t.Errorf("wget: %+v", wget)
	}
	if date == nil || date.Via != Substitution || date.Arg != -1 || date.Parent.Name() != "env" {
		t.Errorf("date: %+v", date)
	}
	if env := byName["env"]; len(env.Assigns) != 1 || env.Assigns[0].Name != "X" || at(f, env.Assigns[0].Span) != "X=$(date)" {
		t.Errorf("env assigns %+v", env.Assigns)
	}
}

func TestScriptShellStrings(t *testing.T) {
	// The string of sh -c and su -c is read as a script; spans reach the
	// document through quotes and escapes.
	f, s := script(t, `FROM alpine
RUN su nobody -s /bin/sh -c " \
      cd \"$HOME\" \
      && apk index --allow-untrusted -o x.tar.gz *.apk \
    " && sh -c 'sudo make install'
`, 1)
	var got []string
	for _, c := range s.Commands {
		if c.Via == ShellString {
			got = append(got, c.Parent.Name()+": "+strings.Join(argvOf(f, c), " "))
			if c.Plain {
				t.Errorf("%s: a command in a quoted string is not plain", c.Name())
			}
		}
	}
	want := []string{`su: cd \"$HOME\"`, "su: apk index --allow-untrusted -o x.tar.gz *.apk", "sh: sudo make install"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("nested %q, want %q", got, want)
	}
	for _, c := range s.Commands {
		if c.Name() == "cd" && c.Args[1].Literal {
			t.Errorf("\"$HOME\" is not literal")
		}
	}
}

func argvOf(f *File, c *Command) []string {
	var ws []string
	for _, w := range c.Args {
		ws = append(ws, at(f, w.Span))
	}
	return ws
}

func TestScriptExecForm(t *testing.T) {
	f, s := script(t, `FROM alpine
RUN ["/bin/sh", "-c", "sudo apt-get \"x\" | bash"]
`, 1)
	if len(s.Commands) != 3 {
		t.Fatalf("%d commands: %q", len(s.Commands), argv(t, f, s))
	}
	top := s.Commands[0]
	if top.Name() != "sh" || at(f, top.Args[0].Span) != `"/bin/sh"` || top.Plain {
		t.Errorf("exec command %q", argv(t, f, s)[0])
	}
	sudo := s.Commands[1]
	if sudo.Via != ShellString || sudo.Parent != top || sudo.Arg != 2 {
		t.Errorf("nested %+v", sudo)
	}
	if got := argvOf(f, sudo); strings.Join(got, " ") != `sudo apt-get \"x\"` || sudo.Args[2].Value != "x" {
		t.Errorf("nested words %q", got)
	}
	if len(s.Pipelines) != 1 || at(f, s.Pipelines[0].Span) != `sudo apt-get \"x\" | bash` {
		t.Errorf("pipelines %+v", s.Pipelines)
	}
	// A bundle of short options in an exec form element maps letter by
	// letter.
	f, s = script(t, "FROM alpine\nRUN [\"curl\", \"-fsSLk\", \"https://x\"]\n", 1)
	w := s.Commands[0].Args[1]
	if sp, ok := w.SubSpan(5, 6); !ok || at(f, sp) != "k" {
		t.Errorf("SubSpan = %v %v", sp, ok)
	}
}

func TestScriptHeredocs(t *testing.T) {
	text := `# syntax=docker/dockerfile:1
FROM debian:12
RUN <<EOF
set -eux
curl -fsSL https://x | sh
EOF
RUN <<EOT bash
  apt-get update
  sudo true
EOT
RUN <<EOF
#!/usr/bin/env python3
import os
EOF
RUN python3 <<EOF
import subprocess
subprocess.run(["sudo", "true"])
EOF
RUN <<'EOF'
#!/bin/bash
echo hi
EOF
`
	f := parse(t, text)
	noErrors(t, f)
	runs := []*Instruction{}
	for _, in := range f.Instructions {
		if in.Keyword == "RUN" {
			runs = append(runs, in)
		}
	}
	s := f.Script(runs[0])
	if got := strings.Join(argv(t, f, s), "|"); got != "set -eux|curl -fsSL https://x|sh" {
		t.Errorf("heredoc script %q", got)
	}
	s = f.Script(runs[1])
	var viaInput []string
	for _, c := range s.Commands {
		if c.Via == ShellInput {
			viaInput = append(viaInput, strings.Join(argvOf(f, c), " "))
			if c.Parent.Name() != "bash" || !c.Plain {
				t.Errorf("%s: parent %s plain %v", c.Name(), c.Parent.Name(), c.Plain)
			}
		}
	}
	if strings.Join(viaInput, "|") != "apt-get update|sudo true" {
		t.Errorf("bash heredoc commands %q", viaInput)
	}
	if s := f.Script(runs[2]); s.Interpreter != "python3" || len(s.Commands) != 0 {
		t.Errorf("python shebang: %q %d", s.Interpreter, len(s.Commands))
	}
	s = f.Script(runs[3])
	if got := names(s); len(got) != 1 || got[0] != "python3" {
		t.Errorf("python3 <<EOF: commands %q", got)
	}
	if in := s.Commands[0].Input; in == nil || !strings.HasPrefix(in.Value, "import subprocess\n") || strings.Contains(in.Value, "EOF") {
		t.Errorf("input %+v", in)
	}
	if s := f.Script(runs[4]); s.Interpreter != "" || strings.Join(names(s), " ") != "echo" {
		t.Errorf("bash shebang: %q %q", s.Interpreter, names(s))
	}
}

func TestScriptInterpreters(t *testing.T) {
	cases := []struct {
		text, interp string
	}{
		{"FROM alpine\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN sudo true\n", ""},
		{"FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN sudo true\n", "powershell"},
		{"FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN sudo true\n", "cmd"},
		{"FROM alpine AS base\nSHELL [\"pwsh\", \"-c\"]\nFROM base\nRUN sudo true\n", "pwsh"},
	}
	for _, c := range cases {
		f := parse(t, c.text)
		last := f.Instructions[len(f.Instructions)-1]
		s := f.Script(last)
		if s.Interpreter != c.interp {
			t.Errorf("%q: interpreter %q, want %q", c.text, s.Interpreter, c.interp)
		}
		if c.interp != "" && len(s.Commands) != 0 {
			t.Errorf("%q: commands read for %s", c.text, c.interp)
		}
	}
}

func TestScriptOtherInstructions(t *testing.T) {
	f := parse(t, `FROM alpine
ONBUILD RUN sudo make install
CMD exec su-exec app /app
HEALTHCHECK --interval=30s CMD mysqladmin ping -uroot || exit 1
ENTRYPOINT ["/app", "--flag"]
ENV A=1
`)
	noErrors(t, f)
	onbuild := f.Script(f.Instructions[1])
	if onbuild.OnBuild != f.Instructions[1] || onbuild.Instruction != f.Instructions[1].Sub || strings.Join(argv(t, f, onbuild), "") != "sudo make install" {
		t.Errorf("ONBUILD: %+v", onbuild)
	}
	if s := f.Script(f.Instructions[2]); strings.Join(argv(t, f, s), "") != "exec su-exec app /app" {
		t.Errorf("CMD: %q", argv(t, f, s))
	}
	if s := f.Script(f.Instructions[3]); strings.Join(argv(t, f, s), "|") != "mysqladmin ping -uroot|exit 1" {
		t.Errorf("HEALTHCHECK: %q", argv(t, f, s))
	}
	if s := f.Script(f.Instructions[4]); strings.Join(argv(t, f, s), "") != `"/app" "--flag"` {
		t.Errorf("ENTRYPOINT: %q", argv(t, f, s))
	}
	if s := f.Script(f.Instructions[5]); s != nil {
		t.Errorf("ENV has a script")
	}
	if got := len(f.Scripts()); got != 1 {
		t.Errorf("Scripts() = %d, want the ONBUILD RUN only", got)
	}
	if f.Script(f.Instructions[1]) != onbuild {
		t.Errorf("Script is not memoised")
	}
}

func TestScriptUnparsable(t *testing.T) {
	f, s := script(t, "FROM alpine\nRUN if then ((( fi\n", 1)
	if s.Err == nil || len(s.Commands) != 0 {
		t.Errorf("err %v, %d commands", s.Err, len(s.Commands))
	}
	_ = f
}

func TestScriptAssignsAndInput(t *testing.T) {
	f, s := script(t, "FROM alpine\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci && export A=1 B && chpasswd <<< \"u:p\"\n", 1)
	npm, export, chpasswd := s.Commands[0], s.Commands[1], s.Commands[2]
	if len(npm.Assigns) != 1 || npm.Assigns[0].Value.Value != "0" || at(f, npm.Assigns[0].Span) != "NODE_TLS_REJECT_UNAUTHORIZED=0" {
		t.Errorf("prefix assigns %+v", npm.Assigns)
	}
	if export.Name() != "export" || len(export.Assigns) != 2 || export.Assigns[1].HasValue {
		t.Errorf("export %+v", export)
	}
	if in := chpasswd.Input; in == nil || in.Value != "u:p" || at(f, in.Span) != `"u:p"` {
		t.Errorf("here-string %+v", chpasswd.Input)
	}
}

func TestScriptLineEndingsAndEscape(t *testing.T) {
	f, s := script(t, "FROM alpine\r\nRUN apk add \\\r\n    curl && sudo true\r\n", 1)
	if got := strings.Join(argv(t, f, s), "|"); got != "apk add curl|sudo true" {
		t.Errorf("CRLF: %q", got)
	}
	f, s = script(t, "# escape=`\nFROM alpine\nRUN echo a `\n    && sudo true\n", 1)
	if got := strings.Join(argv(t, f, s), "|"); got != "echo a|sudo true" {
		t.Errorf("escape directive: %q", got)
	}
}

// TestScriptCorpus: every RUN of the corpus reads as shell without error.
func TestScriptCorpus(t *testing.T) {
	for _, path := range corpusDockerfiles(t) {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f := Parse(document.New("file:///"+path, 1, document.Dockerfile, text))
		for _, s := range f.Scripts() {
			if s.Err != nil {
				t.Errorf("%s:%d: %v", path, f.Doc.LineOf(s.Instruction.Span.Start)+1, s.Err)
			}
			for _, c := range s.Commands {
				for _, w := range c.Args {
					if w.Span.Start < s.Instruction.Span.Start || w.Span.End > s.Instruction.Span.End {
						t.Errorf("%s: word %q outside its instruction", path, w.Value)
					}
				}
			}
		}
	}
}

// FuzzScript: no text makes the shell reading panic or point outside the
// document.
func FuzzScript(f *testing.F) {
	for _, seed := range []string{
		"RUN curl -fsSL https://x | sudo -E bash -s -- -y",
		"RUN <<EOT bash\ncurl x | sh\nEOT",
		"RUN [\"sh\", \"-c\", \"a \\\"b\\\" | c\"]",
		"RUN su x -c \"cd \\\"$H\\\" && $(date)\"",
		"RUN ! a | b || c && d; (e | f) | g",
		"RUN if then ((( fi",
		"ONBUILD RUN sudo x",
		"HEALTHCHECK CMD a -p x || exit 1",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		text := "FROM alpine\n" + line + "\n"
		file := Parse(document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(text)))
		for _, in := range file.Instructions {
			s := file.Script(in)
			if s == nil {
				continue
			}
			for _, c := range s.Commands {
				for _, w := range c.Args {
					if w.Span.Start < 0 || w.Span.End > len(text) || w.Span.Start > w.Span.End {
						t.Fatalf("word %q at %v in %q", w.Value, w.Span, text)
					}
				}
			}
		}
	})
}
