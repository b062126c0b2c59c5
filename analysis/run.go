package analysis

import (
	"cmp"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"

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
	// Compose is the whole file's model, nil when the rules judged part
	// of the file (the pieces that read when some do not) and after a
	// Session, which keeps what it caches rather than a model several
	// times the size of the findings; compose.Parse(Doc) gives it.
	Compose  *compose.File
	Findings []Finding
	// Suppressed counts findings hidden by suppression comments.
	Suppressed int
	// Notes are what the rules learned that is not a problem (see Note).
	Notes []Note
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
	return (*Session)(nil).Run(reg, doc, opts)
}

// Run is RunWith for the next version of the session's document: what
// the last run parsed and found is reused where the text it came from
// did not change (see Session). The result is the same as RunWith's.
// A nil *Session reuses nothing.
func (s *Session) Run(reg *Registry, doc *document.Document, opts *Options) *Result {
	res := &Result{Doc: doc}
	if tooLarge(res, opts) || notText(res, opts) {
		s.forget()
		return res
	}
	switch doc.Kind {
	case document.Dockerfile:
		res.Dockerfile = s.dockerfileCache().Parse(doc)
	case document.Compose:
		// The plan parses what it needs of it.
	default:
		return res
	}
	plan := s.plan(reg, res, opts)
	if s != nil {
		res.Findings = make([]Finding, 0, s.found)
	}
	sup := newSuppressions(doc, res.Dockerfile)
	ran := map[string]bool{}
	var late []*Rule
	for _, rule := range reg.Rules() {
		if rule.Engine || !rule.appliesTo(doc.Kind) || !opts.enabled(rule) {
			continue
		}
		if rule.AfterSuppression {
			late = append(late, rule)
			continue
		}
		found, reused, ok := plan.findings(res, rule, opts)
		if ok && rule.Complete != nil {
			found, ok = res.complete(rule, opts, found, reused)
			reused = nil
		}
		ran[rule.Code] = ok
		res.keep(rule, opts, sup, found, reused)
	}
	plan.done()
	unread := plan.unreadSpans()
	for _, d := range sup.directives {
		// A comment where the rules could not judge the text, or one for
		// the whole file when some of it went unjudged, may suppress what
		// they would have found: it is not judged either.
		judged := len(unread) == 0 || !d.FileWide && !startsInAny(d.Comment, unread)
		for i := range d.Codes {
			c := &d.Codes[i]
			c.Rule, c.Ran = reg.Lookup(c.Code), ran[c.Code] && judged
		}
	}
	for _, rule := range late {
		found, _ := res.run(rule, opts, sup.directives, nil)
		res.keep(rule, opts, sup, found)
	}
	if s != nil {
		s.found = len(res.Findings)
		res.Compose = nil
	}
	res.Findings = sortFindings(res.Findings)
	return res
}

// startsInAny reports whether sp starts in one of spans.
func startsInAny(sp document.Span, spans []document.Span) bool {
	for _, u := range spans {
		if sp.Start >= u.Start && sp.Start < u.End {
			return true
		}
	}
	return false
}

// sortFindings orders findings by position, then rule code, keeping the
// order they were reported in otherwise. It sorts indexes, then moves each
// finding once, in place: with a thousand findings, a stable sort
// swapping the findings themselves cost more than the rules that found
// them, and a sorted copy was a tenth of a compose keystroke's
// allocations.
func sortFindings(findings []Finding) []Finding {
	order := make([]int, len(findings))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := &findings[i], &findings[j]
		if c := cmp.Compare(a.Span.Start, b.Span.Start); c != 0 {
			return c
		}
		if c := strings.Compare(a.Rule.Code, b.Rule.Code); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	// Position k takes the finding at order[k]: follow each cycle of the
	// permutation, marking the positions done with -1.
	for start := range order {
		if order[start] < 0 {
			continue
		}
		held := findings[start]
		k := start
		for order[k] != start {
			from := order[k]
			findings[k] = findings[from]
			order[k] = -1
			k = from
		}
		findings[k] = held
		order[k] = -1
	}
	return findings
}

// run runs one rule over the result's model and returns its findings as
// reported, or ok false when it panicked (recorded in r.Panics). focus,
// when not nil, limits a Local rule to those instructions.
func (r *Result) run(rule *Rule, opts *Options, directives []*Directive, focus []*dockerfile.Instruction) (findings []Finding, ok bool) {
	pass := &Pass{Rule: rule, Doc: r.Doc, Dockerfile: r.Dockerfile, Compose: r.Compose, Suppressions: directives, opts: opts, focus: focus}
	if msg := guard(pass, func() { rule.Run(pass) }); msg != "" {
		r.Panics = append(r.Panics, msg)
		return nil, false
	}
	r.Notes = append(r.Notes, pass.notes...)
	return pass.findings, true
}

// complete returns the findings of rule in lists finished by its
// Complete, or ok false when it panicked (recorded in r.Panics). The
// findings given are left as they are: a Session may hold them.
func (r *Result) complete(rule *Rule, opts *Options, lists ...[]Finding) (completed []Finding, ok bool) {
	pass := &Pass{Rule: rule, Doc: r.Doc, Dockerfile: r.Dockerfile, Compose: r.Compose, opts: opts}
	n := 0
	for _, list := range lists {
		n += len(list)
	}
	completed = make([]Finding, 0, n)
	msg := guard(pass, func() {
		for _, list := range lists {
			for _, f := range list {
				rule.Complete(pass, &f)
				f.Facts = nil
				completed = append(completed, f)
			}
		}
	})
	if msg != "" {
		r.Panics = append(r.Panics, msg)
		return nil, false
	}
	return completed, true
}

// keep adds the findings of rule in lists that no comment suppresses,
// with the severity the options impose.
func (r *Result) keep(rule *Rule, opts *Options, sup *suppressions, lists ...[]Finding) {
	for _, list := range lists {
		for _, f := range list {
			f.Severity = opts.severity(rule, f.Severity)
			f.Anchor = r.anchor(f.Span.Start)
			if sup.suppresses(f) {
				r.Suppressed++
				continue
			}
			r.Findings = append(r.Findings, f)
		}
	}
}

// guard runs step of the pass's rule and returns what it panicked with,
// or "" when it did not; the findings of a rule that panicked are
// dropped.
func guard(pass *Pass, step func()) (panicMsg string) {
	defer func() {
		if r := recover(); r != nil {
			panicMsg = fmt.Sprintf("rule %s panicked on %s: %v\n%s", pass.Rule.Code, pass.Doc.URI, r, debug.Stack())
			pass.findings = nil
		}
	}()
	step()
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
