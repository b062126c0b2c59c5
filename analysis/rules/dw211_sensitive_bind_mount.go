package rules

import (
	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// SensitiveBindMount is DW211 (placeholder, to be implemented).
var SensitiveBindMount = &analysis.Rule{
	Code:     "DW211",
	Name:     "sensitive-bind-mount",
	Kind:     document.Compose,
	Severity: analysis.Error,
	Doc:      "Sensitive host path bind-mounted",
	Run:      func(pass *analysis.Pass) {},
}

// WritableBindMount is DW212 (placeholder, to be implemented).
var WritableBindMount = &analysis.Rule{
	Code:     "DW212",
	Name:     "writable-bind-mount",
	Kind:     document.Compose,
	Severity: analysis.Hint,
	Doc:      "Bind mount is writable",
	Run:      func(pass *analysis.Pass) {},
}
