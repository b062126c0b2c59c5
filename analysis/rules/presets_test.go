package rules

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// TestPresetSeverities checks how the presets move a rule's findings: the
// hardening every service lacks is information in recommended and a
// warning in strict, a finding reported below the default moves with it,
// and a severity set for the rule in configuration wins over both.
func TestPresetSeverities(t *testing.T) {
	doc := document.New("file:///w/compose.yaml", 1, document.Compose, []byte(
		"services:\n  web:\n    image: nginx:latest\n  cache:\n    image: redis:alpine\n"))
	severities := func(opts *analysis.Options) string {
		var out []string
		for _, f := range analysis.RunWith(All, doc, opts).Findings {
			if line := doc.LineOf(f.Span.Start) + 1; line <= 3 {
				out = append(out, fmt.Sprintf("%d:%s:%s", line, f.Rule.Code, f.Severity))
			}
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		name string
		opts *analysis.Options
		want string
	}{
		{"default", nil, "2:DW203:information 2:DW205:information 2:DW207:information 2:DW216:information 3:DW213:information"},
		{"recommended", &analysis.Options{Preset: analysis.Recommended}, "2:DW203:information 2:DW205:information 2:DW207:information 2:DW216:information 3:DW213:information"},
		{"strict", &analysis.Options{Preset: analysis.Strict}, "2:DW203:warning 2:DW205:warning 2:DW207:warning 2:DW216:warning 3:DW213:warning"},
		{"strict, DW203 configured", &analysis.Options{Preset: analysis.Strict, Rules: map[string]analysis.RuleConfig{"DW203": {Severity: analysis.Hint}}},
			"2:DW203:hint 2:DW205:warning 2:DW207:warning 2:DW216:warning 3:DW213:warning"},
	} {
		if got := severities(tc.opts); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
	// The floating tag on line 5 is one level below the rule's default in
	// both presets.
	for preset, want := range map[analysis.Preset]analysis.Severity{analysis.Recommended: analysis.Hint, analysis.Strict: analysis.Information} {
		for _, f := range analysis.RunWith(All, doc, &analysis.Options{Preset: preset}).Findings {
			if f.Rule.Code == "DW213" && doc.LineOf(f.Span.Start) == 4 && f.Severity != want {
				t.Errorf("%s: floating tag DW213 at %s, want %s", preset, f.Severity, want)
			}
		}
	}
	for _, r := range All.Rules() {
		if r.StrictSeverity != 0 && !r.StrictSeverity.AtLeast(r.Severity) {
			t.Errorf("%s: strict severity %s is below the recommended %s", r.Code, r.StrictSeverity, r.Severity)
		}
		if r.SeverityIn(analysis.Recommended) != r.Severity {
			t.Errorf("%s: SeverityIn(recommended) = %s", r.Code, r.SeverityIn(analysis.Recommended))
		}
	}
}

// projectsRoot holds small projects written the way most teams write
// them: a web app with a database and a cache, a Django app with Celery,
// a Go service on distroless, WordPress, Traefik with Portainer.
var projectsRoot = filepath.Join("testdata", "projects")

// A ruleFigures counts one rule's findings on one set of files.
type ruleFigures struct {
	findings int
	atLeast  [2]int // findings at warning or above, per preset
	where    map[string]bool
}

// presetFigures analyses every Dockerfile and compose file under root in
// both presets and counts, per rule, the findings, those at warning or
// above, and the compose services (file:service) or Dockerfiles they are
// on; services and dockerfiles are the totals.
func presetFigures(t *testing.T, root string) (figures map[string]*ruleFigures, services, dockerfiles int) {
	t.Helper()
	figures = map[string]*ruleFigures{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !document.Candidate(d.Name()) {
			return err
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		kind := document.DetectKind(path, "", text)
		if kind == document.Unknown {
			return nil
		}
		doc := document.New("file://"+filepath.ToSlash(path), 1, kind, text)
		for i, preset := range []analysis.Preset{analysis.Recommended, analysis.Strict} {
			res := analysis.RunWith(All, doc, &analysis.Options{Preset: preset})
			if i == 0 {
				if res.Compose != nil {
					services += len(res.Compose.Services)
				} else {
					dockerfiles++
				}
			}
			for _, f := range res.Findings {
				fig := figures[f.Rule.Code]
				if fig == nil {
					fig = &ruleFigures{where: map[string]bool{}}
					figures[f.Rule.Code] = fig
				}
				if i == 0 {
					fig.findings++
					fig.where[path+":"+serviceAt(res, f.Span.Start)] = true
				}
				if f.Severity.AtLeast(analysis.Warning) {
					fig.atLeast[i]++
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return figures, services, dockerfiles
}

// serviceAt names the compose service whose text holds off, "" in a
// Dockerfile.
func serviceAt(res *analysis.Result, off int) string {
	if res.Compose == nil {
		return ""
	}
	for _, s := range res.Compose.Services {
		if s.Key.Span.Start <= off && (s.Value == nil || off <= s.Value.Span.End) {
			return s.Name
		}
	}
	return ""
}

// TestPresetFigures measures each rule on the corpus, the newer corpus
// and the projects of testdata/projects, in both presets (go test -run
// TestPresetFigures -v prints the table), and holds the decision they
// back: with the recommended preset the ordinary web app of
// testdata/projects/webapp passes a build that fails on warnings, where
// strict fails it on every service.
func TestPresetFigures(t *testing.T) {
	for _, set := range []struct{ name, root string }{
		{"corpus", corpusRoot},
		{"corpus-fresh", filepath.Join(corpusRoot + "-fresh")},
		{"projects", projectsRoot},
	} {
		if _, err := os.Stat(set.root); err != nil {
			t.Logf("%s: not present", set.name)
			continue
		}
		figures, services, dockerfiles := presetFigures(t, set.root)
		codes := make([]string, 0, len(figures))
		for code := range figures {
			codes = append(codes, code)
		}
		sort.Strings(codes)
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %d compose services, %d Dockerfiles\n", set.name, services, dockerfiles)
		fmt.Fprintf(&b, "| rule | findings | services or Dockerfiles | warning+ recommended | warning+ strict |\n|---|---|---|---|---|\n")
		for _, code := range codes {
			fig := figures[code]
			total := dockerfiles
			if strings.HasPrefix(code, "DW2") {
				total = services
			}
			share := ""
			if total > 0 && code != "DW004" {
				share = fmt.Sprintf(" of %d (%d %%)", total, 100*len(fig.where)/total)
			}
			fmt.Fprintf(&b, "| %s | %d | %d%s | %d | %d |\n", code, fig.findings, len(fig.where), share, fig.atLeast[0], fig.atLeast[1])
			if r := All.Lookup(code); r != nil && r.StrictSeverity != 0 && fig.atLeast[0] > 0 && r.Severity != analysis.Warning {
				t.Errorf("%s: %s reaches warning %d times in the recommended preset", set.name, code, fig.atLeast[0])
			}
		}
		t.Log(b.String())
	}

	webapp, services, _ := presetFigures(t, filepath.Join(projectsRoot, "webapp"))
	strictServices := 0
	for code, fig := range webapp {
		if fig.atLeast[0] > 0 {
			t.Errorf("webapp: %s fails a recommended build %d times", code, fig.atLeast[0])
		}
		if code == "DW203" {
			strictServices = fig.atLeast[1]
		}
	}
	if services != 4 || strictServices != services {
		t.Errorf("webapp: %d services, %d DW203 warnings in strict; want 4 and one per service", services, strictServices)
	}
}
