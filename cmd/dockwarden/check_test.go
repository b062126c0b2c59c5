package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runBin runs the built dockwarden in dir and returns stdout, stderr and the
// exit code.
func runBin(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	return runBinIn(t, dir, "", args...)
}

// runBinIn is runBin with text on standard input.
func runBinIn(t *testing.T, dir, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(dockwardenBin, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

// findingLines returns the lines of check's text output for code.
func findingLines(out, code string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, " "+code+" ") {
			lines = append(lines, l)
		}
	}
	return lines
}

// writeTree creates files (path -> content) under a new temporary folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return dir
}

// writeFiles creates files (path -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// rootDockerfile has one problem: it runs as root (DW101). Its HEALTHCHECK
// keeps DW112 away.
const rootDockerfile = "FROM alpine:3.20\nRUN apk add --no-cache curl\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1\nCMD [\"sh\"]\n"

// hardenedCompose has every service-wide hardening the compose rules ask
// for (read-only root, cap_drop ALL, no-new-privileges, limits), so that its
// writable bind mount on line 9 is its only finding: a DW212 hint.
const hardenedCompose = "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    cap_drop: [ALL]\n" +
	"    security_opt: [no-new-privileges:true]\n    deploy: {resources: {limits: {memory: 256M, cpus: \"0.5\"}}}\n" +
	"    volumes:\n      - ./data:/data\n"

type checkJSON struct {
	Findings []struct {
		Path      string `json:"path"`
		Code      string `json:"code"`
		Severity  string `json:"severity"`
		Message   string `json:"message"`
		Line      int    `json:"line"`
		Column    int    `json:"column"`
		EndLine   int    `json:"endLine"`
		EndColumn int    `json:"endColumn"`
		Fixes     []struct {
			Title string `json:"title"`
			Safe  *bool  `json:"safe"`
		} `json:"fixes"`
	} `json:"findings"`
}

func TestCheckText(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"app/Dockerfile":          rootDockerfile,
		"app/compose.yaml":        hardenedCompose,
		"node_modules/Dockerfile": rootDockerfile,
		"notes/other.yaml":        "key: value\n",
	})
	stdout, stderr, code := runBin(t, dir, "check")
	if code != 1 {
		t.Fatalf("exit code %d, want 1 (a warning is at the default fail level)\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	want := []string{
		"app/Dockerfile:1:1: warning DW101 ",
		"app/compose.yaml:9:9: hint DW212 ",
		"2 findings (0 errors, 1 warning, 0 information, 1 hint) in 2 files; 1 fixable with dockwarden fix --unsafe",
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), stdout)
	}
	for i, prefix := range want {
		if !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("line %d = %q, want prefix %q", i+1, lines[i], prefix)
		}
	}
}

func TestCheckExitCodes(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"Dockerfile":       rootDockerfile,
		"compose.yaml":     hardenedCompose,
		"clean/Dockerfile": "FROM alpine:3.20\nUSER 10001:10001\nHEALTHCHECK CMD [\"true\"]\nCMD [\"sh\"]\n",
	})
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"check", "Dockerfile"}, 1},                           // a warning
		{[]string{"check", "--fail-level", "error", "Dockerfile"}, 0},  // below the level
		{[]string{"check", "--fail-level", "none", "."}, 0},            // never fail
		{[]string{"check", "compose.yaml"}, 0},                         // a hint only
		{[]string{"check", "--fail-level", "hint", "compose.yaml"}, 1}, // the hint counts now
		{[]string{"check", "clean"}, 0},                                // nothing found
		{[]string{"check", "missing-file"}, 2},                         // unreadable input
		{[]string{"check", "--format", "xml", "."}, 2},                 // bad usage
		{[]string{"check", "--fail-level", "loud", "."}, 2},            // bad usage
		{[]string{"check", "--no-such-flag"}, 2},                       // bad usage
		{[]string{"frobnicate"}, 2},                                    // unknown command
	} {
		stdout, stderr, code := runBin(t, dir, tc.args...)
		if code != tc.code {
			t.Errorf("dockwarden %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(tc.args, " "), code, tc.code, stdout, stderr)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a/Dockerfile": "# a comment\n" + rootDockerfile,
	})
	stdout, stderr, code := runBin(t, dir, "check", "--format", "json", "a")
	if code != 1 {
		t.Fatalf("exit %d, stderr: %s", code, stderr)
	}
	var out checkJSON
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if len(out.Findings) != 1 {
		t.Fatalf("findings = %+v, want one DW101", out.Findings)
	}
	f := out.Findings[0]
	if f.Path != "a/Dockerfile" || f.Code != "DW101" || f.Severity != "warning" || f.Message == "" {
		t.Errorf("finding = %+v", f)
	}
	if f.Line != 2 || f.Column != 1 || f.EndLine != 2 || f.EndColumn != len("FROM alpine:3.20")+1 {
		t.Errorf("position %d:%d-%d:%d, want 2:1-2:%d", f.Line, f.Column, f.EndLine, f.EndColumn, len("FROM alpine:3.20")+1)
	}
	if len(f.Fixes) == 0 {
		t.Fatal("DW101 offers no fix")
	}
	for _, fix := range f.Fixes {
		if fix.Title == "" || fix.Safe == nil || *fix.Safe {
			t.Errorf("fix %+v: want a title and safe=false (DW101 changes runtime behaviour)", fix)
		}
	}

	// No findings is an empty list, not null.
	clean := writeTree(t, map[string]string{"Dockerfile": "FROM alpine:3.20\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\n"})
	stdout, _, code = runBin(t, clean, "check", "--format", "json")
	if code != 0 || !strings.Contains(stdout, `"findings": []`) {
		t.Errorf("exit %d, output %s; want 0 and an empty findings list", code, stdout)
	}
}

