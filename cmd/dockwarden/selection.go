package main

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/rules"
)

// adjustments returns what --preset, --select and --ignore make of a
// file's analysis options, nil when none is given, or what is wrong with
// them. A code or prefix that names no rule is an error, as a code in
// configuration is.
func (f *inputFlags) adjustments() (func(*analysis.Options) *analysis.Options, error) {
	var preset *analysis.Preset
	if f.preset != "" {
		p, err := analysis.ParsePreset(f.preset)
		if err != nil {
			return nil, fmt.Errorf("--preset: %v", err)
		}
		preset = &p
	}
	selected, err := ruleCodes("--select", f.selected)
	if err != nil {
		return nil, err
	}
	ignored, err := ruleCodes("--ignore", f.ignored)
	if err != nil {
		return nil, err
	}
	if preset == nil && selected == nil && ignored == nil {
		return nil, nil
	}
	return func(opts *analysis.Options) *analysis.Options {
		var out analysis.Options
		if opts != nil {
			out = *opts
		}
		if preset != nil {
			out.Preset = *preset
		}
		if selected != nil || ignored != nil {
			out.Rules = map[string]analysis.RuleConfig{}
			if opts != nil {
				for code, rc := range opts.Rules {
					out.Rules[code] = rc
				}
			}
			for _, r := range rules.All.Rules() {
				rc, configured := out.Rules[r.Code]
				switch {
				case ignored.matches(r.Code) || selected != nil && !selected.matches(r.Code):
					out.Rules[r.Code] = analysis.RuleConfig{Off: true}
				case selected.names(r.Code) && (rc.Off || !configured && r.Off):
					// Named by its code: on, even when shipped or
					// configured off.
					out.Rules[r.Code] = analysis.RuleConfig{}
				}
			}
		}
		return &out
	}, nil
}

// A codeList is the codes and prefixes of --select or --ignore, upper
// case; nil when the flag is not given.
type codeList []string

// ruleCodes reads the comma-separated codes or prefixes of flag.
func ruleCodes(flag, value string) (codeList, error) {
	if strings.TrimSpace(value) == "" {
		return nil, nil
	}
	var out codeList
	for _, item := range strings.Split(value, ",") {
		item = strings.ToUpper(strings.TrimSpace(item))
		if item == "" {
			continue
		}
		found := false
		for _, r := range rules.All.Rules() {
			found = found || strings.HasPrefix(r.Code, item)
		}
		if !found {
			return nil, fmt.Errorf("%s: %q is no rule code nor the start of one (dockwarden rules lists them)", flag, item)
		}
		out = append(out, item)
	}
	return out, nil
}

// matches reports whether code is one of l or starts with one of them.
func (l codeList) matches(code string) bool {
	for _, p := range l {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// names reports whether l holds code itself, not only a prefix of it.
func (l codeList) names(code string) bool {
	for _, p := range l {
		if p == code {
			return true
		}
	}
	return false
}
