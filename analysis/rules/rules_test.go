package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/analysistest"
)

// TestArchives runs every rule over its archive testdata/<code>_<name>.txtar.
// A rule without an archive fails: its traps would go untested.
func TestArchives(t *testing.T) {
	for _, rule := range All.Rules() {
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
}
