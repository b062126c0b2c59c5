package server_test

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/fixtures"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// editorForms returns the URI of an absolute path as three editors write
// it: the canonical form (Neovim, Emacs, Go: file:///C:/Users/me/x), VS
// Code's (drive letter in lower case, colon escaped: file:///c%3A/Users/me/x)
// and one escaping the colon in lower-case hex (file:///C%3a/Users/me/x).
// Elsewhere than Windows a path has no drive, so the test's folder holds a
// directory named "c:" whose colon the last two forms escape.
func editorForms(path string) (canonical, vscode, lowerHex protocol.DocumentURI) {
	c := string(lsptest.FileURI(path))
	rest := strings.TrimPrefix(c, "file://")
	v, l := strings.ReplaceAll(rest, ":", "%3A"), strings.ReplaceAll(rest, ":", "%3a")
	if runtime.GOOS == "windows" {
		v = "/" + strings.ToLower(v[1:2]) + v[2:]
	}
	return protocol.DocumentURI(c), protocol.DocumentURI("file://" + v), protocol.DocumentURI("file://" + l)
}

// TestWindowsStyleURIs drives the server with the workspace folder, the
// Dockerfile and the compose file each in another editor's form: it must
// take them for the files on disk and for each other. The Dockerfile gets
// its diagnostics under the URI it was opened with, judged by the
// .dockwarden.yaml of the folder (config lookup) for the stage compose.yaml
// on disk builds (cross-file); the compose file's links lead to the files;
// an edit of the open compose file, in a third form, re-judges the
// Dockerfile. `make test-windows` runs this on Windows paths under Wine.
func TestWindowsStyleURIs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "proj")
	if runtime.GOOS != "windows" {
		dir = filepath.Join(t.TempDir(), "c:", "Users", "me", "proj")
	}
	compose := "services:\n  web:\n    build:\n      context: ./app\n      target: dev\n    env_file: web.env\n"
	writeFiles(t, dir, map[string]string{
		".dockwarden.yaml": "rules:\n  DW101: information\n  DW112: off\n",
		"compose.yaml":     compose,
		"web.env":          "A=1\n",
		"app/Dockerfile":   fixtures.StagedDockerfile,
	})
	folder, _, _ := editorForms(dir)
	_, dockerfile, _ := editorForms(filepath.Join(dir, "app", "Dockerfile"))
	_, _, composeURI := editorForms(filepath.Join(dir, "compose.yaml"))

	e := lsptest.NewInProcess(t, rules.All)
	e.InitializeWith(lsptest.ClientOptions{FolderURIs: []protocol.DocumentURI{folder}})
	df := e.OpenURI(dockerfile, "dockerfile", fixtures.StagedDockerfile)
	diags := e.Diagnostics(df, 1)
	if got := lineCodes(diags, "DW101", "DW102", "DW112"); got != "4:DW101 10:DW102" {
		t.Errorf("%s: %s, want 4:DW101 10:DW102 (the dev stage compose.yaml builds and the last; DW112 off in .dockwarden.yaml)", dockerfile, got)
	}
	for _, d := range diags {
		if d.Code == "DW101" && d.Severity != protocol.DiagnosticSeverityInformation {
			t.Errorf("DW101 is %v, want Information as .dockwarden.yaml says", d.Severity)
		}
	}

	cf := e.OpenURI(composeURI, "dockercompose", compose)
	e.Diagnostics(cf, 1)
	got := linkTexts(t, compose, documentLinks(t, e, cf))
	want := []string{"web.env -> " + string(lsptest.FileURI(filepath.Join(dir, "web.env")))}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("links of %s:\n  %s\nwant:\n  %s", cf, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}

	// The open compose file is the one on disk: its edit counts.
	n := len(e.Published(df))
	v := e.Replace(cf, strings.Replace(compose, "      target: dev\n", "      target: dev\n    user: \"1000:1000\"\n", 1))
	e.Diagnostics(cf, v)
	e.AwaitPublish(df, n, "no DW101 once the service runs as 1000", func(d []protocol.Diagnostic) bool {
		return lineCodes(d, "DW101", "DW102", "DW112") == "10:DW102"
	})
}
