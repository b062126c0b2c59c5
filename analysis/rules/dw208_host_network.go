package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// HostNetwork is DW208: a service shares the host's network namespace.
var HostNetwork = &analysis.Rule{
	Code:     "DW208",
	Name:     "host-network",
	Kind:     document.Compose,
	Severity: analysis.Warning,
	Doc: `Host network namespace
network_mode: host puts the container in the host's network stack: it can
bind any host port, reach services listening on the host's loopback
(databases, the Docker API on tcp://127.0.0.1:2375, cloud metadata
proxies) and, with NET_RAW or NET_ADMIN, sniff or reconfigure host
interfaces; port isolation and network policies no longer apply
(guidelines a, b, c). service:x, container:x and none are fine.

The quick fix deletes the line: the service moves to the project network and
must publish the ports it serves explicitly, so it is offered on demand only,
never by fix-all. Suppress with "# dockwarden:ignore DW208 -- reason" above
the key (monitoring agents such as node-exporter are typical).`,
	Run: judgeServices(judgeHostNetwork),
}

func judgeHostNetwork(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	p, span := newHostMode(f, s, "network_mode", seen)
	if p == nil {
		return
	}
	var fixes composeFixes
	fixes.add("Remove network_mode: host (publish the ports the service needs instead)", false)(f.DeletePair(s, p))
	msg := fmt.Sprintf("service %s shares the host's network, loopback included; publish its ports instead", s.Name)
	fixes.notPreferred()
	pass.Report(analysis.Finding{Span: span, Message: msg, Detail: fixes.detail(), Fixes: fixes.fixes})
}
