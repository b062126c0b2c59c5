package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestEveryFormat runs check in each format as a process: each report
// parses as its format says, names the same findings, and the exit code
// does not depend on the format, nor on -o, which writes the report to
// a file and nothing to standard output.
func TestEveryFormat(t *testing.T) {
	dir := writeTree(t, map[string]string{"app/Dockerfile": rootDockerfile, "app/compose.yaml": baselineCompose})
	text, _, code := runBin(t, dir, "check")
	if code != 1 {
		t.Fatalf("text: exit %d", code)
	}
	findings := strings.Count(text, "\n") - 1 // the summary line
	for _, format := range []string{"text", "json", "sarif", "github", "junit", "codeclimate", "checkstyle"} {
		stdout, stderr, code := runBin(t, dir, "check", "--format", format)
		if code != 1 || stderr != "" {
			t.Errorf("%s: exit %d, stderr %q", format, code, stderr)
		}
		var n int
		switch format {
		case "text":
			n = strings.Count(stdout, "\n") - 1
		case "json":
			var out checkJSON
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Errorf("json: %v", err)
			}
			n = len(out.Findings)
		case "sarif":
			var out sarifOut
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Errorf("sarif: %v", err)
			}
			n = len(out.Runs[0].Results)
		case "github":
			n = strings.Count(stdout, "\n::")
			if strings.HasPrefix(stdout, "::") {
				n++
			}
		case "junit":
			var out struct {
				Suites []struct {
					Cases []struct {
						Name string `xml:"name,attr"`
					} `xml:"testcase"`
				} `xml:"testsuite"`
			}
			if err := xml.Unmarshal([]byte(stdout), &out); err != nil {
				t.Errorf("junit: %v", err)
			}
			for _, s := range out.Suites {
				n += len(s.Cases)
			}
		case "codeclimate":
			var out []map[string]any
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Errorf("codeclimate: %v", err)
			}
			n = len(out)
		case "checkstyle":
			var out struct {
				Files []struct {
					Errors []struct{} `xml:"error"`
				} `xml:"file"`
			}
			if err := xml.Unmarshal([]byte(stdout), &out); err != nil {
				t.Errorf("checkstyle: %v", err)
			}
			for _, f := range out.Files {
				n += len(f.Errors)
			}
		}
		if n != findings {
			t.Errorf("%s: %d findings, the text report has %d\n%s", format, n, findings, stdout)
		}
		// -o: the same report in a file, nothing on stdout, the same exit.
		report := filepath.Join(t.TempDir(), "report."+format)
		out, stderr, code := runBin(t, dir, "check", "--format", format, "-o", report)
		written, err := os.ReadFile(report)
		if code != 1 || out != "" || err != nil || string(written) != stdout {
			t.Errorf("%s -o: exit %d, stdout %q, stderr %q, file differs: %v", format, code, out, stderr, err)
		}
	}
	// A report that cannot be written is an error, and leaves nothing.
	if _, stderr, code := runBin(t, dir, "check", "-o", filepath.Join(dir, "missing", "report.txt")); code != 2 || !strings.Contains(stderr, "-o:") {
		t.Errorf("-o into a missing folder: exit %d, %s", code, stderr)
	}
	if _, stderr, code := runBin(t, dir, "check", "--format", "xml"); code != 2 || !strings.Contains(stderr, "codeclimate") {
		t.Errorf("--format xml: exit %d, %s", code, stderr)
	}
}

// TestStatistics: --statistics counts the findings per rule, most first,
// and ends with the summary.
func TestStatistics(t *testing.T) {
	dir := writeTree(t, map[string]string{"compose.yaml": baselineCompose})
	stdout, _, code := runBin(t, dir, "check", "--statistics")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	want := []string{"2  DW203  cap-drop-all-missing", "2  DW205  no-new-privileges  (2 fixable)", "2  DW207  writable-root-filesystem",
		"2  DW216  no-resource-limits", "2  DW217  port-all-interfaces"}
	if code != 1 || len(lines) != len(want)+1 || !strings.HasPrefix(lines[len(lines)-1], "10 findings (0 errors, 1 warning, 8 information, 1 hint) in 1 file") {
		t.Fatalf("exit %d\n%s", code, stdout)
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("line %d = %q, want %q", i+1, lines[i], w)
		}
	}
	if _, stderr, code := runBin(t, dir, "check", "--statistics", "--format", "json"); code != 2 || !strings.Contains(stderr, "--statistics") {
		t.Errorf("--statistics --format json: exit %d, %s", code, stderr)
	}
}

