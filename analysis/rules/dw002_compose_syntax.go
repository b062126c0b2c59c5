package rules

import (
	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// ComposeSyntax reports what the YAML parser could not read.
var ComposeSyntax = &analysis.Rule{
	Code:     "DW002",
	Name:     "compose-syntax",
	Kind:     document.Compose,
	Severity: analysis.Error,
	Doc: `Compose file is not valid YAML
The file cannot be parsed as YAML, so docker compose would refuse it and no
other rule can judge it. Fix the YAML at the reported position.`,
	Run: func(pass *analysis.Pass) {
		for _, e := range pass.Compose.Errors {
			pass.Reportf(e.Span, "%s", e.Message)
		}
	},
}
