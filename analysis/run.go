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
// others.
func Run(reg *Registry, doc *document.Document) *Result {
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
	var all []Finding
	for _, rule := range reg.Rules() {
		if rule.Kind != doc.Kind || rule.Off {
			continue
		}
		pass := &Pass{Rule: rule, Doc: doc, Dockerfile: res.Dockerfile, Compose: res.Compose}
		if msg := runRule(pass); msg != "" {
			res.Panics = append(res.Panics, msg)
		}
		all = append(all, pass.findings...)
	}
	sup := newSuppressions(doc).withDockerfile(res.Dockerfile)
	for _, f := range all {
		f.Anchor = res.anchor(f.Span.Start)
		if sup.suppresses(f) {
			res.Suppressed++
			continue
		}
		res.Findings = append(res.Findings, f)
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
