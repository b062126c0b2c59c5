package analysis

import (
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// This file puts together the documents a composePlan has the rules
// judge, from pieces of a compose file, and moves what the rules find
// there back to the file.

// A composeContext is how the top-level sections around the services read
// (compose.Segments.Sections): a section that yaml.v3 cannot read in its
// place is left out of every document the rules judge, and only its
// syntax error is reported. It depends on the text around the services
// alone.
type composeContext struct {
	// failures[k] is how section k fails when read after the readable
	// sections before it (and before the services key when it comes
	// first); Readable for the sections that read.
	failures []compose.Failure
	// key is the text of the readable sections, prefix and suffix apart:
	// what the services' cached findings were judged with.
	key string
	// unknowable is set when the readable sections do not read together,
	// or a section needs an anchor written elsewhere: the file is then
	// read whole.
	unknowable bool
}

// broken reports whether a section is left out.
func (ctx *composeContext) broken() bool {
	for _, fl := range ctx.failures {
		if fl != compose.Readable {
			return true
		}
	}
	return false
}

// contextFor returns how the text around the services of doc reads, from
// the cache when that text is the last run's.
func (c *composeCache) contextFor(doc *document.Document, segs compose.Segments) *composeContext {
	prefix, suffix := doc.Text[segs.Prefix.Start:segs.Prefix.End], doc.Text[segs.Suffix.Start:segs.Suffix.End]
	if c.context != nil && c.prefix == string(prefix) && c.suffix == string(suffix) {
		return c.context
	}
	ctx := readComposeContext(doc, segs)
	c.prefix, c.suffix, c.context = string(prefix), string(suffix), ctx
	return ctx
}

// readComposeContext finds the sections that do not read in their place: when
// the text around the services does not read, each section is read after
// the readable ones before it (and before the services key, for one that
// comes first).
func readComposeContext(doc *document.Document, segs compose.Segments) *composeContext {
	ctx := &composeContext{failures: make([]compose.Failure, len(segs.Sections))}
	readable := func(d *draft) bool {
		return d.parse(nil, compose.Options{RoughErrors: true}).Failure == compose.Readable
	}
	all := newDraft(doc)
	for _, sp := range segs.Sections {
		all.add(sp, -1)
	}
	if !readable(all) {
		kept := newDraft(doc)
		for k, sp := range segs.Sections {
			if k != segs.Header {
				try := kept.clone()
				try.add(sp, -1)
				if k < segs.Header {
					try.add(segs.Sections[segs.Header], -1)
				}
				fl := try.parse(nil, compose.Options{RoughErrors: true}).Failure
				if fl == compose.Unanchored {
					ctx.unknowable = true
					return ctx
				}
				if ctx.failures[k] = fl; fl != compose.Readable {
					continue
				}
			}
			kept.add(sp, -1)
		}
		if !readable(kept) {
			ctx.unknowable = true
			return ctx
		}
	}
	var key []byte
	for k, sp := range segs.Sections {
		if k == segs.Header+1 {
			key = append(key, 0)
		}
		if ctx.failures[k] == compose.Readable {
			key = append(key, doc.Text[sp.Start:sp.End]...)
		}
	}
	ctx.key = string(key)
	return ctx
}

// contextDraft starts a document with the readable sections before
// section upTo.
func (p *composePlan) contextDraft(upTo int) *draft {
	d := newDraft(p.doc)
	for k, sp := range p.segs.Sections[:upTo] {
		if p.ctx.failures[k] == compose.Readable {
			d.add(sp, -1)
		}
	}
	return d
}

// judgedDraft is the document the rules judge: the readable sections and,
// in their place, the dirty services that read. When no service is left
// at all, the services key gets an empty mapping, as if the file had no
// service yet, rather than the null that would be a schema error.
func (p *composePlan) judgedDraft() *draft {
	d := p.contextDraft(p.segs.Header)
	header := p.segs.Sections[p.segs.Header]
	none := true
	for i := range p.cached {
		if p.cached[i] != nil || p.failed[i] == compose.Readable {
			none = false
		}
	}
	if none {
		key := header.Start + len("services:")
		d.add(document.Span{Start: header.Start, End: key}, -1)
		d.addText(" {}", key)
		d.add(document.Span{Start: key, End: header.End}, -1)
	} else {
		d.add(header, -1)
	}
	for i, sp := range p.segs.Services {
		if p.dirty(i) && p.failed[i] == compose.Readable {
			d.add(sp, i)
		}
	}
	for k := p.segs.Header + 1; k < len(p.segs.Sections); k++ {
		if p.ctx.failures[k] == compose.Readable {
			d.add(p.segs.Sections[k], -1)
		}
	}
	return d
}

// A part is a document the rules run on, and where its pieces stand in
// the file.
type part struct {
	res    *Result
	pieces []piece
}

// A piece is a run of a part's text and where it stands in the file;
// service is the index of the service it holds, or -1 for the text around
// the services. A synthetic piece holds text that is not in the file,
// and at is where it would stand: what points into it points there.
type piece struct {
	start, end int // in the part's document
	at         int // in the file
	service    int
	synthetic  string
}

// A draft is a part being put together from pieces of the file doc; its
// text is only made when it is parsed, and not at all when it is the
// whole file.
type draft struct {
	doc *document.Document
	len int
	part
}

func newDraft(doc *document.Document) *draft { return &draft{doc: doc} }

func (d *draft) clone() *draft {
	return &draft{doc: d.doc, len: d.len, part: part{pieces: append([]piece(nil), d.pieces...)}}
}

// add appends the file's text in sp, of service (or -1).
func (d *draft) add(sp document.Span, service int) {
	d.pieces = append(d.pieces, piece{start: d.len, end: d.len + sp.Len(), at: sp.Start, service: service})
	d.len += sp.Len()
}

// addText appends text that is not in the file, as if it stood at at.
func (d *draft) addText(text string, at int) {
	d.pieces = append(d.pieces, piece{start: d.len, end: d.len + len(text), at: at, service: -1, synthetic: text})
	d.len += len(text)
}

// parse reads the draft with opts and makes it a part. When the draft is
// the whole file, res (unless nil) is the part's result, and res.Compose
// the model.
func (d *draft) parse(res *Result, opts compose.Options) *compose.File {
	if res != nil && d.whole() {
		res.Compose = compose.ParseWith(res.Doc, opts)
		d.res = res
		return res.Compose
	}
	text := make([]byte, 0, d.len)
	for _, pc := range d.pieces {
		if pc.synthetic != "" {
			text = append(text, pc.synthetic...)
		} else {
			text = append(text, d.doc.Text[pc.at:pc.at+pc.end-pc.start]...)
		}
	}
	doc := document.New(d.doc.URI, d.doc.Version, d.doc.Kind, text)
	f := compose.ParseWith(doc, opts)
	d.res = &Result{Doc: doc, Compose: f}
	return f
}

// whole reports whether the draft is the file's text, in order.
func (d *draft) whole() bool {
	if d.len != len(d.doc.Text) {
		return false
	}
	for _, pc := range d.pieces {
		if pc.synthetic != "" || pc.at != pc.start {
			return false
		}
	}
	return true
}

// pieceAt returns the piece that holds offset off of the part's document;
// an offset where two pieces meet belongs to prefer when that is one of
// them (an insertion at the end of a service stays with it), and the end
// of the document to the last piece that is not empty.
func (pt *part) pieceAt(off, prefer int) int {
	if prefer >= 0 && off == pt.pieces[prefer].end {
		return prefer
	}
	for k, pc := range pt.pieces {
		if off >= pc.start && off < pc.end {
			return k
		}
	}
	k := len(pt.pieces) - 1
	for k > 0 && pt.pieces[k].start == pt.pieces[k].end {
		k--
	}
	return k
}

// move returns f with its spans moved from the part's document to the
// file; home is the piece of the finding itself.
func (pt *part) move(f Finding, home int) Finding {
	mv := func(sp document.Span) document.Span {
		pc := pt.pieces[pt.pieceAt(sp.Start, home)]
		if pc.synthetic != "" {
			return document.Span{Start: pc.at, End: pc.at}
		}
		d := pc.at - pc.start
		return document.Span{Start: sp.Start + d, End: sp.End + d}
	}
	return mapSpans(f, mv)
}
