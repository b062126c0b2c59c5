package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/server/lsptest"
)

// pipes joins a child process's stdout (read) and stdin (write).
type pipes struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipes) Close() error {
	p.WriteCloser.Close()
	return p.ReadCloser.Close()
}

// startLSP runs `dockwarden lsp --stdio` as editors do and connects a fake
// editor to its stdin and stdout.
func startLSP(t *testing.T) (*lsptest.Editor, *exec.Cmd, *bytes.Buffer) {
	e, cmd, _, stderr := startLSPWithStdin(t)
	return e, cmd, stderr
}

func startLSPWithStdin(t *testing.T) (*lsptest.Editor, *exec.Cmd, io.Closer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(dockwardenBin, "lsp", "--stdio")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &bytes.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return lsptest.Connect(t, pipes{stdout, stdin}), cmd, stdin, stderr
}

func hasCode(diags []protocol.Diagnostic, code string) *protocol.Diagnostic {
	for i, d := range diags {
		if d.Code == code {
			return &diags[i]
		}
	}
	return nil
}

// fixAndCheck applies the preferred quick fix of the finding with code and
// asserts that the finding is gone in the next version.
func fixAndCheck(t *testing.T, e *lsptest.Editor, uri protocol.DocumentURI, code string) {
	t.Helper()
	d := hasCode(e.Diagnostics(uri, e.Version(uri)), code)
	if d == nil {
		t.Fatalf("%s: no %s", uri, code)
	}
	for _, a := range e.CodeActions(uri, d.Range, protocol.QuickFix) {
		if a.IsPreferred && len(a.Diagnostics) == 1 && a.Diagnostics[0].Code == code {
			v := e.Apply(a)
			if hasCode(e.Diagnostics(uri, v), code) != nil {
				t.Errorf("%s still reported after %q:\n%s", code, a.Title, e.Text(uri))
			}
			return
		}
	}
	t.Fatalf("%s: no preferred fix for %s", uri, code)
}

func TestLSPOverStdio(t *testing.T) {
	e, cmd, stderr := startLSP(t)
	res := e.Initialize()
	e.AwaitLog("initialized by lsptest")
	// The server reports the version the command line prints.
	out, _, _ := runBin(t, ".", "version")
	if want := strings.TrimPrefix(strings.TrimSpace(out), "dockwarden "); res.ServerInfo == nil || res.ServerInfo.Version != want || want == "" {
		t.Errorf("serverInfo = %+v, want version %q", res.ServerInfo, want)
	}
	df := e.Open("api/Dockerfile", "dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD [\"sh\"]\n")
	fixAndCheck(t, e, df, "DW101")
	cf := e.Open("compose.yaml", "yaml", "services:\n  app:\n    image: nginx:1.27\n    volumes:\n      - ./data:/data\n")
	fixAndCheck(t, e, cf, "DW212")
	if !strings.Contains(e.Text(cf), "./data:/data:ro") {
		t.Errorf("compose text after the fix:\n%s", e.Text(cf))
	}
	e.Shutdown()
	err := cmd.Wait()
	if err != nil {
		t.Errorf("after shutdown and exit: %v\nstderr:\n%s", err, stderr)
	}
	// The log went to the editor; stderr, which editors show as errors,
	// carries nothing.
	if stderr.Len() != 0 {
		t.Errorf("stderr is not empty:\n%s", stderr)
	}
}

func TestLSPExitCodes(t *testing.T) {
	for _, c := range []struct {
		name string
		end  func(*lsptest.Editor, io.Closer)
		want int
	}{
		{"exit without shutdown", func(e *lsptest.Editor, _ io.Closer) { e.Notify("exit", nil) }, 1},
		{"stdin closed", func(_ *lsptest.Editor, stdin io.Closer) { stdin.Close() }, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, cmd, stdin, stderr := startLSPWithStdin(t)
			e.Initialize()
			c.end(e, stdin)
			err := cmd.Wait()
			code := 0
			if exitErr, ok := err.(*exec.ExitError); ok {
				code = exitErr.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != c.want {
				t.Errorf("exit code %d, want %d\nstderr:\n%s", code, c.want, stderr)
			}
		})
	}
}

func TestLSPRejectsArguments(t *testing.T) {
	out, err := exec.Command(dockwardenBin, "lsp", "--tcp").CombinedOutput()
	if code := exitCode(err); code != 2 {
		t.Errorf("lsp --tcp: exit %d, want 2\n%s", code, out)
	}
	if !strings.Contains(string(out), "-tcp") {
		t.Errorf("the error does not name the bad flag:\n%s", out)
	}
}

func exitCode(err error) int {
	if exitErr, ok := err.(*exec.ExitError); ok {
		return exitErr.ExitCode()
	}
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return 0
}

// TestLSPLogFile: --log-file, or DOCKWARDEN_LOG, gets the server's log for
// debugging; stderr stays empty either way. A log file that cannot be
// opened is a start-up error, the one thing stderr carries.
func TestLSPLogFile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		env  string
		file string
	}{
		{[]string{"lsp", "--log-file", filepath.Join(dir, "flag.log")}, "", "flag.log"},
		{[]string{"lsp"}, filepath.Join(dir, "env.log"), "env.log"},
	} {
		cmd := exec.Command(dockwardenBin, tc.args...)
		cmd.Env = append(os.Environ(), logEnv+"="+tc.env)
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		e := lsptest.Connect(t, pipes{stdout, stdin})
		e.Initialize()
		e.AwaitLog("initialized by lsptest")
		e.Shutdown()
		if err := cmd.Wait(); err != nil {
			t.Errorf("%v: %v", tc.args, err)
		}
		if b, err := os.ReadFile(filepath.Join(dir, tc.file)); err != nil || !strings.Contains(string(b), "initialized by lsptest") {
			t.Errorf("%v: the log file holds %q, %v", tc.args, b, err)
		}
		if stderr.Len() != 0 {
			t.Errorf("%v: stderr %q", tc.args, stderr.String())
		}
	}
	out, err := exec.Command(dockwardenBin, "lsp", "--log-file", filepath.Join(dir, "missing", "x.log")).CombinedOutput()
	if code := exitCode(err); code != 2 || !strings.Contains(string(out), "cannot open the log file") {
		t.Errorf("unopenable log file: exit %d, %s", code, out)
	}
}
