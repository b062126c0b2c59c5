package rules

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/internal/gen"
)

// typeInto returns the versions of text as line is typed at offset at,
// one character at a time.
func typeInto(text []byte, at int, line string) [][]byte {
	var out [][]byte
	for n := 1; n <= len(line); n++ {
		v := append(append(append([]byte{}, text[:at]...), line[:n]...), text[at:]...)
		out = append(out, v)
	}
	return out
}

// outside lists the findings of res outside span, with the offsets of
// those after it moved back by shift, as comparable text.
func outside(res *analysis.Result, span document.Span, shift int) []string {
	var out []string
	for _, f := range res.Findings {
		if f.Span.Start >= span.Start && f.Span.Start < span.End+shift {
			continue
		}
		s := f.Span
		if s.Start >= span.End {
			s.Start, s.End = s.Start-shift, s.End-shift
		}
		out = append(out, fmt.Sprintf("%s %d-%d %s", f.Rule.Code, s.Start, s.End, f.Message))
	}
	return out
}

// TestTypingAKeyKeepsTheOtherServices types `read_only: true` on a new
// line of one service of the 300-service file. While the key has no
// colon the YAML is broken: the service shows its syntax error and
// nothing else, every other service keeps its findings, and the session
// judges the edited service alone. Once the key is complete the error
// goes, and the service's writable root filesystem (DW207) with it.
func TestTypingAKeyKeepsTheOtherServices(t *testing.T) {
	text := gen.Compose(300, 1)
	segs, ok := compose.Segment(text)
	if !ok {
		t.Fatal("the generated file does not segment")
	}
	edited := segs.Services[150]
	at := edited.Start + bytes.IndexByte(text[edited.Start:], '\n') + 1 // after the service's key line
	text = append(append(append([]byte{}, text[:at]...), '\n'), text[at:]...)
	edited.End++
	var s analysis.Session
	base := s.Run(All, document.New("file:///compose.yaml", 1, document.Compose, text), nil)
	want := outside(base, edited, 0)
	if len(want) < 1600 {
		t.Fatalf("%d findings outside the edited service, want at least 1,600", len(want))
	}
	line := "    read_only: true"
	sawError := false
	for i, v := range typeInto(text, at, line) {
		typed := line[:i+1]
		doc := document.New("file:///compose.yaml", int32(i+2), document.Compose, v)
		got := s.Run(All, doc, nil)
		if msg := diffResults(analysis.Run(All, doc), got); msg != "" {
			t.Fatalf("after %q: the session differs from a fresh analysis: %s", typed, msg)
		}
		if g := outside(got, edited, i+1); fmt.Sprint(g) != fmt.Sprint(want) {
			t.Fatalf("after %q: %d findings outside the edited service, want the %d of before", typed, len(g), len(want))
		}
		var inside []string
		for _, f := range got.Findings {
			if f.Span.Start >= edited.Start && f.Span.Start < edited.End+i+1 {
				inside = append(inside, f.Rule.Code)
			}
		}
		broken := countCodes(got, ComposeSyntax) > 0
		switch {
		case broken && fmt.Sprint(inside) != "[DW002]":
			t.Errorf("after %q: the broken service shows %v, want its syntax error alone", typed, inside)
		case broken && (s.Judged > 2 || s.Reused < 298):
			t.Errorf("after %q: judged %d services and reused %d: a syntax error left the incremental path", typed, s.Judged, s.Reused)
		case typed == line && slices.Contains(inside, "DW207"):
			t.Errorf("after %q: the service still shows %v", typed, inside)
		}
		sawError = sawError || broken
	}
	if !sawError {
		t.Error("typing the key never broke the YAML")
	}
}

