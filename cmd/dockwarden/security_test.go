package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// forbiddenImports are what our code must never use: the server runs no
// commands, opens no network connections and loads no plugins (SECURITY.md).
var forbiddenImports = map[string]bool{
	"os/exec": true, "net": true, "net/http": true, "plugin": true, "syscall": true, "unsafe": true,
}

// syscallAllowed is the one package that may import syscall: internal/fsroot
// needs O_NONBLOCK so that opening a FIFO planted in the workspace never
// blocks (SECURITY.md). It imports nothing else of the list.
var syscallAllowed = filepath.Join("internal", "fsroot")

// TestNoForbiddenImports reads every non-test Go file of the module. Tests
// may use os/exec to run the binary and net.Pipe to connect a fake editor;
// the fake editor package (server/lsptest) exists only for tests, and the
// benchmark driver (internal/lspbench) starts the server as a process.
func TestNoForbiddenImports(t *testing.T) {
	root := filepath.Join("..", "..")
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "testdata", "lsptest", "editors", "lspbench":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == "syscall" && filepath.Dir(path) == filepath.Join(root, syscallAllowed) {
				continue
			}
			if forbiddenImports[p] {
				t.Errorf("%s imports %s", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 30 {
		t.Errorf("only %d files checked", checked)
	}
}
