package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// SensitiveBindMount is DW211: a host system path is bind-mounted.
var SensitiveBindMount = &analysis.Rule{
	Code:     "DW211",
	Name:     "sensitive-bind-mount",
	Kind:     document.Compose,
	Severity: analysis.Error,
	Doc: `Sensitive host path bind-mounted
A bind mount of a host system path (/, /etc, /proc, /sys, /dev, /root,
/var/lib/docker, /etc/ssh, /etc/shadow, /lib/modules, /usr/src, ...) lets
the container read host secrets and kernel state and, when writable,
change the host itself: a compromised process rewrites /etc/passwd,
installs a cron job or a kernel module, or plants code in the kernel
sources and headers of /usr/src that the host builds its modules from. Mount only the files the service needs, read-only. Writable mounts
are errors and get a quick fix that adds :ro (or read_only: true); read-only
mounts are warnings (information for /etc/passwd, /etc/group and /etc/hosts).
/etc/localtime and /etc/timezone mounted read-only are fine. Runtime socket
mounts are left to DW201.`,
	Run: judgeServices(judgeSensitiveBindMount),
}

// sensitiveEqual are host paths sensitive as a whole; a path below one of
// them is not (an app directory such as /etc/pihole or /usr/share/appdata
// is ordinary data, which DW212 covers).
var sensitiveEqual = map[string]bool{
	"/": true, "/etc": true, "/proc": true, "/sys": true, "/dev": true, "/boot": true, "/root": true,
	"/home": true, "/var": true, "/var/lib": true, "/var/log": true, "/usr": true, "/usr/bin": true,
	"/usr/sbin": true, "/usr/lib": true, "/usr/local/bin": true, "/lib": true, "/lib64": true,
	"/bin": true, "/sbin": true, "/etc/shadow": true, "/etc/gshadow": true, "/etc/sudoers": true,
	"/etc/passwd": true, "/etc/group": true, "/etc/crontab": true, "/etc/hosts": true,
	// Harmless read-only, a way to reset the host's clock zone writable.
	"/etc/localtime": true, "/etc/timezone": true,
}

// sensitiveUnder are host trees in which every path is sensitive.
var sensitiveUnder = []string{
	"/proc", "/sys", "/dev", "/boot", "/root", "/var/lib/docker", "/var/lib/containerd",
	"/var/lib/kubelet", "/etc/ssh", "/etc/sudoers.d", "/etc/kubernetes", "/etc/docker",
	"/etc/systemd", "/etc/cron.d", "/lib/modules",
	// Kernel sources and headers: the host builds kernel modules from
	// them (DKMS), so a writable mount lets a container plant code that
	// the host later loads into its kernel.
	"/usr/src",
}

// readOnlyExempt are sensitive only when writable.
var readOnlyExempt = map[string]bool{"/etc/localtime": true, "/etc/timezone": true}

// readOnlyInfo are world-readable on the host anyway: a read-only mount
// discloses little.
var readOnlyInfo = map[string]bool{"/etc/passwd": true, "/etc/group": true, "/etc/hosts": true}

// sensitiveMount returns the severity DW211 gives v, or 0 when v is not a
// DW211 finding. Mounts DW201 reports (runtime sockets and their
// ancestors, `/` included) are not.
func sensitiveMount(v *compose.Volume) analysis.Severity {
	if v.Type != compose.MountBind || v.Invalid || v.Interp.Unresolved || v.RuntimeSocket() != compose.NoSocket {
		return 0
	}
	host := v.Host
	if !strings.HasPrefix(host, "/") {
		return 0
	}
	hit := sensitiveEqual[host]
	for _, dir := range sensitiveUnder {
		if host == dir || strings.HasPrefix(host, dir+"/") {
			hit = true
		}
	}
	switch {
	case !hit:
		return 0
	case !v.ReadOnly:
		return analysis.Error
	case readOnlyExempt[host]:
		return 0
	case readOnlyInfo[host]:
		return analysis.Information
	}
	return analysis.Warning
}

