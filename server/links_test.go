package server_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/server/lsptest"
)

// documentLinks asks for the links of uri. It fails the test unless the
// answer is a JSON array: an editor treats null as "no provider".
func documentLinks(t *testing.T, e *lsptest.Editor, uri protocol.DocumentURI) []protocol.DocumentLink {
	t.Helper()
	var raw json.RawMessage
	params := &protocol.DocumentLinkParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}
	if err := e.Call("textDocument/documentLink", params, &raw); err != nil {
		t.Fatalf("documentLink: %v", err)
	}
	if !strings.HasPrefix(string(raw), "[") {
		t.Fatalf("documentLink answered %s, want an array", raw)
	}
	var links []protocol.DocumentLink
	if err := json.Unmarshal(raw, &links); err != nil {
		t.Fatal(err)
	}
	return links
}

// linkTexts lists each link as "text -> target", text being what the
// editor's buffer holds in the link's range.
func linkTexts(t *testing.T, text string, links []protocol.DocumentLink) []string {
	t.Helper()
	var out []string
	for _, l := range links {
		start, err1 := lsptest.Offset(text, l.Range.Start)
		end, err2 := lsptest.Offset(text, l.Range.End)
		if err1 != nil || err2 != nil || end < start {
			t.Fatalf("bad range %+v", l.Range)
		}
		if l.Tooltip == "" {
			t.Errorf("link %+v has no tooltip", l)
		}
		out = append(out, text[start:end]+" -> "+string(l.Target))
	}
	return out
}

const linkedCompose = `services:
  web:
    build:
      context: ./app
      dockerfile: "Dockerfile.dev"
    env_file:
      - a.env
      - path: conf/b.env
        required: false
      - missing.env
      - ../outside.env
      - escape.env
      - alias.env
      - conf
    extends: {file: common.yml, service: base}
  db:
    image: postgres:16
    env_file: 'a.env'
`

// TestComposeDocumentLinks: build.dockerfile, env_file and extends.file link
// to the files they name when those exist inside the workspace folder;
// missing files, directories, files outside the folder and symlinks leading
// out of it get no link. A relative symlink that stays inside is followed.
func TestComposeDocumentLinks(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"outside.env": "SECRET=1\n"})
	dir := filepath.Join(root, "ws")
	writeFiles(t, dir, map[string]string{
		"app/Dockerfile.dev": "FROM alpine:3.20\n",
		"a.env":              "A=1\n",
		"conf/b.env":         "B=1\n",
		"common.yml":         "services: {base: {image: alpine}}\n",
	})
	if err := os.Symlink(filepath.Join(root, "outside.env"), filepath.Join(dir, "escape.env")); err != nil {
		t.Skipf("cannot make symlinks here: %v", err)
	}
	if err := os.Symlink("a.env", filepath.Join(dir, "alias.env")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "alias.env")); err != nil {
		t.Skipf("symlinks made here do not resolve (as under Wine): %v", err)
	}
	e := lsptest.NewInProcess(t, spine)
	res := e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}})
	if res.Capabilities.DocumentLinkProvider == nil {
		t.Error("documentLinkProvider is not advertised")
	}
	uri := e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", linkedCompose)

	target := func(rel string) string { return string(lsptest.FileURI(filepath.Join(dir, filepath.FromSlash(rel)))) }
	want := []string{
		"Dockerfile.dev -> " + target("app/Dockerfile.dev"), // the quotes are not part of the link
		"a.env -> " + target("a.env"),
		"conf/b.env -> " + target("conf/b.env"),
		"alias.env -> " + target("alias.env"), // a symlink that stays inside is fine
		"common.yml -> " + target("common.yml"),
		"a.env -> " + target("a.env"),
	}
	got := linkTexts(t, e.Text(uri), documentLinks(t, e, uri))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("links:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}

	// Asked right after an edit, the links follow the new text, not an
	// analysis of the old one.
	e.Replace(uri, "services:\n  web:\n    env_file: [conf/b.env]\n")
	got = linkTexts(t, e.Text(uri), documentLinks(t, e, uri))
	if want := "conf/b.env -> " + target("conf/b.env"); strings.Join(got, "\n") != want {
		t.Errorf("after an edit: %v, want %s", got, want)
	}
}

// TestDocumentLinksEmpty: documents that are not compose files, that are
// not open, or that have no workspace folder to stay inside get an empty
// list, never an error.
func TestDocumentLinksEmpty(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	writeFiles(t, dir, map[string]string{"a.env": "A=1\n", "base.Dockerfile": "FROM alpine\n"})
	compose := "services:\n  web:\n    env_file: a.env\n"

	e := lsptest.NewInProcess(t, spine)
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}})
	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", "FROM alpine:3.20\n# env_file: a.env\n")
	if got := documentLinks(t, e, df); len(got) != 0 {
		t.Errorf("a Dockerfile has links: %+v", got)
	}
	cf := e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", compose)
	if got := documentLinks(t, e, cf); len(got) != 1 {
		t.Fatalf("the open compose file: %+v, want one link", got)
	}
	e.Close(cf)
	if got := documentLinks(t, e, cf); len(got) != 0 {
		t.Errorf("a closed document has links: %+v", got)
	}
	if got := documentLinks(t, e, lsptest.FileURI(filepath.Join(dir, "never-opened.yaml"))); len(got) != 0 {
		t.Errorf("a document never opened has links: %+v", got)
	}
	// An untitled buffer has no directory to resolve the names against.
	untitled := e.OpenURI("untitled:Untitled-1", "dockercompose", compose)
	if got := documentLinks(t, e, untitled); len(got) != 0 {
		t.Errorf("an untitled buffer has links: %+v", got)
	}

	// Without workspace folders nothing is known to be inside the project.
	bare := lsptest.NewInProcess(t, spine)
	bare.Initialize()
	uri := bare.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", compose)
	if got := documentLinks(t, bare, uri); len(got) != 0 {
		t.Errorf("links without workspace folders: %+v", got)
	}
}
