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
	Syntax:   true,
	Doc: `Dockerfile syntax error
The file cannot be parsed the way BuildKit parses it, so docker build would
reject it. Fix the syntax at the reported line; the message is the
parser's own. Each instruction is read on its own, so an error in one (an
instruction being typed, a missing argument) hides nothing the rules find
in the others; an unclosed JSON array is no error, since BuildKit reads it
as shell form. The exception is a heredoc without its closing line:
BuildKit reads every line after it as its body, so those lines are not
judged as instructions until the heredoc is closed, and the message says
so.`,
	Run: func(pass *analysis.Pass) {
		for _, e := range pass.Dockerfile.Errors {
			pass.Reportf(e.Span, "%s", e.Message)
		}
	},
}
