package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// codesOf runs check --format json and returns "path CODE:severity" items.
func codesOf(t *testing.T, dir string, args ...string) ([]string, string, int) {
	t.Helper()
	stdout, stderr, code := runBin(t, dir, append([]string{"check", "--format", "json"}, args...)...)
	var out checkJSON
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("not JSON: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	var items []string
	for _, f := range out.Findings {
		items = append(items, f.Path+" "+f.Code+":"+f.Severity)
	}
	return items, stderr, code
}

func TestConfigRules(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".dockwarden.yaml": "rules:\n  DW101: off\n  DW212: error\n  DW104: on\n",
		"Dockerfile":       rootDockerfile,
		"compose.yaml":     hardenedCompose,
	})
	items, stderr, code := codesOf(t, dir)
	got := strings.Join(items, ", ")
	if want := "Dockerfile DW104:hint, compose.yaml DW212:error"; got != want || code != 1 {
		t.Errorf("exit %d, findings %s; want %s (DW101 off, DW212 an error, DW104 on)\n%s", code, got, want, stderr)
	}
}

func TestConfigNearestFileWins(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".dockwarden.yaml":     "rules:\n  DW101: off\n",
		"a/Dockerfile":         rootDockerfile,
		"b/.dockwarden.yml":    "rules:\n  DW101: information\n", // .yml too; not merged with the parent's
		"b/deeper/Dockerfile":  rootDockerfile,
		"b/deeper/compose.yml": hardenedCompose,
	})
	items, _, _ := codesOf(t, dir, "--fail-level", "none")
	got := strings.Join(items, ", ")
	if want := "b/deeper/Dockerfile DW101:information, b/deeper/compose.yml DW212:hint"; got != want {
		t.Errorf("findings %s, want %s", got, want)
	}
}

func TestConfigIgnore(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".dockwarden.yaml":          "ignore:\n  - \"legacy/**\"\n  - Dockerfile.old\n  - deploy/*.yaml\n",
		"Dockerfile":                rootDockerfile,
		"legacy/app/Dockerfile":     rootDockerfile,
		"src/Dockerfile.old":        rootDockerfile,
		"deploy/compose.yaml":       hardenedCompose,
		"deploy/prod/compose.yaml":  hardenedCompose,
		"other/.dockwarden.yaml":    "rules: {}\n", // its own folder: the parent's ignore no longer applies
		"other/legacy/a/Dockerfile": rootDockerfile,
	})
	items, _, _ := codesOf(t, dir, "--fail-level", "none")
	got := strings.Join(items, ", ")
	want := "Dockerfile DW101:warning, deploy/prod/compose.yaml DW212:hint, other/legacy/a/Dockerfile DW101:warning"
	if got != want {
		t.Errorf("walk: findings %s\nwant %s", got, want)
	}
	// A file named on the command line is skipped too, as pre-commit names
	// files one by one.
	items, _, code := codesOf(t, dir, "legacy/app/Dockerfile", "src/Dockerfile.old")
	if len(items) != 0 || code != 0 {
		t.Errorf("explicit ignored files: exit %d, findings %v", code, items)
	}
}

func TestConfigFailLevel(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"strict/.dockwarden.yaml": "fail-level: hint\n",
		"strict/compose.yaml":     hardenedCompose, // a hint only
		"lax/.dockwarden.yaml":    "fail-level: error\n",
		"lax/Dockerfile":          rootDockerfile, // a warning only
	})
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"check", "lax"}, 0},                               // the warning is below error
		{[]string{"check", "strict"}, 1},                            // the hint counts
		{[]string{"check", "."}, 1},                                 // each file with its own level
		{[]string{"check", "--fail-level", "warning", "lax"}, 1},    // the flag wins
		{[]string{"check", "--fail-level", "warning", "strict"}, 0}, // the flag wins
		{[]string{"check", "--fail-level", "none", "."}, 0},
	} {
		stdout, stderr, code := runBin(t, dir, tc.args...)
		if code != tc.code {
			t.Errorf("dockwarden %s: exit %d, want %d\n%s%s", strings.Join(tc.args, " "), code, tc.code, stdout, stderr)
		}
	}
}

