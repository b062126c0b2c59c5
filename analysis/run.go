package analysis

import (
	"fmt"
	"runtime/debug"
	"sort"

	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// A Result is everything one analysis of one document produced: the model
// (for hover and code actions) and the findings left after suppression,
// sorted by position.
type Result struct {
	Doc        *document.Document
	Dockerfile *dockerfile.File
	Compose    *compose.File
	Findings   []Finding
	// Suppressed counts findings hidden by suppression comments.
	Suppressed int
	// Panics holds the message of every rule that panicked; the other
	// rules' findings are still returned.
	Panics []string
}

// Run analyses doc with every enabled rule of reg that applies to its kind.
// A rule that panics is recorded in Result.Panics and does not stop the
// others. It is RunWith with the default options.
func Run(reg *Registry, doc *document.Document) *Result { return RunWith(reg, doc, nil) }

// RunWith analyses doc like Run, with the rule overrides and list
// extensions of opts (nil for the defaults). Rules with AfterSuppression
// run last, once the suppression comments have been matched to the other
// findings; their own findings can be suppressed too.
func RunWith(reg *Registry, doc *document.Document, opts *Options) *Result {
	res := &Result{Doc: doc}
	if tooLarge(res) {
		return res
	}
	switch doc.Kind {
	case document.Dockerfile:
		res.Dockerfile = dockerfile.Parse(doc)
	case document.Compose:
		res.Compose = compose.Parse(doc)
	default:
		return res
	}
	sup := newSuppressions(doc, res.Dockerfile)
	ran := map[string]bool{}
	var late []*Rule
	for _, rule := range reg.Rules() {
		if !rule.appliesTo(doc.Kind) || !opts.enabled(rule) {
			continue
		}
		if rule.AfterSuppression {
			late = append(late, rule)
			continue
		}
		ran[rule.Code] = res.run(rule, opts, sup, nil)
	}
	for _, d := range sup.directives {
		for i := range d.Codes {
			c := &d.Codes[i]
			c.Rule, c.Ran = reg.Lookup(c.Code), ran[c.Code]
		}
	}
	for _, rule := range late {
		res.run(rule, opts, sup, sup.directives)
	}
	sort.SliceStable(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i], res.Findings[j]
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		return a.Rule.Code < b.Rule.Code
	})
	return res
}

// run runs one rule and keeps its findings that no comment suppresses. It
// reports whether the rule completed without panicking.
func (r *Result) run(rule *Rule, opts *Options, sup *suppressions, directives []*Directive) bool {
	pass := &Pass{Rule: rule, Doc: r.Doc, Dockerfile: r.Dockerfile, Compose: r.Compose, Suppressions: directives, opts: opts}
	if msg := runRule(pass); msg != "" {
		r.Panics = append(r.Panics, msg)
		return false
	}
	override := opts.severity(rule)
	for _, f := range pass.findings {
		if override != 0 {
			f.Severity = override
		}
		f.Anchor = r.anchor(f.Span.Start)
		if sup.suppresses(f) {
			r.Suppressed++
			continue
		}
		r.Findings = append(r.Findings, f)
	}
	return true
}

func runRule(pass *Pass) (panicMsg string) {
	defer func() {
		if r := recover(); r != nil {
			panicMsg = fmt.Sprintf("rule %s panicked on %s: %v\n%s", pass.Rule.Code, pass.Doc.URI, r, debug.Stack())
			pass.findings = nil
		}
	}()
	pass.Rule.Run(pass)
	return ""
}

// anchor returns the start of the line above which a suppression comment
// for a finding at off belongs.
func (r *Result) anchor(off int) int {
	if r.Dockerfile != nil {
		if inst := r.Dockerfile.InstructionAt(off); inst != nil {
			off = inst.Span.Start
		}
	}
	return r.Doc.LineStart(r.Doc.LineOf(off))
}
