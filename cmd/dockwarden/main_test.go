package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// dockwardenBin is the path of the dockwarden binary built once for the
// tests that run it as a process, the way users and editors do.
var dockwardenBin string

// TestMain builds that binary, or takes the one DOCKWARDEN_TEST_BIN names:
// `make test-windows` cross-builds dockwarden.exe, since a Windows test
// binary under Wine has no Go toolchain to build one with.
func TestMain(m *testing.M) {
	if bin := os.Getenv("DOCKWARDEN_TEST_BIN"); bin != "" {
		dockwardenBin = bin
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "dockwarden-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dockwardenBin = filepath.Join(dir, "dockwarden")
	if runtime.GOOS == "windows" {
		dockwardenBin += ".exe" // what Windows runs as a program
	}
	args := []string{"build", "-o", dockwardenBin}
	if os.Getenv("DOCKWARDEN_TEST_RACE") != "" {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building dockwarden:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
