package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// WritableRootFilesystem is DW207: a service's root filesystem is writable.
var WritableRootFilesystem = &analysis.Rule{
	Code:     "DW207",
	Name:     "writable-root-filesystem",
	Kind:     document.Compose,
	Severity: analysis.Information,
	Doc: `Writable root filesystem
With a writable root filesystem an attacker who gets code execution can
replace binaries, drop tools and persist in the container. read_only: true
mounts the image read-only; the service then writes only where it is given
a volume or a tmpfs (guidelines b, c). Fires when read_only is missing or
false in any boolean spelling, including through a merge key or extends.

Quick fixes (not applied by fix-all, since a service that writes outside
its volumes will fail): add read_only: true, or add it together with a
tmpfs for /tmp (and /run and /var/cache/nginx for nginx images). Suppress
with "# dockwarden:ignore DW207 -- reason" above the service.`,
	Run: runWritableRootFilesystem,
}

func runWritableRootFilesystem(pass *analysis.Pass) {
	f := pass.Compose
	seen := map[document.Span]bool{}
	for _, s := range f.Services {
		chain, complete := extendsChain(f, s)
		owner, p := chainGet(chain, "read_only")
		var span document.Span
		var msg string
		var setReadOnly func() ([]document.Edit, error)
		switch {
		case p != nil:
			b, ok := f.Truth(p.Value)
			if !ok && !p.Value.IsNull() || b.Value {
				continue // read-only, or unknown
			}
			span = pairLineSpan(f, p)
			msg = "read_only is false: the container can change its own binaries and configuration; a compromise can persist in it"
			setReadOnly = func() ([]document.Edit, error) {
				text := "true"
				if p.Value.Span.Len() == 0 {
					text = " true" // `read_only:` with nothing after it
				}
				return f.ReplaceScalar(owner, p.Value, text, p)
			}
		case complete:
			span = serviceSpan(s)
			msg = fmt.Sprintf("service %s has a writable root filesystem: a compromise can change its binaries and persist; set read_only: true and give it volumes or tmpfs where it must write", s.Name)
			setReadOnly = func() ([]document.Edit, error) { return f.InsertScalar(s, "read_only", "true") }
		default:
			continue
		}
		if seen[span] {
			continue
		}
		seen[span] = true
		var fixes composeFixes
		fixes.add("Make the root filesystem read-only (read_only: true)", false)(setReadOnly())
		if _, tmpfs := chainGet(chain, "tmpfs"); tmpfs == nil && (owner == nil || owner == s) {
			dirs := tmpfsDirs(f, chain)
			fixes.add("Make the root filesystem read-only with a tmpfs for "+strings.Join(dirs, ", "), false)(joinEdits(
				setReadOnly,
				func() ([]document.Edit, error) { return f.InsertList(s, "tmpfs", dirs...) },
			))
		}
		pass.Report(analysis.Finding{Span: span, Message: fixes.message(msg), Fixes: fixes.fixes})
	}
}

// tmpfsDirs are the writable scratch directories a read-only service
// usually needs: /tmp, plus /run and nginx's cache for nginx images.
func tmpfsDirs(f *compose.File, chain []*compose.Service) []string {
	if _, img := chainGet(chain, "image"); img != nil && strings.Contains(strings.ToLower(f.StringOf(img.Value).Value), "nginx") {
		return []string{"/tmp", "/run", "/var/cache/nginx"}
	}
	return []string{"/tmp"}
}
