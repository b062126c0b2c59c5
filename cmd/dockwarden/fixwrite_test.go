package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// A pausedFix is dockwarden fix run with its test pause: before writing
// each file it says so on stderr and waits for a line on stdin, so that a
// test can edit the file, or signal the process, at exactly that moment.
type pausedFix struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout bytes.Buffer
	lines  chan string

	mu     sync.Mutex
	stderr strings.Builder
}

func startPausedFix(t *testing.T, dir string, args ...string) *pausedFix {
	t.Helper()
	p := &pausedFix{cmd: exec.Command(dockwardenBin, append([]string{"fix"}, args...)...), lines: make(chan string, 100)}
	p.cmd.Dir = dir
	p.cmd.Env = append(os.Environ(), testPauseEnv+"=1")
	p.cmd.Stdout = &p.stdout
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	return p
}

// awaitPause waits until fix pauses before writing the file shown as path.
func (p *pausedFix) awaitPause(t *testing.T, path string) {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				t.Fatalf("fix ended before writing %s:\n%s", path, p.errText())
			}
			if line == "dockwarden fix: paused before writing "+path {
				return
			}
		case <-timeout:
			t.Fatalf("fix did not pause before writing %s:\n%s", path, p.errText())
		}
	}
}

// resume lets fix go on.
func (p *pausedFix) resume(t *testing.T) {
	if _, err := io.WriteString(p.stdin, "\n"); err != nil {
		t.Fatal(err)
	}
}

// wait waits for fix to end and returns its stdout, stderr and exit code.
func (p *pausedFix) wait(t *testing.T) (string, string, int) {
	t.Helper()
	// stdin stays open: a fix still paused stays paused until it ends.
	err := p.cmd.Wait()
	for range p.lines {
	}
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return p.stdout.String(), p.errText(), code
}

func (p *pausedFix) errText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// noBackups fails when a backup copy of fix is left in dir.
func noBackups(t *testing.T, dir string) {
	t.Helper()
	for name := range snapshot(t, dir) {
		if strings.Contains(name, ".dockwarden-") {
			t.Errorf("left behind: %s", name)
		}
	}
}

// TestFixLeavesAnEditMadeMeanwhile: the file is edited after fix analysed
// it and before it writes it (an editor saving, a teammate's script):
// fix reports a conflict, exits 2 and leaves the edit in place; the other
// file is fixed.
func TestFixLeavesAnEditMadeMeanwhile(t *testing.T) {
	dir := writeTree(t, fixable)
	p := startPausedFix(t, dir)
	p.awaitPause(t, "app/Dockerfile")
	edited := fixable["app/Dockerfile"] + "USER app\n"
	if err := os.WriteFile(filepath.Join(dir, "app", "Dockerfile"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	p.resume(t)
	p.awaitPause(t, "app/compose.yaml")
	p.resume(t)
	stdout, stderr, code := p.wait(t)
	if code != 2 || !strings.Contains(stderr, "app/Dockerfile: conflict: changed since it was read") {
		t.Errorf("exit %d, stderr %q; want 2 and a conflict", code, stderr)
	}
	if got := readFile(t, dir, "app/Dockerfile"); got != edited {
		t.Errorf("the edit was lost:\n%s", got)
	}
	if !strings.Contains(stdout, "app/compose.yaml: 1 fix") || strings.Contains(stdout, "app/Dockerfile:") {
		t.Errorf("stdout %q: want the compose file fixed and the Dockerfile not", stdout)
	}
	noBackups(t, dir)
}

// TestFixRefusesReadOnly: a file without a write permission is not fixed
// (its owner chose so), with a clear message and exit 2; the others are.
func TestFixRefusesReadOnly(t *testing.T) {
	dir := writeTree(t, fixable)
	p := filepath.Join(dir, "app", "Dockerfile")
	if err := os.Chmod(p, 0o444); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runBin(t, dir, "fix")
	if code != 2 || !strings.Contains(stderr, "app/Dockerfile: read-only (no write permission), so it is not fixed") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if got := readFile(t, dir, "app/Dockerfile"); got != fixable["app/Dockerfile"] {
		t.Errorf("a read-only file was rewritten:\n%s", got)
	}
	if !strings.Contains(stdout, "app/compose.yaml: 1 fix") {
		t.Errorf("the writable file was not fixed: %q", stdout)
	}
	noBackups(t, dir)
}

// TestFixReadOnlyDockerfileJudgesCompose: a compose service is fixed for
// the Dockerfile it builds as it is on disk. When the Dockerfile cannot
// be written, the USER fix adds is not there, so the service still runs
// as root and its capabilities are not dropped as for a non-root one.
func TestFixReadOnlyDockerfileJudgesCompose(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"api/Dockerfile": "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
		"compose.yaml":   "services:\n  api:\n    build: ./api\n",
	})
	if err := os.Chmod(filepath.Join(dir, "api", "Dockerfile"), 0o444); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runBin(t, dir, "fix", "--unsafe", "--preset", "strict")
	if code != 2 || !strings.Contains(stderr, "api/Dockerfile: read-only") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if got := readFile(t, dir, "compose.yaml"); strings.Contains(got, "cap_drop") {
		t.Errorf("capabilities dropped as if the service ran as the USER fix could not add:\n%s", got)
	}
	if !strings.Contains(stdout, "compose.yaml:2:3: DW203 not preferred") {
		t.Errorf("stdout %q: want DW203 left for review", stdout)
	}
}