// TestSelection: --select and --ignore take codes and prefixes, a code
// turns on a rule shipped off, an unknown one is an error; --min-severity
// reports only what is at least that severe; --preset strict raises the
// hardening rules.
func TestSelection(t *testing.T) {
	dir := writeTree(t, map[string]string{"Dockerfile": rootDockerfile, "compose.yaml": baselineCompose})
	for _, tc := range []struct {
		args []string
		want string // the codes reported, sorted, with severities
		code int
	}{
		{[]string{"--select", "DW2"}, "DW203:information DW203:information DW205:information DW205:information DW207:information DW207:information DW216:information DW216:information DW217:hint DW217:warning", 1},
		{[]string{"--select", "dw21,DW101"}, "DW101:warning DW216:information DW216:information DW217:hint DW217:warning", 1},
		{[]string{"--select", "DW2", "--ignore", "DW217,DW20"}, "DW216:information DW216:information", 0},
		{[]string{"--select", "DW104"}, "DW104:hint", 0}, // shipped off, named
		{[]string{"--min-severity", "warning"}, "DW101:warning DW217:warning", 1},
		{[]string{"--select", "DW203", "--preset", "strict"}, "DW203:warning DW203:warning", 1},
	} {
		items, stderr, code := codesOf(t, dir, tc.args...)
		if got := strings.Join(sortedCodes(items), " "); got != tc.want || code != tc.code {
			t.Errorf("%v: exit %d, %s; want %d, %s\n%s", tc.args, code, got, tc.code, tc.want, stderr)
		}
	}
	for _, args := range [][]string{{"--select", "DW9"}, {"--ignore", "XX1"}, {"--preset", "lax"}, {"--min-severity", "none"}, {"--exclude", "../x"}} {
		if _, stderr, code := runBin(t, dir, append([]string{"check"}, args...)...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}

// sortedCodes returns the "CODE:severity" part of codesOf's items, sorted.
func sortedCodes(items []string) []string {
	var out []string
	for _, it := range items {
		_, code, _ := strings.Cut(it, " ")
		out = append(out, code)
	}
	sort.Strings(out)
	return out
}

// TestWalkFindsWhatTeamsName: the eleven names of the issue, and only
// the YAML among them whose top level has services; --exclude and
// include: in the configuration; --verbose says what was skipped.
func TestWalkFindsWhatTeamsName(t *testing.T) {
	compose := "services:\n  web:\n    image: nginx:1.27\n"
	dir := writeTree(t, map[string]string{
		"docker-compose-prod.yml":     compose,
		"compose-dev.yaml":            compose,
		"docker-compose_override.yml": compose,
		"stack.yml":                   compose,
		"docker-stack.yaml":           compose,
		"app.compose.yml":             compose,
		"deploy-compose.yaml":         compose,
		"Dockerfile-dev":              rootDockerfile,
		"Dockerfile_prod":             rootDockerfile,
		"Containerfile.ci":            rootDockerfile,
		"api.Dockerfile":              rootDockerfile,
		"stack-values.yml":            "replicas: 3\n",
		"Dockerfile.md":               "# Notes\n",
		"deploy/prod.yml":             compose,
		"deploy/build.df":             rootDockerfile,
		"old/Dockerfile":              rootDockerfile,
		".dockwarden.yaml":            "include: [\"deploy/*.yml\", \"*.df\"]\n",
	})
	stdout, stderr, _ := runBin(t, dir, "check", "--fail-level", "none", "--exclude", "old", "--verbose")
	var got []string
	for _, line := range strings.Split(stdout, "\n") {
		if path, _, ok := strings.Cut(line, ":"); ok && !strings.Contains(path, " ") {
			if len(got) == 0 || got[len(got)-1] != path {
				got = append(got, path)
			}
		}
	}
	want := []string{"Containerfile.ci", "Dockerfile-dev", "Dockerfile_prod", "api.Dockerfile", "app.compose.yml", "compose-dev.yaml",
		"deploy-compose.yaml", "deploy/build.df", "deploy/prod.yml", "docker-compose-prod.yml", "docker-compose_override.yml", "docker-stack.yaml", "stack.yml"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files reported:\n%v\nwant\n%v", got, want)
	}
	for _, note := range []string{
		"skipped stack-values.yml: YAML without a top-level services key",
		"skipped Dockerfile.md: not a name Dockerfiles or compose files have",
		"skipped old/: excluded by --exclude",
	} {
		if !strings.Contains(stderr, note) {
			t.Errorf("--verbose does not say %q:\n%s", note, stderr)
		}
	}
	if _, stderr, _ := runBin(t, dir, "check", "--fail-level", "none", "--exclude", "old"); stderr != "" {
		t.Errorf("without --verbose: %q", stderr)
	}
}

// TestParallelOrder: on the corpus, with one core or four, check prints
// the same report, in path order.
func TestParallelOrder(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	abs, err := filepath.Abs(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var reports []string
	for _, procs := range []string{"1", "4"} {
		cmd := exec.Command(dockwardenBin, "check", "--fail-level", "none", "--format", "json", ".")
		cmd.Dir = abs
		cmd.Env = append(os.Environ(), "GOMAXPROCS="+procs)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("GOMAXPROCS=%s: %v", procs, err)
		}
		reports = append(reports, string(out))
	}
	if reports[0] != reports[1] {
		t.Error("the reports with 1 and 4 cores differ")
	}
	var out checkJSON
	if err := json.Unmarshal([]byte(reports[0]), &out); err != nil || len(out.Findings) < 100 {
		t.Fatalf("%v, %d findings", err, len(out.Findings))
	}
	for i := 1; i < len(out.Findings); i++ {
		if out.Findings[i].Path < out.Findings[i-1].Path {
			t.Fatalf("%s after %s", out.Findings[i].Path, out.Findings[i-1].Path)
		}
	}
}
