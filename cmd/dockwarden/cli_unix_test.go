//go:build unix

package main

import (
	"bytes"
	"context"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// maxRSS runs dockwarden with args and returns its peak resident set
// size in bytes (Linux only; 0 elsewhere), its stdout and its exit code.
// Linux carries a process's high-water mark across exec, so the number
// includes the test binary's at the time of the start: compare it with
// another run, not with an absolute figure.
func maxRSS(t *testing.T, args ...string) (int64, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, dockwardenBin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("dockwarden %s did not finish", strings.Join(args, " "))
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && runtime.GOOS == "linux" {
		rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return rss, stdout.String() + stderr.String(), exitCode(err)
}

// TestDevZeroIsBounded: a device named on the command line is read
// through the size limit, never to its end: check /dev/zero answers at
// once with one DW006 and stays small.
func TestDevZeroIsBounded(t *testing.T) {
	base, _, _ := maxRSS(t, "version")
	rss, out, code := maxRSS(t, "check", "/dev/zero")
	if code != 1 || !strings.HasPrefix(out, "/dev/zero:1:1: warning DW006") {
		t.Errorf("exit %d, output %q; want 1 and one DW006", code, out)
	}
	if rss > base+64<<20 {
		t.Errorf("check /dev/zero peaked at %d MiB, version at %d MiB", rss>>20, base>>20)
	}
}
