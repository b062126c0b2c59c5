package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// An imageExpectation is a rule catalogue §7 expectation about DW112-DW115
// on one corpus Dockerfile: code must be reported exactly count times
// (0: must not fire), each finding's text containing at (when set), at
// severity (when set).
type imageExpectation struct {
	row      int // the row of the corpus table in rules.md section 7; 0 for the DW112 row's own example
	file     string
	code     string
	count    int
	at       string
	severity analysis.Severity
}

var imageExpectations = []imageExpectation{
	// DW112: must fire.
	{8, "awesome-compose/nginx-golang-postgres/backend/Dockerfile", "DW112", 1, "", analysis.Information},
	{11, "awesome-compose/react-express-mysql/frontend/Dockerfile", "DW112", 1, "", 0},
	{13, "awesome-compose/angular/angular/Dockerfile", "DW112", 1, "", 0},
	{14, "awesome-compose/sparkjava/sparkjava/Dockerfile", "DW112", 1, "", 0},
	{15, "awesome-compose/wasmedge-kafka-mysql/etl/Dockerfile", "DW112", 1, "", 0},
	{18, "postgres/17/bookworm/Dockerfile", "DW112", 1, "", 0},
	{20, "docker/29/dind/Dockerfile", "DW112", 1, "", 0},
	{23, "docker-nginx-unprivileged/mainline/alpine-perl/Dockerfile", "DW112", 1, "", 0},
	{25, "distroless/examples/go/Dockerfile", "DW112", 1, "", 0},
	{26, "distroless/examples/nodejs/node-express/Dockerfile", "DW112", 1, "", 0},
	{27, "distroless/examples/python3/Dockerfile", "DW112", 1, "", 0},
	{28, "compose-lint/Dockerfile", "DW112", 1, "", analysis.Information},
	{45, "OrderManagerWithExcelExport/Dockerfile", "DW112", 1, "", 0},
	// DW112: must not fire.
	{10, "awesome-compose/react-express-mysql/backend/Dockerfile", "DW112", 0, "", 0}, // inherited from stage development
	{33, "all-in-one/Containers/mastercontainer/Dockerfile", "DW112", 0, "", 0},
	{37, "watchtower/dockerfiles/Dockerfile.self-contained", "DW112", 0, "", 0}, // exec-form HEALTHCHECK
	{0, "buildkit/hack/dockerfiles/lint.Dockerfile", "DW112", 0, "", 0},         // export-only scratch final stage
	// DW113: 2375 of docker:dind, not 2376; no other port.
	{20, "docker/29/dind/Dockerfile", "DW113", 1, "2375", analysis.Warning},
	{14, "awesome-compose/sparkjava/sparkjava/Dockerfile", "DW113", 0, "", 0},     // EXPOSE 8080
	{26, "distroless/examples/nodejs/node-express/Dockerfile", "DW113", 0, "", 0}, // EXPOSE 3000
	{10, "awesome-compose/react-express-mysql/backend/Dockerfile", "DW113", 0, "", 0},
	// DW114: VOLUME /var/lib/docker is not the socket.
	{20, "docker/29/dind/Dockerfile", "DW114", 0, "", 0},
}

// TestImageRulesCorpus checks DW112-DW115 against the rule catalogue's
// real-world corpus, and that every fix they offer there applies cleanly
// and removes its finding.
func TestImageRulesCorpus(t *testing.T) {
	needCorpus(t, corpusRoot)
	rules := map[string]*analysis.Rule{"DW112": MissingHealthcheck, "DW113": SensitivePort, "DW114": SensitiveVolume}
	for _, e := range imageExpectations {
		res := analyseCorpusFile(t, corpusRoot, e.file, analysis.NewRegistry(rules[e.code]))
		doc, text := res.Doc, res.Doc.Text
		if len(res.Findings) != e.count {
			for _, f := range res.Findings {
				line, _ := doc.Column(f.Span.Start)
				t.Logf("row %d %s:%d: %s %s", e.row, e.file, line, e.code, f.Message)
			}
			t.Errorf("row %d %s: %d %s findings, want %d", e.row, e.file, len(res.Findings), e.code, e.count)
			continue
		}
		for _, f := range res.Findings {
			if e.at != "" && string(text[f.Span.Start:f.Span.End]) != e.at {
				t.Errorf("row %d %s: %s at %q, want %q", e.row, e.file, e.code, text[f.Span.Start:f.Span.End], e.at)
			}
			if e.severity != 0 && f.Severity != e.severity {
				t.Errorf("row %d %s: %s severity %s, want %s", e.row, e.file, e.code, f.Severity, e.severity)
			}
			checkCorpusFixes(t, e, rules[e.code], text, f)
		}
	}
}

