package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// TestMissingUserCorpus checks DW101 against the expectations of the rule
// catalogue's real-world corpus (section 7). A severity of 0 means "fires,
// at the rule's default severity or any"; fire false means it must not.
func TestMissingUserCorpus(t *testing.T) {
	needCorpus(t, corpusRoot)
	cases := []struct {
		row      int
		path     string
		fire     bool
		severity analysis.Severity
	}{
		{3, "awesome-compose/traefik-golang/backend/Dockerfile", true, analysis.Information},
		{8, "awesome-compose/nginx-golang-postgres/backend/Dockerfile", true, analysis.Information},
		{10, "awesome-compose/react-express-mysql/backend/Dockerfile", true, analysis.Warning},
		{11, "awesome-compose/react-express-mysql/frontend/Dockerfile", true, 0},
		{13, "awesome-compose/angular/angular/Dockerfile", true, 0},
		{14, "awesome-compose/sparkjava/sparkjava/Dockerfile", true, 0},
		{15, "awesome-compose/wasmedge-kafka-mysql/etl/Dockerfile", true, analysis.Information},
		{18, "postgres/17/bookworm/Dockerfile", true, analysis.Information},
		{20, "docker/29/dind/Dockerfile", true, analysis.Warning},
		{25, "distroless/examples/go/Dockerfile", true, analysis.Warning},
		{26, "distroless/examples/nodejs/node-express/Dockerfile", true, 0},
		{27, "distroless/examples/python3/Dockerfile", true, 0},
		{28, "compose-lint/Dockerfile", false, 0},
		{33, "all-in-one/Containers/mastercontainer/Dockerfile", false, 0},
		{37, "watchtower/dockerfiles/Dockerfile.self-contained", true, analysis.Information},
		{45, "OrderManagerWithExcelExport/Dockerfile", true, 0},
	}
	reg := analysis.NewRegistry(MissingUser)
	for _, c := range cases {
		res := analyseCorpusFile(t, corpusRoot, c.path, reg)
		doc, text := res.Doc, res.Doc.Text
		if !c.fire {
			for _, f := range res.Findings {
				line, _ := doc.Column(f.Span.Start)
				t.Errorf("row %d %s:%d: unexpected DW101: %s", c.row, c.path, line, f.Message)
			}
			continue
		}
		if len(res.Findings) != 1 {
			t.Errorf("row %d %s: %d DW101 findings, want 1", c.row, c.path, len(res.Findings))
			continue
		}
		f := res.Findings[0]
		if c.severity != 0 && f.Severity != c.severity {
			t.Errorf("row %d %s: severity %s, want %s (%s)", c.row, c.path, f.Severity, c.severity, f.Message)
		}
		// The finding sits on the final stage's FROM line.
		final := res.Dockerfile.Final()
		if f.Span != final.From.FirstLine(doc) {
			t.Errorf("row %d %s: finding at %q, want the final FROM line", c.row, c.path, text[f.Span.Start:f.Span.End])
		}
		// Every offered fix must leave a file in which DW101 is gone.
		for _, fix := range f.Fixes {
			fixed, err := document.Apply(text, fix.Edits)
			if err != nil {
				t.Errorf("row %d: %v", c.row, err)
				continue
			}
			again := analysis.Run(reg, document.New("file:///fixed", 2, document.Dockerfile, fixed))
			if len(again.Findings) != 0 || len(again.Dockerfile.Errors) != 0 {
				t.Errorf("row %d: after %q: %d findings, errors %v", c.row, fix.Title, len(again.Findings), again.Dockerfile.Errors)
			}
		}
	}
}
