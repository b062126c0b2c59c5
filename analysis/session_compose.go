package analysis

import (
	"strings"

	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// composeCache is what a Session keeps of a compose file: the text around
// the services, the services' names, and per service text what every
// rule found in it.
type composeCache struct {
	prefix, suffix string
	names          string
	units          map[string]*composeUnit
}

// A composeUnit is one service as last judged.
type composeUnit struct {
	text     string // the service's lines, its key in the cache
	name     string
	styles   compose.ListStyles
	findings cachedFindings // relative to the start of the service's lines
}

// A composePlan judges the services whose text changed, parsed as their
// own document: the text before the first service, the changed services
// and the text after the last one, in file order. Findings in that
// document are moved to where their text stands in the file; the other
// services' findings come from the cache. When the changed text could
// mean something to the other services (the context around them, a
// service's name, anchors, aliases, merge keys, extends) or the partial
// document has a syntax error, the whole file is parsed and judged.
type composePlan struct {
	s    *Session
	doc  *document.Document
	segs compose.Segments
	// dirty[i] tells whether service i is judged in this run; cached[i]
	// is its unit otherwise.
	dirty  []bool
	cached []*composeUnit
	// part is the document the rules run on, and pieces map its text
	// back to the file.
	part   *Result
	pieces []piece
	// fresh collects, per service, what the rules found this run.
	fresh     [][]Finding
	noCache   []bool
	cacheable bool
	reused    placedFindings
}

// A piece is a run of the partial document's text and where it stands in
// the file; service is the index of the service it holds, or -1 for the
// text around the services.
type piece struct {
	start, end int // in the partial document
	at         int // in the file
	service    int
}

// composePlan parses what needs parsing and sets res.Compose when that is
// the whole file.
func (s *Session) composePlan(res *Result) plan {
	doc := res.Doc
	segs, ok := compose.Segment(doc.Text)
	if s == nil || !ok {
		if s != nil {
			s.compose = composeCache{}
		}
		res.Compose = compose.Parse(doc)
		return fullPlan{}
	}
	c := &s.compose
	p := &composePlan{s: s, doc: doc, segs: segs, dirty: make([]bool, len(segs.Services)), cached: make([]*composeUnit, len(segs.Services))}
	text := func(sp document.Span) []byte { return doc.Text[sp.Start:sp.End] }
	sameContext := c.units != nil && c.prefix == string(text(segs.Prefix)) && c.suffix == string(text(segs.Suffix))
	var others compose.ListStyles
	anyDirty, allDirty := false, true
	for i, sp := range segs.Services {
		if u := c.units[string(text(sp))]; sameContext && u != nil {
			p.cached[i] = u
			others.Flow += u.styles.Flow
			others.Block += u.styles.Block
			allDirty = false
		} else {
			p.dirty[i] = true
			anyDirty = true
		}
	}
	if !allDirty && anyDirty {
		if p.partial(res, others) {
			return p
		}
	}
	return p.whole(res)
}

// partial parses the changed services with the text around them; it
// reports false when the whole file must be read instead.
func (p *composePlan) partial(res *Result, others compose.ListStyles) bool {
	doc, segs := p.doc, p.segs
	var b strings.Builder
	add := func(sp document.Span, service int) {
		p.pieces = append(p.pieces, piece{start: b.Len(), end: b.Len() + sp.Len(), at: sp.Start, service: service})
		b.Write(doc.Text[sp.Start:sp.End])
	}
	add(segs.Prefix, -1)
	var judged []int
	for i, sp := range segs.Services {
		if p.dirty[i] {
			add(sp, i)
			judged = append(judged, i)
		}
	}
	add(segs.Suffix, -1)
	partDoc := document.New(doc.URI, doc.Version, doc.Kind, []byte(b.String()))
	f := compose.ParseWith(partDoc, compose.Options{OtherListStyles: others})
	if len(f.Errors) > 0 || len(f.Services) != len(judged) || !f.PlainContext() {
		return false
	}
	names := make([]string, len(segs.Services))
	for k, i := range judged {
		sv := f.Services[k]
		if !sv.Plain() || sv.Key.Span.Start < p.pieces[k+1].start || sv.Key.Span.Start >= p.pieces[k+1].end {
			return false
		}
		names[i] = sv.Name
	}
	for i, u := range p.cached {
		if u != nil {
			names[i] = u.name
		}
	}
	if strings.Join(names, "\x00") != p.s.compose.names {
		return false
	}
	p.part = &Result{Doc: partDoc, Compose: f}
	p.start(len(judged))
	return true
}

// whole parses and judges the whole file, and keeps its services for the
// next run when they can be judged apart.
func (p *composePlan) whole(res *Result) plan {
	doc, segs := p.doc, p.segs
	f := compose.Parse(doc)
	res.Compose = f
	p.part = res
	p.pieces = []piece{{start: 0, end: segs.Prefix.End, at: 0, service: -1}}
	for i, sp := range segs.Services {
		p.dirty[i], p.cached[i] = true, nil
		p.pieces = append(p.pieces, piece{start: sp.Start, end: sp.End, at: sp.Start, service: i})
	}
	p.pieces = append(p.pieces, piece{start: segs.Suffix.Start, end: segs.Suffix.End, at: segs.Suffix.Start, service: -1})
	ok := len(f.Errors) == 0 && len(f.Services) == len(segs.Services) && f.PlainContext()
	names := make([]string, len(f.Services))
	for i, sv := range f.Services {
		names[i] = sv.Name
		if !ok || !sv.Plain() || !segs.Services[i].Contains(sv.Key.Span.Start) {
			ok = false
			break
		}
	}
	if !ok {
		p.s.compose = composeCache{}
		return fullPlan{}
	}
	p.s.compose.names = strings.Join(names, "\x00")
	p.start(len(segs.Services))
	return p
}

func (p *composePlan) start(judged int) {
	p.cacheable = true
	p.fresh = make([][]Finding, len(p.segs.Services))
	p.noCache = make([]bool, len(p.segs.Services))
	p.s.Judged = judged
	p.s.Reused = len(p.segs.Services) - judged
}

func (p *composePlan) findings(res *Result, rule *Rule, opts *Options) ([]Finding, bool) {
	var found []Finding
	if p.part.Compose != nil {
		var ok bool
		found, ok = p.part.run(rule, opts, nil, nil)
		if p.part != res {
			res.Panics = append(res.Panics, p.part.Panics...)
			p.part.Panics = nil
		}
		if !ok {
			p.cacheable = false
			return nil, false
		}
	}
	out := make([]Finding, 0, len(found))
	for _, f := range found {
		home := p.pieceAt(f.Span.Start, -1)
		moved := p.move(f, home)
		out = append(out, moved)
		if i := p.pieces[home].service; i >= 0 {
			p.fresh[i] = append(p.fresh[i], moved)
			if !within(moved, p.segs.Services[i]) {
				p.noCache[i] = true
			}
		}
	}
	if p.reused == nil {
		p.reused = placedFindings{}
		for i, u := range p.cached {
			if u != nil {
				p.reused.add(&u.findings, p.segs.Services[i].Start)
			}
		}
	}
	return append(out, p.reused[rule]...), true
}

// pieceAt returns the piece that holds offset off of the partial
// document; an offset where two pieces meet belongs to prefer when that
// is one of them (an insertion at the end of a service stays with it),
// and the end of the document to the last piece that is not empty.
func (p *composePlan) pieceAt(off, prefer int) int {
	if prefer >= 0 && off == p.pieces[prefer].end {
		return prefer
	}
	for k, pc := range p.pieces {
		if off >= pc.start && off < pc.end {
			return k
		}
	}
	k := len(p.pieces) - 1
	for k > 0 && p.pieces[k].start == p.pieces[k].end {
		k--
	}
	return k
}

// move returns f with its spans moved from the partial document to the
// file; home is the piece of the finding itself.
func (p *composePlan) move(f Finding, home int) Finding {
	mv := func(sp document.Span) document.Span {
		k := p.pieceAt(sp.Start, home)
		d := p.pieces[k].at - p.pieces[k].start
		return document.Span{Start: sp.Start + d, End: sp.End + d}
	}
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

// done keeps every service's findings for the next run.
func (p *composePlan) done() {
	c := &p.s.compose
	if !p.cacheable {
		*c = composeCache{}
		return
	}
	doc, segs := p.doc, p.segs
	units := make(map[string]*composeUnit, len(segs.Services))
	var services []*compose.Service
	if p.part.Compose != nil {
		services = p.part.Compose.Services
	}
	next := 0
	for i, sp := range segs.Services {
		if !p.dirty[i] {
			units[p.cached[i].text] = p.cached[i]
			continue
		}
		sv := services[next]
		next++
		if p.noCache[i] {
			continue
		}
		rel := make([]Finding, len(p.fresh[i]))
		for k, f := range p.fresh[i] {
			rel[k] = moveFinding(f, -sp.Start)
		}
		text := string(doc.Text[sp.Start:sp.End])
		units[text] = &composeUnit{text: text, name: sv.Name, styles: sv.ListStyles(), findings: cachedFindings{rel: rel}}
	}
	c.units = units
	if prefix := doc.Text[segs.Prefix.Start:segs.Prefix.End]; c.prefix != string(prefix) {
		c.prefix = string(prefix)
	}
	if suffix := doc.Text[segs.Suffix.Start:segs.Suffix.End]; c.suffix != string(suffix) {
		c.suffix = string(suffix)
	}
}
