package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/rules"
)

// TestOwnDockerfile checks dockwarden's own image with dockwarden, as the
// release workflow's users would: every rule on (those shipped off too),
// nothing reported down to hints, which includes DW004's unused
// suppressions, so the one suppression it has (DW112: a command-line tool
// has no health to check) still silences a finding.
func TestOwnDockerfile(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var config strings.Builder
	config.WriteString("rules:\n")
	for _, r := range rules.All.Rules() {
		if r.Off { // the others are on already
			config.WriteString("  " + r.Code + ": on\n")
		}
	}
	dir := writeTree(t, map[string]string{"Dockerfile": string(text), ".dockwarden.yaml": config.String()})
	stdout, stderr, code := runBin(t, dir, "check", "--fail-level", "hint", "Dockerfile")
	if code != 0 || stdout != "0 findings in 1 file\n" || stderr != "" {
		t.Errorf("dockwarden check Dockerfile: exit %d\n%s%s", code, stdout, stderr)
	}
	// Without its suppression, DW112 is what it silences.
	bare := strings.Replace(string(text), "# dockwarden:ignore DW112", "# no suppression", 1)
	dir = writeTree(t, map[string]string{"Dockerfile": bare, ".dockwarden.yaml": config.String()})
	if stdout, _, _ := runBin(t, dir, "check", "--fail-level", "hint", "Dockerfile"); !strings.Contains(stdout, "DW112") || strings.Count(stdout, "\n") != 2 {
		t.Errorf("without its suppression: %q, want DW112 alone", stdout)
	}
}
