package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// runDockerfile analyses text as a Dockerfile with the rules of reg.
func runDockerfile(reg *analysis.Registry, text string) *analysis.Result {
	return analysis.Run(reg, document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(text)))
}

// onlyFinding returns the one finding of res, failing the test when there
// is none or more.
func onlyFinding(t *testing.T, res *analysis.Result) analysis.Finding {
	t.Helper()
	if len(res.Findings) != 1 {
		t.Fatalf("findings %+v", res.Findings)
	}
	return res.Findings[0]
}

// applyFix returns the text fix makes of the document res analysed; a fix
// whose edits cannot be applied fails the test.
func applyFix(t *testing.T, res *analysis.Result, fix analysis.Fix) []byte {
	t.Helper()
	got, err := document.Apply(res.Doc.Text, fix.Edits)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
