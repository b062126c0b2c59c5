package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// WritableRootFilesystem is DW207: a service's root filesystem is writable.
var WritableRootFilesystem = &analysis.Rule{
	Code:           "DW207",
	Name:           "writable-root-filesystem",
	Kind:           document.Compose,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `Writable root filesystem
With a writable root filesystem an attacker who gets code execution can
replace binaries, drop tools and persist in the container. read_only: true
mounts the image read-only; the service then writes only where it is given
a volume or a tmpfs (guidelines b, c). Fires when read_only is missing or
false in any boolean spelling, including through a merge key or extends.

The quick fix sets read_only: true and gives the service a tmpfs for
exactly the paths its image writes outside its data volumes, as the image's
profile says (see "Image profiles" in the README): /var/cache/nginx and
/var/run for nginx, /var/run/postgresql for postgres, none for redis,
which writes only its /data volume. Paths the service already mounts a
volume or tmpfs on are left alone. When the image keeps data in a
directory it does not declare a VOLUME for (grafana's /var/lib/grafana,
caddy's /data) and the service mounts nothing there, the title says to
mount a volume first and the fix is not the preferred one. For an image
without a profile the fix cannot know where the service writes: it adds a
tmpfs for /tmp, its title says to test the service, and it is not the
preferred fix. Suppress with "# dockwarden:ignore DW207 -- reason" above
the service.`,
	Run: judgeServices(judgeWritableRootFilesystem),
}

func judgeWritableRootFilesystem(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	chain, complete := extendsChain(f, s)
	owner, p := chainGet(chain, "read_only")
	var span document.Span
	var msg string
	var setReadOnly func() ([]document.Edit, error)
	switch {
	case p != nil:
		b, ok := f.Truth(p.Value)
		if !ok && !p.Value.IsNull() || b.Value {
			return // read-only, or unknown
		}
		span = pairLineSpan(f, p)
		msg = fmt.Sprintf("service %s: read_only is false, so the root filesystem is writable; set it true", s.Name)
		setReadOnly = func() ([]document.Edit, error) {
			text := "true"
			if p.Value.Span.Len() == 0 {
				text = " true" // `read_only:` with nothing after it
			}
			return f.ReplaceScalar(owner, p.Value, text, p)
		}
	case complete:
		span = serviceSpan(s)
		msg = fmt.Sprintf("service %s: root filesystem is writable; set read_only: true", s.Name)
		setReadOnly = func() ([]document.Edit, error) { return f.InsertScalar(s, "read_only", "true") }
	default:
		return
	}
	if seen[span] {
		return
	}
	seen[span] = true
	var fixes composeFixes
	rootFSFixes(pass, &fixes, s, chain, owner, setReadOnly)
	pass.Report(analysis.Finding{Span: span, Message: msg, Detail: fixes.detail(), Fixes: fixes.fixes})
}

// rootFSFixes records the fixes that make the root filesystem
// read-only with setReadOnly and keep writable, through tmpfs, the paths
// the service's image writes.
func rootFSFixes(pass *analysis.Pass, fixes *composeFixes, s *compose.Service, chain []*compose.Service, owner *compose.Service, setReadOnly func() ([]document.Edit, error)) {
	f := pass.Compose
	p := imageOf(pass, chain).Profile
	mounted := mountTargets(f, chain)
	// Data the image keeps outside a VOLUME it declares is lost, or
	// cannot be written, unless the service mounts something there.
	var unmounted []string
	if p != nil {
		for _, d := range p.Data.Value {
			if !d.Declared && !covered(d.Path, mounted) {
				unmounted = append(unmounted, d.Path)
			}
		}
	}
	mountFirst := ""
	if len(unmounted) > 0 {
		mountFirst = fmt.Sprintf("; mount a volume on %s first: %s keeps its data there", commaList(unmounted), p.Name)
	}
	if p == nil || !p.Writable.Known() {
		// Where the service writes is unknown: /tmp is the usual place,
		// but the title cannot promise more.
		test := mountFirst + "; test the service: it may write to other paths"
		if !covered("/tmp", mounted) {
			fixes.add("Make the root filesystem read-only with a tmpfs for /tmp"+test, false)(withTmpfs(f, s, chain, owner, []string{"/tmp"}, setReadOnly))
		}
		fixes.add("Make the root filesystem read-only (read_only: true)"+test, false)(setReadOnly())
		fixes.notPreferred()
		return
	}
	var tmpfs []string
	for _, dir := range p.Writable.Value {
		if !covered(dir, mounted) {
			tmpfs = append(tmpfs, dir)
		}
	}
	var title string
	switch {
	case len(tmpfs) > 0:
		title = fmt.Sprintf("Make the root filesystem read-only; %s keeps %s writable through tmpfs", p.Name, commaList(tmpfs))
	case len(p.Writable.Value) > 0:
		title = fmt.Sprintf("Make the root filesystem read-only (read_only: true); the service already mounts %s", commaList(p.Writable.Value))
	case len(p.Data.Value) > 0:
		var dirs []string
		for _, d := range p.Data.Value {
			dirs = append(dirs, d.Path)
		}
		title = fmt.Sprintf("Make the root filesystem read-only (read_only: true); %s writes only its data in %s", p.Name, commaList(dirs))
	default:
		title = fmt.Sprintf("Make the root filesystem read-only (read_only: true); %s writes nothing to disk", p.Name)
	}
	if len(tmpfs) > 0 {
		fixes.add(title+mountFirst, false)(withTmpfs(f, s, chain, owner, tmpfs, setReadOnly))
	} else {
		fixes.add(title+mountFirst, false)(setReadOnly())
	}
	if mountFirst != "" {
		fixes.notPreferred()
	}
}

// withTmpfs is setReadOnly plus tmpfs entries for dirs: a new tmpfs key,
// or items appended to the service's own tmpfs list.
func withTmpfs(f *compose.File, s *compose.Service, chain []*compose.Service, owner *compose.Service, dirs []string, setReadOnly func() ([]document.Edit, error)) ([]document.Edit, error) {
	if owner != nil && owner != s {
		return nil, &compose.Refusal{Reason: "read_only is inherited from another service"}
	}
	tmpfsOwner, tmpfs := chainGet(chain, "tmpfs")
	addTmpfs := func() ([]document.Edit, error) { return f.InsertList(s, "tmpfs", dirs...) }
	switch {
	case tmpfs == nil:
	case tmpfsOwner == s && tmpfs.Value.IsSeq():
		addTmpfs = func() ([]document.Edit, error) { return appendItems(f, s, dirs, tmpfs) }
	default:
		return nil, &compose.Refusal{Reason: "tmpfs is not a list of this service"}
	}
	return joinEdits(setReadOnly, addTmpfs)
}
