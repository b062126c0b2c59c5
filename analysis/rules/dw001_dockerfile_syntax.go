package rules

import (
	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// DockerfileSyntax reports what the Dockerfile parser could not read.
var DockerfileSyntax = &analysis.Rule{
	Code:     "DW001",
	Name:     "dockerfile-syntax",
	Kind:     document.Dockerfile,
	Severity: analysis.Error,
	Doc: `Dockerfile syntax error
The file cannot be parsed the way BuildKit parses it, so docker build would
reject it and no other rule can judge it reliably. Fix the syntax at the
reported line; the message is the parser's own.`,
	Run: func(pass *analysis.Pass) {
		for _, e := range pass.Dockerfile.Errors {
			pass.Reportf(e.Span, "%s", e.Message)
		}
	},
}
