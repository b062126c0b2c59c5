package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
)

// fixable has, in each file, a safe fix and one for review: DW105 (ADD to
// COPY, safe) and DW101 (create a user, review) in the Dockerfile; DW205
// (no-new-privileges, safe) and DW212 (:ro, review) in the compose file.
var fixable = map[string]string{
	"app/Dockerfile": "FROM alpine:3.20\nADD app.conf /etc/app.conf\nHEALTHCHECK CMD [\"true\"]\nCMD [\"sh\"]\n",
	"app/compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    cap_drop: [ALL]\n" +
		"    deploy: {resources: {limits: {memory: 256M, cpus: \"0.5\"}}}\n" +
		"    volumes:\n      - ./data:/data\n",
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			files[filepath.ToSlash(rel)] = readFile(t, dir, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: files %v, want %v", what, keys(got), keys(want))
	}
	for name, text := range want {
		if got[name] != text {
			t.Errorf("%s: %s changed:\n%s\nwas:\n%s", what, name, got[name], text)
		}
	}
}

// mustContain reports each of wants that text, the named output, lacks.
func mustContain(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("%s lacks %q:\n%s", what, want, text)
		}
	}
}

// patchMatchesFix applies diff, the output of fix --diff, to dir with GNU
// patch and checks that it makes the files that `dockwarden args...` makes
// of the tree files. Without patch it checks nothing.
func patchMatchesFix(t *testing.T, dir, diff string, files map[string]string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("patch"); err != nil { // as on Windows without Git's tools
		t.Log("no patch: the diff is not applied; dockwarden fixes the files instead")
		if _, _, code := runBin(t, dir, args...); code != 0 {
			t.Fatalf("dockwarden %s: exit %d", strings.Join(args, " "), code)
		}
		return
	}
	cmd := exec.Command("patch", "-p1", "--quiet")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(diff)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	fixed := writeTree(t, files)
	if _, _, code := runBin(t, fixed, args...); code != 0 {
		t.Fatalf("dockwarden %s: exit %d", strings.Join(args, " "), code)
	}
	sameFiles(t, "patched by the diff", snapshot(t, dir), snapshot(t, fixed))
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestFixSafe(t *testing.T) {
	dir := writeTree(t, fixable)
	for name, mode := range map[string]os.FileMode{"app/Dockerfile": 0o640, "app/compose.yaml": 0o600} {
		if err := os.Chmod(filepath.Join(dir, name), mode); err != nil {
			t.Fatal(err)
		}
	}
	// A hard link elsewhere is the same file: fix rewrites the file in
	// place, so the link sees the fix and the inode stays.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Link(filepath.Join(dir, "app", "Dockerfile"), link); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(link)
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runBin(t, dir, "fix")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	linked, err := os.ReadFile(link)
	if err != nil || string(linked) != readFile(t, dir, "app/Dockerfile") {
		t.Errorf("the hard link holds %q, %v: the file was replaced, not rewritten in place", linked, err)
	}
	if after, err := os.Stat(filepath.Join(dir, "app", "Dockerfile")); err != nil || !os.SameFile(before, after) {
		t.Errorf("the Dockerfile is another file after fix: %v", err)
	}
	if want := "app/Dockerfile: 1 fix (DW105)\napp/compose.yaml: 1 fix (DW205)\n"; stdout != want {
		t.Errorf("output %q, want %q", stdout, want)
	}
	dockerfile := readFile(t, dir, "app/Dockerfile")
	if want := strings.Replace(fixable["app/Dockerfile"], "ADD app.conf", "COPY app.conf", 1); dockerfile != want {
		t.Errorf("Dockerfile:\n%s\nwant (ADD to COPY only; DW101's fix needs --unsafe):\n%s", dockerfile, want)
	}
	compose := readFile(t, dir, "app/compose.yaml")
	if !strings.Contains(compose, "no-new-privileges:true") || strings.Contains(compose, ":ro") {
		t.Errorf("compose.yaml: want no-new-privileges added and the bind mount left writable (DW212's fix needs --unsafe):\n%s", compose)
	}
	// The mode is kept, and no temporary file is left behind.
	for name, mode := range map[string]os.FileMode{"app/Dockerfile": 0o640, "app/compose.yaml": 0o600} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if runtime.GOOS == "windows" {
			mode = 0o666 // Windows keeps only a read-only flag, which these files do not have
		}
		if info.Mode().Perm() != mode {
			t.Errorf("%s: mode %v, want %v", name, info.Mode().Perm(), mode)
		}
	}
	after := snapshot(t, dir)
	if len(after) != 2 {
		t.Errorf("files after fix: %v", keys(after))
	}
	// Idempotent: a second run changes nothing and says nothing.
	stdout, stderr, code = runBin(t, dir, "fix")
	if code != 0 || stdout != "" {
		t.Errorf("second run: exit %d, output %q, stderr %q", code, stdout, stderr)
	}
	sameFiles(t, "second run", snapshot(t, dir), after)
}

