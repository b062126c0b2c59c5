package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// sarifOut is the part of `check --format sarif` the tests read.
type sarifOut struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					FullDescription struct {
						Text string `json:"text"`
					} `json:"fullDescription"`
					Help struct {
						Text string `json:"text"`
					} `json:"help"`
					HelpURI              string `json:"helpUri"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties struct {
						Tags             []string `json:"tags"`
						SecuritySeverity string   `json:"security-severity"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResOut `json:"results"`
	} `json:"runs"`
}

type sarifResOut struct {
	RuleID    string `json:"ruleId"`
	RuleIndex int    `json:"ruleIndex"`
	Level     string `json:"level"`
	Message   struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation sarifLocOut    `json:"artifactLocation"`
			Region           sarifRegionOut `json:"region"`
		} `json:"physicalLocation"`
	} `json:"locations"`
	Fixes []struct {
		Description struct {
			Text string `json:"text"`
		} `json:"description"`
		ArtifactChanges []struct {
			ArtifactLocation sarifLocOut `json:"artifactLocation"`
			Replacements     []struct {
				DeletedRegion   sarifRegionOut `json:"deletedRegion"`
				InsertedContent *struct {
					Text string `json:"text"`
				} `json:"insertedContent"`
			} `json:"replacements"`
		} `json:"artifactChanges"`
		Properties struct {
			Safe *bool `json:"safe"`
		} `json:"properties"`
	} `json:"fixes"`
	Properties struct {
		Severity string `json:"severity"`
	} `json:"properties"`
}

type sarifLocOut struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegionOut struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
	Snippet     *struct {
		Text string `json:"text"`
	} `json:"snippet"`
}

// checkSARIF runs check --format sarif in dir, checks the structure every
// log must have, and returns the log, its text and the exit code.
func checkSARIF(t *testing.T, dir string, args ...string) (sarifOut, string, int) {
	t.Helper()
	stdout, stderr, code := runBin(t, dir, append([]string{"check", "--format", "sarif"}, args...)...)
	var log sarifOut
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatalf("not JSON (exit %d, stderr %s): %v\n%s", code, stderr, err, stdout)
	}
	if log.Version != "2.1.0" || !strings.HasSuffix(log.Schema, "sarif-schema-2.1.0.json") || len(log.Runs) != 1 {
		t.Fatalf("version %q, schema %q, %d runs; want 2.1.0, the 2.1.0 schema, one run", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "dockwarden" || run.Tool.Driver.Version == "" {
		t.Errorf("driver %q %q", run.Tool.Driver.Name, run.Tool.Driver.Version)
	}
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind %q, want unicodeCodePoints", run.ColumnKind)
	}
	if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("originalUriBaseIds %%SRCROOT%% = %q, want an absolute file URI ending in /", base)
	}
	if len(run.Invocations) != 1 {
		t.Errorf("%d invocations, want 1", len(run.Invocations))
	}
	levels := map[string]bool{"error": true, "warning": true, "note": true}
	rules := run.Tool.Driver.Rules
	for i, r := range rules {
		if i > 0 && rules[i-1].ID >= r.ID {
			t.Errorf("rules not in code order: %s before %s", rules[i-1].ID, r.ID)
		}
		if r.Name == "" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" || r.HelpURI == "" {
			t.Errorf("rule %s lacks name, descriptions, help or helpUri: %+v", r.ID, r)
		}
		if !levels[r.DefaultConfiguration.Level] {
			t.Errorf("rule %s: default level %q", r.ID, r.DefaultConfiguration.Level)
		}
		if security := strings.HasPrefix(r.ID, "DW0"); security == (r.Properties.SecuritySeverity != "") {
			t.Errorf("rule %s: security-severity %q (only security rules, not DW0xx, have one)", r.ID, r.Properties.SecuritySeverity)
		}
	}
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(rules) || rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s: ruleIndex %d does not name it", res.RuleID, res.RuleIndex)
		}
		if !levels[res.Level] || res.Properties.Severity == "" {
			t.Errorf("result %s: level %q, severity %q", res.RuleID, res.Level, res.Properties.Severity)
		}
		if !strings.HasSuffix(res.Message.Text, ".") {
			t.Errorf("result %s: message %q does not end with a full stop", res.RuleID, res.Message.Text)
		}
		if len(res.Locations) != 1 {
			t.Errorf("result %s: %d locations", res.RuleID, len(res.Locations))
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		checkRegion(t, res.RuleID, loc.Region)
		for _, fix := range res.Fixes {
			if fix.Description.Text == "" || fix.Properties.Safe == nil || len(fix.ArtifactChanges) != 1 {
				t.Errorf("result %s: fix %+v", res.RuleID, fix)
				continue
			}
			if fix.ArtifactChanges[0].ArtifactLocation != loc.ArtifactLocation {
				t.Errorf("result %s: fix changes %+v, not the file of the result %+v", res.RuleID, fix.ArtifactChanges[0].ArtifactLocation, loc.ArtifactLocation)
			}
			for _, rep := range fix.ArtifactChanges[0].Replacements {
				checkRegion(t, res.RuleID, rep.DeletedRegion)
			}
		}
	}
	return log, stdout, code
}