func judgeSensitiveBindMount(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	for _, v := range s.Volumes {
		sev := sensitiveMount(v)
		span := mountSpan(f, v)
		if sev == 0 || seen[span] {
			continue
		}
		seen[span] = true
		finding := analysis.Finding{Span: span, Severity: sev}
		if sev == analysis.Error {
			finding.Message = fmt.Sprintf("service %s mounts sensitive %s writable; add :ro or remove it", s.Name, clip(v.Host, quoteMax))
			finding.Fixes, finding.Detail = readOnlyFixes(f, v)
		} else {
			finding.Message = fmt.Sprintf("service %s mounts sensitive %s read-only; remove it if you can", s.Name, clip(v.Host, quoteMax))
		}
		pass.Report(finding)
	}
}

// mountSpan is where a mount finding is reported: the scalar of a short
// entry, the first key (and its value on that line) of a long one, or the
// whole flow mapping when it fits on one line.
func mountSpan(f *compose.File, v *compose.Volume) document.Span {
	it := v.Item
	if !v.Long || it.Flow() && !f.MultiLine(it) {
		return it.Span
	}
	pairs := it.Pairs()
	if len(pairs) == 0 {
		return it.Span
	}
	first := pairs[0]
	for _, p := range pairs {
		if !p.Merged {
			first = p
			break
		}
	}
	span := first.Key.Span
	if first.Value.IsScalar() && !f.MultiLine(first.Value) && f.LineOf(first.Value.Span.End) == f.LineOf(span.Start) && first.Value.Span.End > span.End {
		span.End = first.Value.Span.End
	}
	return span
}

// readOnlyFixes returns the fix that makes a bind mount read-only, shared by
// DW211 and DW212 (class [Q]: never applied by fix-all, since a service may
// need to write there). When the entry cannot be edited safely (it came
// through an anchor, alias or merge key, or its text has escapes or spans
// lines) there is no fix, and detail, the finding's Detail, says why.
func readOnlyFixes(f *compose.File, v *compose.Volume) (fixes []analysis.Fix, detail string) {
	edits, why := readOnlyEdits(f, v)
	if edits == nil {
		return nil, noFixDetail(why)
	}
	return []analysis.Fix{{Title: "Add :ro to the bind mount", Edits: edits}}, ""
}

func readOnlyEdits(f *compose.File, v *compose.Volume) ([]document.Edit, string) {
	it := v.Item
	if it.Aliased {
		return nil, "no automatic fix: the entry is shared through a YAML anchor"
	}
	insert := func(at int, text string) []document.Edit {
		return []document.Edit{{Span: document.Span{Start: at, End: at}, NewText: text}}
	}
	if !v.Long {
		if !v.Exact || f.MultiLine(it) {
			return nil, ""
		}
		for i, opt := range v.Options {
			if opt == "rw" {
				return []document.Edit{{Span: v.OptionSpans[i], NewText: "ro"}}, ""
			}
		}
		switch {
		case len(v.Options) > 0 && v.ModeSpan.Len() > 0:
			return insert(v.ModeSpan.Start, "ro,"), ""
		case len(v.Options) > 0: // `SRC:DST:` with an empty mode
			return insert(v.ModeSpan.Start, "ro"), ""
		}
		return insert(it.Inner.End, ":ro"), ""
	}
	for _, p := range it.Pairs() {
		if p.Merged {
			return nil, "no automatic fix: the entry uses a YAML merge key"
		}
	}
	if p := v.ReadOnlyPair; p != nil {
		if !p.Value.IsScalar() || f.MultiLine(p.Value) {
			return nil, ""
		}
		if p.Value.IsNull() && p.Value.Span.Len() == 0 {
			// `read_only:` with no value
			return insert(p.Value.Span.Start, " true"), ""
		}
		return []document.Edit{{Span: p.Value.Span, NewText: "true"}}, ""
	}
	pairs := it.Pairs()
	if len(pairs) == 0 {
		return nil, ""
	}
	if it.Flow() {
		if f.MultiLine(it) {
			return nil, ""
		}
		last := pairs[len(pairs)-1]
		end := max(last.Key.Span.End, last.Value.Span.End)
		return insert(end, ", read_only: true"), ""
	}
	indent, ok := f.ChildIndent(it)
	if !ok {
		return nil, ""
	}
	return []document.Edit{f.InsertAfterLine(it.Span.End, indent+"read_only: true")}, ""
}
