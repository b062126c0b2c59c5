package server_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// copyAll is a Dockerfile that copies its whole build context.
const copyAll = "FROM node:22-bookworm\nWORKDIR /app\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n"

// withCode returns the diagnostics of code among diags.
func withCode(diags []protocol.Diagnostic, code string) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	for _, d := range diags {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

func dw116(diags []protocol.Diagnostic) []protocol.Diagnostic { return withCode(diags, "DW116") }

func hasDW116(diags []protocol.Diagnostic) bool { return len(dw116(diags)) > 0 }

// contextEditor starts a server with every rule for a workspace folder
// holding files, as a client that can create files, watching them or not.
func contextEditor(t *testing.T, files map[string]string, watch bool) (*lsptest.Editor, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ws")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, files)
	e := lsptest.NewInProcess(t, rules.All)
	opts := onCreate
	opts.Folders, opts.WatchFiles = []string{dir}, watch
	e.InitializeWith(opts)
	if watch {
		e.AwaitRegistration("workspace/didChangeWatchedFiles")
	}
	return e, dir
}

// fileChanged tells the server, as a watching editor does, that the
// files at paths were created (1), changed (2) or deleted (3).
func fileChanged(e *lsptest.Editor, kind int, paths ...string) {
	var changes []map[string]any
	for _, p := range paths {
		changes = append(changes, map[string]any{"uri": lsptest.FileURI(p), "type": kind})
	}
	e.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": changes})
}

// quickFix returns the quick fix of diag whose title starts with prefix.
func quickFix(t *testing.T, e *lsptest.Editor, uri protocol.DocumentURI, diag protocol.Diagnostic, prefix string) lsptest.CodeAction {
	t.Helper()
	var titles []string
	for _, a := range e.CodeActions(uri, diag.Range, protocol.QuickFix) {
		if strings.HasPrefix(a.Title, prefix) {
			return a
		}
		titles = append(titles, a.Title)
	}
	t.Fatalf("no quick fix %q among %q", prefix, titles)
	return lsptest.CodeAction{}
}

// TestDW116IgnoreFileCreatedByTheQuickFix opens a Dockerfile whose folder
// holds an SSH key and a cloud login and has no .dockerignore: DW116
// names them, its preferred quick fix creates .dockerignore with a line
// for each through a CreateFile, and once the editor's watcher reports
// the new file the Dockerfile is judged again, without the finding.
func TestDW116IgnoreFileCreatedByTheQuickFix(t *testing.T) {
	e, dir := contextEditor(t, map[string]string{
		"id_ed25519": "key", ".aws/credentials": "[default]\n", "server.js": "", ".env.example": "A=\n",
	}, true)
	reg := e.Registrations()
	var globs []string
	for _, r := range reg {
		if opts, ok := r.RegisterOptions.(map[string]any); ok {
			for _, w := range opts["watchers"].([]any) {
				globs = append(globs, w.(map[string]any)["globPattern"].(string))
			}
		}
	}
	for _, want := range []string{"**/.dockerignore", "**/*.dockerignore", "**/.env", "**/id_ed25519*"} {
		if !slices.Contains(globs, want) {
			t.Errorf("no watcher for %s among %v", want, globs)
		}
	}

	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", copyAll)
	found := dw116(e.Diagnostics(df, 1))
	if len(found) != 1 || found[0].Range.Start.Line != 2 || !strings.Contains(found[0].Message, ".aws/ and id_ed25519") ||
		found[0].Severity != protocol.DiagnosticSeverityError {
		t.Fatalf("DW116 %+v, want one error on COPY naming .aws/ and id_ed25519", found)
	}
	fix := quickFix(t, e, df, found[0], "Exclude .aws/ and id_ed25519 from the build context in .dockerignore")
	if !fix.IsPreferred {
		t.Errorf("%q is not preferred: no build or service reads an SSH key or a cloud login", fix.Title)
	}
	n := len(e.Published(df))
	e.Apply(fix)
	if got := read(t, dir, ".dockerignore"); got != ".aws\nid_ed25519\n" {
		t.Fatalf(".dockerignore = %q", got)
	}
	if e.Text(df) != copyAll {
		t.Errorf("the fix changed the Dockerfile:\n%s", e.Text(df))
	}
	fileChanged(e, 1, filepath.Join(dir, ".dockerignore"))
	e.AwaitPublish(df, n, "DW116 gone once .dockerignore exists", func(d []protocol.Diagnostic) bool { return !hasDW116(d) })
}

// TestDW116FollowsTheIgnoreFileAsTyped extends an allow-list
// .dockerignore (everything out, src back in with its .env) through the
// quick fix, then edits the ignore file in the editor: the Dockerfile is
// judged again on every edit of the buffer, unsaved, and with the file on
// disk once it is closed.
func TestDW116FollowsTheIgnoreFileAsTyped(t *testing.T) {
	ignore := "*\n!src\n!package.json\n"
	e, dir := contextEditor(t, map[string]string{".dockerignore": ignore, "src/.env": "TOKEN=x\n", "secrets/id_rsa": "k", "package.json": "{}"}, false)
	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", copyAll)
	found := dw116(e.Diagnostics(df, 1))
	if len(found) != 1 || !strings.Contains(found[0].Message, "copies src/.env into the image") || strings.Contains(found[0].Message, "id_rsa") {
		t.Fatalf("DW116 %+v, want src/.env only: the exception brings it back, secrets/ stays out", found)
	}
	fix := quickFix(t, e, df, found[0], "Exclude src/.env from the build context in .dockerignore; check that the build and the service do not read it")
	if fix.IsPreferred {
		t.Error("the fix that keeps an .env out of the image is preferred: the service may read it")
	}
	e.Apply(fix)
	onDisk := ignore + "src/.env\n"
	if got := read(t, dir, ".dockerignore"); got != onDisk {
		t.Fatalf(".dockerignore = %q, want %q", got, onDisk)
	}
	// Without a watcher, saving the Dockerfile is when the disk is read.
	n := len(e.Published(df))
	e.Save(df)
	e.AwaitPublish(df, n, "DW116 gone once saved", func(d []protocol.Diagnostic) bool { return !hasDW116(d) })

	di := e.OpenFile(filepath.Join(dir, ".dockerignore"), "ignore", onDisk)
	n = len(e.Published(df))
	e.Replace(di, ignore+"src/.env\n!src/.env\n")
	e.AwaitPublish(df, n, "DW116 back with the unsaved exception", hasDW116)
	n = len(e.Published(df))
	e.Close(di)
	e.AwaitPublish(df, n, "DW116 gone with the file on disk again", func(d []protocol.Diagnostic) bool { return !hasDW116(d) })
}

// TestDW116SeesNewSecretFiles: a secret file written into the context
// afterwards is seen when the watcher reports it.
func TestDW116SeesNewSecretFiles(t *testing.T) {
	e, dir := contextEditor(t, map[string]string{"server.js": ""}, true)
	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", copyAll)
	if hasDW116(e.Diagnostics(df, 1)) {
		t.Fatal("DW116 with nothing secret in the context")
	}
	writeFiles(t, dir, map[string]string{"config/.env.production": "DB_PASSWORD=x\n"})
	n := len(e.Published(df))
	fileChanged(e, 1, filepath.Join(dir, "config", ".env.production"))
	got := e.AwaitPublish(df, n, "DW116 for the new file", hasDW116)
	if !strings.Contains(dw116(got)[0].Message, "config/.env.production") {
		t.Errorf("DW116 %+v", dw116(got))
	}
	// A change elsewhere does not make the server list the context again
	// or publish.
	n = len(e.Published(df))
	fileChanged(e, 2, filepath.Join(dir, "server.js"))
	v := e.Replace(df, copyAll+"EXPOSE 3000\n")
	e.Diagnostics(df, v)
	if got := len(e.Published(df)); got != n+1 {
		t.Errorf("%d publishes after an unrelated change and one edit, want 1", got-n)
	}
}

// TestDW116ComposeBuildContext: a compose file builds the Dockerfile from
// the folder above it; the .env there is copied, the message names the
// service, and the quick fix extends that folder's .dockerignore.
func TestDW116ComposeBuildContext(t *testing.T) {
	e, dir := contextEditor(t, map[string]string{
		"compose.yaml":      "services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n",
		".env":              "SECRET=x\n",
		".dockerignore":     ".git\n",
		"docker/Dockerfile": copyAll,
	}, true)
	df := e.OpenFile(filepath.Join(dir, "docker", "Dockerfile"), "dockerfile", copyAll)
	found := dw116(e.AwaitPublish(df, 0, "DW116 of the compose context", hasDW116))
	if len(found) != 1 || !strings.Contains(found[0].Message, "copies .env into the image (context of service api); list it in ../.dockerignore") {
		t.Fatalf("DW116 %+v", found)
	}
	n := len(e.Published(df))
	e.Apply(quickFix(t, e, df, found[0], "Exclude .env from the build context in ../.dockerignore"))
	if got := read(t, dir, ".dockerignore"); got != ".git\n.env\n" {
		t.Fatalf(".dockerignore = %q", got)
	}
	fileChanged(e, 2, filepath.Join(dir, ".dockerignore"))
	e.AwaitPublish(df, n, "DW116 gone", func(d []protocol.Diagnostic) bool { return !hasDW116(d) })
}
