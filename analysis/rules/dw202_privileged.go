package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// Privileged is DW202: a service runs privileged.
var Privileged = &analysis.Rule{
	Code:     "DW202",
	Name:     "privileged",
	Kind:     document.Compose,
	Severity: analysis.Error,
	Doc: `Privileged container
privileged: true gives the container every capability, every host device,
no seccomp or AppArmor confinement and a writable /sys: a process that
escapes nothing is already root on the host (guidelines b, c; a: keep the
security features on). Grant only what the service needs instead: a device
under devices:, a capability under cap_add:.

Every boolean spelling counts ("true", True, and the YAML 1.1 yes/on, which
Docker Compose reads as true). The quick fix deletes the key, restoring the
default; a second one sets it to false. Neither is applied by fix-all,
since device and cgroup access disappear. Suppress with
"# dockwarden:ignore DW202 -- reason" above the key.`,
	Run: judgeServices(judgePrivileged),
}

func judgePrivileged(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	p := s.Get("privileged")
	if p == nil {
		return
	}
	b, ok := f.Truth(p.Value)
	span := pairLineSpan(f, p)
	if !ok || !b.Value || seen[span] {
		return
	}
	seen[span] = true
	msg := fmt.Sprintf("service %s runs privileged, as root on the host; use devices and cap_add instead", s.Name)
	var fixes composeFixes
	fixes.add("Remove privileged: true (device and cgroup access disappear)", false)(f.DeletePair(s, p))
	fixes.add("Set privileged: false", false)(f.ReplaceScalar(s, p.Value, "false", p))
	detail := fixes.detail()
	if b.YAML11 {
		detail = joinDetails(p.Value.Str()+" is a YAML 1.1 boolean that Docker Compose reads as true.", detail)
	}
	pass.Report(analysis.Finding{Span: span, Message: msg, Detail: detail, Fixes: fixes.fixes})
}

// isPrivileged reports whether a service of chain runs privileged.
func isPrivileged(f *compose.File, chain []*compose.Service) bool {
	if _, p := chainGet(chain, "privileged"); p != nil {
		b, ok := f.Truth(p.Value)
		return ok && b.Value
	}
	return false
}