func TestCheckColumnsCountCharacters(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": strings.Replace(hardenedCompose, "volumes:\n      - ./data:/data", "volumes: [\"./données:/data\", \"./日本:/x\"]", 1),
	})
	stdout, _, _ := runBin(t, dir, "check", "--format", "json", "--fail-level", "none")
	var out checkJSON
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Findings) != 2 {
		t.Fatalf("findings: %s", stdout)
	}
	// "./données:/data" is 17 characters but 18 bytes; the second item
	// starts after it, so a byte count would be off by one.
	line := "    volumes: [\"./données:/data\", \"./日本:/x\"]"
	second := strings.Index(line, "\"./日本")
	wantCol := len([]rune(line[:second])) + 1
	if out.Findings[1].Column != wantCol {
		t.Errorf("second finding at column %d, want %d (characters, not bytes)", out.Findings[1].Column, wantCol)
	}
}

func TestCheckExplicitFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"build/app.containerfile.txt": rootDockerfile,
		"deploy/stack.yaml":           hardenedCompose,
		"deploy/values.yaml":          "replicas: 3\n",
	})
	// A walk ignores names it does not know, but takes the YAML named as
	// teams name compose files when its top level has services.
	stdout, stderr, code := runBin(t, dir, "check", "--fail-level", "hint")
	if code != 1 || !strings.HasPrefix(stdout, "deploy/stack.yaml:9:9: hint DW212") || strings.Contains(stdout, "DW101") || stderr != "" {
		t.Errorf("walk: exit %d, output %q, stderr %q; want 1 and only deploy/stack.yaml", code, stdout, stderr)
	}
	// One that finds nothing is an error unless --allow-empty accepts it.
	empty := writeTree(t, map[string]string{"build/app.containerfile.txt": rootDockerfile, "deploy/values.yaml": "replicas: 3\n", "deploy/stack.yml": "version: 1\n"})
	stdout, stderr, code = runBin(t, empty, "check")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "no Dockerfile or Compose file under .") {
		t.Errorf("walk: exit %d, output %q, stderr %q; want 2 and nothing found", code, stdout, stderr)
	}
	if stdout, _, code := runBin(t, empty, "check", "--allow-empty"); code != 0 || stdout != "" {
		t.Errorf("walk with --allow-empty: exit %d, output %q; want 0 and nothing", code, stdout)
	}
	// Named on the command line, they are analysed.
	stdout, _, code = runBin(t, dir, "check", "--fail-level", "hint", "build/app.containerfile.txt", "deploy/stack.yaml")
	if code != 1 || !strings.Contains(stdout, "DW101") || !strings.Contains(stdout, "DW212") {
		t.Errorf("explicit: exit %d, output:\n%s", code, stdout)
	}
	// YAML that is not Compose is refused with a clear error...
	_, stderr, code = runBin(t, dir, "check", "deploy/values.yaml")
	if code != 2 || !strings.Contains(stderr, "not a Compose file") {
		t.Errorf("values.yaml: exit %d, stderr %q", code, stderr)
	}
	// ...unless its name is one teams give compose files, as pre-commit
	// passes them all: then it is skipped, and said so.
	stdout, stderr, code = runBin(t, empty, "check", "deploy/stack.yml")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "skipped deploy/stack.yml: YAML without a top-level services key") {
		t.Errorf("stack.yml named: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestRulesAndVersion(t *testing.T) {
	stdout, _, code := runBin(t, ".", "rules")
	if code != 0 {
		t.Fatalf("rules: exit %d", code)
	}
	for _, want := range []string{"DW101", "DW211", "DW212", "warning", "Final image runs as root"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("rules output lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, code = runBin(t, ".", "version")
	if code != 0 || !strings.HasPrefix(stdout, "dockwarden ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}
