package analysis

import (
	"fmt"
	"strings"
)

// A Preset is a set of default severities. Recommended, the default,
// fails a build (at the default fail level, warning) only on real
// exposures: root, the runtime socket, privileged containers, host
// namespaces, literal secrets, sensitive mounts, disabled confinement,
// verification turned off. The hardening that nearly every service or
// image lacks (capabilities not dropped, no-new-privileges, a writable
// root filesystem, limits, health checks, unpinned images) is
// information there, and a warning in Strict (Rule.StrictSeverity).
type Preset int

// The presets.
const (
	Recommended Preset = iota
	Strict
)

// PresetNames are the presets' names, as configuration and the command
// line write them, in Preset order.
var PresetNames = []string{"recommended", "strict"}

func (p Preset) String() string {
	if p >= 0 && int(p) < len(PresetNames) {
		return PresetNames[p]
	}
	return fmt.Sprintf("preset(%d)", int(p))
}

// ParsePreset reads a preset's name.
func ParsePreset(name string) (Preset, error) {
	for i, n := range PresetNames {
		if name == n {
			return Preset(i), nil
		}
	}
	return 0, fmt.Errorf("unknown preset %q (want %s)", name, strings.Join(PresetNames, " or "))
}

// SeverityIn returns the default severity of the rule's findings in
// preset p.
func (r *Rule) SeverityIn(p Preset) Severity {
	if p == Strict && r.StrictSeverity != 0 {
		return r.StrictSeverity
	}
	return r.Severity
}
