package rules

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// composeFixRules are DW213-DW222, whose fixes the tests below check.
var composeFixRules = []*analysis.Rule{ImageNotPinned, ComposeRootUser, LiteralComposeSecret, NoResourceLimits,
	PortAllInterfaces, DefaultBridge, HealthcheckDisabled, DockerTCPWithoutTLS, SharedPropagation, LoggingDisabled}

// TestComposeFixesEachAlone applies every fix of DW213-DW222 in their
// archives on its own, as an editor would, and checks the rules.md §4 edit
// mechanics: the result still parses, the finding it fixes is gone, no
// finding of any rule appears that was not there before, and no fix is
// Safe (none of these rules is class [A]).
func TestComposeFixesEachAlone(t *testing.T) {
	checked := 0
	for _, rule := range composeFixRules {
		path := filepath.Join("testdata", rule.Code+"_"+rule.Name+".txtar")
		archive, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range archive.Files {
			if strings.HasSuffix(file.Name, ".golden") {
				continue
			}
			doc := document.New("file:///"+file.Name, 1, document.Compose, file.Data)
			before := analysis.Run(All, doc)
			for _, f := range before.Findings {
				if f.Rule != rule {
					continue
				}
				for _, fix := range f.Fixes {
					if fix.Safe {
						t.Errorf("%s %s: fix %q is Safe, but %s fixes change runtime behaviour", rule.Code, file.Name, fix.Title, rule.Code)
					}
					checkFixAlone(t, rule, file.Name, before, f, fix)
					checked++
				}
			}
		}
	}
	if checked < 40 {
		t.Errorf("only %d fixes checked: the archives lost their fixable cases", checked)
	}
}

func checkFixAlone(t *testing.T, rule *analysis.Rule, name string, before *analysis.Result, f analysis.Finding, fix analysis.Fix) {
	t.Helper()
	line := before.Doc.LineOf(f.Span.Start) + 1
	out, err := document.Apply(before.Doc.Text, fix.Edits)
	if err != nil {
		t.Errorf("%s %s:%d: %q: %v", rule.Code, name, line, fix.Title, err)
		return
	}
	after := analysis.Run(All, document.New("file:///"+name, 2, document.Compose, out))
	counts := func(r *analysis.Result) map[string]int {
		m := map[string]int{}
		for _, f := range r.Findings {
			m[f.Rule.Code]++
		}
		return m
	}
	was, now := counts(before), counts(after)
	if now["DW002"] > 0 {
		t.Errorf("%s %s:%d: %q leaves a file that does not parse:\n%s", rule.Code, name, line, fix.Title, out)
	}
	if now[rule.Code] >= was[rule.Code] {
		t.Errorf("%s %s:%d: %q does not remove the finding:\n%s", rule.Code, name, line, fix.Title, out)
	}
	for code, n := range now {
		if n > was[code] {
			t.Errorf("%s %s:%d: %q adds a %s finding:\n%s", rule.Code, name, line, fix.Title, code, out)
		}
	}
}

// TestComposeFixesCRLF: inserted lines keep a CRLF file CRLF, and edits
// inside lines keep the line ends.
func TestComposeFixesCRLF(t *testing.T) {
	src := strings.ReplaceAll(`services:
  web:
    image: nginx:1.27
    user: root
    network_mode: bridge
    ports:
      - 8080:80
      - target: 443
    volumes:
      - ./mnt:/mnt:ro,rshared
    logging:
      driver: none
    healthcheck:
      disable: true
`, "\n", "\r\n")
	want := strings.ReplaceAll(`services:
  web:
    deploy:
      resources:
        limits:
          memory: 512M
          cpus: "0.50"
    pids_limit: 256
    image: nginx:1.27
    user: "1000:1000"
    ports:
      - "127.0.0.1:8080:80"
      - target: 443
        host_ip: 127.0.0.1
    volumes:
      - ./mnt:/mnt:ro
`, "\n", "\r\n")
	doc := document.New("file:///compose.yaml", 1, document.Compose, []byte(src))
	res := analysis.Run(analysis.NewRegistry(composeFixRules...), doc)
	var edits []document.Edit
	for _, f := range res.Findings {
		if len(f.Fixes) == 0 {
			t.Errorf("%s: no fix: %s", f.Rule.Code, f.Message)
			continue
		}
		edits = append(edits, f.Fixes[0].Edits...)
	}
	got, err := document.Apply(doc.Text, edits)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("fixed text:\n%q\nwant\n%q", got, want)
	}
}
