package analysis

import "strings"

// The suppression comments of other Dockerfile linters that dockwarden
// honours, and the DW rules each of their rule IDs stands for (rule
// catalogue §6). Only hadolint and BuildKit are honoured in the file:
// the other scanners of the catalogue mark suppressions in their own
// configuration, not in comments dockwarden would meet.

// hadolintRules maps hadolint rule codes to the DW rules that report the
// same problem, for `# hadolint ignore=DL3002,DL3020` comments.
var hadolintRules = map[string][]string{
	"DL3002": {"DW102"}, // last USER should not be root
	"DL3004": {"DW111"}, // do not use sudo
	"DL3006": {"DW103"}, // always tag the image explicitly
	"DL3007": {"DW103"}, // using latest is prone to errors
	"DL3020": {"DW105"}, // use COPY instead of ADD for files and folders
	"DL3064": {"DW107"}, // secret-like ARG or ENV
}

// buildkitChecks maps BuildKit build-check names to DW rules, for the
// `# check=skip=SecretsUsedInArgOrEnv` parser directive.
var buildkitChecks = map[string][]string{
	"SecretsUsedInArgOrEnv": {"DW107"},
}

// HadolintEquivalents returns the DW rules a hadolint rule code stands for
// (case-insensitive), or nil.
func HadolintEquivalents(code string) []string {
	return hadolintRules[strings.ToUpper(strings.TrimSpace(code))]
}

// BuildKitEquivalents returns the DW rules a BuildKit check name stands
// for, or nil. BuildKit compares check names case-sensitively, and so does
// this.
func BuildKitEquivalents(check string) []string {
	return buildkitChecks[check]
}
