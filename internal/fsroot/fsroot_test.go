package fsroot

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func write(t testing.TB, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func open(t testing.TB, dir string) *Root {
	t.Helper()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// withHook sets the test hook for the rest of the test.
func withHook(t *testing.T, hook func(dir, name string)) {
	t.Cleanup(SetTestHook(hook))
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a", "compose.yaml"), "services: {}\n")
	r := open(t, dir)
	text, info, err := r.ReadFile("a/compose.yaml", 100)
	if err != nil || string(text) != "services: {}\n" || info.Size() != 13 {
		t.Fatalf("ReadFile = %q, %v, %v", text, info, err)
	}
	if _, _, err := r.ReadFile("a/compose.yaml", 12); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file one byte over the limit: %v, want ErrTooLarge", err)
	}
	if _, _, err := r.ReadFile("a", 100); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a folder: %v, want ErrNotRegular", err)
	}
	for _, n := range []string{"../x", "/etc/passwd", "a/../../x", ""} {
		if _, _, err := r.ReadFile(n, 100); err == nil {
			t.Errorf("ReadFile(%q) succeeded", n)
		}
	}
}

func TestReadLimitedNeverHoldsMore(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero on windows")
	}
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip("no /dev/zero")
	}
	defer f.Close()
	if _, err := ReadLimited(f, 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("ReadLimited(/dev/zero) = %v, want ErrTooLarge", err)
	}
}

// TestSymlinkOutsideIsRefused: a link that leads out of the root, directly
// or through a folder, is never followed.
func TestSymlinkOutsideIsRefused(t *testing.T) {
	outside := t.TempDir()
	write(t, filepath.Join(outside, "Dockerfile"), "FROM scratch\nUSER secret\n")
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(outside, "Dockerfile"), filepath.Join(dir, "Dockerfile")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "sub")); err != nil {
		t.Fatal(err)
	}
	r := open(t, dir)
	for _, n := range []string{"Dockerfile", "sub/Dockerfile"} {
		if text, _, err := r.ReadFile(n, 100); err == nil {
			t.Errorf("ReadFile(%q) read %q from outside the root", n, text)
		}
	}
}

// TestFolderSwappedForSymlinkDuringRead swaps a folder for a link that
// leads outside the root just before the open: the read must fail, not
// reach the outside file.
func TestFolderSwappedForSymlinkDuringRead(t *testing.T) {
	outside := t.TempDir()
	write(t, filepath.Join(outside, "compose.yaml"), "outside\n")
	dir := t.TempDir()
	write(t, filepath.Join(dir, "app", "compose.yaml"), "inside\n")
	r := open(t, dir)
	withHook(t, func(_, n string) {
		if n != "app/compose.yaml" {
			return
		}
		if err := os.RemoveAll(filepath.Join(dir, "app")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, filepath.Join(dir, "app")); err != nil {
			t.Skip("no symlinks here:", err)
		}
	})
	text, _, err := r.ReadFile("app/compose.yaml", 100)
	if err == nil {
		t.Fatalf("read %q through a link swapped in during the read", text)
	}
}

func TestCreateExclusiveNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "secrets", "db.txt"), "old")
	r := open(t, dir)
	if err := r.CreateExclusive("secrets/db.txt", []byte("new"), 0o600); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("CreateExclusive over a file: %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "secrets", "db.txt")); string(b) != "old" {
		t.Fatalf("file became %q", b)
	}
	if err := r.CreateExclusive("deep/er/pw.txt", []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, "deep", "er", "pw.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	if !r.Exists("deep/er/pw.txt") || r.Exists("deep/er/none") {
		t.Error("Exists disagrees with the tree")
	}
	if err := r.CreateExclusive("../escape.txt", []byte("x"), 0o600); err == nil {
		t.Error("created a file outside the root")
	}
}

func TestAppendAndReadDir(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".gitignore"), "node_modules/\n")
	r := open(t, dir)
	if err := r.Append(".gitignore", []byte(".env\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); string(b) != "node_modules/\n.env\n" {
		t.Errorf(".gitignore = %q", b)
	}
	if err := r.Append("missing", []byte("x")); err == nil {
		t.Error("Append created a missing file")
	}
	if entries, err := r.ReadDir(".", 1); err != nil || len(entries) != 1 {
		t.Errorf("ReadDir(., 1) = %v, %v", entries, err)
	}
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	if entries, err := r.ReadDir("empty", 1); err != nil || len(entries) != 0 {
		t.Errorf("ReadDir of an empty folder = %v, %v; want nothing and no error", entries, err)
	}
	os.Remove(filepath.Join(dir, "empty"))
	entries, err := r.ReadDir(".", 10)
	if err != nil || len(entries) != 1 || entries[0].Name() != ".gitignore" {
		t.Errorf("ReadDir = %v, %v", entries, err)
	}
}