func TestConfigFlag(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".dockwarden.yaml":  "rules:\n  DW101: off\n",
		"ci/dockwarden.yml": "rules:\n  DW101: error\nfail-level: error\nignore: [\"../x\"]\n",
		"ci/ok.yaml":        "rules:\n  DW101: error\nfail-level: error\n",
		"Dockerfile":        rootDockerfile,
	})
	items, _, code := codesOf(t, dir, "--config", "ci/ok.yaml")
	if strings.Join(items, ", ") != "Dockerfile DW101:error" || code != 1 {
		t.Errorf("--config: exit %d, findings %v; want DW101 as an error from ci/ok.yaml, the discovered file unused", code, items)
	}
	_, stderr, code := runBin(t, dir, "check", "--config", "ci/dockwarden.yml")
	if code != 2 || !strings.Contains(stderr, `ci/dockwarden.yml:4:10: ignore: "../x" leaves the folder`) {
		t.Errorf("bad --config: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runBin(t, dir, "check", "--config", "missing.yaml")
	if code != 2 || !strings.Contains(stderr, "missing.yaml") {
		t.Errorf("missing --config: exit %d, stderr %q", code, stderr)
	}
}

func TestConfigImagesAndTags(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".dockwarden.yaml": "non-root-images: [\"registry.example.com/base/*\"]\nfloating-tags: [weekly]\n",
		"Dockerfile":       "FROM registry.example.com/base/python:weekly\nHEALTHCHECK CMD [\"true\"]\nCMD [\"python\"]\n",
		"compose.yaml":     strings.Replace(hardenedCompose, "nginx:1.27", "acme/app:weekly-7", 1),
	})
	items, _, _ := codesOf(t, dir, "--fail-level", "none")
	got := strings.Join(items, ", ")
	// No DW101: the base is configured as non-root; :weekly is floating in
	// both files.
	if want := "Dockerfile DW103:hint, compose.yaml DW213:hint, compose.yaml DW212:hint"; got != want {
		t.Errorf("findings %s\nwant %s", got, want)
	}
}

// TestConfigInternalHosts checks that internal-hosts keeps DW118 quiet for
// the build's own mirror, and only for it.
func TestConfigInternalHosts(t *testing.T) {
	dockerfile := "FROM alpine:3.20\nRUN wget http://nexus:8081/tool.tgz && wget http://downloads.example.com/x.tgz\n"
	dir := writeTree(t, map[string]string{
		"listed/.dockwarden.yaml": "internal-hosts: [nexus]\n",
		"listed/Dockerfile":       dockerfile,
		"plain/Dockerfile":        dockerfile,
	})
	stdout, _, _ := runBin(t, dir, "check", "--fail-level", "none")
	var got []string
	for _, l := range findingLines(stdout, "DW118") {
		got = append(got, strings.SplitN(l, " ", 2)[0])
	}
	if want := "listed/Dockerfile:2:45: plain/Dockerfile:2:10: plain/Dockerfile:2:45:"; strings.Join(got, " ") != want {
		t.Errorf("DW118 at %q, want %q\n%s", got, want, stdout)
	}
}

// TestConfigErrors checks that a bad configuration is a clear error with
// its position and exit code 2, never ignored, and that the files it
// governs are not analysed with defaults in its place.
func TestConfigErrors(t *testing.T) {
	for name, tc := range map[string]struct{ config, want string }{
		"unknown key":  {"rules: {}\nrulez:\n  DW101: off\n", `.dockwarden.yaml:2:1: unknown key "rulez"`},
		"bad severity": {"rules:\n  DW101: loud\n", `.dockwarden.yaml:2:10: rules: DW101: unknown value "loud"`},
		"unknown code": {"rules:\n  DW999: off\n", `.dockwarden.yaml:2:3: rules: unknown rule code DW999`},
		"bad yaml":     {"rules:\n  DW101: off\n bad\n", `.dockwarden.yaml:3:2: not valid YAML`},
		"unclosed {":   {"rules: {DW101: off\n", `.dockwarden.yaml:1:8: not valid YAML`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{
				"app/.dockwarden.yaml": tc.config,
				"app/Dockerfile":       rootDockerfile,
				"ok/Dockerfile":        rootDockerfile,
			})
			stdout, stderr, code := runBin(t, dir, "check", "--fail-level", "none")
			if code != 2 || !strings.Contains(stderr, "dockwarden check: app/"+tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
			if strings.Contains(stdout, "app/Dockerfile") || !strings.Contains(stdout, "ok/Dockerfile") {
				t.Errorf("stdout %q: want ok/ analysed and app/ not", stdout)
			}
			if n := strings.Count(stderr, ".dockwarden.yaml"); n != 1 {
				t.Errorf("the problem is reported %d times, want once:\n%s", n, stderr)
			}
		})
	}
}
