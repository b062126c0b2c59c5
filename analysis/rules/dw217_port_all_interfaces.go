package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// PortAllInterfaces is DW217: a port is published on every host interface.
var PortAllInterfaces = &analysis.Rule{
	Code:     "DW217",
	Name:     "port-all-interfaces",
	Kind:     document.Compose,
	Severity: analysis.Information,
	Doc: `Port published on all host interfaces
A port published without a host address ("8080:80", "80") or with 0.0.0.0
or [::] listens on every interface of the host, so anyone who can reach the
host can reach the service. Docker writes its own iptables rules for it,
which host firewalls such as ufw do not see (guideline c: expose only what
must be reachable).

Admin and data ports (SSH 22, the Docker API 2375/2376, databases 3306,
5432, 6379, 9200, 27017, dashboards 3000, 8080, 8443, 9000, 9090-9093,
debuggers 9229, and similar) are warnings, 80 and 443 hints, others
information; the container port decides, or the host port when the
container port is not known. Both syntaxes are read after interpolation:
${EXPOSE_PORT-:2283:2283} is ":2283:2283", an empty address, so every
interface. 127.0.0.1, [::1] and other specific addresses are not reported,
nor is expose: (it publishes nothing), nor an address left to a variable,
nor ports of a service on the host network (Docker ignores them there).

Fix: bind to the loopback interface ("127.0.0.1:8080:80", host_ip:
127.0.0.1 in the long syntax) and put a reverse proxy in front of what must
be public. The quick fix does that; it drops LAN reachability, so it is
never applied by fix-all. Suppress public web ports with
# dockwarden:ignore DW217.`,
	Run: judgeServices(judgePortAllInterfaces),
}

// composeAdminPorts are container ports of administration interfaces, databases,
// caches, message brokers and debuggers, which should not face a network.
var composeAdminPorts = []struct{ lo, hi int }{
	{22, 23}, {135, 135}, {139, 139}, {445, 445}, {1433, 1433}, {1521, 1521},
	{2375, 2376}, {2379, 2380}, {3000, 3000}, {3306, 3306}, {3389, 3389},
	{4243, 4243}, {5432, 5432}, {5601, 5601}, {5672, 5672}, {5900, 5900},
	{5984, 5984}, {6379, 6379}, {6443, 6443}, {7474, 7474}, {7687, 7687},
	{8080, 8080}, {8086, 8086}, {8443, 8443}, {8500, 8500}, {9000, 9000},
	{9042, 9042}, {9090, 9093}, {9200, 9200}, {9229, 9230}, {9300, 9300},
	{9443, 9443}, {10250, 10250}, {11211, 11211}, {15672, 15672},
	{27017, 27019},
}

// composeWebPorts are the ports of public web servers.
var composeWebPorts = map[int]bool{80: true, 443: true}

func judgePortAllInterfaces(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	if s.Value == nil || strings.EqualFold(f.Interpolate(s.Lookup("network_mode").Str()).Value, "host") {
		return
	}
	for _, p := range f.Ports(s) {
		if p.Binding() != compose.BindAll || seen[p.Item.Span] {
			continue
		}
		seen[p.Item.Span] = true
		sev := portExposure(p)
		open := "is open"
		var detail string
		if p.PublishedUnresolved {
			open = "may be open"
			detail = "The host port comes from a variable, and no address is written: probably every interface."
		}
		label := clip(p.Label(), quoteMax)
		var msg string
		switch sev {
		case analysis.Hint:
			msg = fmt.Sprintf("service %s: web port %s %s on all interfaces; bind 127.0.0.1 if private", s.Name, label, open)
		case analysis.Warning:
			msg = fmt.Sprintf("service %s: admin/db port %s %s on all interfaces; bind 127.0.0.1", s.Name, label, open)
		default:
			msg = fmt.Sprintf("service %s: port %s %s on all interfaces; bind 127.0.0.1", s.Name, label, open)
		}
		finding := analysis.Finding{Span: p.Item.Span, Severity: sev, Message: msg}
		if edits, err := loopbackEdits(f, s, p); err == nil {
			finding.Fixes = []analysis.Fix{{Title: "Publish on 127.0.0.1 only (other machines lose access)", Edits: edits}}
		} else {
			detail = joinDetails(detail, noFixDetail(err.Error()))
		}
		finding.Detail = detail
		pass.Report(finding)
	}
}

// portExposure is the severity of publishing p to every interface. The
// container port decides; the host port stands in when the container port
// is unknown.
func portExposure(p *compose.Port) analysis.Severity {
	lo, hi, ok := p.TargetRange()
	if !ok {
		lo, hi, ok = p.PublishedRange()
	}
	if !ok {
		return analysis.Information
	}
	for _, a := range composeAdminPorts {
		if lo <= a.hi && a.lo <= hi {
			return analysis.Warning
		}
	}
	if composeWebPorts[lo] && composeWebPorts[hi] {
		return analysis.Hint
	}
	return analysis.Information
}

// loopbackEdits binds p to 127.0.0.1: the address is prefixed to (or
// replaces the wildcard of) a short entry, which is written double-quoted
// (a plain 22:22 is a YAML 1.1 sexagesimal number); a long entry gets
// host_ip: 127.0.0.1.
func loopbackEdits(f *compose.File, s *compose.Service, p *compose.Port) ([]document.Edit, error) {
	portsPair := s.Get("ports")
	if p.Long {
		if h := p.HostIPPair; h != nil {
			text := "127.0.0.1"
			if h.Value.IsNull() && h.Value.Span.Len() == 0 {
				text = " " + text
			}
			return f.ReplaceScalar(s, h.Value, text, portsPair, h)
		}
		return f.InsertIntoMapping(s, p.Item, []string{"host_ip: 127.0.0.1"}, portsPair)
	}
	if !p.Exact {
		return nil, &compose.Refusal{Reason: "the entry's address comes from an interpolation default"}
	}
	it := p.Item
	base := it.Inner.Start
	raw := p.Raw
	var fixed string
	switch {
	case p.HasHostIP:
		fixed = raw[:p.HostIPSpan.Start-base] + "127.0.0.1" + raw[p.HostIPSpan.End-base:]
	case p.TargetSpan.Start == base:
		// Only a container port: Docker picks the host port.
		fixed = "127.0.0.1::" + raw
	default:
		fixed = "127.0.0.1:" + raw
	}
	if it.Quoted() {
		return f.ReplaceWithin(s, it, 0, len(raw), fixed, portsPair)
	}
	return f.ReplaceScalar(s, it, `"`+fixed+`"`, portsPair)
}
