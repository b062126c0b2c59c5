// Package rules holds dockwarden's rules, one file per rule, and All, the
// one explicit registry the server and the command line run.
package rules

import "github.com/dockwarden/dockwarden/analysis"

// All is every rule dockwarden knows, in code order.
var All = analysis.NewRegistry(
	DockerfileSyntax,
	ComposeSyntax,
	MissingUser,
	SensitiveBindMount,
	WritableBindMount,
)
