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
	Syntax:   true,
	Doc: `Compose file is not valid YAML
The file cannot be parsed as YAML, so docker compose would refuse it. Fix
the YAML at the reported position. A service or a top-level section
(networks, volumes, an x- extension, a key being typed) that does not read
is left out and reported here alone; the other services are still judged,
so their findings stay while a key is being typed. Only when the services
cannot be told apart (a tab where they start, an anchor of the broken part
used elsewhere, several YAML documents) is the whole file reported as one
error.`,
	Run: func(pass *analysis.Pass) {
		for _, e := range pass.Compose.Errors {
			pass.Reportf(e.Span, "%s", e.Message)
		}
	},
}
