package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// forbiddenImports are what our code must never use: the server runs no
// commands, opens no network connections and loads no plugins (SECURITY.md).
var forbiddenImports = map[string]bool{
	"os/exec": true, "net": true, "net/http": true, "plugin": true, "syscall": true, "unsafe": true,
	"golang.org/x/sys/unix": true, "golang.org/x/sys/windows": true, // syscall's, and more
}

// syscallAllowed are the packages that may import syscall or its
// golang.org/x/sys counterparts, and nothing else of the list:
// internal/fsroot needs O_NONBLOCK so that opening a FIFO planted in the
// workspace never blocks, and the change time of a file (the inode's; on
// Windows, asked of the open file) to tell a file written again
// (SECURITY.md); internal/interrupt names SIGTERM, so that fix finishes or
// rolls back the file it writes when asked to stop.
var syscallAllowed = map[string]bool{filepath.Join("internal", "fsroot"): true, filepath.Join("internal", "interrupt"): true}

// TestNoForbiddenImports reads every non-test Go file of the module. Tests
// may use os/exec to run the binary and net.Pipe to connect a fake editor;
// the fake editor package (server/lsptest) exists only for tests, and the
// benchmark drivers (internal/lspbench, internal/checkbench) start the
// binary as a process.
func TestNoForbiddenImports(t *testing.T) {
	root := filepath.Join("..", "..")
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "testdata", "lsptest", "editors", "lspbench", "checkbench":
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
			if rel, _ := filepath.Rel(root, filepath.Dir(path)); (p == "syscall" || strings.HasPrefix(p, "golang.org/x/sys/")) && syscallAllowed[rel] {
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

// fileCalls are the standard library's ways to open, look up or change a
// file by name. In the code that goes into dockwarden, only internal/fsroot
// calls them: everything else opens files through an fsroot.Root (os.Root
// at the workspace, working or named folder), once, judged on the open
// file, bounded, never blocking on a FIFO (SECURITY.md). A stat followed by
// an open, or filepath.EvalSymlinks to check containment and then an open,
// is a race a neighbour can win.
var fileCalls = map[string]map[string]bool{
	"os": {"Open": true, "OpenFile": true, "OpenInRoot": true, "OpenRoot": true, "ReadFile": true, "WriteFile": true,
		"Create": true, "CreateTemp": true, "MkdirTemp": true, "Stat": true, "Lstat": true, "ReadDir": true, "DirFS": true,
		"Remove": true, "RemoveAll": true, "Rename": true, "Link": true, "Symlink": true, "Readlink": true,
		"Chmod": true, "Chown": true, "Lchown": true, "Chtimes": true, "Truncate": true, "Mkdir": true, "MkdirAll": true},
	"path/filepath": {"EvalSymlinks": true, "Walk": true, "WalkDir": true, "Glob": true},
	"io/ioutil":     {"*": true},
}

// fileCallsAllowed are the exceptions, by file and call, each with its
// reason.
var fileCallsAllowed = map[string]string{
	// The log file the user names with --log-file or DOCKWARDEN_LOG,
	// wherever they want it: written, never read.
	filepath.Join("cmd", "dockwarden", "lsp.go") + " os.OpenFile": "the --log-file",
}

// TestFilesOnlyThroughFsroot reads every non-test Go file of every package
// of ours that the dockwarden binary is built from (go list -deps) and
// fails on any call of fileCalls outside internal/fsroot and the
// exceptions.
func TestFilesOnlyThroughFsroot(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("needs the go command: %v", err) // as under Wine
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \" \"}}", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	const module = "github.com/dockwarden/dockwarden"
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.Split(line, "\t")
		if len(parts) != 3 || !strings.HasPrefix(parts[0], module) || parts[0] == module+"/internal/fsroot" {
			continue
		}
		for _, name := range strings.Fields(parts[2]) {
			path := filepath.Join(parts[1], name)
			rel, _ := filepath.Rel(root, path)
			checked++
			for _, call := range fileCallsIn(t, path) {
				if _, ok := fileCallsAllowed[rel+" "+call]; !ok {
					t.Errorf("%s calls %s: open files through internal/fsroot", rel, call)
				}
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d files checked", checked)
	}
}

// fileCallsIn returns the calls of fileCalls in the Go file at path, as
// "pkg.Func" with the package's last path element.
func fileCallsIn(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	imported := map[string]string{} // local name -> import path
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		local := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			local = imp.Name.Name
		}
		imported[local] = p
	}
	var calls []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		if funcs := fileCalls[imported[id.Name]]; funcs != nil && (funcs[sel.Sel.Name] || funcs["*"]) {
			calls = append(calls, id.Name+"."+sel.Sel.Name)
		}
		return true
	})
	return calls
}
