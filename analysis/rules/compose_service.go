package rules

import (
	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// judgeServices is the Run of a compose rule that judges each service on
// its own. seen holds the places already reported, shared by all the
// services: services merged from one anchor share its nodes, and a place
// is reported once, for the first service that has it.
func judgeServices(judge func(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool)) func(*analysis.Pass) {
	return func(pass *analysis.Pass) {
		seen := map[document.Span]bool{}
		for _, s := range pass.Compose.Services {
			judge(pass, pass.Compose, s, seen)
		}
	}
}
