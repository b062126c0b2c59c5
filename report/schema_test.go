package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// validateXML runs .ci/schema-validate on data, a report of kind (junit
// or checkstyle), and returns whether it is valid. The script installs
// xmllint and the JUnit schema when missing, so it runs only where that
// is wanted: with DOCKWARDEN_SCHEMA_VALIDATE=1, as make test sets it.
func validateXML(t *testing.T, kind string, data []byte) bool {
	t.Helper()
	if os.Getenv("DOCKWARDEN_SCHEMA_VALIDATE") != "1" {
		t.Skip("set DOCKWARDEN_SCHEMA_VALIDATE=1 (make test does) to validate with xmllint")
	}
	script, err := filepath.Abs(filepath.Join("..", ".ci", "schema-validate"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), kind+".xml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(script, kind, path).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return true
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		t.Logf("%s", out)
		return false
	}
	t.Fatalf("schema-validate cannot run: %v\n%s", err, out)
	return false
}

// TestJUnitSchema validates the golden JUnit report against Jenkins'
// JUnit schema, and checks that the validation can fail.
func TestJUnitSchema(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "golden.junit.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !validateXML(t, "junit", data) {
		t.Error("the JUnit report does not match Jenkins' JUnit schema")
	}
	// A test case without a name is not JUnit.
	if validateXML(t, "junit", []byte(`<testsuites><testsuite name="x" tests="1"><testcase classname="x"/></testsuite></testsuites>`)) {
		t.Error("the schema accepts a test case without a name")
	}
	// The counts Jenkins' newer schema (junit-10.xsd) requires of every
	// suite, besides those the older one validated above does.
	for _, m := range regexp.MustCompile(`<testsuite [^>]*>`).FindAll(data, -1) {
		for _, attr := range []string{" name=", " tests=", " failures=", " errors="} {
			if !bytes.Contains(m, []byte(attr)) {
				t.Errorf("%s lacks%s", m, attr)
			}
		}
	}
	// GitLab keeps only the first of two test cases of one suite with
	// the same name.
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`<testcase classname="([^"]*)" name="([^"]*)"`).FindAllSubmatch(data, -1) {
		key := string(m[1]) + "\x00" + string(m[2])
		if seen[key] {
			t.Errorf("two test cases %q in suite %q", m[2], m[1])
		}
		seen[key] = true
	}
}

// TestCheckstyleSchema validates the golden Checkstyle report against the
// shape of Checkstyle's report schema, and checks that it can fail.
func TestCheckstyleSchema(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "golden.checkstyle.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !validateXML(t, "checkstyle", data) {
		t.Error("the Checkstyle report does not match Checkstyle's report schema")
	}
	if validateXML(t, "checkstyle", []byte(`<checkstyle><file name="x"><error line="1" severity="hint"/></file></checkstyle>`)) {
		t.Error("the schema accepts a hint, which Checkstyle has not")
	}
}

// TestCodeClimateShape checks the golden Code Climate report field by
// field against the Code Climate issue specification
// (codeclimate/platform, spec/analyzers/SPEC.md) and what GitLab's Code
// Quality requires of it (description, check_name, fingerprint, severity,
// location.path, location.lines.begin): neither publishes a schema file.
func TestCodeClimateShape(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "golden.codeclimate.json"))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var issues []codeClimateIssue
	if err := dec.Decode(&issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) == 0 {
		t.Fatal("no issues")
	}
	categories := map[string]bool{"Bug Risk": true, "Clarity": true, "Compatibility": true, "Complexity": true, "Duplication": true, "Performance": true, "Security": true, "Style": true}
	severities := map[string]bool{"info": true, "minor": true, "major": true, "critical": true, "blocker": true}
	fingerprints := map[string]bool{}
	for i, is := range issues {
		switch {
		case is.Type != "issue", is.CheckName == "", is.Description == "", len(is.Categories) == 0:
			t.Errorf("issue %d: type, check_name, description and categories are required: %+v", i, is)
		case is.Location.Path == "" || is.Location.Lines.Begin < 1 || is.Location.Lines.End < is.Location.Lines.Begin:
			t.Errorf("issue %d: location %+v", i, is.Location)
		case !severities[is.Severity]:
			t.Errorf("issue %d: severity %q", i, is.Severity)
		case !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(is.Fingerprint) || fingerprints[is.Fingerprint]:
			t.Errorf("issue %d: fingerprint %q missing, malformed or not unique", i, is.Fingerprint)
		}
		for _, c := range is.Categories {
			if !categories[c] {
				t.Errorf("issue %d: category %q", i, c)
			}
		}
		fingerprints[is.Fingerprint] = true
	}
}

// githubCommandLine matches one workflow command of an annotation.
var githubCommandLine = regexp.MustCompile(`^::(error|warning|notice) ([^:]*)::(.*)$`)

// TestGitHubCommands reads the golden GitHub report back as the runner
// does (each line a command, properties split at "," and "=", values
// unescaped) and finds every finding's path, position, code and message
// as they were.
func TestGitHubCommands(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "golden.github.txt"))
	if err != nil {
		t.Fatal(err)
	}
	unescape := strings.NewReplacer("%25", "%", "%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",")
	var got []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		m := githubCommandLine.FindStringSubmatch(sc.Text())
		if m == nil {
			got = append(got, "plain "+sc.Text())
			continue
		}
		props := map[string]string{}
		for _, p := range strings.Split(m[2], ",") {
			k, v, ok := strings.Cut(p, "=")
			if !ok {
				t.Fatalf("property %q of %q", p, sc.Text())
			}
			props[k] = unescape.Replace(v)
		}
		got = append(got, props["file"]+" "+props["line"]+" "+props["title"]+" "+unescape.Replace(m[3]))
	}
	var want []string
	files := goldenFiles(t)
	for _, f := range files {
		for _, x := range f.Findings {
			want = append(want, strings.ReplaceAll(f.Path, "\x1b", `\x1b`)+" "+strconv.Itoa(x.Start.Line)+" "+x.Rule.Code+" "+x.Message)
		}
	}
	want = append(want, "plain "+goldenSummary(files).Line())
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("read back:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
