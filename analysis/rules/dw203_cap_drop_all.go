package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/images"
)

// CapDropAll is DW203: a service keeps Docker's default capabilities.
var CapDropAll = &analysis.Rule{
	Code:           "DW203",
	Name:           "cap-drop-all-missing",
	Kind:           document.Compose,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `Capabilities not dropped (cap_drop: [ALL] missing)
By default a container keeps fourteen Linux capabilities (CHOWN,
DAC_OVERRIDE, SETUID, NET_RAW, ...). Most services need none of them, and
each one is something a compromised process can use: forge packets with
NET_RAW, bypass file permissions with DAC_OVERRIDE. Drop them all and add
back only what the service needs (guidelines a, b, c):

    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]

Fires when cap_drop is missing or does not contain ALL (case-insensitive,
with or without the CAP_ prefix), including keys inherited through a merge
key or extends. Privileged services are left to DW202.

The quick fix adds cap_drop: [ALL] (or appends ALL to an existing cap_drop)
and adds back exactly what the image needs, as its profile says (see
"Image profiles" in the README): postgres's entrypoint chowns its data and
switches to the postgres user with gosu, so it gets CHOWN, DAC_OVERRIDE,
SETGID and SETUID back; nginx's master process gets CHOWN, NET_BIND_SERVICE,
SETGID and SETUID. A service that starts as a non-root user (its user:, the
USER of the Dockerfile it builds, or its image's own) holds no capability
anyway and gets cap_drop: [ALL] alone. For an image without a profile the
fix cannot know what the entrypoint needs: its title says to test the
service, and it is not the preferred fix; an entrypoint or command that
runs gosu, su-exec or setpriv gets CHOWN, DAC_OVERRIDE, SETGID and SETUID
back, in a fix that is not preferred either. Suppress with
"# dockwarden:ignore DW203 -- reason" above the service.`,
	Run: judgeServices(judgeCapDropAll),
}

// stepDownCaps are what an entrypoint of an image without a profile
// that runs gosu, su-exec or setpriv usually needs: chown its data (CHOWN,
// and DAC_OVERRIDE to read directories its user made private) and switch
// user (SETUID, SETGID).
var stepDownCaps = []string{"CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"}

func judgeCapDropAll(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	chain, complete := extendsChain(f, s)
	if isPrivileged(f, chain) {
		return
	}
	owner, p := chainGet(chain, "cap_drop")
	if p == nil && !complete {
		return
	}
	var span document.Span
	var msg string
	var fixes composeFixes
	if p == nil {
		span = serviceSpan(s)
		msg = fmt.Sprintf("service %s: no cap_drop: [ALL]; drop all, add back what it needs", s.Name)
		capDropFixes(pass, &fixes, s, chain, func() ([]document.Edit, error) { return f.InsertList(s, "cap_drop", "ALL") })
	} else {
		drops := f.Capabilities(owner, "cap_drop")
		dropsAll := false
		for _, c := range drops {
			if c.Unresolved || c.Name == "ALL" {
				dropsAll = true // ALL, or a variable that may be ALL
			}
		}
		if dropsAll {
			return
		}
		span = pairLineSpan(f, p)
		msg = fmt.Sprintf("service %s: cap_drop lacks ALL; drop all, add back what it needs", s.Name)
		capDropFixes(pass, &fixes, s, chain, func() ([]document.Edit, error) { return f.AppendItem(owner, "ALL", p) })
	}
	if seen[span] {
		return
	}
	seen[span] = true
	pass.Report(analysis.Finding{Span: span, Message: msg, Detail: fixes.detail(), Fixes: fixes.fixes})
}

