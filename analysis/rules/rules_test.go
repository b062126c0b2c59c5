package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/analysistest"
	"github.com/dockwarden/dockwarden/analysis/config"
)

// TestArchives runs every rule over its archive testdata/<code>_<name>.txtar.
// A rule without an archive fails: its traps would go untested.
func TestArchives(t *testing.T) {
	for _, rule := range All.Rules() {
		if rule.Engine {
			continue // not a rule's finding: see analysis/limits_test.go and analysis/config
		}
		t.Run(rule.Code, func(t *testing.T) {
			path := filepath.Join("testdata", rule.Code+"_"+rule.Name+".txtar")
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("rule %s has no archive: %v", rule.Code, err)
			}
			analysistest.Run(t, rule, path)
		})
	}
}

// TestDocs checks what hover, `dockwarden rules` and the rules page read
// from each rule.
func TestDocs(t *testing.T) {
	for _, rule := range All.Rules() {
		if !strings.HasPrefix(rule.Code, "DW") || len(rule.Code) != 5 {
			t.Errorf("%s: code must be DW and three digits", rule.Code)
		}
		if rule.Name != strings.ToLower(rule.Name) || strings.Contains(rule.Name, " ") {
			t.Errorf("%s: name %q must be kebab case", rule.Code, rule.Name)
		}
		title := rule.Title()
		if title == "" || strings.HasSuffix(title, ".") {
			t.Errorf("%s: title %q must be present and not end in a period", rule.Code, title)
		}
		if !strings.Contains(rule.Doc, "\n") {
			t.Errorf("%s: doc has a title only; say why it matters and how to fix it", rule.Code)
		}
	}
	// Every code a finding or a diagnostic can carry is listed, DW005 to
	// DW007 included, so that `dockwarden rules` and RULES.md name them.
	for _, code := range []string{config.Code, analysis.FileTooLarge.Code, analysis.NotText.Code} {
		if All.Lookup(code) == nil {
			t.Errorf("%s is not in the registry", code)
		}
	}
}
