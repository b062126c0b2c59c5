package analysis

import (
	"fmt"
	"sort"
)

// A Registry is the explicit, ordered set of rules the engine runs. It is
// built once, from a literal list, with no init() side effects.
type Registry struct {
	rules  []*Rule
	byCode map[string]*Rule
}

// NewRegistry returns a registry of rules sorted by code. It panics on a
// duplicate code, an incomplete rule (one with no Run that is not an
// Engine code, or an Engine code with one) or a Complete on a rule that is
// not Local: all are programming errors that every test run would catch.
// (A zero Kind is not incomplete: it is document.Unknown, a rule for every
// kind.)
func NewRegistry(rules ...*Rule) *Registry {
	r := &Registry{byCode: make(map[string]*Rule, len(rules))}
	for _, rule := range rules {
		if rule.Code == "" || rule.Name == "" || rule.Doc == "" || (rule.Run == nil) != rule.Engine || rule.Severity == 0 {
			panic(fmt.Sprintf("analysis: rule %q is incomplete", rule.Code))
		}
		if rule.Complete != nil && !rule.Local {
			panic(fmt.Sprintf("analysis: rule %s has a Complete but is not Local", rule.Code))
		}
		if _, dup := r.byCode[rule.Code]; dup {
			panic(fmt.Sprintf("analysis: duplicate rule code %s", rule.Code))
		}
		r.byCode[rule.Code] = rule
		r.rules = append(r.rules, rule)
	}
	sort.Slice(r.rules, func(i, j int) bool { return r.rules[i].Code < r.rules[j].Code })
	return r
}

// Rules returns the rules in code order. The slice must not be modified.
func (r *Registry) Rules() []*Rule { return r.rules }

// Lookup returns the rule with the given code, or nil.
func (r *Registry) Lookup(code string) *Rule { return r.byCode[code] }