// checkCorpusFixes applies each fix of f alone and checks that the file
// still parses and that this finding is gone.
func checkCorpusFixes(t *testing.T, e imageExpectation, rule *analysis.Rule, text []byte, f analysis.Finding) {
	t.Helper()
	for _, fix := range f.Fixes {
		if fix.Safe {
			t.Errorf("row %d: %s fix %q is marked safe; DW112-DW114 fixes change behaviour", e.row, e.code, fix.Title)
		}
		fixed, err := document.Apply(text, fix.Edits)
		if err != nil {
			t.Errorf("row %d: %v", e.row, err)
			continue
		}
		again := analysis.Run(analysis.NewRegistry(rule), document.New("file:///fixed", 2, document.Dockerfile, fixed))
		if len(again.Dockerfile.Errors) != 0 || len(again.Findings) >= e.count {
			t.Errorf("row %d %s: after %q: %d findings, errors %v", e.row, e.file, fix.Title, len(again.Findings), again.Dockerfile.Errors)
		}
	}
}

// TestImageRulesWholeCorpus runs DW112-DW115 (DW115 enabled) over every
// corpus Dockerfile: no panic, and DW115, which §7 does not list, only
// where its rule row says.
func TestImageRulesWholeCorpus(t *testing.T) {
	needCorpus(t, corpusRoot)
	fullOS := *FullOSBase
	fullOS.Off = false
	reg := analysis.NewRegistry(MissingHealthcheck, SensitivePort, SensitiveVolume, &fullOS)
	// DW115: finals on a full OS that copy nothing from a build stage
	// (mysql, elasticsearch, ubuntu under docker-stacks' ARG-named alias,
	// node:lts) are reported; distroless, -slim (postgres and python on
	// debian:bookworm-slim, angular's bullseye-slim) and multi-stage
	// hand-offs (sparkjava's jre stage) are not.
	wantFullOS := map[string]bool{
		"all-in-one/Containers/fulltextsearch/Dockerfile":          true,
		"graph-dijkstra-rest/mysql.dockerfile":                     true,
		"docker-stacks/images/docker-stacks-foundation/Dockerfile": true,
		"OrderManagerWithExcelExport/Dockerfile":                   true,
		"awesome-compose/react-express-mysql/backend/Dockerfile":   true,
		"awesome-compose/angular/angular/Dockerfile":               false,
		"awesome-compose/sparkjava/sparkjava/Dockerfile":           false,
		"distroless/examples/go/Dockerfile":                        false,
		"postgres/17/bookworm/Dockerfile":                          false,
		"python/3.13/slim-bookworm/Dockerfile":                     false,
	}
	seen := 0
	eachCorpusFile(t, corpusRoot, document.Dockerfile, func(rel string, text []byte) {
		seen++
		res := analysis.Run(reg, document.New("file:///"+rel, 1, document.Dockerfile, text))
		if len(res.Panics) > 0 {
			t.Errorf("%s: %v", rel, res.Panics)
		}
		got := false
		for _, f := range res.Findings {
			got = got || f.Rule.Code == "DW115"
		}
		if want, listed := wantFullOS[rel]; listed && got != want {
			t.Errorf("%s: DW115 reported %v, want %v", rel, got, want)
		}
	})
	if seen < 20 {
		t.Errorf("only %d corpus Dockerfiles", seen)
	}
}
