package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
)

// jsonReport is what `check --format json` writes, read back.
type jsonReport struct {
	Findings []jsonFinding       `json:"findings"`
	Rules    map[string]jsonRule `json:"rules"`
}

func writeJSON(t *testing.T, files ...*File) jsonReport {
	t.Helper()
	var buf bytes.Buffer
	w, err := New("json", &buf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := w.File(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(&Summary{}); err != nil {
		t.Fatal(err)
	}
	var out jsonReport
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("%v:\n%s", err, buf.String())
	}
	return out
}

// TestJSONRules: the JSON report describes every rule that reported a
// finding, and only those, with the documentation SARIF gives it, and a
// finding's detail goes with it.
func TestJSONRules(t *testing.T) {
	dw101, dw202 := rules.All.Lookup("DW101"), rules.All.Lookup("DW202")
	if dw101 == nil || dw202 == nil {
		t.Fatal("DW101 or DW202 is not a rule")
	}
	files := []*File{
		{Path: "Dockerfile", Kind: document.Dockerfile, Findings: []Finding{{Rule: dw101, Severity: analysis.Warning, Message: "m1", Detail: "why no fix"}}},
		{Path: "compose.yaml", Kind: document.Compose, Findings: []Finding{{Rule: dw202, Severity: analysis.Error, Message: "m2"}, {Rule: dw202, Severity: analysis.Error, Message: "m3"}}},
	}
	out := writeJSON(t, files...)
	if len(out.Findings) != 3 || out.Findings[0].Detail != "why no fix" || out.Findings[1].Detail != "" {
		t.Errorf("findings: %+v", out.Findings)
	}
	var codes []string
	for code := range out.Rules {
		codes = append(codes, code)
	}
	if len(codes) != 2 || out.Rules["DW101"].Name != dw101.Name || out.Rules["DW202"].Name != dw202.Name {
		t.Fatalf("rules: %v", codes)
	}
	title, full, help := describe(dw202)
	want := jsonRule{Name: dw202.Name, Title: title, Description: full, Help: help, HelpURI: RuleURL(dw202)}
	if got := out.Rules["DW202"]; !reflect.DeepEqual(got, want) {
		t.Errorf("DW202: %+v\nwant %+v", got, want)
	}
	if full == title || len(help) <= len(full) {
		t.Errorf("DW202's description is its title or its help is no longer: %q, %q", full, help)
	}
	if empty := writeJSON(t); len(empty.Findings) != 0 || empty.Rules == nil || len(empty.Rules) != 0 {
		t.Errorf("no findings: %+v", empty)
	}
}
