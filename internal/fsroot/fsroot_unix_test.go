//go:build unix

package fsroot

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestFIFOSwappedInDoesNotBlock replaces a file by a FIFO just before the
// open: the open must return at once and the read be refused.
func TestFIFOSwappedInDoesNotBlock(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "compose.yaml"), "services: {}\n")
	r := open(t, dir)
	withHook(t, func(_ *Root, n string) {
		p := filepath.Join(dir, n)
		os.Remove(p)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip("mkfifo:", err)
		}
	})
	if _, _, err := r.ReadFile("compose.yaml", 100); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("ReadFile of a FIFO: %v, want ErrNotRegular", err)
	}
	if _, err := r.Stat("compose.yaml"); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("Stat of a FIFO: %v, want ErrNotRegular", err)
	}
}