// capDropFixes records the fix that drops all capabilities with dropAll
// and adds back what the service's image needs.
func capDropFixes(pass *analysis.Pass, fixes *composeFixes, s *compose.Service, chain []*compose.Service, dropAll func() ([]document.Edit, error)) {
	f := pass.Compose
	si := imageOf(pass, chain)
	var need []string
	var title string
	unknown := false
	switch caps, known := si.caps(); {
	case si.NonRoot != "":
		title = fmt.Sprintf("Drop all capabilities (cap_drop: [ALL]); the service runs as %s, which holds none", si.NonRoot)
	case known && len(caps) == 0:
		title = fmt.Sprintf("Drop all capabilities (cap_drop: [ALL]); %s needs none", si.name())
	case known:
		need = caps
		title = fmt.Sprintf("Drop all capabilities, add back %s for %s", strings.Join(caps, ", "), si.capsFor())
	case tool(f, chain) != "":
		unknown = true
		need = stepDownCaps
		title = fmt.Sprintf("Drop all capabilities, add back %s for the %s step-down in its entrypoint; test the service", strings.Join(stepDownCaps, ", "), tool(f, chain))
	default:
		unknown = true
		title = "Drop all capabilities (cap_drop: [ALL]); test the service: its entrypoint may need capabilities back"
	}
	edits := []func() ([]document.Edit, error){dropAll}
	if missing := missingCaps(f, chain, need); len(missing) > 0 {
		owner, add := chainGet(chain, "cap_add")
		switch {
		case add == nil:
			edits = append(edits, func() ([]document.Edit, error) { return f.InsertList(s, "cap_add", missing...) })
		case owner == s && add.Value.IsSeq():
			edits = append(edits, func() ([]document.Edit, error) { return appendItems(f, s, missing, add) })
		default:
			fixes.refusal = (&compose.Refusal{Reason: "cap_add is not a list of this service"}).Error()
			return
		}
	}
	fixes.add(title, false)(joinEdits(edits...))
	if unknown {
		fixes.notPreferred()
	}
}

// caps returns the capabilities the service needs once all are dropped,
// when its profile knows them: its entrypoint's, for a step-down that
// runs, and its process's.
func (si serviceImage) caps() ([]string, bool) {
	p := si.Profile
	if p == nil || si.OwnEntrypoint && p.StepDown.Value.Entrypoint {
		return nil, false // another entrypoint: what it needs is unknown
	}
	return p.Caps()
}

// capsFor says whose needs caps are: "postgres's entrypoint", "nginx's
// master process", "wordpress's entrypoint and server".
func (si serviceImage) capsFor() string {
	p := si.Profile
	entry := len(p.StepDownCaps.Value) > 0
	process := len(p.ProcessCaps.Value) > 0
	switch {
	case entry && process:
		return p.Name + "'s entrypoint and server"
	case entry:
		return p.Name + "'s entrypoint"
	case p.StepDown.Value.By == "worker processes":
		return p.Name + "'s master process"
	}
	return p.Name
}

// missingCaps are the caps of need that the chain's cap_add does not
// grant yet, in need's order.
func missingCaps(f *compose.File, chain []*compose.Service, need []string) []string {
	owner, add := chainGet(chain, "cap_add")
	var have []string
	if add != nil {
		for _, c := range f.Capabilities(owner, "cap_add") {
			have = append(have, c.Name)
		}
	}
	var out []string
	for _, c := range need {
		if !slices.Contains(have, c) && !slices.Contains(have, "ALL") {
			out = append(out, c)
		}
	}
	return out
}

// tool returns the step-down tool (gosu, su-exec, setpriv) a service's
// entrypoint or command runs, or "".
func tool(f *compose.File, chain []*compose.Service) string {
	for _, key := range []string{"entrypoint", "command"} {
		_, p := chainGet(chain, key)
		if p == nil {
			continue
		}
		words := []string{f.StringOf(p.Value).Value}
		for _, it := range p.Value.Items() {
			words = append(words, it.Str())
		}
		for _, w := range words {
			for _, t := range images.StepDownTools {
				if strings.Contains(w, t) {
					return t
				}
			}
		}
	}
	return ""
}
