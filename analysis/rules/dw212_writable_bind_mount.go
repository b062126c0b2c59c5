package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// WritableBindMount is DW212: a host directory or file is bind-mounted
// writable.
var WritableBindMount = &analysis.Rule{
	Code:           "DW212",
	Name:           "writable-bind-mount",
	Kind:           document.Compose,
	Severity:       analysis.Hint,
	StrictSeverity: analysis.Information,
	Doc: `Bind mount is writable
A writable bind mount lets the container change files on the host: a
compromised service can plant content that the host or other containers
later trust (configuration, scripts, certificates). Mount host paths
read-only (:ro, or read_only: true in the long syntax) unless the service
must write there; data directories are better kept in named volumes. Named
and anonymous volumes are not reported, nor are mounts DW201 or DW211
already report.`,
	Run: judgeServices(judgeWritableBindMount),
}

func judgeWritableBindMount(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	for _, v := range s.Volumes {
		if v.Type != compose.MountBind || v.Invalid || v.ReadOnly || v.Host == "" ||
			v.RuntimeSocket() != compose.NoSocket || sensitiveMount(v) != 0 {
			continue
		}
		span := mountSpan(f, v)
		if seen[span] {
			continue
		}
		seen[span] = true
		msg := fmt.Sprintf("service %s: %s is mounted writable; add :ro if it only reads", s.Name, hostLabel(v))
		fixes, detail := readOnlyFixes(f, v)
		pass.Report(analysis.Finding{Span: span, Message: msg, Detail: detail, Fixes: fixes})
	}
}

// hostLabel names the host side as the author wrote it when interpolation
// is involved, so the message matches the file; each part is clipped.
func hostLabel(v *compose.Volume) string {
	if v.BackedBind {
		return fmt.Sprintf("%s (volume %s)", clip(v.Host, quoteMax), clip(v.VolumeName, quoteMax))
	}
	if v.Interp.HasVars {
		return clip(v.Source, quoteMax)
	}
	return clip(v.Host, quoteMax)
}
