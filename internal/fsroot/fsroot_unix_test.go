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
	withHook(t, func(_, n string) {
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

// TestReadNamedBoundsDevices: a device named on the command line is read
// through the limit, never to its end.
func TestReadNamedBoundsDevices(t *testing.T) {
	text, err := Unrooted().ReadNamed("/dev/zero", 1<<20)
	if !errors.Is(err, ErrTooLarge) || len(text) != 1<<20+1 {
		t.Fatalf("ReadNamed(/dev/zero) = %d bytes, %v; want limit+1 and ErrTooLarge", len(text), err)
	}
}

// TestReadNamedFIFO: a FIFO a person names (a shell's <(...)) is read
// like a pipe.
func TestReadNamedFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	// A reader held open keeps what is written in the pipe after the
	// writer has gone, so the text is there whenever ReadNamed opens.
	hold, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Close()
	w, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.WriteString("FROM scratch\n")
	w.Close()
	if text, err := Unrooted().ReadNamed(p, 100); err != nil || string(text) != "FROM scratch\n" {
		t.Fatalf("ReadNamed(fifo) = %q, %v", text, err)
	}
}