func TestRel(t *testing.T) {
	dir := t.TempDir()
	r := open(t, dir)
	if n, err := r.Rel(filepath.Join(dir, "a", "b")); err != nil || n != "a/b" {
		t.Errorf("Rel inside = %q, %v", n, err)
	}
	for _, p := range []string{filepath.Dir(dir), filepath.Join(dir, "..", "x")} {
		if n, err := r.Rel(p); !errors.Is(err, ErrOutside) {
			t.Errorf("Rel(%q) = %q, %v; want ErrOutside", p, n, err)
		}
	}
	if !strings.HasPrefix(r.Dir(), string(filepath.Separator)) && runtime.GOOS != "windows" {
		t.Errorf("Dir %q is not absolute", r.Dir())
	}
}

func TestTruncateAndRemoveTakeBackAFix(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".gitignore"), "node_modules/\n")
	r := open(t, dir)
	if err := r.Append(".gitignore", []byte(".env\n")); err != nil {
		t.Fatal(err)
	}
	if err := r.Truncate(".gitignore", int64(len("node_modules/\n"))); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); string(b) != "node_modules/\n" {
		t.Errorf(".gitignore = %q after Truncate", b)
	}
	if err := r.CreateExclusive("secrets/pw.txt", []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := r.Remove("secrets"); err == nil {
		t.Error("Remove took a folder that is not empty")
	}
	for _, n := range []string{"secrets/pw.txt", "secrets"} {
		if err := r.Remove(n); err != nil {
			t.Fatalf("Remove(%q): %v", n, err)
		}
	}
	if r.Exists("secrets") {
		t.Error("secrets is still there")
	}
	if err := r.Remove("../x"); !errors.Is(err, ErrOutside) {
		t.Errorf("Remove outside the root: %v, want ErrOutside", err)
	}
}

// TestReadFileSince: an unchanged file is not read again; a file deleted
// and written again (a new inode, possibly the same size and time) is.
func TestReadFileSince(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, ".dockwarden.yaml")
	write(t, p, "rules: {}\n")
	r := open(t, dir)
	text, info, err := r.ReadFile(".dockwarden.yaml", 100)
	if err != nil || string(text) != "rules: {}\n" {
		t.Fatalf("ReadFile = %q, %v", text, err)
	}
	if text, _, unchanged, err := r.ReadFileSince(".dockwarden.yaml", 100, info); err != nil || !unchanged || text != nil {
		t.Fatalf("unchanged file: %q, unchanged=%v, %v", text, unchanged, err)
	}
	os.Remove(p)
	write(t, p, "rules: []\n") // the same size
	os.Chtimes(p, info.ModTime(), info.ModTime())
	text, _, unchanged, err := r.ReadFileSince(".dockwarden.yaml", 100, info)
	if err != nil || unchanged || string(text) != "rules: []\n" {
		t.Fatalf("recreated file: %q, unchanged=%v, %v", text, unchanged, err)
	}
	os.Remove(p)
	if _, _, _, err := r.ReadFileSince(".dockwarden.yaml", 100, info); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("deleted file: %v, want ErrNotExist", err)
	}
}

// TestUnrooted reads by path and follows links anywhere, absolute ones
// included, but keeps the other guarantees.
func TestUnrooted(t *testing.T) {
	outside := t.TempDir()
	write(t, filepath.Join(outside, "Dockerfile"), "FROM scratch\n")
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(outside, "Dockerfile"), filepath.Join(dir, "Dockerfile")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); err != nil {
		t.Skip("symlinks made here do not resolve (as under Wine):", err)
	}
	r := Unrooted()
	n, err := r.Rel(filepath.Join(dir, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if text, _, err := r.ReadFile(n, 100); err != nil || string(text) != "FROM scratch\n" {
		t.Fatalf("ReadFile(%q) = %q, %v", n, text, err)
	}
	if _, _, err := r.ReadFile(filepath.ToSlash(dir), 100); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a folder: %v, want ErrNotRegular", err)
	}
	if _, err := r.ReadNamed(filepath.ToSlash(dir), 100); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadNamed of a folder: %v, want ErrNotRegular", err)
	}
}

