package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// baselineCompose is an ordinary compose file: its findings are hardening
// advice and one admin port (DW217, a warning), so a check of it fails.
const baselineCompose = `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
  db:
    image: postgres:16
    ports:
      - "5432:5432"
`

// summaryOf returns the last line of a text report.
func summaryOf(stdout string) string {
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	return lines[len(lines)-1]
}

// readEntries returns the entries of a baseline file.
func readEntries(t *testing.T, path string) []map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Version  int                 `json:"version"`
		Findings []map[string]string `json:"findings"`
	}
	if err := json.Unmarshal(data, &f); err != nil || f.Version != 1 {
		t.Fatalf("baseline %s: %v\n%s", path, err, data)
	}
	return f.Findings
}

// TestBaselineLifecycle runs check as a team adopting it would: write a
// baseline of today's findings, run clean with it, add a finding (reported
// alone), insert lines above the old ones (still matched), remove a
// finding (reported as stale) and write the baseline again (pruned).
func TestBaselineLifecycle(t *testing.T) {
	dir := writeTree(t, map[string]string{"app/compose.yaml": baselineCompose, "app/Dockerfile": rootDockerfile})
	if _, _, code := runBin(t, dir, "check"); code != 1 {
		t.Fatalf("without a baseline: exit %d, want 1 (DW101, DW217)", code)
	}

	// 1. Written: every finding, sorted, exit 0 although they fail.
	stdout, stderr, code := runBin(t, dir, "check", "--write-baseline", "ci/baseline.json")
	if code == 0 {
		t.Fatalf("the baseline's folder does not exist: exit 0\n%s", stderr)
	}
	os.Mkdir(filepath.Join(dir, "ci"), 0o755)
	stdout, stderr, code = runBin(t, dir, "check", "--write-baseline", "ci/baseline.json")
	entries := readEntries(t, filepath.Join(dir, "ci", "baseline.json"))
	if code != 0 || len(entries) < 8 || !strings.Contains(stderr, "wrote ") {
		t.Fatalf("write: exit %d, %d entries\n%s%s", code, len(entries), stdout, stderr)
	}
	for i, e := range entries {
		if e["path"] != "../app/Dockerfile" && e["path"] != "../app/compose.yaml" || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(e["fingerprint"]) {
			t.Errorf("entry %d: %v (paths relative to the baseline's folder)", i, e)
		}
		if i > 0 && e["path"] < entries[i-1]["path"] {
			t.Errorf("entries not sorted by path: %v after %v", e, entries[i-1])
		}
	}

	// 2. A clean run with it.
	stdout, stderr, code = runBin(t, dir, "check", "--baseline", "ci/baseline.json")
	if code != 0 || summaryOf(stdout) != "0 findings in 2 files; "+itoa(len(entries))+" hidden by the baseline" || stderr != "" {
		t.Fatalf("clean: exit %d\n%s%s", code, stdout, stderr)
	}

	// 3. A new finding is reported alone; 4. lines inserted above the old
	// ones and a service moved leave them matched.
	compose := "# the shop\n\nservices:\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\"\n      - \"127.0.0.1:9000:9000\"\n" +
		"  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n      - \"6379:6379\"\n"
	writeFiles(t, dir, map[string]string{"app/compose.yaml": compose, "app/Dockerfile": "# syntax=docker/dockerfile:1\n\n" + rootDockerfile})
	stdout, stderr, code = runBin(t, dir, "check", "--baseline", "ci/baseline.json")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 1 || len(lines) != 2 || !strings.HasPrefix(lines[0], "app/compose.yaml:13:9: warning DW217 service web: admin/db port 6379:6379") ||
		!strings.HasSuffix(lines[1], "; "+itoa(len(entries))+" hidden by the baseline") {
		t.Fatalf("a new finding: exit %d, want 1 and the new DW217 alone\n%s%s", code, stdout, stderr)
	}

	// 5. A finding removed is stale: counted, and listed with --verbose.
	writeFiles(t, dir, map[string]string{"app/compose.yaml": strings.Replace(compose, "      - \"5432:5432\"\n", "", 1)})
	stdout, stderr, code = runBin(t, dir, "check", "--baseline", "ci/baseline.json", "--verbose")
	if code != 1 || !strings.HasSuffix(summaryOf(stdout), ", 1 entry no longer found (--write-baseline prunes them)") ||
		!strings.Contains(stderr, "DW217") || !strings.Contains(stderr, "no longer found in ../app/compose.yaml") {
		t.Fatalf("stale: exit %d\n%s%s", code, stdout, stderr)
	}
	// Written again, it holds today's findings: the stale one pruned, the
	// new one accepted.
	_, stderr, code = runBin(t, dir, "check", "--write-baseline", "ci/baseline.json")
	if code != 0 || !strings.Contains(stderr, "pruned 1 no longer found") {
		t.Fatalf("rewrite: exit %d\n%s", code, stderr)
	}
	if again := readEntries(t, filepath.Join(dir, "ci", "baseline.json")); len(again) != len(entries) {
		t.Errorf("%d entries after pruning one and adding one, want %d", len(again), len(entries))
	}
	stdout, _, code = runBin(t, dir, "check", "--baseline", "ci/baseline.json")
	if code != 0 || strings.Contains(stdout, "no longer found") {
		t.Errorf("after the rewrite: exit %d\n%s", code, stdout)
	}
}

