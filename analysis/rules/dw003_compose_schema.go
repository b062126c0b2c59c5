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
schema (the one compose-go embeds) and refuses a file that does not match, so
none of the settings the security rules look for takes effect: a misspelt key
(volumnes), a value of the wrong type (a port written as true), a key in the
wrong place. The finding sits on the key or value concerned. When an unknown
key is a slip away from exactly one key the specification knows at that
place, a quick fix renames it; check that the renamed setting is what you
meant, since it then takes effect.

The schema lets a string stand wherever a boolean or a number may, for
${VAR} interpolation; docker compose then reads the string, and refuses the
file when it is no boolean (true, false, yes, no, on, off, y, n, in any
case) or no number: privileged: maybe, read_only: yes please, retries:
three. Such values are reported with what is accepted, and a fix when
exactly one accepted value is a slip away (ture becomes true). So is a
restart policy Docker Engine refuses when compose creates the container
(restart: sometimes, always:3; deploy.restart_policy.condition other than
none, on-failure or any): docker compose config accepts those, docker
compose up fails. Values written with ${VAR} interpolation
are not judged by type, because their type is only known once the variable
is set; keys starting with x- are extensions and always allowed; an error
inside an anchor is reported once, where the anchor is written. Suppressing
(# dockwarden:ignore DW003 above the key) hides the finding, not the error:
docker compose still refuses the file.`,
	Run: runComposeSchema,
}

func runComposeSchema(pass *analysis.Pass) {
	for _, e := range pass.Compose.ValidateSchema() {
		f := analysis.Finding{Span: e.Span, Message: e.Message}
		// A key inside an anchor or brought in by a merge key is shared:
		// renaming it would change every place that uses it (rules.md §4).
		if e.Suggestion != "" && !e.Taken && !e.Shared && e.Key != nil && pass.Compose.Verbatim(e.Key) {
			f.Fixes = []analysis.Fix{{
				Title: fmt.Sprintf("Rename %s to %s", e.Key.Node.Value, e.Suggestion),
				Edits: []document.Edit{{Span: e.Key.Inner, NewText: e.Suggestion}},
			}}
		}
		pass.Report(f)
	}
	for _, e := range pass.Compose.ValidateValues() {
		f := analysis.Finding{Span: e.Span, Message: e.Message}
		if e.Replacement != "" && !e.Value.Aliased && e.Value.Node.Anchor == "" && pass.Compose.Verbatim(e.Value) {
			f.Fixes = []analysis.Fix{{
				Title: fmt.Sprintf("Replace %s with %s", e.Value.Str(), e.Replacement),
				Edits: []document.Edit{{Span: e.Value.Inner, NewText: e.Replacement}},
			}}
		}
		pass.Report(f)
	}
}
