package rules

import (
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// reportStage reports a finding of DW101, DW102 or DW112 about the image
// of bs. When a compose service builds a stage other than the last, the
// message names that stage. A place already reported for another stage
// (a USER two targets inherit from one parent) is reported once.
func reportStage(pass *analysis.Pass, bs analysis.BuildStage, seen map[document.Span]bool, f analysis.Finding) {
	if seen[f.Span] {
		return
	}
	seen[f.Span] = true
	if st := bs.Stage; st != pass.Dockerfile.Final() {
		name := "stage " + st.Name
		if len(bs.Builders) > 0 {
			name += ", which compose service " + bs.Builders[0].Service + " builds,"
		}
		f.Message = strings.Replace(f.Message, "the final stage", name, 1)
		f.Message = strings.Replace(f.Message, "the final image", "the image of "+name, 1)
	}
	pass.Report(f)
}
