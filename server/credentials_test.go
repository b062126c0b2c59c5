package server_test

import (
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// TestCredentialsWithoutSecretMount opens a Dockerfile whose RUN reads a
// token from a build argument, next to the compose file that builds it,
// and checks through the protocol that DW117 tells both ways of passing
// the secret (the compose one in its message, both on hover, from the
// finding's Detail), that its quick fix turns the ARG into a secret mount of the
// RUN (raising the syntax line), and that the finding then goes.
func TestCredentialsWithoutSecretMount(t *testing.T) {
	dir := t.TempDir()
	e := lsptest.NewInProcess(t, rules.All)
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}})
	compose := "services:\n  web:\n    build: ./app\n"
	e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", compose)

	text := "# syntax=docker/dockerfile:1.4\n" +
		"FROM node:22-bookworm\n" +
		"ARG NPM_TOKEN\n" +
		"RUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\n"
	df := e.OpenFile(filepath.Join(dir, "app", "Dockerfile"), "dockerfile", text)
	var diag *protocol.Diagnostic
	diags := e.AwaitPublish(df, 0, "DW117 naming the compose service", func(d []protocol.Diagnostic) bool {
		for _, x := range d {
			if x.Code == "DW117" && strings.Contains(x.Message, "build.secrets of service web") {
				return true
			}
		}
		return false
	})
	for i := range diags {
		if diags[i].Code == "DW117" {
			diag = &diags[i]
		}
	}
	if diag.Range.Start.Line != 3 || !strings.Contains(diag.Message, "add npm_token to build.secrets of service web") {
		t.Fatalf("DW117 %+v, want it on the RUN with the compose way to pass the secret", diag)
	}
	// Hover tells both ways in full.
	if h := e.Hover(df, diag.Range.Start); h == nil || !strings.Contains(h.Contents.Value, "docker build --secret id=npm_token,env=NPM_TOKEN") ||
		!strings.Contains(h.Contents.Value, "build.secrets: [npm_token] and a top-level secrets.npm_token.environment: NPM_TOKEN") {
		t.Fatalf("hover on DW117 = %+v, want the docker build and compose ways to pass the secret", h)
	}

	var fix *lsptest.CodeAction
	for _, a := range e.CodeActions(df, diag.Range, protocol.QuickFix) {
		if strings.HasPrefix(a.Title, "Pass NPM_TOKEN as a build secret") {
			a := a
			fix = &a
		}
	}
	if fix == nil || !strings.Contains(fix.Title, "raising # syntax= to docker/dockerfile:1.10") {
		t.Fatalf("no DW117 fix that says it raises the syntax line: %+v", fix)
	}
	v := e.Apply(*fix)
	want := "# syntax=docker/dockerfile:1.10\n" +
		"FROM node:22-bookworm\n" +
		"RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\n"
	if got := e.Text(df); got != want {
		t.Fatalf("after the fix:\n%s\nwant:\n%s", got, want)
	}
	for _, d := range e.Diagnostics(df, v) {
		if d.Code == "DW117" || d.Code == "DW107" {
			t.Errorf("after the fix: %s %s", d.Code, d.Message)
		}
	}
}

// TestCredentialsWhileTyping types in a Dockerfile whose RUN uses an ARG
// with a token, and in the compose file that builds it, and checks through
// the protocol that what DW117 says across instructions follows the
// keystrokes although the RUN itself is not judged again: the fix that
// removes the ARG is offered while that RUN is its only user, and the
// message names the service that builds the file now.
func TestCredentialsWhileTyping(t *testing.T) {
	dir := t.TempDir()
	e := lsptest.NewInProcess(t, rules.All)
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}})
	cf := e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", "services:\n  web:\n    build: ./app\n")
	text := "FROM node:22-bookworm\n" +
		"ARG NPM_TOKEN\n" +
		"RUN npm ci --token \"$NPM_TOKEN\"\n"
	df := e.OpenFile(filepath.Join(dir, "app", "Dockerfile"), "dockerfile", text)
	dw117 := func(service string) func([]protocol.Diagnostic) bool {
		return func(ds []protocol.Diagnostic) bool {
			for _, d := range ds {
				if d.Code == "DW117" && d.Range.Start.Line == 2 && strings.HasSuffix(d.Message, "of service "+service) {
					return true
				}
			}
			return false
		}
	}
	// fixOffered asks for the quick fixes on the first RUN once the
	// publish of version v is in.
	fixOffered := func(v int32) bool {
		t.Helper()
		for _, d := range e.Diagnostics(df, v) {
			if d.Code != "DW117" || d.Range.Start.Line != 2 {
				continue
			}
			for _, a := range e.CodeActions(df, d.Range, protocol.QuickFix) {
				if strings.HasPrefix(a.Title, "Pass NPM_TOKEN as a build secret") {
					return true
				}
			}
			return false
		}
		t.Fatalf("version %d: no DW117 on the first RUN", v)
		return false
	}
	e.AwaitPublish(df, 0, "DW117 naming service web", dw117("web"))
	if !fixOffered(e.Version(df)) {
		t.Fatal("no fix while one RUN uses the ARG")
	}

	// Type a second RUN that uses the ARG, one key at a time.
	line := "RUN echo $NPM_TOKEN\n"
	var v int32
	for i, c := range line {
		at := protocol.Position{Line: 3, Character: uint32(i)}
		v = e.Edit(df, lsptest.Change{Range: protocol.Range{Start: at, End: at}, Text: string(c)})
	}
	if fixOffered(v) {
		t.Error("the fix that removes the ARG is offered while two RUNs use it")
	}
	// Delete it again.
	v = e.Edit(df, lsptest.Change{Range: protocol.Range{Start: protocol.Position{Line: 3}, End: protocol.Position{Line: 4}}})
	if !fixOffered(v) {
		t.Error("no fix once the second RUN is gone")
	}

	// Rename the service that builds the Dockerfile.
	n := len(e.Published(df))
	e.Edit(cf, lsptest.Change{Range: protocol.Range{Start: protocol.Position{Line: 1, Character: 2}, End: protocol.Position{Line: 1, Character: 5}}, Text: "api"})
	e.AwaitPublish(df, n, "DW117 naming service api", dw117("api"))
}
