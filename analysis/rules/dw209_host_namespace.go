package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// HostNamespace is DW209: a service shares the host's PID, IPC, user, UTS
// or cgroup namespace.
var HostNamespace = &analysis.Rule{
	Code:     "DW209",
	Name:     "host-namespace",
	Kind:     document.Compose,
	Severity: analysis.Warning,
	Doc: `Host PID / IPC / user / UTS / cgroup namespace
Namespaces are what isolate a container. pid: host lets it see and signal
every host process (and, with SYS_PTRACE, read their memory); ipc: host
shares the host's shared memory and semaphores; userns_mode: host opts out
of the daemon's user-namespace remapping, so root in the container is root
on the host (guideline a: use user namespaces). These are warnings. uts:
host (the hostname) and cgroup: host (the cgroup view) leak less and are
information.

The quick fix deletes the key, restoring a private namespace; it is not
applied by fix-all, since monitoring and debugging tools rely on the host
namespace. Suppress with "# dockwarden:ignore DW209 -- reason" above the
key.`,
	Run: judgeServices(judgeHostNamespace),
}

// hostNamespaces are the keys DW209 checks, with what sharing the host's
// namespace exposes and how serious it is.
var hostNamespaces = []struct {
	key      string
	severity analysis.Severity
	why      string
}{
	{"pid", analysis.Warning, "sees and can signal every host process"},
	{"ipc", analysis.Warning, "shares the host's shared memory and semaphores"},
	{"userns_mode", analysis.Warning, "makes root in the container root on the host"},
	{"uts", analysis.Information, "shares the host's hostname and can change it"},
	{"cgroup", analysis.Information, "sees the host's cgroup hierarchy"},
}

func judgeHostNamespace(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	for _, ns := range hostNamespaces {
		p, span := newHostMode(f, s, ns.key, seen)
		if p == nil {
			continue
		}
		var fixes composeFixes
		fixes.add(fmt.Sprintf("Remove %s: host", ns.key), false)(f.DeletePair(s, p))
		msg := fmt.Sprintf("service %s: %s: host %s; remove it", s.Name, ns.key, ns.why)
		pass.Report(analysis.Finding{Span: span, Severity: ns.severity, Message: msg, Detail: fixes.detail(), Fixes: fixes.fixes})
	}
}