func checkRegion(t *testing.T, code string, r sarifRegionOut) {
	t.Helper()
	if r.StartLine < 1 || r.StartColumn < 1 || r.EndLine < r.StartLine || (r.EndLine == r.StartLine && r.EndColumn < r.StartColumn) {
		t.Errorf("result %s: bad region %+v", code, r)
	}
}

func TestCheckSARIFExamples(t *testing.T) {
	log, _, code := checkSARIF(t, "../..", "examples")
	if code != 1 {
		t.Errorf("exit %d, want 1 as for the text output (warnings)", code)
	}
	// The same findings at the same places as --format json.
	stdout, _, _ := runBin(t, "../..", "check", "--format", "json", "examples")
	var js checkJSON
	if err := json.Unmarshal([]byte(stdout), &js); err != nil {
		t.Fatal(err)
	}
	results := log.Runs[0].Results
	if len(results) != len(js.Findings) || len(results) == 0 {
		t.Fatalf("%d SARIF results, %d JSON findings", len(results), len(js.Findings))
	}
	ran := map[string]bool{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		ran[r.ID] = true
	}
	for _, want := range []string{"DW001", "DW002", "DW101", "DW211", "DW212"} {
		if !ran[want] {
			t.Errorf("rules metadata lacks %s, which ran", want)
		}
	}
	for i, f := range js.Findings {
		r := results[i]
		loc := r.Locations[0].PhysicalLocation
		reg := loc.Region
		if r.RuleID != f.Code || loc.ArtifactLocation.URI != f.Path || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
			reg.StartLine != f.Line || reg.StartColumn != f.Column || reg.EndLine != f.EndLine || reg.EndColumn != f.EndColumn {
			t.Errorf("result %d = %s %+v %+v, JSON finding %+v", i, r.RuleID, loc.ArtifactLocation, reg, f)
		}
		if want := map[string]string{"error": "error", "warning": "warning", "information": "note", "hint": "note"}[f.Severity]; r.Level != want || r.Properties.Severity != f.Severity {
			t.Errorf("result %d: level %q (severity %q) for %s", i, r.Level, r.Properties.Severity, f.Severity)
		}
		if len(r.Fixes) != len(f.Fixes) {
			t.Errorf("result %d: %d fixes, JSON has %d", i, len(r.Fixes), len(f.Fixes))
		}
	}
}

// fixTree has findings with fixes: DW105 (safe) in the Dockerfile, DW205
// (safe) and two DW212 (for review) in the compose file, the second after
// characters outside the BMP, where UTF-16 and code point columns differ.
var fixTree = map[string]string{
	"app/Dockerfile": "FROM alpine:3.20\nADD app.conf /etc/app.conf\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\nCMD [\"sh\"]\n",
	"app/compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    cap_drop: [ALL]\n" +
		"    deploy: {resources: {limits: {memory: 256M, cpus: \"0.5\"}}}\n" +
		"    volumes: [\"./données:/data\", \"./😀日本:/x\"]\n",
}

