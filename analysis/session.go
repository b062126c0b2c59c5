package analysis

import (
	"reflect"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// A Session analyses successive versions of one document, as an editor
// sends them, and lets each run reuse what the last one computed where
// the text it came from did not change:
//
//   - Dockerfile instruction blocks whose text is unchanged are not parsed
//     again (dockerfile.Cache);
//   - Local rules judge only the instructions whose text or context
//     changed; what they found on the others is moved to where those
//     instructions now stand;
//   - compose services whose text is unchanged, in an unchanged context,
//     are not parsed or judged again (see composePlan).
//
// Dockerfile rules that are not Local run in full every time, on a model
// that is always the whole file's. The findings are those RunWith would
// return for the same text; a test edits every corpus file at random and
// compares the two after each edit. The zero Session is ready to use; a Session is not
// safe for concurrent use.
type Session struct {
	df dockerfile.Cache

	// What the cached findings were found with: a change of rules or
	// options (compared by value) forgets them.
	reg  *Registry
	opts *Options

	// skeleton is the text of the Dockerfile's context (see
	// dockerfilePlan); units holds, for each instruction judged under it,
	// the findings of the Local rules where the instruction last stood.
	skeleton string
	units    map[string][]unitEntry

	compose composeCache

	// found is how many findings the last run kept.
	found int

	// Reused and Judged count the units (instructions or services) of
	// the last run whose findings were reused and computed afresh.
	Reused, Judged int
}

// forget drops what the session has cached.
func (s *Session) forget() {
	if s != nil {
		*s = Session{}
	}
}

func (s *Session) dockerfileCache() *dockerfile.Cache {
	if s == nil {
		return nil
	}
	return &s.df
}

// A plan says how the rules of one run get their findings: in full, or
// partly from the session's cache.
type plan interface {
	// findings returns what rule finds in this run: found by running it
	// now, and reused from the cache (placed where their text now
	// stands, and shared with the cache: not to be changed), or ok false
	// when the rule panicked.
	findings(res *Result, rule *Rule, opts *Options) (found, reused []Finding, ok bool)
	done()
	// unreadSpans are the parts of the file the rules could not judge
	// (a compose service with a syntax error): what they would find
	// there is unknown.
	unreadSpans() []document.Span
}

// fullPlan runs every rule on the whole model and caches nothing.
type fullPlan struct{}

func (fullPlan) findings(res *Result, rule *Rule, opts *Options) ([]Finding, []Finding, bool) {
	found, ok := res.run(rule, opts, nil, nil)
	return found, nil, ok
}

func (fullPlan) done() {}

func (fullPlan) unreadSpans() []document.Span { return nil }

// plan decides how this run gets its findings. For a compose file it
// also parses what needs parsing.
func (s *Session) plan(reg *Registry, res *Result, opts *Options) plan {
	if s != nil {
		if key := cacheKey(opts); s.reg != reg || !reflect.DeepEqual(s.opts, key) {
			s.units, s.skeleton = nil, ""
			s.compose = composeCache{}
			s.reg, s.opts = reg, key
		}
		s.Reused, s.Judged = 0, 0
	}
	switch {
	case res.Doc.Kind == document.Compose:
		return s.composePlan(res)
	case s != nil && res.Dockerfile != nil:
		return s.dockerfilePlan(res)
	}
	return fullPlan{}
}

// cacheKey is the part of opts the cached findings depend on. Builders
// are left out: a Local rule never reads them in Run (DW117 names them
// in its Complete, which runs every time), and the rules that do
// (DW101, DW102, DW112, DW116) run in full every time anyway. Without this,
// typing above a user: line in a compose file, which moves where the
// Builder says it is written, would throw away a Dockerfile's cache.
func cacheKey(opts *Options) *Options {
	if opts == nil || len(opts.Builders) == 0 {
		return opts
	}
	key := *opts
	key.Builders = nil
	return &key
}

// leafKeywords are the instructions that set no context for others: a
// Local rule's judgement of one instruction never depends on them.
var leafKeywords = map[string]bool{
	"RUN": true, "COPY": true, "ADD": true, "CMD": true, "ENTRYPOINT": true,
	"HEALTHCHECK": true, "EXPOSE": true, "VOLUME": true, "LABEL": true,
	"WORKDIR": true, "STOPSIGNAL": true, "MAINTAINER": true,
}

// Units are cached by the text of their region (the instruction's
// comment lines, its own lines and the line break after them) and how
// many context instructions come before it: under the same skeleton,
// equal texts in equal contexts get equal findings, relative to the
// region. An identical instruction may stand in several contexts.
type unitEntry struct {
	text     string
	context  int
	findings *cachedFindings
}

// lookup returns the entry for text in context.
func lookup(units map[string][]unitEntry, text []byte, context int) (unitEntry, bool) {
	for _, e := range units[string(text)] {
		if e.context == context {
			return e, true
		}
	}
	return unitEntry{}, false
}

// A unit is one instruction of this run.
type unit struct {
	in           *dockerfile.Instruction
	context      int
	region       document.Span
	cached       unitEntry
	hit          bool
	fresh        []Finding // found this run, absolute
	notCacheable bool
}

// dockerfilePlan runs Local rules on the instructions the cache does not
// know under the current skeleton.
type dockerfilePlan struct {
	s      *Session
	doc    *document.Document
	units  []unit
	focus  []*dockerfile.Instruction
	poison bool
	reused placedFindings
}

func (s *Session) dockerfilePlan(res *Result) *dockerfilePlan {
	f, doc := res.Dockerfile, res.Doc
	var sk strings.Builder
	sk.WriteString(f.LineEnding)
	sk.WriteByte(f.Escape)
	for _, d := range f.Directives {
		sk.Write(doc.Text[d.Span.Start:d.Span.End])
		sk.WriteByte(0)
	}
	p := &dockerfilePlan{s: s, doc: doc, units: make([]unit, len(f.Instructions))}
	context := 0
	for i, in := range f.Instructions {
		u := &p.units[i]
		u.in = in
		u.region = unitRegion(doc, in)
		u.context = context
		if !leafKeywords[in.Keyword] {
			context++
			sk.WriteString(in.Raw)
			sk.WriteByte(0)
		}
	}
	if skeleton := sk.String(); skeleton != s.skeleton {
		s.skeleton, s.units = skeleton, nil
	}
	for i := range p.units {
		u := &p.units[i]
		if cached, ok := lookup(s.units, doc.Text[u.region.Start:u.region.End], u.context); ok {
			u.cached, u.hit = cached, true
			s.Reused++
		} else {
			p.focus = append(p.focus, u.in)
			s.Judged++
		}
	}
	if p.focus == nil {
		p.focus = []*dockerfile.Instruction{}
	}
	return p
}

// unitRegion is the region of an instruction: from the first of its
// comment lines (or its own first line) to the start of the line after
// its last one.
func unitRegion(doc *document.Document, in *dockerfile.Instruction) document.Span {
	start := in.Span.Start
	if len(in.Comments) > 0 {
		start = in.Comments[0].Start
	}
	start = doc.LineStart(doc.LineOf(start))
	end := in.Span.End
	if end < len(doc.Text) && doc.Text[end] == '\r' {
		end++
	}
	if end < len(doc.Text) && doc.Text[end] == '\n' {
		end++
	}
	return document.Span{Start: start, End: end}
}

func (p *dockerfilePlan) findings(res *Result, rule *Rule, opts *Options) ([]Finding, []Finding, bool) {
	if !rule.Local {
		found, ok := res.run(rule, opts, nil, nil)
		return found, nil, ok
	}
	fresh, ok := res.run(rule, opts, nil, p.focus)
	if !ok {
		p.poison = true
		return nil, nil, false
	}
	for _, f := range fresh {
		in := res.Dockerfile.InstructionAt(f.Span.Start)
		if in == nil || p.units[in.Index].hit {
			// A finding outside the instructions judged: the rule is not
			// as local as it says. Keep it, and cache nothing this run.
			p.poison = true
			continue
		}
		u := &p.units[in.Index]
		u.fresh = append(u.fresh, f)
		if !within(f, u.region) {
			u.notCacheable = true
		}
	}
	if p.reused == nil {
		hits := make([]placement, 0, len(p.units))
		for i := range p.units {
			if u := &p.units[i]; u.hit {
				hits = append(hits, placement{u.cached.findings, u.region.Start})
			}
		}
		p.reused = placeAll(hits)
	}
	return fresh, p.reused[rule], true
}

func (p *dockerfilePlan) unreadSpans() []document.Span { return nil }

// placedFindings are cached findings moved to where their text now
// stands, by rule.
type placedFindings map[*Rule][]Finding

// A placement is a cached unit and where it now starts.
type placement struct {
	findings *cachedFindings
	at       int
}

// placeAll places the findings of the cached units and groups them by
// rule, in the order of the units. Each rule's list is made once, at its
// size: on a compose keystroke that reuses 1,600 findings, growing them
// by appending allocated twice what they hold.
func placeAll(units []placement) placedFindings {
	count := map[*Rule]int{}
	for _, u := range units {
		for _, f := range u.findings.placeAt(u.at) {
			count[f.Rule]++
		}
	}
	m := make(placedFindings, len(count))
	for rule, n := range count {
		m[rule] = make([]Finding, 0, n)
	}
	for _, u := range units {
		for _, f := range u.findings.placed {
			m[f.Rule] = append(m[f.Rule], f)
		}
	}
	return m
}

// cachedFindings are a unit's findings as last placed, with the unit at
// placedAt: a unit that has not moved since (one before the edit) reuses
// them; one that moved gets a moved copy, which is kept instead. Keeping
// one copy, not a relative one beside the placed one, halves what the
// cache holds.
type cachedFindings struct {
	placed   []Finding
	placedAt int
}

func (c *cachedFindings) placeAt(at int) []Finding {
	if c.placedAt != at {
		moved := make([]Finding, len(c.placed))
		for i, f := range c.placed {
			moved[i] = moveFinding(f, at-c.placedAt)
		}
		c.placed, c.placedAt = moved, at
	}
	return c.placed
}

// done keeps, for the next run, the findings of every instruction of
// this one.
func (p *dockerfilePlan) done() {
	if p.poison {
		p.s.units = nil
		return
	}
	units := make(map[string][]unitEntry, len(p.units))
	for i := range p.units {
		u := &p.units[i]
		switch {
		case u.hit:
			units[u.cached.text] = append(units[u.cached.text], u.cached)
		case !u.notCacheable:
			text := string(p.doc.Text[u.region.Start:u.region.End])
			units[text] = append(units[text], unitEntry{text: text, context: u.context, findings: &cachedFindings{placed: u.fresh, placedAt: u.region.Start}})
		}
	}
	p.s.units = units
}

// within reports whether the finding and all its edits lie in region.
func within(f Finding, region document.Span) bool {
	in := func(s document.Span) bool { return s.Start >= region.Start && s.End <= region.End }
	if !in(f.Span) {
		return false
	}
	for _, fix := range f.Fixes {
		for _, e := range fix.Edits {
			if !in(e.Span) {
				return false
			}
		}
	}
	return true
}

// moveFinding returns f with its span and the spans of its edits moved by
// delta; the fixes are copied, never shared with f.
func moveFinding(f Finding, delta int) Finding {
	return mapSpans(f, func(sp document.Span) document.Span {
		return document.Span{Start: sp.Start + delta, End: sp.End + delta}
	})
}

// mapSpans returns f with its span and the spans of its edits replaced
// by what mv makes of them; the fixes are copied, never shared with f,
// which a Session may hold.
func mapSpans(f Finding, mv func(document.Span) document.Span) Finding {
	f.Span = mv(f.Span)
	if f.Fixes != nil {
		fixes := make([]Fix, len(f.Fixes))
		for i, fix := range f.Fixes {
			edits := make([]document.Edit, len(fix.Edits))
			for k, e := range fix.Edits {
				e.Span = mv(e.Span)
				edits[k] = e
			}
			fix.Edits = edits
			fixes[i] = fix
		}
		f.Fixes = fixes
	}
	return f
}
