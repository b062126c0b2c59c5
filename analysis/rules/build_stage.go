package rules

import (
	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// stageName names, in the messages of DW101, DW102 and DW112, the stage
// whose image runs: "final stage", or, when a compose service builds
// another stage, "stage dev (service web)".
func stageName(pass *analysis.Pass, bs analysis.BuildStage) string {
	st := bs.Stage
	if st == pass.Dockerfile.Final() {
		return "final stage"
	}
	stage := "stage " + clip(st.Name, quoteMax)
	if len(bs.Builders) > 0 {
		stage += " (service " + bs.Builders[0].Service + ")"
	}
	return stage
}

// reportOnce reports f unless a finding was already reported at its place
// for another stage (a USER two targets inherit from one parent).
func reportOnce(pass *analysis.Pass, seen map[document.Span]bool, f analysis.Finding) {
	if seen[f.Span] {
		return
	}
	seen[f.Span] = true
	pass.Report(f)
}
