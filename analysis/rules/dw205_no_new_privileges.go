package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// NoNewPrivileges is DW205: a service does not set no-new-privileges.
var NoNewPrivileges = &analysis.Rule{
	Code:           "DW205",
	Name:           "no-new-privileges",
	Kind:           document.Compose,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `no-new-privileges not set
Without security_opt: [no-new-privileges:true] a process in the container
can gain privileges through setuid binaries (su, sudo, a planted one) or
file capabilities. With it the kernel refuses such gains, which closes a
whole class of escalations at no cost for most services (guideline c). A
root entrypoint that steps down with gosu or su-exec keeps working; sudo
inside the container stops working.

Accepted spellings: no-new-privileges, no-new-privileges:true,
no-new-privileges=true (any case, any quoting); no-new-privileges:false is
reported. Build-only services are checked too, and so are keys inherited
through a merge key or extends.

The quick fix is safe for fix-all: it appends no-new-privileges:true to
security_opt (in the list's style), adds security_opt when it is missing, or
turns false into true. It is refused on services that inherit keys (a merge
key or extends), where a new list would replace or duplicate the inherited
one. Suppress with "# dockwarden:ignore DW205 -- reason" above the service.`,
	Run: judgeServices(judgeNoNewPrivileges),
}

const noNewPrivilegesOpt = "no-new-privileges:true"

// inheritsRefusal: Compose concatenates security_opt across extends and a
// merge key's list is replaced by a written one, so DW205 edits no list of
// a service that inherits keys (rules.md DW205).
var inheritsRefusal = &compose.Refusal{Reason: "the service inherits keys through a YAML merge key or extends"}

func judgeNoNewPrivileges(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	chain, complete := extendsChain(f, s)
	var off *compose.SecurityOpt
	var offOwner *compose.Service
	set, unknown := false, false
	for _, svc := range chain {
		for _, o := range f.SecurityOpts(svc) {
			on, known := o.NoNewPrivileges()
			switch {
			case o.Unresolved:
				unknown = true
			case known && on:
				set = true
			case known && off == nil:
				off, offOwner = &o, svc
			}
		}
	}
	if set || unknown {
		return
	}
	var span document.Span
	var msg string
	var fixes composeFixes
	const title = "Add no-new-privileges:true to security_opt"
	owner, p := chainGet(chain, "security_opt")
	switch {
	case off != nil:
		span = off.Node().Span
		if off.Item == nil {
			span = pairLineSpan(f, off.Pair)
		}
		msg = fmt.Sprintf("service %s turns no-new-privileges off; set it to true", s.Name)
		fixes.add("Set no-new-privileges to true", true)(enableNoNewPrivileges(f, offOwner, off))
	case p != nil:
		span = pairLineSpan(f, p)
		msg = fmt.Sprintf("service %s: security_opt lacks no-new-privileges:true; add it", s.Name)
		switch {
		case owner.Inherits():
			fixes.add(title, true)(nil, inheritsRefusal)
		case p.Value.IsMap():
			fixes.add(title, true)(f.InsertPair(owner, "no-new-privileges", "true", p))
		default:
			fixes.add(title, true)(f.AppendItem(owner, noNewPrivilegesOpt, p))
		}
	case complete:
		span = serviceSpan(s)
		msg = fmt.Sprintf("service %s lacks no-new-privileges:true; add it to security_opt", s.Name)
		fixes.add(title, true)(f.InsertList(s, "security_opt", noNewPrivilegesOpt))
	default:
		return // extends another file: the option may be set there
	}
	if seen[span] {
		return
	}
	seen[span] = true
	pass.Report(analysis.Finding{Span: span, Message: msg, Detail: fixes.detail(), Fixes: fixes.fixes})
}

// enableNoNewPrivileges turns a no-new-privileges:false entry into true:
// the value after the separator in list form, the mapping value otherwise.
func enableNoNewPrivileges(f *compose.File, s *compose.Service, o *compose.SecurityOpt) ([]document.Edit, error) {
	list := s.Get("security_opt")
	if o.Pair != nil {
		if o.Item != nil {
			return f.ReplaceScalar(s, o.Pair.Value, "true", list)
		}
		return f.ReplaceScalar(s, o.Pair.Value, "true", list, o.Pair)
	}
	raw := o.Item.Str()
	i := strings.IndexAny(raw, ":=")
	return f.ReplaceWithin(s, o.Item, i+1, len(raw), "true", list)
}
