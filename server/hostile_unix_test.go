//go:build unix

package server_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// TestFIFOSwappedInDoesNotFreezeDiagnostics: the compose file beside an
// open Dockerfile becomes a FIFO just as the server opens it. Opening a
// FIFO for reading waits for a writer; the server must not: the
// Dockerfile's diagnostics keep following its edits, and hover answers.
func TestFIFOSwappedInDoesNotFreezeDiagnostics(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	compose := filepath.Join(dir, "app", "compose.yaml")
	writeFiles(t, dir, map[string]string{"app/compose.yaml": "services:\n  web:\n    build: .\n    user: \"1000\"\n"})
	swapOnce(t, "app/compose.yaml", func() {
		if err := os.Remove(compose); err != nil {
			t.Error(err)
		}
		if err := syscall.Mkfifo(compose, 0o644); err != nil {
			t.Error(err)
		}
	})
	e := lsptest.NewInProcess(t, rules.All)
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}})
	df := e.OpenFile(filepath.Join(dir, "app", "Dockerfile"), "dockerfile", rootDockerfile)
	if d := e.Diagnostics(df, 1); lineCodes(d, "DW101") != "1:DW101" {
		t.Errorf("version 1: %v, want DW101 (the compose file that sets a user is a FIFO now)", d)
	}
	for i := 0; i < 3; i++ {
		v := e.Replace(df, rootDockerfile+"USER root\n")
		if d := e.Diagnostics(df, v); lineCodes(d, "DW102") != "3:DW102" {
			t.Errorf("version %d: %v, want DW102", v, d)
		}
		v = e.Replace(df, rootDockerfile)
		e.Diagnostics(df, v)
	}
	if h := e.Hover(df, protocol.Position{Line: 0, Character: 1}); h == nil {
		t.Error("no hover on the FROM line")
	}
	if info, err := os.Lstat(compose); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("compose.yaml is not a FIFO (%v, %v): the test proves nothing", info, err)
	}
}

// TestConfigFIFODoesNotFreezeDiagnostics: the .dockwarden.yaml becomes a
// FIFO just as the server opens it: the document is analysed with the
// defaults, and the FIFO is logged as not read.
func TestConfigFIFODoesNotFreezeDiagnostics(t *testing.T) {
	e, dir := workspaceEditor(t, map[string]string{".dockwarden.yaml": "rules:\n  DW101: off\n"}, lsptest.ClientOptions{})
	conf := filepath.Join(dir, ".dockwarden.yaml")
	swapOnce(t, ".dockwarden.yaml", func() {
		if err := os.Remove(conf); err != nil {
			t.Error(err)
		}
		if err := syscall.Mkfifo(conf, 0o644); err != nil {
			t.Error(err)
		}
	})
	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", rootDockerfile)
	if got := severities(e.Diagnostics(df, 1)); got != "DW101:warning" {
		t.Errorf("with the configuration a FIFO: %s, want the defaults", got)
	}
	e.AwaitLog(".dockwarden.yaml is not read")
	v := e.Replace(df, rootDockerfile+"\n")
	e.Diagnostics(df, v)
}