// TestRewriteKeepsTheFile: a rewrite keeps the inode (so hard links, owner
// and mode), leaves no backup behind, and refuses a read-only file and a
// file that changed.
func TestRewriteKeepsTheFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "Dockerfile")
	write(t, p, "FROM alpine\nADD a /a\n")
	if err := os.Chmod(p, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(p, filepath.Join(dir, "hardlink")); err != nil {
		t.Skip("no hard links here:", err)
	}
	before, _ := os.Stat(p)
	r := open(t, dir)
	w, err := r.OpenRewrite("Dockerfile", []byte("FROM alpine\nADD a /a\n"))
	if err != nil {
		t.Fatal(err)
	}
	backup := w.Backup()
	if b, err := os.ReadFile(backup); err != nil || string(b) != "FROM alpine\nADD a /a\n" {
		t.Fatalf("backup %s = %q, %v", backup, b, err)
	}
	if err := w.Commit([]byte("FROM alpine\nCOPY a /a\n")); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(p)
	if b, _ := os.ReadFile(filepath.Join(dir, "hardlink")); string(b) != "FROM alpine\nCOPY a /a\n" {
		t.Errorf("the hard link holds %q: the file was replaced, not rewritten", b)
	}
	if !os.SameFile(before, after) || after.Mode() != before.Mode() {
		t.Errorf("inode or mode changed: %v -> %v", before.Mode(), after.Mode())
	}
	if _, err := os.Stat(backup); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("backup left behind: %v", err)
	}

	// Changed between the analysis and the open, and between the open
	// and the commit: left alone both times.
	if _, err := r.OpenRewrite("Dockerfile", []byte("FROM alpine\nADD a /a\n")); !errors.Is(err, ErrChanged) {
		t.Errorf("OpenRewrite of a changed file: %v, want ErrChanged", err)
	}
	w, err = r.OpenRewrite("Dockerfile", []byte("FROM alpine\nCOPY a /a\n"))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString("USER app\n")
	f.Close()
	if err := w.Commit([]byte("FROM scratch\n")); !errors.Is(err, ErrChanged) {
		t.Errorf("Commit after an edit: %v, want ErrChanged", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "FROM alpine\nCOPY a /a\nUSER app\n" {
		t.Errorf("the edit was lost: %q", b)
	}

	// Aborted: nothing changes, nothing is left.
	w, err = r.OpenRewrite("Dockerfile", []byte("FROM alpine\nCOPY a /a\nUSER app\n"))
	if err != nil {
		t.Fatal(err)
	}
	w.Abort()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("after Abort the folder holds %d entries, want the file and its link", len(entries))
	}

	if err := os.Chmod(p, 0o444); err != nil {
		t.Fatal(err)
	}
	if _, err := r.OpenRewrite("Dockerfile", []byte("FROM alpine\nCOPY a /a\nUSER app\n")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("OpenRewrite of a 0444 file: %v, want ErrReadOnly", err)
	}
}

func TestReplacement(t *testing.T) {
	dir := t.TempDir()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// A new file, then a new version of it that keeps its mode: 0600
	// where modes are Unix's. Windows keeps only whether a file is
	// read-only, and a writable file's mode reads 0666 there.
	var mode fs.FileMode
	for i, text := range []string{"one\n", "two\n"} {
		w, err := r.CreateReplacement("report.xml")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(text)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "report.xml")); i == 1 && string(got) != "one\n" {
			t.Errorf("before the commit the file holds %q", got)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "report.xml")); string(got) != text {
			t.Errorf("after the commit the file holds %q, want %q", got, text)
		}
		if i == 0 {
			os.Chmod(filepath.Join(dir, "report.xml"), 0o600)
			info, err := os.Stat(filepath.Join(dir, "report.xml"))
			if err != nil {
				t.Fatal(err)
			}
			mode = info.Mode().Perm()
		}
	}
	if info, _ := os.Stat(filepath.Join(dir, "report.xml")); info.Mode().Perm() != mode {
		t.Errorf("mode %v, want the file's %v kept", info.Mode().Perm(), mode)
	}
	// An aborted version leaves the file and no temporary file behind.
	w, err := r.CreateReplacement("report.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("half"))
	w.Abort()
	if got, _ := os.ReadFile(filepath.Join(dir, "report.xml")); string(got) != "two\n" {
		t.Errorf("after Abort the file holds %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
	// Never into a folder, and never outside the root.
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	if _, err := r.CreateReplacement("sub"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a folder: %v", err)
	}
	if _, err := r.CreateReplacement("../x"); !errors.Is(err, ErrOutside) {
		t.Errorf("outside: %v", err)
	}
}
