package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// ComposeSchema reports what the Compose specification's schema rejects.
var ComposeSchema = &analysis.Rule{
	Code:     "DW003",
	Name:     "compose-schema",
	Kind:     document.Compose,
	Severity: analysis.Error,
	Doc: `Compose file does not match the Compose specification
docker compose validates every file against the Compose specification's JSON
schema and refuses one that does not match: a misspelt key (volumnes), a
value of the wrong type (a port written as true), a key in the wrong place.
The finding sits on the key or value concerned. When an unknown key is one
slip away from exactly one known key, a quick fix renames it. Values written
with ${VAR} interpolation are not judged by type, because their type is only
known once the variable is set. Keys starting with x- are extensions and
always allowed.`,
	Run: runComposeSchema,
}

func runComposeSchema(pass *analysis.Pass) {
	for _, e := range pass.Compose.ValidateSchema() {
		f := analysis.Finding{Span: e.Span, Message: e.Message}
		if e.Suggestion != "" && e.Key != nil && !e.Key.Aliased && pass.Compose.Verbatim(e.Key) {
			f.Fixes = []analysis.Fix{{
				Title: fmt.Sprintf("Rename to %s", e.Suggestion),
				Edits: []document.Edit{{Span: e.Key.Inner, NewText: e.Suggestion}},
			}}
		}
		pass.Report(f)
	}
}
