//go:build unix

package main

// Unix only: Windows has no read-only folders by mode, and the test runs
// fix as another user through syscall.Credential, which Windows lacks.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFixSecretFolderReadOnly: when the secret file cannot be written,
// fix says so, exits 2, and applies nothing of that fix: the compose
// file keeps the value, and no file is left half made. The other fixes
// still apply.
func TestFixSecretFolderReadOnly(t *testing.T) {
	text := "services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: shop\n"
	dir := writeTree(t, map[string]string{"compose.yaml": text, ".gitignore": "node_modules/\n"})
	if err := os.Mkdir(filepath.Join(dir, "secrets"), 0o555); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(dockwardenBin, "fix", "--unsafe")
	cmd.Dir = dir
	if os.Geteuid() == 0 {
		// Root writes anywhere: run fix as nobody, who may write the
		// project but not the secrets folder.
		if err := os.Chmod(filepath.Dir(dockwardenBin), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{filepath.Dir(dir), dir} {
			if err := os.Chmod(p, 0o777); err != nil {
				t.Fatal(err)
			}
		}
		for _, f := range []string{"compose.yaml", ".gitignore"} {
			if err := os.Chmod(filepath.Join(dir, f), 0o666); err != nil {
				t.Fatal(err)
			}
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	exit, _ := err.(*exec.ExitError)
	if exit == nil || exit.ExitCode() != 2 {
		t.Fatalf("exit %v, want 2\n%s%s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), "compose.yaml: DW215 not applied: secrets/postgres_password.txt: ") ||
		!strings.Contains(stdout.String(), ": DW215 not applied, secrets/postgres_password.txt: ") {
		t.Errorf("the failure is not reported:\n%s%s", stdout.String(), stderr.String())
	}
	compose := readFile(t, dir, "compose.yaml")
	if !strings.Contains(compose, "POSTGRES_PASSWORD: shop") || strings.Contains(compose, "secrets:") {
		t.Errorf("compose.yaml lost the value or got half the fix:\n%s", compose)
	}
	if !strings.Contains(compose, "no-new-privileges:true") {
		t.Errorf("the other fixes were not applied:\n%s", compose)
	}
	if got := readFile(t, dir, ".gitignore"); got != "node_modules/\n" {
		t.Errorf(".gitignore = %q, want it untouched", got)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "secrets")); len(entries) != 0 {
		t.Errorf("secrets/ holds %v", entries)
	}
}
