package rules

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// dockerfileExpectations say that code must (or must not) be reported in
// file: on a line containing text, or anywhere when text is "". A non-zero
// severity is the severity every finding of the code in the file must
// have. A finding hidden by a suppression comment in the file (the
// corpus's own `# hadolint ignore=DL3002`) still counts as fired.
var dockerfileExpectations = []corpusExpectation{
	{3, "awesome-compose/traefik-golang/backend/Dockerfile", "DW102", "", false, 0},
	{3, "awesome-compose/traefik-golang/backend/Dockerfile", "DW103", "", false, 0},
	{8, "awesome-compose/nginx-golang-postgres/backend/Dockerfile", "DW102", "", false, 0},
	{8, "awesome-compose/nginx-golang-postgres/backend/Dockerfile", "DW103", "", false, 0},
	{8, "awesome-compose/nginx-golang-postgres/backend/Dockerfile", "DW105", "", false, 0},
	{10, "awesome-compose/react-express-mysql/backend/Dockerfile", "DW103", "node:lts", true, analysis.Hint},
	{11, "awesome-compose/react-express-mysql/frontend/Dockerfile", "DW103", "node:lts", true, analysis.Hint},
	{11, "awesome-compose/react-express-mysql/frontend/Dockerfile", "DW102", "", false, 0},
	{13, "awesome-compose/angular/angular/Dockerfile", "DW103", "", false, 0},
	{14, "awesome-compose/sparkjava/sparkjava/Dockerfile", "DW103", "", false, 0},
	{15, "awesome-compose/wasmedge-kafka-mysql/etl/Dockerfile", "DW103", "", false, 0},
	{23, "docker-nginx-unprivileged/mainline/alpine-perl/Dockerfile", "DW102", "", false, 0},
	{23, "docker-nginx-unprivileged/mainline/alpine-perl/Dockerfile", "DW103", "", false, 0},
	{25, "distroless/examples/go/Dockerfile", "DW103", "gcr.io/distroless/static-debian12", true, analysis.Information},
	{25, "distroless/examples/go/Dockerfile", "DW103", "golang:1.22", false, 0},
	{26, "distroless/examples/nodejs/node-express/Dockerfile", "DW105", "ADD . /app", true, analysis.Information},
	{26, "distroless/examples/nodejs/node-express/Dockerfile", "DW103", "gcr.io/distroless/nodejs22-debian13", true, 0},
	{26, "distroless/examples/nodejs/node-express/Dockerfile", "DW103", "node:22", false, 0},
	{27, "distroless/examples/python3/Dockerfile", "DW103", "gcr.io/distroless/python3", true, 0},
	{28, "compose-lint/Dockerfile", "DW102", "", false, 0},
	{28, "compose-lint/Dockerfile", "DW103", "", false, 0},
	{28, "compose-lint/Dockerfile", "DW104", "", false, 0},
	{33, "all-in-one/Containers/mastercontainer/Dockerfile", "DW102", "USER root", true, analysis.Error},
	{33, "all-in-one/Containers/mastercontainer/Dockerfile", "DW103", "", false, 0},
	{37, "watchtower/dockerfiles/Dockerfile.self-contained", "DW103", "golang:alpine", true, analysis.Hint},
	{45, "OrderManagerWithExcelExport/Dockerfile", "DW103", "", false, 0},
}

// dockerfileRules are the rules this file checks, each enabled (DW104
// ships off).
func dockerfileRules() map[string]*analysis.Rule {
	out := map[string]*analysis.Rule{}
	for _, r := range []*analysis.Rule{RootUser, UnpinnedBaseImage, BaseImageDigest, AddInsteadOfCopy, AddRemoteUnpinned} {
		on := *r
		on.Off = false
		out[r.Code] = &on
	}
	return out
}

