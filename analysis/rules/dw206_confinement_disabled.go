package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// ConfinementDisabled is DW206: security_opt turns off seccomp, AppArmor,
// SELinux labelling or the masking of /proc and /sys paths.
var ConfinementDisabled = &analysis.Rule{
	Code:     "DW206",
	Name:     "confinement-disabled",
	Kind:     document.Compose,
	Severity: analysis.Error,
	Doc: `seccomp / AppArmor / SELinux confinement disabled
seccomp:unconfined removes the system-call filter that blocks the calls most
kernel exploits need; apparmor:unconfined and label:disable remove the
mandatory access control profile (AppArmor, SELinux) that confines the
container even as root; systempaths:unconfined unmasks /proc and /sys paths
that leak or change host state (guidelines a, c: keep the security features
on). Entries are normalised as Docker reads them, so seccomp=unconfined,
"label=disable" and any case count. A custom profile (seccomp:/path.json,
label:type:...) is not reported: write one that allows just what the
service needs instead of turning confinement off.

The quick fix deletes the entry (and security_opt when it becomes empty); it
is not applied by fix-all, since a blocked call may break the workload.
Suppress with "# dockwarden:ignore DW206 -- reason" above the entry.`,
	Run: judgeServices(judgeConfinementDisabled),
}

// disabledConfinement maps the normalised options that switch confinement
// off to what is lost, in a few words (the Doc says why it matters).
var disabledConfinement = map[string]string{
	"seccomp:unconfined":     "turns syscall filtering off",
	"apparmor:unconfined":    "turns AppArmor off",
	"label:disable":          "turns SELinux labels off",
	"systempaths:unconfined": "unmasks /proc and /sys paths",
}

func judgeConfinementDisabled(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	for _, o := range f.SecurityOpts(s) {
		why, hit := disabledConfinement[o.Norm]
		if o.Unresolved || !hit {
			continue
		}
		span := o.Node().Span
		if o.Item == nil {
			span = pairLineSpan(f, o.Pair)
		}
		if seen[span] {
			continue
		}
		seen[span] = true
		var fixes composeFixes
		title := fmt.Sprintf("Remove %s from security_opt", o.Norm)
		list := s.Get("security_opt")
		if o.Item != nil {
			fixes.add(title, false)(f.DeleteItem(s, o.Item, list))
		} else {
			fixes.add(title, false)(f.DeletePair(s, list, o.Pair))
		}
		msg := fmt.Sprintf("service %s: security_opt %s %s; remove it", s.Name, clip(o.Text, quoteMax), why)
		pass.Report(analysis.Finding{Span: span, Message: msg, Detail: fixes.detail(), Fixes: fixes.fixes})
	}
}
