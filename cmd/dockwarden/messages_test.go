package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/rules"
)

// The real-world files besides corpusDir: those read after the rule
// catalogue was written, and other scanners' test fixtures, whose service
// names and values are as long as test authors make them.
const (
	freshCorpusDir      = "../../../shared/corpus-fresh"
	externalFixturesDir = "../../../shared/external-fixtures"
)

// TestMessagesOnCorpus runs `dockwarden check` with every rule on over the
// real-world files and checks that every message it prints has the shape
// of a finding's message (analysis.CheckMessage: one short line).
// The corpora are checked from their own folders, as a user would run
// check, so that the compose files there build their Dockerfiles and the
// messages that name a service and a stage are judged too. The rules'
// archives are checked the same way by analysistest.
func TestMessagesOnCorpus(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "all-on.yaml")
	var on strings.Builder
	on.WriteString("rules:\n")
	for _, r := range rules.All.Rules() {
		if r.Off {
			fmt.Fprintf(&on, "  %s: on\n", r.Code)
		}
	}
	if err := os.WriteFile(cfg, []byte(on.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	type finding struct{ Path, Code, Message string }
	var all []finding
	for _, root := range []string{corpusDir, freshCorpusDir, externalFixturesDir} {
		dir, err := filepath.Abs(root)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(dir); err != nil {
			t.Logf("%s not present: %v", root, err)
			continue
		}
		args := []string{"check", "--format", "json", "--fail-level", "none", "--config", cfg}
		named := [][]string{nil}
		if root == externalFixturesDir {
			// Fixtures are named for the test they serve, not as
			// Dockerfiles and compose files: name each one, in runs
			// whose command lines Windows takes (32,767 characters).
			named = inBatches(corpusFiles(t, dir), 30000)
		}
		for _, files := range named {
			stdout, stderr, code := runBin(t, dir, append(args, files...)...)
			if code != 0 {
				t.Fatalf("%s: exit %d, stderr:\n%s", root, code, stderr)
			}
			var out struct{ Findings []finding }
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Fatalf("%s: output is not JSON: %v", root, err)
			}
			all = append(all, out.Findings...)
		}
	}
	if len(all) == 0 {
		t.Skip("no corpus present")
	}
	bad := 0
	for _, f := range all {
		if err := analysis.CheckMessage(f.Message); err != nil {
			bad++
			if bad <= 20 {
				t.Errorf("%s: %s: %v", f.Path, f.Code, err)
			}
		}
	}
	if bad > 20 {
		t.Errorf("and %d more", bad-20)
	}
	sort.Slice(all, func(i, j int) bool { return len(all[i].Message) > len(all[j].Message) })
	for _, f := range all[:min(3, len(all))] {
		t.Logf("%d characters (%d as counted): %s %s", len([]rune(f.Message)), analysis.MessageWidth(f.Message), f.Code, f.Message)
	}
}

// inBatches splits args into runs whose arguments add up to at most max
// characters, a separator each included.
func inBatches(args []string, max int) [][]string {
	var out [][]string
	var cur []string
	n := 0
	for _, a := range args {
		if len(cur) > 0 && n+len(a)+1 > max {
			out = append(out, cur)
			cur, n = nil, 0
		}
		cur = append(cur, a)
		n += len(a) + 1
	}
	return append(out, cur)
}