// TestSyntaxErrorsStayWhereTheyAre checks, on small files, that a syntax
// error in a service or a top-level section is reported there while the
// rest is judged, and that the whole file is given up only when its
// services cannot be told apart.
func TestSyntaxErrorsStayWhereTheyAre(t *testing.T) {
	const b = "  b:\n    image: nginx:1.27\n    privileged: true\n"
	for _, c := range []struct {
		name, text string
		want       string // line:code of every finding
	}{
		{
			name: "unclosed flow list in one service",
			text: "services:\n  a:\n    image: nginx:1.27\n    ports: [\"80:80\"\n" + b +
				"    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    environment:\n      DB_PASSWORD: hunter2\n",
			want: "4:DW002 5:DW205 5:DW207 5:DW216 7:DW202 9:DW201 11:DW215",
		},
		{
			name: "unclosed quote in the last service",
			text: "services:\n" + b + "  c:\n    image: \"nginx:1.27\n",
			want: "2:DW205 2:DW207 2:DW216 4:DW202 6:DW002",
		},
		{
			name: "a key being typed in a service",
			text: "services:\n  a:\n    image: nginx:1.27\n    read_on\n" + b,
			want: "4:DW002 5:DW205 5:DW207 5:DW216 7:DW202",
		},
		{
			name: "a top-level key being typed",
			text: "services:\n" + b + "volu",
			want: "2:DW205 2:DW207 2:DW216 4:DW202 5:DW002",
		},
		{
			name: "a broken network",
			text: "services:\n" + b + "networks:\n  front: {driver: bridge\n",
			want: "2:DW205 2:DW207 2:DW216 4:DW202 6:DW002",
		},
		{
			name: "a broken extension before the services",
			text: "x-defaults:\n  restart: always\n   bad: 1\nservices:\n" + b,
			want: "3:DW002 5:DW205 5:DW207 5:DW216 7:DW202",
		},
		{
			name: "the only service broken",
			text: "name: app\nservices:\n  a:\n    image: nginx:1.27\n    read_on\nvolumez: {}\n",
			want: "5:DW002 6:DW003",
		},
		{
			// What the comments would suppress in the broken service is
			// unknown, so they are not reported as unused.
			name: "suppressions in a broken service and for the file",
			text: "# dockwarden:ignore-file DW216\nservices:\n  a:\n    image: nginx:1.27\n    # dockwarden:ignore DW212\n    read_on\n" + b,
			want: "6:DW002 7:DW205 7:DW207 9:DW202",
		},
		{
			name: "a quote closed in the next service: the file reads",
			text: "services:\n  a:\n    image: \"nginx\n  b:\n    image: x\"\n",
			want: "2:DW203 2:DW205 2:DW207 2:DW216",
		},
		{
			name: "a tab where the services start: no boundaries",
			text: "services:\n\tb:\n    image: nginx:1.27\n    privileged: true\n",
			want: "2:DW002",
		},
		{
			name: "an anchor of the broken service used by another",
			text: "services:\n  a: &a\n    image: nginx:1.27\n    read_on\n  b:\n    <<: *a\n    privileged: true\n",
			want: "4:DW002",
		},
	} {
		t.Run(c.name, func(t *testing.T) { checkLineCodes(t, "compose.yaml", c.text, c.want) })
	}
}

// TestDockerfileErrorsStayWhereTheyAre checks that an unknown
// instruction, an unclosed JSON array (which BuildKit reads as shell
// form) and an unclosed heredoc hide no finding of the other
// instructions, except those the heredoc takes as its body, as BuildKit
// does; DW001 says so.
func TestDockerfileErrorsStayWhereTheyAre(t *testing.T) {
	const head = "FROM alpine:3.20\nRUN sudo apk add curl\n"
	for _, c := range []struct {
		name, text string
		want       string // line:code of every finding
	}{
		{"an instruction being typed", head + "EXPO\nUSER root\n", "1:DW112 2:DW111 3:DW001 4:DW102"},
		{"an unclosed JSON array", head + "CMD [\"sh\", \"-c\"\nEXPOSE 22\nUSER root\n", "1:DW112 2:DW111 4:DW113 5:DW102"},
		{"an unclosed heredoc", head + "RUN <<EOF\necho hi\nEXPOSE 22\nUSER root\n", "1:DW101 1:DW112 2:DW111 3:DW001"},
	} {
		t.Run(c.name, func(t *testing.T) { checkLineCodes(t, "Dockerfile", c.text, c.want) })
	}
}

// checkLineCodes analyses text as the file name and checks its findings,
// as line:code in order, against want.
func checkLineCodes(t *testing.T, name, text, want string) {
	t.Helper()
	doc := document.New("file:///"+name, 1, document.KindFromName(name), []byte(text))
	var got []string
	for _, f := range analysis.Run(All, doc).Findings {
		got = append(got, fmt.Sprintf("%d:%s", doc.LineOf(f.Span.Start)+1, f.Rule.Code))
	}
	if g := strings.Join(got, " "); g != want {
		t.Errorf("findings %s, want %s", g, want)
	}
}
