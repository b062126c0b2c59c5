package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestFlagsAnywhere: flags may follow the paths, as in most command-line
// tools; -- ends them, so a folder may be named -odd.
func TestFlagsAnywhere(t *testing.T) {
	dir := writeTree(t, map[string]string{"Dockerfile": rootDockerfile, "-odd/Dockerfile": rootDockerfile})
	for _, args := range [][]string{
		{"check", ".", "--format", "json"},
		{"check", "--format=json", "."},
		{"check", "Dockerfile", "--format", "json", "--fail-level=error"},
	} {
		stdout, stderr, code := runBin(t, dir, args...)
		var out checkJSON
		if err := json.Unmarshal([]byte(stdout), &out); err != nil || len(out.Findings) == 0 {
			t.Errorf("%v: exit %d, not JSON findings (%v):\n%s\n%s", args, code, err, stdout, stderr)
		}
	}
	stdout, stderr, code := runBin(t, dir, "check", "--fail-level", "none", "--", "-odd")
	if code != 0 || !strings.HasPrefix(stdout, "-odd/Dockerfile:1:1: warning DW101") {
		t.Errorf("check -- -odd: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestHelpGoesToStdout: every way to ask for help prints the usage on
// standard output and succeeds.
func TestHelpGoesToStdout(t *testing.T) {
	for _, args := range [][]string{
		{"check", "--help"}, {"fix", "-h"}, {"rules", "--help"}, {"lsp", "--help"}, {"version", "--help"},
		{"--help"}, {"-h"}, {"help"}, {"help", "fix"}, {"check", ".", "-help"},
	} {
		stdout, stderr, code := runBin(t, ".", args...)
		if code != 0 || !strings.Contains(stdout, "Usage") || stderr != "" {
			t.Errorf("dockwarden %s: exit %d, stdout %q, stderr %q; want 0, the usage on stdout, nothing on stderr",
				strings.Join(args, " "), code, stdout, stderr)
		}
	}
}

// TestUsageErrorsGoToStderr: bad usage says what is wrong on standard
// error, prints nothing on standard output and exits 2.
func TestUsageErrorsGoToStderr(t *testing.T) {
	dir := writeTree(t, map[string]string{"Dockerfile": rootDockerfile})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--format", "xml"}, `unknown --format "xml"`},
		{[]string{"check", "--fail-level", "loud"}, "error, warning, information, hint or none"},
		{[]string{"check", "--fail-level", "Warning"}, "or none"},
		{[]string{"check", "--format"}, "flag needs an argument"},
		{[]string{"check", "--nope"}, "flag provided but not defined"},
		{[]string{"fix", "--unsafe=maybe"}, "invalid boolean value"},
		{[]string{"rules", "extra"}, `unexpected argument "extra"`},
		{[]string{"version", "extra"}, `unexpected argument "extra"`},
		{[]string{"lsp", "--tcp"}, "-tcp"},
		{[]string{"check", "-", "-"}, "only once"},
		{[]string{"check", "--stdin-filename", "x", "."}, "give - among the paths"},
		{[]string{"fix", "-", "Dockerfile"}, "fixed alone"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{nil, "Usage:"},
	} {
		stdout, stderr, code := runBin(t, dir, tc.args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("dockwarden %s: exit %d, stdout %q, stderr %q; want 2 and %q on stderr", strings.Join(tc.args, " "), code, stdout, stderr, tc.want)
		}
	}
}

// TestSeverityNamesEverywhere: warn is accepted on the command line and in
// the configuration alike.
func TestSeverityNamesEverywhere(t *testing.T) {
	dir := writeTree(t, map[string]string{"Dockerfile": rootDockerfile, "compose.yaml": hardenedCompose})
	if _, stderr, code := runBin(t, dir, "check", "--fail-level", "warn", "compose.yaml"); code != 0 {
		t.Errorf("--fail-level warn on a hint: exit %d, %s", code, stderr)
	}
	cfg := writeTree(t, map[string]string{".dockwarden.yaml": "fail-level: warn\nrules:\n  DW212: warn\n", "compose.yaml": hardenedCompose})
	if items, stderr, code := codesOf(t, cfg); code != 1 || strings.Join(items, ",") != "compose.yaml DW212:warning" {
		t.Errorf("fail-level: warn, DW212: warn: exit %d, %v, %s", code, items, stderr)
	}
}

// TestStdin: - reads standard input; --stdin-filename decides its kind,
// its configuration and the name shown, and alone implies -.
func TestStdin(t *testing.T) {
	dir := writeTree(t, map[string]string{"sub/.dockwarden.yaml": "rules:\n  DW202: off\n"})
	stdout, _, code := runBinIn(t, dir, rootDockerfile, "check", "-")
	if code != 1 || !strings.HasPrefix(stdout, "<stdin>:1:1: warning DW101") {
		t.Errorf("check -: exit %d\n%s", code, stdout)
	}
	privileged := "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n"
	stdout, _, _ = runBinIn(t, dir, privileged, "check", "--fail-level", "none", "-")
	if !strings.Contains(stdout, "<stdin>:4:5: error DW202") {
		t.Errorf("compose on stdin without a name: %s", stdout)
	}
	for _, args := range [][]string{{"check", "--stdin-filename", "sub/compose.yaml", "-"}, {"check", "--stdin-filename", "sub/compose.yaml"}} {
		stdout, stderr, _ := runBinIn(t, dir, privileged, args...)
		if !strings.Contains(stdout, "sub/compose.yaml:2:3: information DW205") || strings.Contains(stdout, "DW202") {
			t.Errorf("%v: want compose findings under the name, DW202 off by sub/.dockwarden.yaml:\n%s%s", args, stdout, stderr)
		}
	}
	stdout, stderr, code := runBinIn(t, dir, "FROM alpine:3.20\nADD a.conf /etc/\n", "fix", "-")
	if code != 0 || stdout != "FROM alpine:3.20\nCOPY a.conf /etc/\n" || !strings.Contains(stderr, "<stdin>: 1 fix (DW105)") {
		t.Errorf("fix -: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestNothingToCheck: a folder named on the command line that holds no
// Dockerfile or Compose file is an error, unless --allow-empty; a folder
// whose files its configuration ignores is not.
func TestNothingToCheck(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"docs/README.md":            "x",
		"app/Dockerfile":            rootDockerfile,
		"legacy/.dockwarden.yaml":   "ignore: [Dockerfile]\n",
		"legacy/Dockerfile":         rootDockerfile,
		"node_modules/x/Dockerfile": rootDockerfile,
	})
	for _, args := range [][]string{{"check", "docs"}, {"check", "app", "docs"}, {"fix", "docs"}} {
		_, stderr, code := runBin(t, dir, args...)
		if code != 2 || !strings.Contains(stderr, "no Dockerfile or Compose file under "+args[len(args)-1]) {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if _, stderr, code := runBin(t, dir, "check", "--allow-empty", "docs"); code != 0 || stderr != "" {
		t.Errorf("--allow-empty: exit %d, stderr %q", code, stderr)
	}
	if stdout, stderr, code := runBin(t, dir, "check", "legacy"); code != 0 || stdout != "" || stderr != "" {
		t.Errorf("all ignored: exit %d, %q, %q", code, stdout, stderr)
	}
}

// TestWalkFollowsLinksInside: in a walked folder, a relative symbolic link
// to a file inside it is followed; a link that leads outside the folder
// named, an absolute link, a link to a folder (a loop included) and a
// dangling link are reported as skipped, and nothing outside is read.
func TestWalkFollowsLinksInside(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	writeFiles(t, outside, map[string]string{"Dockerfile": "FROM alpine:3.20\nUSER root\n"})
	dir := filepath.Join(root, "ws")
	writeFiles(t, dir, map[string]string{"app/Dockerfile": rootDockerfile})
	for link, target := range map[string]string{
		"app/Dockerfile.link": "Dockerfile",
		"Dockerfile":          "../outside/Dockerfile",
		"abs.Dockerfile":      filepath.Join(dir, "app", "Dockerfile"),
		"loop":                ".",
		"out":                 "../outside",
		"gone.Dockerfile":     "nothing",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skip("no symlinks here:", err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "app", "Dockerfile.link")); err != nil {
		t.Skip("symlinks made here do not resolve (as under Wine):", err)
	}
	stdout, stderr, code := runBin(t, root, "check", "--fail-level", "none", "ws")
	if code != 0 || strings.Contains(stdout, "DW102") {
		t.Errorf("exit %d; the outside Dockerfile's USER root must not be read:\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "ws/app/Dockerfile.link:1:1: warning DW101") {
		t.Errorf("the link inside was not followed:\n%s", stdout)
	}
	for _, want := range []string{
		"skipped ws/Dockerfile: a symbolic link that is absolute or leads outside ws",
		"skipped ws/abs.Dockerfile: a symbolic link that is absolute",
		"skipped ws/loop: a symbolic link to a folder",
		"skipped ws/out: a symbolic link to a folder",
		"skipped ws/gone.Dockerfile: a symbolic link to nothing",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// TestColumnsIgnoreBOM: a byte order mark takes no column.
func TestColumnsIgnoreBOM(t *testing.T) {
	dir := writeTree(t, map[string]string{"Dockerfile": "\ufeff" + rootDockerfile})
	stdout, _, _ := runBin(t, dir, "check")
	if !strings.HasPrefix(stdout, "Dockerfile:1:1: warning DW101") {
		t.Errorf("with a BOM:\n%s", stdout)
	}
	items, _, _ := codesOf(t, dir)
	var out checkJSON
	js, _, _ := runBin(t, dir, "check", "--format", "json")
	if err := json.Unmarshal([]byte(js), &out); err != nil || len(items) == 0 || out.Findings[0].Column != 1 {
		t.Errorf("JSON column with a BOM: %s", js)
	}
}

// TestTextOutputIsTerminalSafe: an escape sequence in a Dockerfile, a
// control character in a file name and a file of random bytes never reach
// the terminal raw in text output; JSON keeps the exact text.
func TestTextOutputIsTerminalSafe(t *testing.T) {
	random := make([]byte, 2000)
	for i := range random {
		random[i] = byte(i*7919 + i*i*31)
	}
	files := map[string]string{
		"Dockerfile":                    "FROM \x1b[31mBOGUS\x1b[0m\nUSER app\n",
		"bin/Dockerfile":                string(random),
		"odd/\x1b]0;title\a.Dockerfile": rootDockerfile,
	}
	wants := []string{`base image \x1b[31mBOGUS\x1b[0m`, `odd/\x1b]0;title\x07.Dockerfile:1:1: warning DW101`}
	if runtime.GOOS == "windows" { // whose file names hold no control characters
		delete(files, "odd/\x1b]0;title\a.Dockerfile")
		wants = wants[:1]
	}
	dir := writeTree(t, files)
	stdout, stderr, _ := runBin(t, dir, "check", "--fail-level", "none")
	for _, out := range []string{stdout, stderr} {
		if i := strings.IndexFunc(out, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f }); i >= 0 {
			t.Errorf("a control character reaches the terminal at %d:\n%q", i, out)
		}
	}
	for _, want := range wants {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if n := strings.Count(stdout, "bin/Dockerfile"); n != 1 || !strings.Contains(stdout, "bin/Dockerfile:1:1: warning DW007 the file is not text") {
		t.Errorf("the random bytes gave %d lines, want one DW007:\n%s", n, stdout)
	}
	js, _, _ := runBin(t, dir, "check", "--fail-level", "none", "--format", "json")
	var out checkJSON
	if err := json.Unmarshal([]byte(js), &out); err != nil {
		t.Fatal(err)
	}
	exact := false
	for _, f := range out.Findings {
		exact = exact || strings.Contains(f.Message, "\x1b[31mBOGUS\x1b[0m")
	}
	if !exact {
		t.Errorf("JSON does not keep the exact text:\n%s", js)
	}
}

// TestLargeInputIsBounded: a file past the size limit gets one DW006
// warning, which fails the default check, and is read no further; the
// configuration can make it an error.
func TestLargeInputIsBounded(t *testing.T) {
	big := "FROM alpine:3.20\n" + strings.Repeat("# filler line\n", 300_000) // 4 MiB
	dir := writeTree(t, map[string]string{"Dockerfile": big})
	stdout, _, code := runBin(t, dir, "check")
	if code != 1 || !strings.HasPrefix(stdout, "Dockerfile:1:1: warning DW006") || strings.Count(stdout, "\n") != 2 {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	writeFiles(t, dir, map[string]string{".dockwarden.yaml": "rules:\n  DW006: error\n"})
	if stdout, stderr, code := runBin(t, dir, "check"); code != 1 || !strings.HasPrefix(stdout, "Dockerfile:1:1: error DW006") {
		t.Errorf("DW006: error: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestRulesListsEveryCode: dockwarden rules names the codes the engine
// and the configuration reader report too.
func TestRulesListsEveryCode(t *testing.T) {
	stdout, _, _ := runBin(t, ".", "rules")
	for _, want := range []string{"DW005  error", "DW006  warning", "DW007  warning"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("rules lacks %q:\n%s", want, stdout)
		}
	}
}
