package server_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/fixtures"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// lineCodes lists the findings as "line:code" (1-based lines), in order.
func lineCodes(diags []protocol.Diagnostic, keep ...string) string {
	var out []string
	for _, d := range diags {
		code, _ := d.Code.(string)
		for _, k := range keep {
			if code == k {
				out = append(out, strconv.Itoa(int(d.Range.Start.Line)+1)+":"+code)
			}
		}
	}
	return strings.Join(out, " ")
}

// TestComposeAndDockerfileInformEachOther opens a Dockerfile and the
// compose file that builds it, and checks, through the protocol, that the
// Dockerfile is judged for the stage compose builds, that a compose user:
// stands in for USER (with a hover that says so), that DW214 offers to
// drop user: root when the Dockerfile runs as non-root, and that each file's
// diagnostics follow edits of the other.
func TestComposeAndDockerfileInformEachOther(t *testing.T) {
	dir := t.TempDir()
	e := lsptest.NewInProcess(t, rules.All)
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}})
	keep := []string{"DW101", "DW102", "DW112", "DW214"}

	df := e.OpenFile(filepath.Join(dir, "app", "Dockerfile"), "dockerfile", fixtures.StagedDockerfile)
	if got := lineCodes(e.Diagnostics(df, 1), keep...); got != "8:DW112 10:DW102" {
		t.Fatalf("alone: %s, want the last stage judged (8:DW112 10:DW102)", got)
	}

	// A compose file that builds the dev stage: DW101 and DW112 judge it
	// too, and the last stage, which docker build still produces, keeps
	// its findings.
	n := len(e.Published(df))
	compose := "services:\n  web:\n    build:\n      context: ./app\n      target: dev\n"
	cf := e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", compose)
	e.Diagnostics(cf, 1)
	const both = "4:DW101 4:DW112 8:DW112 10:DW102"
	diags := e.AwaitPublish(df, n, both, func(d []protocol.Diagnostic) bool { return lineCodes(d, keep...) == both })
	for _, d := range diags {
		if d.Code == "DW101" && !strings.Contains(d.Message, "stage dev (service web)") {
			t.Errorf("DW101 message %q does not name the stage compose builds", d.Message)
		}
	}

	// The service gains a non-root user: DW101 is satisfied, and hovering
	// the dev FROM line says by whom.
	n = len(e.Published(df))
	v := e.Edit(cf, lsptest.Change{Range: protocol.Range{Start: protocol.Position{Line: 5}, End: protocol.Position{Line: 5}}, Text: "    user: \"1000:1000\"\n"})
	e.Diagnostics(cf, v)
	e.AwaitPublish(df, n, "no DW101", func(d []protocol.Diagnostic) bool { return lineCodes(d, keep...) == "4:DW112 8:DW112 10:DW102" })
	h := e.Hover(df, protocol.Position{Line: 3, Character: 2})
	if h == nil || !strings.Contains(h.Contents.Value, "service web of compose.yaml runs it as user 1000:1000") ||
		!strings.Contains(h.Contents.Value, "("+string(lsptest.FileURI(filepath.Join(dir, "compose.yaml")))+"#L6)") {
		t.Errorf("hover on FROM dev: %+v", h)
	}

	// user: root in compose, and a USER app in the Dockerfile's dev stage:
	// DW214 offers to drop the user: line first.
	v = e.Replace(cf, "services:\n  web:\n    build:\n      context: ./app\n      target: dev\n    user: root\n")
	e.Diagnostics(cf, v)
	n = len(e.Published(cf))
	dv := e.Edit(df, lsptest.Change{Range: protocol.Range{Start: protocol.Position{Line: 5}, End: protocol.Position{Line: 5}}, Text: "USER app\n"})
	e.Diagnostics(df, dv)
	e.AwaitPublish(cf, n, "DW214 after the Dockerfile's edit", func(d []protocol.Diagnostic) bool { return lineCodes(d, keep...) == "6:DW214" })
	var fix *lsptest.CodeAction
	for _, a := range e.CodeActions(cf, protocol.Range{Start: protocol.Position{Line: 5}, End: protocol.Position{Line: 5, Character: 14}}) {
		if strings.HasPrefix(a.Title, "Remove user:") {
			a := a
			fix = &a
			break
		}
	}
	if fix == nil || !fix.IsPreferred {
		t.Fatalf("no preferred DW214 fix removing user: (got %+v)", fix)
	}
	if !strings.Contains(fix.Title, "run as app, the USER of Dockerfile") {
		t.Errorf("fix title %q", fix.Title)
	}
	e.Apply(*fix)
	if got := e.Text(cf); strings.Contains(got, "user:") {
		t.Errorf("after the fix:\n%s", got)
	}
}

// TestCrossFileReadsComposeFromDisk checks that a Dockerfile learns from a
// compose file on disk that is not open, and never from one outside the
// workspace folder.
func TestCrossFileReadsComposeFromDisk(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "ws")
	compose := "services:\n  web:\n    build:\n      context: ./app\n      target: dev\n"
	writeFiles(t, dir, map[string]string{"compose.yaml": compose})
	// Outside the folder, a compose file that would build the same file.
	writeFiles(t, root, map[string]string{"compose.yaml": "services:\n  x:\n    build:\n      context: ./ws/app\n      target: build\n"})

	e := lsptest.NewInProcess(t, rules.All)
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}})
	df := e.OpenFile(filepath.Join(dir, "app", "Dockerfile"), "dockerfile", fixtures.StagedDockerfile)
	if got := lineCodes(e.Diagnostics(df, 1), "DW101", "DW102", "DW112"); got != "4:DW101 4:DW112 8:DW112 10:DW102" {
		t.Errorf("with compose.yaml on disk: %s, want the dev stage judged besides the last (4:DW101 4:DW112 8:DW112 10:DW102)", got)
	}

	// A file that is not in a workspace folder learns nothing.
	other := e.OpenFile(filepath.Join(root, "elsewhere", "Dockerfile"), "dockerfile", fixtures.StagedDockerfile)
	if got := lineCodes(e.Diagnostics(other, 1), "DW101", "DW102", "DW112"); got != "8:DW112 10:DW102" {
		t.Errorf("outside the workspace: %s, want the last stage judged", got)
	}
}
