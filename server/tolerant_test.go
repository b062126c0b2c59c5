package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// typingCompose has findings in every service: a privileged one, a socket
// mount, a literal secret, and the default hardening findings.
const typingCompose = `services:
  proxy:
    image: traefik:v3.1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
  web:
    image: nginx:1.27
    restart: unless-stopped
  db:
    image: postgres:16
    privileged: true
    environment:
      POSTGRES_PASSWORD: hunter2
`

// serviceLines returns the 0-based lines [first, end) of the service
// called name in text.
func serviceLines(t *testing.T, text, name string) (first, end uint32) {
	t.Helper()
	lines := strings.Split(text, "\n")
	i := slices.Index(lines, "  "+name+":")
	if i < 0 {
		t.Fatalf("no service %s in %q", name, text)
	}
	j := i + 1
	for j < len(lines) && (lines[j] == "" || strings.HasPrefix(lines[j], "    ")) {
		j++
	}
	return uint32(i), uint32(j)
}

// splitByService returns the diagnostics outside the lines [first, end),
// as line:code:message, and the codes of those inside.
func splitByService(diags []protocol.Diagnostic, first, end uint32) (outside, inside []string) {
	for _, d := range diags {
		if l := d.Range.Start.Line; l >= first && l < end {
			inside = append(inside, fmt.Sprint(d.Code))
		} else {
			outside = append(outside, fmt.Sprintf("%d:%v:%s", l, d.Code, d.Message))
		}
	}
	return outside, inside
}

// typeText types text at pos one character per didChange and calls
// check with the version and diagnostics of each.
func typeText(t *testing.T, e *lsptest.Editor, uri protocol.DocumentURI, pos protocol.Position, text string, check func(typed string, diags []protocol.Diagnostic)) {
	t.Helper()
	for i, r := range text {
		v := e.Edit(uri, lsptest.Change{Range: protocol.Range{Start: pos, End: pos}, Text: string(r)})
		pos.Character++
		check(text[:i+1], e.Diagnostics(uri, v))
	}
}

// TestTypingAKeyKeepsTheOtherServices types `read_only: true` into the web
// service one character at a time. Until the colon the YAML is broken:
// web shows its syntax error and nothing else, and the other services keep
// every finding, message for message. With the colon the error goes; once
// the value is typed, so does web's writable root filesystem (DW207).
func TestTypingAKeyKeepsTheOtherServices(t *testing.T) {
	e := start(t, rules.All)
	uri := e.Open("compose.yaml", "dockercompose", typingCompose)
	e.Diagnostics(uri, 1)
	first, end := serviceLines(t, typingCompose, "web")
	// A new line for the key, below web's name.
	at := protocol.Position{Line: first + 1}
	v := e.Edit(uri, lsptest.Change{Range: protocol.Range{Start: at, End: at}, Text: "\n"})
	end++
	before, inside := splitByService(e.Diagnostics(uri, v), first, end)
	if !slices.Contains(inside, "DW207") || len(before) < 8 {
		t.Fatalf("before typing: %d findings outside web, web has %v", len(before), inside)
	}
	broken := 0
	typeText(t, e, uri, at, "    read_only: true", func(typed string, diags []protocol.Diagnostic) {
		outside, inside := splitByService(diags, first, end)
		if !slices.Equal(outside, before) {
			t.Errorf("after %q the other services show\n%s\nwant\n%s", typed, strings.Join(outside, "\n"), strings.Join(before, "\n"))
		}
		switch {
		case strings.TrimSpace(typed) == "":
		case !strings.Contains(typed, ":"):
			broken++
			if !slices.Equal(inside, []string{"DW002"}) {
				t.Errorf("after %q web shows %v, want its syntax error alone", typed, inside)
			}
		case slices.Contains(inside, "DW002"):
			t.Errorf("after %q web still shows a syntax error: %v", typed, inside)
		case strings.HasSuffix(typed, "true") && slices.Contains(inside, "DW207"):
			t.Errorf("after %q web still has a writable root filesystem: %v", typed, inside)
		}
	})
	if broken == 0 {
		t.Error("typing the key never broke the YAML")
	}
}

// TestTypingAnUnknownKeyKeepsTheOtherServices completes `read_on` into
// `read_only`: while the key is unknown to the Compose specification web
// shows DW003 next to its other findings, the other services keep theirs,
// and the finding goes when the key is complete.
func TestTypingAnUnknownKeyKeepsTheOtherServices(t *testing.T) {
	text := strings.Replace(typingCompose, "    restart: unless-stopped\n", "    restart: unless-stopped\n    read_on: true\n", 1)
	e := start(t, rules.All)
	uri := e.Open("compose.yaml", "dockercompose", text)
	first, end := serviceLines(t, text, "web")
	before, inside := splitByService(e.Diagnostics(uri, 1), first, end)
	if !slices.Contains(inside, "DW003") || len(before) < 8 {
		t.Fatalf("before typing: %d findings outside web, web has %v", len(before), inside)
	}
	at := lsptest.PositionOf(text, strings.Index(text, "read_on")+len("read_on"))
	typeText(t, e, uri, at, "ly", func(typed string, diags []protocol.Diagnostic) {
		outside, inside := splitByService(diags, first, end)
		if !slices.Equal(outside, before) {
			t.Errorf("after %q the other services show\n%s\nwant\n%s", typed, strings.Join(outside, "\n"), strings.Join(before, "\n"))
		}
		unknown := typed != "ly"
		if slices.Contains(inside, "DW003") != unknown || slices.Contains(inside, "DW002") {
			t.Errorf("after read_on%s web shows %v", typed, inside)
		}
		if !unknown && slices.Contains(inside, "DW207") {
			t.Errorf("after read_only web still has a writable root filesystem: %v", inside)
		}
	})
}

// TestTypingAnInstructionKeepsTheOthers types EXPOSE 8080 into a
// Dockerfile one character at a time: while the keyword is unknown, or
// has no argument, DW001 marks that line, and the other instructions'
// findings stay.
func TestTypingAnInstructionKeepsTheOthers(t *testing.T) {
	text := "FROM alpine:3.20\nRUN sudo apk add curl\n\nUSER root\n"
	e := start(t, rules.All)
	uri := e.Open("Dockerfile", "dockerfile", text)
	before, inside := splitByService(e.Diagnostics(uri, 1), 2, 3)
	if len(before) < 2 || len(inside) > 0 {
		t.Fatalf("before typing: %v, and %v on the empty line", before, inside)
	}
	typeText(t, e, uri, protocol.Position{Line: 2}, "EXPOSE 8080", func(typed string, diags []protocol.Diagnostic) {
		outside, inside := splitByService(diags, 2, 3)
		if !slices.Equal(outside, before) {
			t.Errorf("after %q the other instructions show\n%s\nwant\n%s", typed, strings.Join(outside, "\n"), strings.Join(before, "\n"))
		}
		if complete := len(typed) > len("EXPOSE "); slices.Equal(inside, []string{"DW001"}) == complete {
			t.Errorf("after %q the line shows %v", typed, inside)
		}
	})
}
