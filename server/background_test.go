package server_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockwarden/dockwarden/internal/fsroot"
	"github.com/dockwarden/dockwarden/server"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// TestServeWaitsForItsWork: the client exits while an analysis is about to
// read the configuration file. Serve returns only after that analysis has
// ended, with no file of the workspace left open and no goroutine of the
// session left running; otherwise, on Windows, the workspace could not be
// deleted or renamed just after the editor closed. The read is held at the
// moment of the open through fsroot's test hook, so the order of events is
// the same on every run.
func TestServeWaitsForItsWork(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	writeFiles(t, dir, map[string]string{".dockwarden.yaml": "rules:\n  DW101: error\n", "compose.yaml": "services: {}\n"})
	reading, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	t.Cleanup(fsroot.SetTestHook(func(_, name string) {
		if name == ".dockwarden.yaml" {
			once.Do(func() {
				close(reading)
				<-release
			})
		}
	}))
	clientEnd, serverEnd := net.Pipe()
	srv := server.New(server.Options{Rules: spine})
	served := make(chan int, 1)
	go func() { served <- srv.Serve(context.Background(), serverEnd) }()
	t.Cleanup(func() {
		clientEnd.Close()
		serverEnd.Close()
	})
	e := lsptest.Connect(t, clientEnd)
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}})
	e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", rootDockerfile)
	within(t, reading, "the analysis to open the configuration file")

	e.Shutdown()
	select {
	case <-served:
		close(release)
		t.Fatal("Serve returned while an analysis was reading a file of the workspace")
	case <-server.Stopping(srv):
	}
	close(release)
	if code := within(t, served, "Serve to return once the analysis ended"); code != 0 {
		t.Errorf("exit code %d after shutdown and exit, want 0", code)
	}
	for _, g := range sessionGoroutines() {
		t.Errorf("still running after Serve returned:\n%s", g)
	}
	for _, f := range openFilesUnder(t, dir) {
		t.Errorf("still open after Serve returned: %s", f)
	}
}

// within returns what ch receives, waiting at most lsptest.Deadline.
func within[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(lsptest.Deadline):
	}
	t.Fatalf("timed out waiting for %s", what)
	var zero T
	return zero
}

// sessionGoroutines returns the stacks of the goroutines a server started
// (its analysis loops, its requests answered off the read loop, its calls
// to the client) that are still running. jsonrpc2's read loop is not among
// them: Serve does not wait for it, since on a real standard input it may
// stay blocked until the process ends, and it handles nothing once the
// session has stopped.
func sessionGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if stillWorking(g) {
			out = append(out, g)
		}
	}
	return out
}

// stillWorking reports whether the goroutine of stack g runs work that
// background.do started and that has not ended. Once Serve has returned,
// such a goroutine may still be on its way out: in leave, or past it
// (then its only frame is do's), which is no work.
func stillWorking(g string) bool {
	const do = "github.com/dockwarden/dockwarden/server.(*background).do.func1("
	for _, line := range strings.Split(g, "\n")[1:] {
		switch {
		case strings.HasPrefix(line, "\t"):
			// the file and line of the frame above
		case strings.HasPrefix(line, do), strings.HasPrefix(line, "created by "):
			return false
		case strings.HasPrefix(line, "sync."), strings.HasPrefix(line, "runtime."),
			strings.HasPrefix(line, "github.com/dockwarden/dockwarden/server.(*background).leave("):
		default:
			// a frame of the work itself, above do's
			return strings.Contains(g, do)
		}
	}
	return false
}

// openFilesUnder returns the files and folders under dir that this process
// holds open, where the system tells (Linux's /proc/self/fd). Elsewhere it
// returns none; on Windows the removal of the test's temporary folder
// fails on any of them, which is the same check.
func openFilesUnder(t *testing.T, dir string) []string {
	t.Helper()
	if runtime.GOOS != "linux" {
		return nil
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && (target == dir || strings.HasPrefix(target, dir+string(filepath.Separator))) {
			out = append(out, target)
		}
	}
	return out
}