func TestFixUnsafe(t *testing.T) {
	files := map[string]string{
		"app/Dockerfile":   fixable["app/Dockerfile"],
		"app/compose.yaml": fixable["app/compose.yaml"],
		// DW201's only fix is marked not preferred: even --unsafe
		// leaves the socket mount; DW202's removal is applied.
		"sock/compose.yaml": "services:\n  ci:\n    image: docker:27\n    privileged: true\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
	}
	dir := writeTree(t, files)
	stdout, stderr, code := runBin(t, dir, "fix", "--unsafe", "app", "sock/compose.yaml")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	summary, review, _ := strings.Cut(stdout, "Left for review:\n")
	mustContain(t, "summary", summary, "app/Dockerfile: ", "DW101", "DW105", "app/compose.yaml: ", "DW205", "sock/compose.yaml: ", "DW202")
	for _, applied := range []string{"DW201", "DW212", "DW216"} {
		if strings.Contains(summary, applied) {
			t.Errorf("%s was applied:\n%s", applied, stdout)
		}
	}
	// What was left, and why: a hint is below the default
	// --min-severity, DW201's fix needs a decision, DW216's is a template.
	mustContain(t, "review", review,
		"  app/compose.yaml:10:9: DW212 hint, below --min-severity warning: Add :ro to the bind mount\n",
		": DW201 not preferred, it needs your decision: Remove the socket mount",
		"  sock/compose.yaml:2:3: DW216 a template, fill in its values: Add placeholder limits")
	dockerfile := readFile(t, dir, "app/Dockerfile")
	if !strings.Contains(dockerfile, "\nUSER ") || !strings.Contains(dockerfile, "COPY app.conf") {
		t.Errorf("Dockerfile: want DW101's USER and DW105's COPY:\n%s", dockerfile)
	}
	if compose := readFile(t, dir, "app/compose.yaml"); strings.Contains(compose, "./data:/data:ro") {
		t.Errorf("compose.yaml: DW212's :ro is a hint's fix:\n%s", compose)
	}
	sock := readFile(t, dir, "sock/compose.yaml")
	if !strings.Contains(sock, "docker.sock") || strings.Contains(sock, "privileged") {
		t.Errorf("sock/compose.yaml: want the socket mount kept and privileged removed:\n%s", sock)
	}
	after := snapshot(t, dir)
	stdout, _, code = runBin(t, dir, "fix", "--unsafe", "app", "sock/compose.yaml")
	if code != 0 || !strings.HasPrefix(stdout, "Left for review:\n") || !strings.Contains(stdout, "DW212") {
		t.Errorf("second run: exit %d, output %q; want only the review", code, stdout)
	}
	sameFiles(t, "second run", snapshot(t, dir), after)

	// --min-severity hint takes the hint's fix too; templates and
	// not-preferred fixes stay out whatever the severity.
	stdout, _, code = runBin(t, dir, "fix", "--unsafe", "--min-severity", "hint", "app", "sock/compose.yaml")
	if code != 0 || !strings.Contains(stdout, "app/compose.yaml: 1 fix (DW212)") || !strings.Contains(stdout, "DW216 a template, fill in its values: ") ||
		!strings.Contains(stdout, "DW201 not preferred") {
		t.Errorf("--min-severity hint: exit %d, output:\n%s", code, stdout)
	}
	if compose := readFile(t, dir, "app/compose.yaml"); !strings.Contains(compose, "./data:/data:ro") {
		t.Errorf("compose.yaml: want DW212's :ro with --min-severity hint:\n%s", compose)
	}
	if _, stderr, code := runBin(t, dir, "fix", "--unsafe", "--min-severity", "loud"); code != 2 || !strings.Contains(stderr, "--min-severity") {
		t.Errorf("a bad --min-severity: exit %d, stderr %q", code, stderr)
	}
}

