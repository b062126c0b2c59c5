package rules

import (
	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// stageWords name, in the messages of DW101, DW102 and DW112, the stage
// whose image runs: "the final stage" and "the final image", or, when a
// compose service builds another stage, "stage dev, which compose service
// web builds," and "the image of stage dev, which ...".
func stageWords(pass *analysis.Pass, bs analysis.BuildStage) (stage, image string) {
	st := bs.Stage
	if st == pass.Dockerfile.Final() {
		return "the final stage", "the final image"
	}
	stage = "stage " + st.Name
	if len(bs.Builders) > 0 {
		stage += ", which compose service " + bs.Builders[0].Service + " builds,"
	}
	return stage, "the image of " + stage
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
