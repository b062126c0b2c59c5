package rules

import (
	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
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

// A runningStage is a stage whose image runs (Pass.BuildStages), as the
// rules that judge one (DW101, DW102, DW112) see it.
type runningStage struct {
	analysis.BuildStage
	name  string              // how messages name it: stageName
	chain []*dockerfile.Stage // the stage and those it is built on (Stage.Chain)
	// report reports a finding unless one was already reported at its
	// place for another running stage (a USER two targets inherit from one
	// parent).
	report func(analysis.Finding)
}

// judgeRunningStages is the Run of a rule that judges each stage whose
// image runs, one at a time.
func judgeRunningStages(judge func(*analysis.Pass, runningStage)) func(*analysis.Pass) {
	return func(pass *analysis.Pass) {
		seen := map[document.Span]bool{}
		report := func(f analysis.Finding) {
			if !seen[f.Span] {
				seen[f.Span] = true
				pass.Report(f)
			}
		}
		for _, bs := range pass.BuildStages() {
			judge(pass, runningStage{BuildStage: bs, name: stageName(pass, bs), chain: bs.Stage.Chain(), report: report})
		}
	}
}