// TestBaselineScope: a baseline named in .dockwarden.yaml applies to the
// files that configuration governs; checking part of the project neither
// calls the rest stale nor drops it when the baseline is written again.
func TestBaselineScope(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".dockwarden.yaml":       "baseline: .dockwarden-baseline.json\n",
		"a/compose.yaml":         baselineCompose,
		"b/compose.yaml":         baselineCompose,
		"b/Dockerfile":           rootDockerfile,
		"other/Dockerfile":       rootDockerfile,
		"other/.dockwarden.yaml": "fail-level: error\n", // governs other/: no baseline there
	})
	if _, stderr, code := runBin(t, dir, "check"); code != 2 || !strings.Contains(stderr, "baseline .dockwarden-baseline.json: no such file") {
		t.Fatalf("a configured baseline that is missing: exit %d, %s", code, stderr)
	}
	if _, stderr, code := runBin(t, dir, "check", "--write-baseline", ".dockwarden-baseline.json"); code != 0 {
		t.Fatalf("write: exit %d, %s", code, stderr)
	}
	all := readEntries(t, filepath.Join(dir, ".dockwarden-baseline.json"))
	stdout, _, code := runBin(t, dir, "check", "a", "b")
	if code != 0 || strings.Contains(stdout, "no longer found") || !strings.Contains(stdout, "hidden by the baseline") {
		t.Errorf("a and b: exit %d\n%s", code, stdout)
	}
	// other/Dockerfile's configuration names no baseline: its DW101 is
	// reported, but its fail level is error.
	stdout, _, code = runBin(t, dir, "check", "other")
	if code != 0 || !strings.Contains(stdout, "warning DW101") {
		t.Errorf("other: exit %d\n%s", code, stdout)
	}
	// Written from b alone, a's entries stay.
	if _, stderr, code := runBin(t, dir, "check", "--write-baseline", ".dockwarden-baseline.json", "b"); code != 0 || !strings.Contains(stderr, "kept ") {
		t.Fatalf("write b: exit %d, %s", code, stderr)
	}
	if again := readEntries(t, filepath.Join(dir, ".dockwarden-baseline.json")); len(again) != len(all) {
		t.Errorf("%d entries after writing b alone, want %d", len(again), len(all))
	}
	// A broken baseline is an error, not an empty one.
	writeFiles(t, dir, map[string]string{".dockwarden-baseline.json": "{\"version\": 1, \"findings\": [{}]}"})
	if _, stderr, code := runBin(t, dir, "check", "a"); code != 2 || !strings.Contains(stderr, "baseline entry 1") {
		t.Errorf("broken baseline: exit %d, %s", code, stderr)
	}
}

// TestFingerprintInSARIF: the SARIF result carries the fingerprint the
// baseline records, for a baseline in the working folder.
func TestFingerprintInSARIF(t *testing.T) {
	dir := writeTree(t, map[string]string{"Dockerfile": rootDockerfile})
	if _, stderr, code := runBin(t, dir, "check", "--write-baseline", "baseline.json"); code != 0 {
		t.Fatal(stderr)
	}
	entries := readEntries(t, filepath.Join(dir, "baseline.json"))
	stdout, _, _ := runBin(t, dir, "check", "--format", "sarif")
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID              string            `json:"ruleId"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	results := log.Runs[0].Results
	if len(results) != len(entries) || len(results) == 0 {
		t.Fatalf("%d results, %d entries", len(results), len(entries))
	}
	for i, r := range results {
		if r.PartialFingerprints["dockwarden/v1"] != entries[i]["fingerprint"] || r.RuleID != entries[i]["code"] {
			t.Errorf("result %d: %s %v, baseline %v", i, r.RuleID, r.PartialFingerprints, entries[i])
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
