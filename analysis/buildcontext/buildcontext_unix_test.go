//go:build unix

package buildcontext

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// TestListOnDisk lists a real folder through fsroot: a symbolic link is
// never followed, in the context or out of it, and a FIFO is passed over
// without being opened.
func TestListOnDisk(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(name string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("ctx/.env")
	write("ctx/app/main.go")
	if err := os.WriteFile(filepath.Join(outside, "id_rsa"), []byte("k"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"ctx/linked": outside, "ctx/id_rsa": filepath.Join(outside, "id_rsa"), "ctx/app/up": ".."} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "ctx", "server.key"), 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	root, err := fsroot.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	got := List(root, "ctx", nil, DefaultLimits)
	if !slices.Equal(got.Secrets, []string{".env"}) || got.Partial {
		t.Errorf("listing %+v, want .env alone: links and the FIFO are not the context's files", got)
	}

	// An ignore file that is a FIFO is refused without blocking; a missing
	// one is no error.
	if err := syscall.Mkfifo(filepath.Join(dir, "ctx", IgnoreName), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, exists, err := ReadIgnoreFile(root, "ctx/"+IgnoreName); !exists || err == nil {
		t.Errorf("a FIFO .dockerignore: exists %v, err %v; want it refused", exists, err)
	}
	if _, exists, err := ReadIgnoreFile(root, "ctx/app/"+IgnoreName); exists || err != nil {
		t.Errorf("no .dockerignore: exists %v, err %v", exists, err)
	}
}
