package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// RuntimeSocketMount is DW201: a container runtime's API socket (or a
// directory holding one) is mounted into a service.
var RuntimeSocketMount = &analysis.Rule{
	Code:     "DW201",
	Name:     "runtime-socket-mount",
	Kind:     document.Compose,
	Severity: analysis.Error,
	Doc: `Container-runtime socket mounted
Mounting /var/run/docker.sock (or the containerd, podman or cri-o socket,
systemd's private socket, the Docker Engine named pipe, or a directory that
holds one of them, such as /var/run, /run or /) hands the container the
runtime's API: it can start a privileged container that mounts the host's
root filesystem, which makes it root on the host (guidelines a, b, c).
Mounting the socket read-only does not help: :ro stops writes to the socket
file, not requests to the API behind it. Only the host side counts; a host
side left to an unresolved variable whose container side is a socket path is
reported as probable (warning).

Fix: remove the mount. Services that need the Docker API (Traefik,
Portainer, watchtower, CI runners) should talk to a filtering socket proxy
that allows only the calls they make. The quick fix deletes the entry (and
the volumes key when it was the only one); it is never applied by fix-all.
Suppress the one legitimate holder, typically the socket proxy itself, with
"# dockwarden:ignore DW201 -- reason" above the entry.`,
	Run: judgeServices(judgeRuntimeSocketMount),
}

func judgeRuntimeSocketMount(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	for _, v := range s.Volumes {
		kind := v.RuntimeSocket()
		span := mountSpan(f, v)
		if kind == compose.NoSocket || seen[span] {
			continue
		}
		seen[span] = true
		finding := analysis.Finding{Span: span}
		ro := ""
		if v.ReadOnly {
			ro = ", :ro is no help"
		}
		switch {
		case kind == compose.ProbableSocket:
			finding.Severity = analysis.Warning
			finding.Message = fmt.Sprintf("service %s mounts a probable runtime socket at %s; remove it%s", s.Name, clip(v.Target, quoteMax), ro)
		case namesRuntimeSocket(v.Host):
			finding.Message = fmt.Sprintf("service %s mounts runtime socket %s; remove it%s", s.Name, hostLabel(v), ro)
		default:
			finding.Message = fmt.Sprintf("service %s mounts %s, which holds the runtime socket; remove it%s", s.Name, hostLabel(v), ro)
		}
		var fixes composeFixes
		fixes.add("Remove the socket mount (breaks services that need the Docker API, such as Traefik, Portainer, watchtower or CI runners; consider a filtering socket proxy)",
			false)(f.DeleteItem(s, v.Item, s.Get("volumes")))
		fixes.notPreferred()
		finding.Fixes, finding.Detail = fixes.fixes, fixes.detail()
		pass.Report(finding)
	}
}

// namesRuntimeSocket reports whether a host path is a socket (or the
// Docker Engine pipe) rather than a directory that holds one.
func namesRuntimeSocket(host string) bool {
	l := strings.ToLower(strings.ReplaceAll(host, `\`, "/"))
	return strings.HasSuffix(l, ".sock") || strings.Contains(l, ".sock/") || strings.Contains(l, "systemd/private") ||
		strings.Contains(l, "//./pipe/")
}

// The helpers below are shared by the service hardening rules DW201-DW210.

// composeFixes collects a finding's fixes. A helper that refuses an edit
// leaves no fix; the first refusal's reason is the finding's Detail when no
// fix could be offered at all, so that hovering it tells the author why
// there is no quick fix (a YAML anchor, a merge key, a multi-line flow
// list).
type composeFixes struct {
	fixes   []analysis.Fix
	refusal string
}

// add returns a function that takes an edit helper's results and records
// the fix titled title, or the refusal:
//
//	fixes.add("Remove ...", false)(f.DeletePair(s, p))
func (c *composeFixes) add(title string, safe bool) func([]document.Edit, error) {
	return func(edits []document.Edit, err error) {
		if err != nil || len(edits) == 0 {
			if err != nil && c.refusal == "" {
				c.refusal = err.Error()
			}
			return
		}
		c.fixes = append(c.fixes, analysis.Fix{Title: title, Edits: edits, Safe: safe})
	}
}

// notPreferred marks every fix recorded so far as one an editor must not
// apply as the preferred fix (the catalogue's "[Q, not preferred]").
func (c *composeFixes) notPreferred() {
	for i := range c.fixes {
		c.fixes[i].NotPreferred = true
	}
}

// detail is the Detail of a finding with these fixes: why there is no
// fix, when none could be offered.
func (c *composeFixes) detail() string {
	if len(c.fixes) == 0 {
		return noFixDetail(c.refusal)
	}
	return ""
}

// joinEdits concatenates the results of several edit helpers into one fix's
// edits, or returns the first refusal.
func joinEdits(parts ...func() ([]document.Edit, error)) ([]document.Edit, error) {
	var all []document.Edit
	for _, part := range parts {
		edits, err := part()
		if err != nil {
			return nil, err
		}
		all = append(all, edits...)
	}
	return all, nil
}

// pairLineSpan is where a finding about a key is reported: the key and,
// when its value is a scalar on the same line, the value too.
func pairLineSpan(f *compose.File, p *compose.Pair) document.Span {
	span := p.Key.Span
	v := p.Value
	if v.IsScalar() && !f.MultiLine(v) && f.LineOf(v.Span.Start) == f.LineOf(span.Start) && v.Span.End > span.End {
		span.End = v.Span.End
	}
	return span
}

// extendsChain returns s followed by the services it extends in this file,
// nearest first (Compose merges an extended service's keys into s). complete
// is false when the chain leaves the file (`extends: {file: ...}`) or names
// a service the file does not define: a key absent from the chain may then
// still be set, so "missing hardening" is unknown.
func extendsChain(f *compose.File, s *compose.Service) (chain []*compose.Service, complete bool) {
	seen := map[*compose.Service]bool{}
	for cur := s; cur != nil && !seen[cur]; {
		seen[cur] = true
		chain = append(chain, cur)
		if cur.Lookup("extends") == nil {
			return chain, true
		}
		name, local := cur.ExtendsLocal()
		if !local {
			return chain, false
		}
		cur = f.Service(name)
		if cur == nil || cur.Value == nil {
			return chain, false
		}
	}
	return chain, true
}

// chainGet returns the first service of chain that sets key, and its pair.
func chainGet(chain []*compose.Service, key string) (*compose.Service, *compose.Pair) {
	for _, s := range chain {
		if p := s.Get(key); p != nil {
			return s, p
		}
	}
	return nil, nil
}

// serviceSpan is where a finding about something a service lacks is
// reported: its name.
func serviceSpan(s *compose.Service) document.Span { return s.Key.Span }
