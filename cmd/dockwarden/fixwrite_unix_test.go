//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFixStoppedBySignal: SIGINT or SIGTERM while fix is about to write a
// file leaves that file as it was, the files written before it fixed, and
// no backup copy behind; the exit status is the signal's.
func TestFixStoppedBySignal(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			dir := writeTree(t, fixable)
			p := startPausedFix(t, dir)
			p.awaitPause(t, "app/Dockerfile")
			p.resume(t)
			p.awaitPause(t, "app/compose.yaml")
			if err := p.cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			stdout, stderr, code := p.wait(t)
			if code != tc.code || !strings.Contains(stderr, "app/compose.yaml: not written") {
				t.Errorf("exit %d, stderr %q; want %d", code, stderr, tc.code)
			}
			if got := readFile(t, dir, "app/compose.yaml"); got != fixable["app/compose.yaml"] {
				t.Errorf("the file being prepared was changed:\n%s", got)
			}
			if got := readFile(t, dir, "app/Dockerfile"); !strings.Contains(got, "COPY app.conf") || !strings.Contains(stdout, "app/Dockerfile: 1 fix") {
				t.Errorf("the file written before the signal: %q, stdout %q", got, stdout)
			}
			noBackups(t, dir)
		})
	}
}

// TestFixKeepsOwner: fix rewrites a file in place, so its owner and group
// stay whoever they were, not the user running fix. Changing a file's
// owner needs root.
func TestFixKeepsOwner(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("changing a file's owner needs root")
	}
	dir := writeTree(t, fixable)
	p := filepath.Join(dir, "app", "Dockerfile")
	if err := os.Chown(p, 4321, 8765); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o664); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runBin(t, dir, "fix"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	if st.Uid != 4321 || st.Gid != 8765 || info.Mode().Perm() != 0o664 {
		t.Errorf("owner %d:%d mode %v, want 4321:8765 0664", st.Uid, st.Gid, info.Mode().Perm())
	}
	if got := readFile(t, dir, "app/Dockerfile"); !strings.Contains(got, "COPY app.conf") {
		t.Errorf("not fixed:\n%s", got)
	}
}