func TestCheckSARIFFixes(t *testing.T) {
	dir := writeTree(t, fixTree)
	log, _, code := checkSARIF(t, dir, "--fail-level", "none")
	if code != 0 {
		t.Errorf("exit %d with --fail-level none", code)
	}
	byRule := map[string][]sarifResOut{}
	for _, r := range log.Runs[0].Results {
		byRule[r.RuleID] = append(byRule[r.RuleID], r)
	}
	if len(byRule["DW105"]) != 1 || len(byRule["DW205"]) != 1 || len(byRule["DW212"]) != 2 || len(log.Runs[0].Results) != 4 {
		t.Fatalf("results %+v; want DW105, DW205 and two DW212", log.Runs[0].Results)
	}
	text := func(path string) string {
		b, err := os.ReadFile(filepath.Join(dir, path))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, tc := range []struct {
		code, path string
		index      int
		safe       bool
		before     string // a line of the file...
		after      string // ...as the first fix leaves it
	}{
		{"DW105", "app/Dockerfile", 0, true, "ADD app.conf /etc/app.conf", "COPY app.conf /etc/app.conf"},
		{"DW205", "app/compose.yaml", 0, true, "  web:", "  web:\n    security_opt: [\"no-new-privileges:true\"]"},
		{"DW212", "app/compose.yaml", 1, false, "\"./😀日本:/x\"", "\"./😀日本:/x:ro\""},
	} {
		r := byRule[tc.code][tc.index]
		if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != tc.path {
			t.Errorf("%s: uri %q, want %q", tc.code, uri, tc.path)
		}
		if len(r.Fixes) == 0 || *r.Fixes[0].Properties.Safe != tc.safe {
			t.Errorf("%s: fixes %+v, want the first with safe=%v", tc.code, r.Fixes, tc.safe)
			continue
		}
		original := text(tc.path)
		fixed := applySARIFFix(t, original, r)
		if want := strings.Replace(original, tc.before, tc.after, 1); fixed != want {
			t.Errorf("%s: SARIF fix gives\n%s\nwant\n%s", tc.code, fixed, want)
		}
	}
	// The region of the second DW212 starts after "😀", one code point
	// but two UTF-16 units: the columns declared are code points.
	reg := byRule["DW212"][1].Locations[0].PhysicalLocation.Region
	line := strings.Split(text("app/compose.yaml"), "\n")[6]
	if want := utf8.RuneCountInString(line[:strings.Index(line, "\"./😀")]) + 1; reg.StartColumn != want {
		t.Errorf("DW212 at column %d, want %d (code points)", reg.StartColumn, want)
	}
	if reg.Snippet == nil || reg.Snippet.Text != "\"./😀日本:/x\"" {
		t.Errorf("DW212 snippet %+v", reg.Snippet)
	}
}

// applySARIFFix applies the replacements of the first fix of r to text,
// reading their regions as 1-based lines and code point columns.
func applySARIFFix(t *testing.T, text string, r sarifResOut) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	offset := func(line, col int) int {
		off := 0
		for _, l := range lines[:line-1] {
			off += len(l)
		}
		for i := 1; i < col; i++ {
			_, size := utf8.DecodeRuneInString(text[off:])
			off += size
		}
		return off
	}
	reps := r.Fixes[0].ArtifactChanges[0].Replacements
	out := text
	for i := len(reps) - 1; i >= 0; i-- { // sorted: apply from the end
		d := reps[i].DeletedRegion
		start, end := offset(d.StartLine, d.StartColumn), offset(d.EndLine, d.EndColumn)
		insert := ""
		if reps[i].InsertedContent != nil {
			insert = reps[i].InsertedContent.Text
		}
		out = out[:start] + insert + out[end:]
	}
	return out
}

