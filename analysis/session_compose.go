package analysis

import (
	"slices"

	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// composeCache is what a Session keeps of a compose file: how the text
// around its services reads, and per service text what every rule found
// in it under that context.
type composeCache struct {
	// prefix and suffix are the text around the services at the last
	// run, and context what was made of them.
	prefix, suffix string
	context        *composeContext
	// units are the services judged under the readable context whose
	// text is key, with flow the list style the file preferred then.
	key   string
	flow  bool
	units map[string]*composeUnit
}

// A composeUnit is one service as last judged.
type composeUnit struct {
	text     string // the service's lines, its key in the cache
	name     string
	styles   compose.ListStyles
	seq      compose.SeqOffset // its own list indentation; Before unused
	findings cachedFindings    // placed where the service's lines last started
}

// A composePlan reads a compose file in pieces (compose.Segment): the
// top-level sections around the services, and each service. A piece that
// yaml.v3 cannot read in its place is left out, and only its syntax error
// is reported; the rules judge a document made of the pieces that read,
// so that a key being typed in one service, or a broken network, never
// hides what the rules find in the rest. Findings in that document are
// moved to where their text stands in the file.
//
// With a Session, that document holds only the services whose text
// changed (with one unchanged service when none of them reads, so that
// the sections around the services are judged with a service, as in the
// whole file); the other services' findings come from the cache. When the
// changed text could mean something to the other services (anchors,
// aliases, merge keys, extends, a service name written twice, a change in
// the list style the file prefers) the whole file is judged again.
//
// The file is read whole, as yaml.v3 reads it, when it cannot be cut at
// its services, when the pieces that read do not read together, when a
// piece uses an anchor that another one defines, and when the text after
// the first unreadable piece closes what it left open (a quoted string
// that another service's quote closes): the pieces are then not what
// yaml.v3 reads.
type composePlan struct {
	s    *Session // nil when nothing is kept for the next run
	c    *composeCache
	doc  *document.Document
	segs compose.Segments
	ctx  *composeContext
	// Per service: its unit from the cache (cached), nil for a service
	// judged in this run (dirty), and how a dirty one fails when it does
	// not read in its place (failed).
	cached []*composeUnit
	failed []compose.Failure
	// parts are the documents the rules run on: the judged document
	// first, then one per unreadable section or service.
	parts []part
	// unread are the spans of the unreadable sections and services.
	unread []document.Span
	// fresh collects, per service, what the rules found this run.
	fresh     [][]Finding
	noCache   []bool
	cacheable bool
	flow      bool
	reused    placedFindings
}

// composePlan reads the file in pieces where it can, and whole otherwise
// (setting res.Compose).
func (s *Session) composePlan(res *Result) plan {
	doc := res.Doc
	c := &composeCache{}
	if s != nil {
		c = &s.compose
	}
	if segs, ok := compose.Segment(doc.Text); ok {
		p := &composePlan{s: s, c: c, doc: doc, segs: segs}
		p.ctx = c.contextFor(doc, segs)
		if !p.ctx.unknowable {
			if p.useCache() && p.judge(res) {
				return p
			}
			p.judgeAll()
			if p.judge(res) {
				return p
			}
		}
	}
	*c = composeCache{}
	res.Compose = compose.Parse(doc)
	return fullPlan{}
}

// useCache takes from the cache the services it knows under this
// context. It reports whether some services are cached and some are not:
// only then is a partial run worth its checks.
func (p *composePlan) useCache() bool {
	n := len(p.segs.Services)
	p.failed, p.cached = make([]compose.Failure, n), make([]*composeUnit, n)
	if p.c.units == nil || p.c.key != p.ctx.key {
		return false
	}
	dirty := 0
	for i, sp := range p.segs.Services {
		if u := p.c.units[string(p.doc.Text[sp.Start:sp.End])]; u != nil {
			p.cached[i] = u
		} else {
			dirty++
		}
	}
	return dirty > 0 && dirty < n
}

// judgeAll marks every service to be judged in this run.
func (p *composePlan) judgeAll() {
	for i := range p.cached {
		p.failed[i], p.cached[i] = compose.Readable, nil
	}
}

// dirty reports whether service i is judged in this run.
func (p *composePlan) dirty(i int) bool { return p.cached[i] == nil }

// judge reads the dirty services in their context and prepares the
// documents the rules run on. It reports false when the pieces cannot be
// judged apart: in a partial run, that the whole file must be judged; in
// a full one, that it must be read whole.
func (p *composePlan) judge(res *Result) bool {
	partial := slices.ContainsFunc(p.cached, func(u *composeUnit) bool { return u != nil })
	p.parts, p.unread, res.Compose = nil, nil, nil
	judged := p.judgedDraft()
	f := judged.parse(res, p.options())
	// Unless sections were left out, a full run's judged document is the
	// file: if it fails, the file does.
	fileFails := false
	if f.Failure != compose.Readable {
		fileFails = !partial && !p.ctx.broken()
		var errs []part
		for i := range p.cached {
			if !p.dirty(i) {
				continue
			}
			d := p.contextDraft(p.segs.Header + 1)
			d.add(p.segs.Services[i], i)
			e := d.parse(nil, compose.Options{})
			switch e.Failure {
			case compose.Readable:
				continue
			case compose.Unanchored:
				return false // it needs an anchor written in another service
			}
			p.failed[i] = e.Failure
			errs = append(errs, d.part)
		}
		if partial && !p.anyJudged() {
			// Judge one unchanged service again, so that the sections
			// around the services are judged next to one, as in the file.
			i := slices.IndexFunc(p.cached, func(u *composeUnit) bool { return u != nil })
			p.cached[i] = nil
		}
		judged = p.judgedDraft()
		if f = judged.parse(res, p.options()); f.Failure != compose.Readable {
			return false
		}
		p.parts = append(p.parts, errs...)
	}
	p.parts = append([]part{judged.part}, p.parts...)
	for k, fl := range p.ctx.failures {
		if fl != compose.Readable {
			d := p.contextDraft(k)
			d.add(p.segs.Sections[k], -1)
			if k < p.segs.Header {
				d.add(p.segs.Sections[p.segs.Header], -1)
			}
			d.parse(nil, compose.Options{})
			p.parts = append(p.parts, d.part)
		}
	}
	if !p.noteUnread(fileFails) {
		return false
	}
	if p.s != nil {
		p.cacheable = p.plain(f, judged)
		p.flow = f.PrefersFlowLists(nil)
	}
	if partial && (!p.cacheable || p.flow != p.c.flow) {
		return false
	}
	if p.s != nil {
		p.fresh = make([][]Finding, len(p.segs.Services))
		p.noCache = make([]bool, len(p.segs.Services))
		p.s.Judged, p.s.Reused = 0, 0
		for i := range p.cached {
			if p.dirty(i) {
				p.s.Judged++
			} else {
				p.s.Reused++
			}
		}
	}
	return true
}

// options are those of the judged document: what the cached services
// it leaves out would tell the rules about the file's style.
func (p *composePlan) options() compose.Options {
	opts := compose.Options{RoughErrors: true}
	before := 0
	for i, u := range p.cached {
		switch {
		case u != nil:
			opts.OtherListStyles.Flow += u.styles.Flow
			opts.OtherListStyles.Block += u.styles.Block
			if u.seq.OK && !opts.OtherSeqOffset.OK {
				opts.OtherSeqOffset = compose.SeqOffset{Offset: u.seq.Offset, Before: before, OK: true}
			}
		case p.dirty(i) && p.failed[i] == compose.Readable:
			before++
		}
	}
	return opts
}

// anyJudged reports whether some dirty service reads.
func (p *composePlan) anyJudged() bool {
	for i := range p.cached {
		if p.dirty(i) && p.failed[i] == compose.Readable {
			return true
		}
	}
	return false
}

// noteUnread records the spans of the unreadable pieces, and reports false
// when the file reads whole after all: when the first of them (in file
// order, every piece before it reading) fails only because the text ends
// inside a quoted string or a flow collection, the text after it may
// close that, and only reading the whole file tells. fileFails says it is
// known not to read.
func (p *composePlan) noteUnread(fileFails bool) bool {
	first, how := -1, compose.Readable
	for k, fl := range p.ctx.failures {
		if fl != compose.Readable {
			sp := p.segs.Sections[k]
			p.unread = append(p.unread, sp)
			if first < 0 || sp.Start < first {
				first, how = sp.Start, fl
			}
		}
	}
	for i, sp := range p.segs.Services {
		if fl := p.failed[i]; fl != compose.Readable {
			p.unread = append(p.unread, sp)
			if first < 0 || sp.Start < first {
				first, how = sp.Start, fl
			}
		}
	}
	if first < 0 || how != compose.Open || fileFails {
		return true
	}
	return compose.ParseWith(p.doc, compose.Options{RoughErrors: true}).Failure != compose.Readable
}

// plain reports whether the judged document f allows its services'
// findings to be kept for the next run: no errors, no anchors, aliases,
// merge keys or extends, each service where the pieces say, and no name
// written twice among the services judged and cached.
func (p *composePlan) plain(f *compose.File, judged *draft) bool {
	if len(f.Errors) > 0 || !f.PlainContext() {
		return false
	}
	names := make(map[string]bool, len(p.segs.Services))
	k := 0
	for _, pc := range judged.pieces {
		if pc.service < 0 {
			continue
		}
		if k >= len(f.Services) {
			return false
		}
		sv := f.Services[k]
		k++
		if !sv.Plain() || sv.Key.Span.Start < pc.start || sv.Key.Span.Start >= pc.end || names[sv.Name] {
			return false
		}
		names[sv.Name] = true
	}
	if k != len(f.Services) {
		return false
	}
	for _, u := range p.cached {
		if u != nil {
			if names[u.name] {
				return false
			}
			names[u.name] = true
		}
	}
	return true
}

func (p *composePlan) findings(res *Result, rule *Rule, opts *Options) ([]Finding, []Finding, bool) {
	var out []Finding
	for k := range p.parts {
		pt := &p.parts[k]
		found, ok := pt.res.run(rule, opts, nil, nil)
		if pt.res != res {
			res.Panics = append(res.Panics, pt.res.Panics...)
			pt.res.Panics = nil
		}
		if !ok {
			p.cacheable = false
			return nil, nil, false
		}
		if pt.res == res && p.fresh == nil {
			// The whole file, and nothing to keep: nothing to move.
			out = append(out, found...)
			continue
		}
		for _, f := range found {
			home := pt.pieceAt(f.Span.Start, -1)
			moved := f
			if pt.res != res {
				moved = pt.move(f, home)
			}
			out = append(out, moved)
			if i := pt.pieces[home].service; k == 0 && i >= 0 && p.fresh != nil {
				p.fresh[i] = append(p.fresh[i], moved)
				if !within(moved, p.segs.Services[i]) {
					p.noCache[i] = true
				}
			}
		}
	}
	if p.reused == nil {
		cached := make([]placement, 0, len(p.cached))
		for i, u := range p.cached {
			if u != nil {
				cached = append(cached, placement{&u.findings, p.segs.Services[i].Start})
			}
		}
		p.reused = placeAll(cached)
	}
	return out, p.reused[rule], true
}

func (p *composePlan) unreadSpans() []document.Span { return p.unread }

// done keeps every service that read for the next run.
func (p *composePlan) done() {
	c := p.c
	if p.s == nil {
		return
	}
	if !p.cacheable {
		c.units = nil
		return
	}
	units := make(map[string]*composeUnit, len(p.segs.Services))
	f := p.parts[0].res.Compose
	next := 0
	for i, sp := range p.segs.Services {
		switch {
		case p.cached[i] != nil:
			units[p.cached[i].text] = p.cached[i]
			continue
		case p.failed[i] != compose.Readable:
			continue
		}
		sv := f.Services[next]
		next++
		if p.noCache[i] {
			continue
		}
		text := string(p.doc.Text[sp.Start:sp.End])
		u := &composeUnit{text: text, name: sv.Name, styles: sv.ListStyles(), findings: cachedFindings{placed: p.fresh[i], placedAt: sp.Start}}
		u.seq.Offset, u.seq.OK = f.OwnSeqOffset(sv)
		units[text] = u
	}
	c.units, c.key, c.flow = units, p.ctx.key, p.flow
}
