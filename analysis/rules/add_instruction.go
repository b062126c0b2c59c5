package rules

import (
	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
)

// checkAdds is the Run of a rule that judges each ADD (DW105, DW106): an
// ADD of the file at sev, with at the instruction whose variables apply,
// and an ONBUILD ADD trigger at triggerSev, with at nil: it runs in a
// later build, where this file's ARGs do not apply.
func checkAdds(check func(pass *analysis.Pass, add, at *dockerfile.Instruction, sev analysis.Severity), sev, triggerSev analysis.Severity) func(*analysis.Pass) {
	return func(pass *analysis.Pass) {
		for _, in := range pass.Instructions() {
			switch add, onbuild := in.Unwrap(); {
			case add.Keyword != "ADD":
			case onbuild:
				check(pass, add, nil, triggerSev)
			default:
				check(pass, add, in, sev)
			}
		}
	}
}