func TestCheckSARIFExitCodesAndErrors(t *testing.T) {
	clean := writeTree(t, map[string]string{"Dockerfile": "FROM alpine:3.20\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\n"})
	log, stdout, code := checkSARIF(t, clean)
	if code != 0 || len(log.Runs[0].Results) != 0 || !strings.Contains(stdout, `"results": []`) {
		t.Errorf("clean: exit %d, results %+v; want 0 and an empty list", code, log.Runs[0].Results)
	}
	if inv := log.Runs[0].Invocations[0]; !inv.ExecutionSuccessful {
		t.Errorf("clean: executionSuccessful false")
	}
	// A missing path: exit 2, and the log says why.
	log, _, code = checkSARIF(t, clean, "Dockerfile", "missing")
	if code != 2 {
		t.Errorf("missing path: exit %d, want 2", code)
	}
	inv := log.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 || !strings.Contains(inv.ToolExecutionNotifications[0].Message.Text, "missing") {
		t.Errorf("missing path: invocation %+v", inv)
	}
	// A file outside the working folder is named by an absolute URI.
	other := writeTree(t, map[string]string{"Dockerfile": rootDockerfile})
	log, _, code = checkSARIF(t, clean, filepath.Join(other, "Dockerfile"))
	if code != 1 || len(log.Runs[0].Results) != 1 {
		t.Fatalf("outside: exit %d, results %+v", code, log.Runs[0].Results)
	}
	loc := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if !strings.HasPrefix(loc.URI, "file:///") || !strings.HasSuffix(loc.URI, "/Dockerfile") || loc.URIBaseID != "" {
		t.Errorf("outside: location %+v, want an absolute file URI", loc)
	}
}

// TestSARIFValidator runs Microsoft's SARIF validator on the logs of the
// examples and of fixTree. It needs node and npm (and the npm registry the
// first time), so it runs only with DOCKWARDEN_SARIF_VALIDATE=1, as
// `make sarif-validate` and CI set.
func TestSARIFValidator(t *testing.T) {
	if os.Getenv("DOCKWARDEN_SARIF_VALIDATE") != "1" {
		t.Skip("set DOCKWARDEN_SARIF_VALIDATE=1 (make sarif-validate) to run Microsoft's SARIF validator")
	}
	script, err := filepath.Abs("../../.ci/sarif-validate")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var files []string
	for name, run := range map[string]struct {
		dir  string
		args []string
	}{
		"examples.sarif": {"../..", []string{"examples"}},
		"fixes.sarif":    {writeTree(t, fixTree), nil},
		// The engine's codes, a byte order mark and an escape sequence.
		"engine.sarif": {writeTree(t, map[string]string{
			"bin/Dockerfile": "\x00\x01\x02binary\xff",
			"bom/Dockerfile": "\ufeff" + rootDockerfile,
			"esc/Dockerfile": "FROM \x1b[31mBOGUS\x1b[0m\nUSER app\n",
		}), nil},
	} {
		stdout, stderr, code := runBin(t, run.dir, append([]string{"check", "--format", "sarif"}, run.args...)...)
		if code == 2 {
			t.Fatalf("%s: exit 2: %s", name, stderr)
		}
		path := filepath.Join(out, name)
		if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	cmd := exec.Command(script, files...)
	output, err := cmd.CombinedOutput()
	t.Logf("%s", output)
	if err != nil {
		t.Fatalf("the SARIF validator reports errors or warnings (%v)", err)
	}
}

// A fix that must also write other files (DW215's, which keep the value
// they move) is not in SARIF, whose fixes change the analysed file only:
// applied from there, it would lose the value.
func TestCheckSARIFLeavesOutFixesThatWriteOtherFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{"compose.yaml": "services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: shop\n"})
	log, _, _ := checkSARIF(t, dir, "--fail-level", "none")
	found := false
	for _, r := range log.Runs[0].Results {
		if r.RuleID == "DW215" {
			found = true
			if len(r.Fixes) != 0 {
				t.Errorf("DW215 has SARIF fixes: %+v", r.Fixes)
			}
		}
	}
	if !found {
		t.Fatal("no DW215 result")
	}
}
