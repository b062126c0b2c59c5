package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// SharedPropagation is DW221: a bind mount shares mount events with the
// host.
var SharedPropagation = &analysis.Rule{
	Code:           "DW221",
	Name:           "shared-mount-propagation",
	Kind:           document.Compose,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `Shared mount propagation
With shared or rshared propagation, mounts the container makes under the
bind mount appear on the host (and the host's in the container); with slave
or rslave the host's mounts appear in the container. A compromised container
can then hide host paths behind its own mounts, or see devices and volumes
mounted on the host later (guideline a: keep containers isolated from the
host).

Reported on bind mounts: a short-syntax mode option (./data:/data:rshared)
or bind.propagation in the long syntax; shared and rshared are warnings,
slave and rslave information. private and rprivate (the default) are fine.

Fix: remove the propagation option unless the service manages mounts for
others (a CSI or storage driver). The quick fix removes it (":ro,rshared"
becomes ":ro"; the propagation: key is deleted); it changes what the
container sees, so it is never applied by fix-all. Suppress with
# dockwarden:ignore DW221 for storage plugins that need it.`,
	Run: judgeServices(judgeSharedPropagation),
}

func judgeSharedPropagation(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	for _, v := range s.Volumes {
		if v.Type != compose.MountBind || v.BackedBind {
			continue
		}
		prop := strings.ToLower(strings.TrimSpace(v.Propagation))
		var sev analysis.Severity
		var what string
		switch prop {
		case "shared", "rshared":
			sev, what = analysis.Warning, "shares mounts with the host"
		case "slave", "rslave":
			sev, what = analysis.Information, "takes in the host's mounts"
		default:
			continue
		}
		span := mountSpan(f, v)
		if seen[span] {
			continue
		}
		seen[span] = true
		finding := analysis.Finding{Span: span, Severity: sev,
			Message: fmt.Sprintf("service %s: %s propagation on %s %s; remove it", s.Name, prop, hostLabel(v), what)}
		if edits, err := propagationEdits(f, s, v); err == nil {
			finding.Fixes = []analysis.Fix{{Title: fmt.Sprintf("Remove %s propagation", prop), Edits: edits}}
		} else {
			finding.Detail = noFixDetail(err.Error())
		}
		pass.Report(finding)
	}
}

// propagationEdits removes the propagation option of v: one option of a
// short-syntax mode with its comma, or the whole `:mode` when it was the
// only option; the long syntax's bind.propagation key, and bind: with it
// when nothing else is left.
func propagationEdits(f *compose.File, s *compose.Service, v *compose.Volume) ([]document.Edit, error) {
	vols := s.Get("volumes")
	if v.Long {
		bind := v.Item.Get("bind")
		if bind == nil || bind.Value.Get("propagation") == nil {
			return nil, &compose.Refusal{Reason: "the propagation is not written in this entry"}
		}
		return f.DeletePairIn(s, v.Item, []*compose.Pair{vols}, bind, bind.Value.Get("propagation"))
	}
	if !v.Exact {
		return nil, &compose.Refusal{Reason: "the entry is written with escapes or across lines"}
	}
	base := v.Item.Inner.Start
	idx := -1
	for i, opt := range v.Options {
		if opt == v.Propagation {
			idx = i
		}
	}
	if idx < 0 {
		return nil, &compose.Refusal{Reason: "cannot find the propagation option"}
	}
	var from, to int
	switch {
	case len(v.Options) == 1:
		from, to = v.ModeSpan.Start-1, v.ModeSpan.End // ":rshared"
	case idx+1 < len(v.Options):
		from, to = v.OptionSpans[idx].Start, v.OptionSpans[idx+1].Start // "rshared,"
	default:
		from, to = v.OptionSpans[idx-1].End, v.OptionSpans[idx].End // ",rshared"
	}
	return f.ReplaceWithin(s, v.Item, from-base, to-base, "", vols)
}