func TestFixDiff(t *testing.T) {
	dir := writeTree(t, fixable)
	before := snapshot(t, dir)
	stdout, stderr, code := runBin(t, dir, "fix", "--diff")
	if code != 1 {
		t.Errorf("exit %d, want 1 (changes pending)", code)
	}
	sameFiles(t, "--diff", snapshot(t, dir), before)
	mustContain(t, "diff", stdout,
		"--- a/app/Dockerfile\n+++ b/app/Dockerfile\n@@ -1,4 +1,4 @@\n FROM alpine:3.20\n-ADD app.conf /etc/app.conf\n+COPY app.conf /etc/app.conf\n HEALTHCHECK",
		"--- a/app/compose.yaml\n+++ b/app/compose.yaml\n",
		"no-new-privileges:true")
	if !strings.Contains(stderr, "app/Dockerfile: 1 fix (DW105)") {
		t.Errorf("the summary belongs on stderr with --diff: %q", stderr)
	}
	// The diff is a patch that makes the files what fix writes.
	patchMatchesFix(t, dir, stdout, fixable, "fix")
	// Nothing to change: no output, exit 0.
	stdout, _, code = runBin(t, dir, "fix", "--diff")
	if code != 0 || stdout != "" {
		t.Errorf("after the patch: exit %d, output %q", code, stdout)
	}
}

func TestFixErrors(t *testing.T) {
	dir := writeTree(t, fixable)
	before := snapshot(t, dir)
	for _, args := range [][]string{
		{"fix", "missing"},
		{"fix", "--no-such-flag"},
		{"fix", "--config", "missing.yaml", "."},
	} {
		if _, stderr, code := runBin(t, dir, args...); code != 2 || stderr == "" {
			t.Errorf("dockwarden %s: exit %d, stderr %q; want 2 and a message", strings.Join(args, " "), code, stderr)
		}
	}
	sameFiles(t, "after errors", snapshot(t, dir), before)
	// An unreadable path among good ones: the good ones are fixed, and
	// the exit code still says something went wrong.
	stdout, _, code := runBin(t, dir, "fix", "missing", "app")
	if code != 2 || !strings.Contains(stdout, "app/Dockerfile: 1 fix") {
		t.Errorf("missing and app: exit %d, output %q", code, stdout)
	}
}

func TestUnifiedDiff(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{"x\n", "x\n", ""},
		{"a\nb\n", "a\nc", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n\\ No newline at end of file\n"},
		{"", "a\n", "--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+a\n"},
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\n2\nX\n4\n5\n6\n7\n8\n9\n10\nY\n12\n",
			"--- a/f\n+++ b/f\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n"},
		{"a\r\nb\r\n", "a\r\nB\r\nb\r\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\r\n+B\r\n b\r\n"},
	} {
		if got := unifiedDiff("f", []byte(tc.a), []byte(tc.b)); got != tc.want {
			t.Errorf("diff %q -> %q:\n%s\nwant:\n%s", tc.a, tc.b, got, tc.want)
		}
	}
}

// A round of fixes that would break the file's syntax is applied fix by
// fix, and the fix that breaks it is left out.
func TestFixKeepsSyntax(t *testing.T) {
	text := []byte("FROM alpine:3.20\nADD app.conf /etc/app.conf\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\n")
	doc := document.New("file:///x/Dockerfile", 0, document.Dockerfile, text)
	res := analysis.Run(rules.All, doc)
	if len(res.Findings) != 1 || res.Findings[0].Rule.Code != "DW105" {
		t.Fatalf("findings %+v, want DW105 alone", res.Findings)
	}
	breaker := &analysis.Rule{Code: "DW999", Name: "breaker"}
	res.Findings = append(res.Findings, analysis.Finding{
		Rule: breaker, Span: document.Span{Start: 0, End: 4},
		Fixes: []analysis.Fix{{Title: "Break", Safe: true, Edits: []document.Edit{{Span: document.Span{Start: len(text), End: len(text)}, NewText: "ENV\n"}}}},
	})
	out := fixFile(fileResult{path: "Dockerfile", res: res}, fixOptions{}, newSideFolders(true, nil).of("Dockerfile"))
	got, codes := out.text, out.codes
	if want := strings.Replace(string(text), "ADD", "COPY", 1); string(got) != want || strings.Join(codes, ",") != "DW105" {
		t.Errorf("got %q (%v), want %q (DW105)", got, codes, want)
	}
}
