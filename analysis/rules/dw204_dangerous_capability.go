package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// DangerousCapability is DW204: cap_add grants a capability outside
// Docker's default set.
var DangerousCapability = &analysis.Rule{
	Code:     "DW204",
	Name:     "dangerous-capability",
	Kind:     document.Compose,
	Severity: analysis.Error,
	Doc: `Dangerous capability added
cap_add grants a Linux capability beyond Docker's default set. ALL,
SYS_ADMIN, SYS_MODULE, SYS_RAWIO, SYS_PTRACE, DAC_READ_SEARCH, BPF and
SYS_BOOT each amount to control of the host kernel or of other processes
and are errors; other non-default capabilities (NET_ADMIN, SYS_TIME,
SYS_RESOURCE, PERFMON, ...) are warnings (guidelines a, b, c: grant the
minimum). Adding back a default capability after cap_drop: [ALL] (CHOWN,
SETUID, NET_BIND_SERVICE, ...) is the recommended pattern and is not
reported. Names are compared case-insensitively, with or without CAP_.

What the errors allow: ALL is every capability, as good as privileged;
SYS_ADMIN allows mounting filesystems, namespace changes and most kernel
administration, the usual container escape; SYS_MODULE loads kernel
modules, that is runs code in the host kernel; SYS_RAWIO gives raw I/O on
host memory and devices; SYS_PTRACE traces and injects code into other
processes, across the container boundary with a host PID namespace;
DAC_READ_SEARCH bypasses file read permissions and allows
open_by_handle_at, a known container escape; BPF loads eBPF programs into
the host kernel; SYS_BOOT reboots the host and loads a new kernel. Any
other capability outside the default set widens what a compromised
process can do to the host.

Fix: remove the capability, or confine the need (a sidecar, a host-side
helper). cap_add ALL gets a quick fix that deletes it (and cap_add when it
becomes empty); other capabilities need a human decision. Suppress with
"# dockwarden:ignore DW204 -- reason" above the entry.`,
	Run: judgeServices(judgeDangerousCapability),
}

// defaultCaps is Docker's default capability set (moby
// oci/caps/defaults.go).
var defaultCaps = map[string]bool{
	"CHOWN": true, "DAC_OVERRIDE": true, "FSETID": true, "FOWNER": true, "MKNOD": true, "NET_RAW": true,
	"SETGID": true, "SETUID": true, "SETFCAP": true, "SETPCAP": true, "NET_BIND_SERVICE": true,
	"SYS_CHROOT": true, "KILL": true, "AUDIT_WRITE": true,
}

// criticalCaps are errors, each with what it allows in a few words (the
// Doc says more).
var criticalCaps = map[string]string{
	"ALL":             "grants every capability, as privileged does",
	"SYS_ADMIN":       "allows mounts and kernel admin",
	"SYS_MODULE":      "loads kernel modules into the host",
	"SYS_RAWIO":       "allows raw I/O on host memory and devices",
	"SYS_PTRACE":      "traces and injects into other processes",
	"DAC_READ_SEARCH": "bypasses read permissions",
	"BPF":             "loads eBPF programs into the host kernel",
	"SYS_BOOT":        "can reboot the host into a new kernel",
}

func judgeDangerousCapability(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	for _, c := range f.Capabilities(s, "cap_add") {
		if c.Unresolved || c.Name == "" || defaultCaps[c.Name] || seen[c.Item.Span] {
			continue
		}
		seen[c.Item.Span] = true
		finding := analysis.Finding{Span: c.Item.Span}
		why, critical := criticalCaps[c.Name]
		if !critical {
			finding.Severity = analysis.Warning
			why = "is outside Docker's default set"
		}
		finding.Message = fmt.Sprintf("service %s: cap_add %s %s; remove it", s.Name, c.Name, why)
		if c.Name == "ALL" {
			var fixes composeFixes
			fixes.add("Remove ALL from cap_add", false)(f.DeleteItem(s, c.Item, s.Get("cap_add")))
			finding.Fixes, finding.Detail = fixes.fixes, fixes.detail()
		}
		pass.Report(finding)
	}
}
