package server_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/fsroot"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// swapOnce sets fsroot's test hook to run swap the first time the server
// is about to open the file name (slash-separated, under a workspace
// folder), for the rest of the test.
func swapOnce(t *testing.T, name string, swap func()) {
	t.Helper()
	var once sync.Once
	t.Cleanup(fsroot.SetTestHook(func(_, n string) {
		if n == name {
			once.Do(swap)
		}
	}))
}

// TestFolderSwappedForSymlinkIsNotRead: the folder of the Dockerfile a
// compose service builds is swapped for a link to a folder outside the
// workspace just as the server opens the Dockerfile. The outside
// Dockerfile's USER must not reach the compose file's fix titles: the
// server reads through the workspace folder's os.Root, which refuses the
// link, instead of checking a path and opening it again.
func TestFolderSwappedForSymlinkIsNotRead(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	writeFiles(t, outside, map[string]string{"Dockerfile": "FROM alpine:3.20\nUSER secretuser\n"})
	dir := filepath.Join(root, "ws")
	writeFiles(t, dir, map[string]string{"app/Dockerfile": "FROM alpine:3.20\nUSER app\n"})
	swapOnce(t, "app/Dockerfile", func() {
		if err := os.RemoveAll(filepath.Join(dir, "app")); err != nil {
			t.Error(err)
		}
		if err := os.Symlink(outside, filepath.Join(dir, "app")); err != nil {
			t.Error(err)
		}
	})
	e := lsptest.NewInProcess(t, rules.All)
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}})
	cf := e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", "services:\n  web:\n    build: ./app\n    user: root\n")
	e.Diagnostics(cf, 1)
	actions := e.CodeActions(cf, protocol.Range{Start: protocol.Position{Line: 3}, End: protocol.Position{Line: 3, Character: 14}})
	if len(actions) == 0 {
		t.Fatal("no code actions for user: root")
	}
	for _, a := range actions {
		if strings.Contains(a.Title, "secretuser") {
			t.Errorf("a fix title quotes the Dockerfile outside the workspace: %q", a.Title)
		}
	}
	target, err := os.Readlink(filepath.Join(dir, "app"))
	if err != nil && runtime.GOOS == "windows" {
		t.Skipf("symbolic links made here do not resolve (as under Wine), so the folder was not swapped: %v", err)
	}
	if err != nil || target != outside {
		t.Fatalf("the folder was not swapped (%q, %v): the test proves nothing", target, err)
	}
}

// TestConfigRecreatedIsReread: a client that does not watch files, and a
// .dockwarden.yaml deleted and written again with the same size and time:
// the next analysis uses the new text, and the other open documents are
// re-published with it at once. Deleted, the defaults come back.
func TestConfigRecreatedIsReread(t *testing.T) {
	e, dir := workspaceEditor(t, map[string]string{".dockwarden.yaml": "rules:\n  DW101: error\n"}, lsptest.ClientOptions{})
	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", rootDockerfile)
	other := e.OpenFile(filepath.Join(dir, "sub", "Dockerfile"), "dockerfile", rootDockerfile)
	if got := severities(e.Diagnostics(df, 1)) + "|" + severities(e.Diagnostics(other, 1)); got != "DW101:error|DW101:error" {
		t.Fatalf("with the first file: %s", got)
	}
	p := filepath.Join(dir, ".dockwarden.yaml")
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	removeFile(t, p)
	writeFiles(t, dir, map[string]string{".dockwarden.yaml": "rules:\n  DW101: hint \n"}) // the same size
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	n := len(e.Published(other))
	v := e.Replace(df, rootDockerfile+"\n")
	if got := severities(e.Diagnostics(df, v)); got != "DW101:hint" {
		t.Errorf("after the file was written again: %s, want DW101:hint", got)
	}
	e.AwaitPublish(other, n, "the other Dockerfile re-published with the new file", func(d []protocol.Diagnostic) bool { return severities(d) == "DW101:hint" })

	removeFile(t, p)
	v = e.Replace(df, rootDockerfile)
	if got := severities(e.Diagnostics(df, v)); got != "DW101:warning" {
		t.Errorf("after the file was deleted: %s, want the default", got)
	}
}

// TestWorkspaceFolderRecreated: the workspace folder itself deleted and
// made again (a checkout re-cloned in place) while a document is open: the
// server holds no folder open between analyses, so the folder can be
// deleted (on Windows an open folder cannot), and it reads the new one.
// The client watches files, so that the server analyses the document once
// on opening and nothing is being read when the folder is deleted: under
// Wine, where the Windows tests run, a file being read cannot be deleted.
func TestWorkspaceFolderRecreated(t *testing.T) {
	e, dir := workspaceEditor(t, map[string]string{".dockwarden.yaml": "rules:\n  DW101: error\n"}, lsptest.ClientOptions{WatchFiles: true})
	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", rootDockerfile)
	if got := severities(e.Diagnostics(df, 1)); got != "DW101:error" {
		t.Fatalf("first: %s", got)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{".dockwarden.yaml": "rules:\n  DW101: hint\n"})
	v := e.Replace(df, rootDockerfile+"\n")
	if got := severities(e.Diagnostics(df, v)); got != "DW101:hint" {
		t.Errorf("after the folder was made again: %s, want DW101:hint", got)
	}
}
