package rules

import (
	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// MissingUser is DW101 (placeholder, to be implemented).
var MissingUser = &analysis.Rule{
	Code:     "DW101",
	Name:     "missing-user",
	Kind:     document.Dockerfile,
	Severity: analysis.Warning,
	Doc:      "Final image runs as root (no USER)",
	Run:      func(pass *analysis.Pass) {},
}