// TestDockerfileCorpus checks DW102-DW106 against the expectations of the
// rule catalogue's real-world corpus (section 7).
func TestDockerfileCorpus(t *testing.T) {
	needCorpus(t, corpusRoot)
	rules := dockerfileRules()
	for _, e := range dockerfileExpectations {
		text := readCorpusFile(t, corpusRoot, e.file)
		rule := rules[e.code]
		// Suppression only hides findings: analyse without comments to see
		// them all.
		unsuppressed := analysis.Run(analysis.NewRegistry(rule), document.New("file:///"+e.file, 1, document.Dockerfile, withoutComments(text)))
		if len(unsuppressed.Panics) > 0 {
			t.Fatalf("row %d: %v", e.row, unsuppressed.Panics)
		}
		matched := 0
		for _, f := range unsuppressed.Findings {
			line := lineAt(unsuppressed.Doc, f.Span.Start)
			if e.severity != 0 && f.Severity != e.severity {
				t.Errorf("row %d %s: %s at %q has severity %s, want %s", e.row, e.file, e.code, line, f.Severity, e.severity)
			}
			if e.text == "" || strings.Contains(line, e.text) {
				matched++
				if !e.fire {
					t.Errorf("row %d %s: unexpected %s at %q: %s", e.row, e.file, e.code, line, f.Message)
				}
			}
		}
		if e.fire && matched == 0 {
			t.Errorf("row %d %s: no %s on a line with %q", e.row, e.file, e.code, e.text)
		}
	}
}

// TestDockerfileCorpusAddFix: the corpus's ADD . /app (row 26) gets the
// safe COPY fix, which leaves a file without the finding.
func TestDockerfileCorpusAddFix(t *testing.T) {
	needCorpus(t, corpusRoot)
	reg := analysis.NewRegistry(AddInsteadOfCopy)
	res := analyseCorpusFile(t, corpusRoot, "distroless/examples/nodejs/node-express/Dockerfile", reg)
	text := res.Doc.Text
	if len(res.Findings) != 1 || len(res.Findings[0].Fixes) != 1 || !res.Findings[0].Fixes[0].Safe {
		t.Fatalf("want one DW105 with one safe fix, got %+v", res.Findings)
	}
	fixed, err := document.Apply(text, res.Findings[0].Fixes[0].Edits)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(fixed, []byte("\nCOPY . /app\n")) {
		t.Errorf("fixed file lacks COPY . /app:\n%s", fixed)
	}
	if again := analysis.Run(reg, document.New("file:///fixed", 2, document.Dockerfile, fixed)); len(again.Findings) != 0 {
		t.Errorf("DW105 remains after the fix: %s", again.Findings[0].Message)
	}
}

// TestDockerfileCorpusNoPanics runs DW102-DW106 over every Dockerfile of
// the corpus: none may panic, and every fix must apply, leave a file that
// parses and remove its finding.
func TestDockerfileCorpusNoPanics(t *testing.T) {
	needCorpus(t, corpusRoot)
	var list []*analysis.Rule
	for _, r := range dockerfileRules() {
		list = append(list, r)
	}
	checkDockerfileFixes(t, corpusRoot, analysis.NewRegistry(list...))
}

// withoutComments blanks every comment line that is not a parser
// directive, keeping offsets and line numbers, so that no suppression
// comment applies.
func withoutComments(text []byte) []byte {
	out := bytes.Clone(text)
	lines := bytes.SplitAfter(out, []byte("\n"))
	off := 0
	directives := true
	for _, l := range lines {
		trimmed := bytes.TrimSpace(l)
		isComment := len(trimmed) > 0 && trimmed[0] == '#'
		if directives && !(isComment && bytes.Contains(trimmed, []byte("="))) {
			directives = false
		}
		if isComment && !directives {
			for i := off; i < off+len(l); i++ {
				if out[i] != '\n' && out[i] != '\r' {
					out[i] = ' '
				}
			}
		}
		off += len(l)
	}
	return out
}

// lineAt returns the text of the line holding off.
func lineAt(doc *document.Document, off int) string {
	return string(doc.Line(doc.LineOf(off)))
}
