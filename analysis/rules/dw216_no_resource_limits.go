package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// NoResourceLimits is DW216: a service has no memory or no CPU limit.
var NoResourceLimits = &analysis.Rule{
	Code:           "DW216",
	Name:           "no-resource-limits",
	Kind:           document.Compose,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `No memory / CPU limit
Without limits one container can take all of the host's memory and CPU: a
leak, a fork bomb or an attacker mining on a compromised service starves the
host and every other container on it (guideline c: set resource limits).

A service has a memory limit with mem_limit or deploy.resources.limits.memory,
and a CPU limit with cpus, cpu_quota or deploy.resources.limits.cpus; one
finding on the service name lists what is missing, the pids limit
(pids_limit or deploy.resources.limits.pids) included. Limits of a service
it extends count; a base in another file is unknown and not reported.
Whether the file has a version: key does not matter: Compose applies
deploy.resources limits either way.

Fix: the quick fix inserts placeholder limits (memory 512M, cpus 0.50,
pids_limit 256) in the file's style, under deploy.resources.limits or as
mem_limit/cpus when the file already uses those; measure the service and
adjust them. Being a template, it is never applied by fix-all or by
dockwarden fix --unsafe. Suppress with
# dockwarden:ignore DW216 above the service name.`,
	Run: runNoResourceLimits,
}

// Placeholder limits of the quick fix: the user must adjust them.
const (
	placeholderMemory = "512M"
	placeholderCPUs   = `"0.50"`
	placeholderPids   = "256"
)

func runNoResourceLimits(pass *analysis.Pass) {
	f := pass.Compose
	serviceStyle := false
	for _, s := range f.Services {
		if s.Get("mem_limit") != nil || s.Get("cpus") != nil {
			serviceStyle = true
		}
	}
	seen := map[document.Span]bool{}
	for _, s := range f.Services {
		if s.Value == nil || seen[s.Key.Span] {
			continue
		}
		seen[s.Key.Span] = true
		// Compose merges the keys of the services s extends into s.
		chain, complete := extendsChain(f, s)
		var mem, cpu, pids bool
		for _, c := range chain {
			limits := c.Lookup("deploy").Lookup("resources").Lookup("limits")
			mem = mem || limitSet(c.Lookup("mem_limit")) || limitSet(limits.Lookup("memory"))
			cpu = cpu || limitSet(c.Lookup("cpus")) || limitSet(c.Lookup("cpu_quota")) || limitSet(limits.Lookup("cpus"))
			pids = pids || limitSet(c.Lookup("pids_limit")) || limitSet(limits.Lookup("pids"))
		}
		if mem && cpu || !complete {
			continue
		}
		var missing []string
		if !mem {
			missing = append(missing, "memory")
		}
		if !cpu {
			missing = append(missing, "CPU")
		}
		if !pids {
			missing = append(missing, "pids")
		}
		msg := fmt.Sprintf("service %s: no %s limit; set deploy.resources.limits", s.Name, orList(missing))
		finding := analysis.Finding{Span: s.Key.Span, Message: msg}
		if fix, err := limitsFix(f, s, mem, cpu, pids, serviceStyle); err == nil {
			finding.Fixes = []analysis.Fix{fix}
		} else {
			finding.Detail = noFixDetail(err.Error())
		}
		pass.Report(finding)
	}
}

// limitSet reports whether a limit is written with a value.
func limitSet(v *compose.Value) bool { return v != nil && !v.IsNull() }

// subPair returns the pair key of p's mapping value, or nil.
func subPair(p *compose.Pair, key string) *compose.Pair {
	if p == nil {
		return nil
	}
	return p.Value.Get(key)
}

// limitsFix inserts the missing limits with placeholder values: at service
// level (mem_limit, cpus) when the service or the file already writes limits
// that way, else under deploy.resources.limits, going into whichever of
// deploy, resources and limits already exist. A limit key written without a
// value gets the value instead of a second key.
func limitsFix(f *compose.File, s *compose.Service, mem, cpu, pids, serviceStyle bool) (analysis.Fix, error) {
	deploy := s.Get("deploy")
	resources := subPair(deploy, "resources")
	limits := subPair(resources, "limits")
	switch {
	case s.Get("mem_limit") != nil || s.Get("cpus") != nil || s.Get("cpu_quota") != nil:
		serviceStyle = true
	case limits != nil:
		serviceStyle = false
	}
	var edits []document.Edit
	var what []string
	// add records one limit: it fills in key when it is written empty and
	// otherwise returns the line to insert.
	add := func(parent []*compose.Pair, key, value, label string) (line string, err error) {
		what = append(what, label)
		var p *compose.Pair
		if len(parent) == 0 {
			p = s.Get(key)
		} else {
			p = subPair(parent[len(parent)-1], key)
		}
		if p == nil {
			return key + ": " + value, nil
		}
		es, err := f.ReplaceScalar(s, p.Value, " "+value, append(parent, p)...)
		edits = append(edits, es...)
		return "", err
	}
	var top, nested []string // lines for the service, lines for limits
	collect := func(into *[]string, parent []*compose.Pair, key, value, label string) error {
		line, err := add(parent, key, value, label)
		if line != "" {
			*into = append(*into, line)
		}
		return err
	}
	var errs []error
	limitPath := []*compose.Pair{deploy, resources, limits}
	if serviceStyle || limits == nil {
		limitPath = nil
	}
	if !mem {
		if serviceStyle {
			errs = append(errs, collect(&top, nil, "mem_limit", placeholderMemory, "mem_limit "+placeholderMemory))
		} else {
			errs = append(errs, collect(&nested, limitPath, "memory", placeholderMemory, "memory "+placeholderMemory))
		}
	}
	if !cpu {
		if serviceStyle {
			errs = append(errs, collect(&top, nil, "cpus", placeholderCPUs, "cpus 0.50"))
		} else {
			errs = append(errs, collect(&nested, limitPath, "cpus", placeholderCPUs, "cpus 0.50"))
		}
	}
	if !pids {
		errs = append(errs, collect(&top, nil, "pids_limit", placeholderPids, "pids_limit "+placeholderPids))
	}
	for _, err := range errs {
		if err != nil {
			return analysis.Fix{}, err
		}
	}
	// Where the limits block goes, relative to the deepest level that
	// exists.
	var es []document.Edit
	var err error
	switch {
	case len(nested) == 0:
	case limits != nil:
		es, err = f.InsertIntoMapping(s, limits.Value, nested, deploy, resources, limits)
	case resources != nil:
		es, err = f.InsertIntoMapping(s, resources.Value, append([]string{"limits:"}, limitsIndent(nested, 1)...), deploy, resources)
	case deploy != nil:
		es, err = f.InsertIntoMapping(s, deploy.Value, append([]string{"resources:", "  limits:"}, limitsIndent(nested, 2)...), deploy)
	default:
		top = append(append([]string{"deploy:", "  resources:", "    limits:"}, limitsIndent(nested, 3)...), top...)
	}
	if err != nil {
		return analysis.Fix{}, err
	}
	edits = append(edits, es...)
	if len(top) > 0 {
		es, err := f.InsertLines(s, top...)
		if err != nil {
			return analysis.Fix{}, err
		}
		edits = append(edits, es...)
	}
	return analysis.Fix{Title: "Add placeholder limits (adjust them): " + strings.Join(what, ", "), Edits: edits, Template: true}, nil
}

func limitsIndent(lines []string, levels int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.Repeat("  ", levels) + l
	}
	return out
}
