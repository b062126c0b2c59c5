package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// DefaultBridge is DW218: a service joins Docker's legacy default bridge.
var DefaultBridge = &analysis.Rule{
	Code:           "DW218",
	Name:           "default-bridge",
	Kind:           document.Compose,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `Legacy default bridge (network_mode: bridge)
network_mode: bridge puts the container on docker0, the daemon's default
bridge, instead of the project's own network: every container on the host
that uses it can talk to this one (inter-container communication is on by
default there) and there is no name-based isolation between projects
(guidelines b, c: use user-defined networks).

Only network_mode: bridge (after interpolation, any case) is reported.
Services without networks: are fine: Compose attaches them to the
project's user-defined default network, not to docker0.

Fix: delete network_mode: bridge so the service joins the project network
(and use networks: to separate tiers). The quick fix deletes the line; it
changes which containers can reach the service, so it is never applied by
fix-all. Suppress with # dockwarden:ignore DW218 above the line.`,
	Run: judgeServices(judgeDefaultBridge),
}

func judgeDefaultBridge(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	if s.Value == nil {
		return
	}
	pair := s.Get("network_mode")
	if pair == nil || seen[pair.Value.Span] || !f.ScalarIs(pair.Value, "bridge") {
		return
	}
	seen[pair.Value.Span] = true
	finding := analysis.Finding{
		Span:    pair.Value.Span,
		Message: fmt.Sprintf("service %s: network_mode: bridge is Docker's default bridge; remove it", s.Name),
	}
	if edits, err := f.DeletePair(s, pair); err == nil {
		finding.Fixes = []analysis.Fix{{Title: "Delete network_mode: bridge (join the project network)", Edits: edits}}
	} else {
		finding.Detail = noFixDetail(err.Error())
	}
	pass.Report(finding)
}
