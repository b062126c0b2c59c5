package rules

import "github.com/dockwarden/dockwarden/analysis"

// InvalidConfiguration is DW005: a problem in a .dockwarden.yaml or in the
// editor settings, which analysis/config finds (config.Code). It is listed
// here so that `dockwarden rules`, hover and RULES.md document it; it has
// no Run.
var InvalidConfiguration = &analysis.Rule{
	Code:     "DW005",
	Name:     "invalid-configuration",
	Severity: analysis.Error,
	Engine:   true,
	Doc: `Invalid configuration
A .dockwarden.yaml (or .dockwarden.yml) has a key, rule code or value that
dockwarden does not know, or is not valid YAML. Nothing in a configuration
is ever ignored silently: a misspelt rule code would otherwise leave a rule
on that the file means to switch off, or the reverse.

dockwarden check prints each problem as path:line:column, skips the files
that configuration governs and exits 2; in the editor the problems are
diagnostics in the configuration file when it is open, and log messages
otherwise, and the valid rest of the file still applies. Fix the file: the
message names the key and the values it accepts, or the key meant when a
key is misspelt. The keys of a .dockwarden.yaml, and of the editor
settings, are rules, ignore, non-root-images, floating-tags,
internal-hosts, fail-level, syntax-diagnostics, rules-url, preset,
include and baseline; the README's Configuration section says what each
takes. DW005 cannot be switched off or suppressed.`,
}
