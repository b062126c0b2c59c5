// Package compose is the Compose model of dockwarden: a compose file read
// with gopkg.in/yaml.v3 into nodes (never re-serialised), with YAML anchors,
// aliases and merge keys (`<<: *common`) resolved, and the byte span of
// everything a rule can report on or edit.
//
// Every resolved value remembers where it was written and whether it was
// reached through an alias or a merge key: a rule reports on the origin, and
// refuses to edit it (an edit there would change every place that refers to
// it). See the Compose Specification (compose-spec/compose-spec, spec.md)
// for the keys the model knows about.
package compose

import (
	"fmt"
	"strings"
	"sync"

	"github.com/dockwarden/dockwarden/analysis/document"
	"gopkg.in/yaml.v3"
)

// An Error is a YAML syntax error at a place in the file. Span lies within
// one line of the document; Message reads without yaml.v3's "yaml: line N:"
// prefix.
type Error struct {
	Span    document.Span
	Message string
}

// A File is the parsed model of one compose file. It is immutable once
// Parse returns. Root is nil when the file is empty, not YAML, or its top
// level is not a mapping; Services then is empty too.
type File struct {
	Doc    *document.Document
	Errors []Error
	// Failure says whether yaml.v3 could read the text, and if not, how
	// it failed. An unreadable file has its syntax error in Errors and no
	// Root; a readable one may still have Errors (a key written twice, an
	// alias inside its own anchor).
	Failure Failure

	// Root is the top-level mapping of the first YAML document.
	Root *Value
	// Services are the entries of the top-level `services` mapping in
	// written order (merged-in services included, flagged Aliased).
	Services []*Service

	// Lookup, when set, resolves interpolation variables (the project .env
	// and the environment); nil means every variable is unknown. Parse sets
	// it from Options.
	Lookup func(name string) (string, bool)

	loc *locator

	// byName indexes Services by name (a name written twice, which is
	// an error of its own, means the later service); extenders maps a
	// service name to the services of this file that extend it, in file
	// order. Both are built once by Parse, so that rules asking per
	// service stay linear in the number of services.
	byName    map[string]*Service
	extenders map[string][]*Service

	flowOnce    sync.Once
	flowLists   bool
	otherStyles ListStyles
	otherSeq    SeqOffset
}

// Options tune Parse.
type Options struct {
	// Lookup resolves ${VAR} interpolation (the .env file of the project);
	// nil leaves variables unresolved except for their defaults.
	Lookup func(name string) (string, bool)
	// OtherListStyles are counted with the file's own lists in
	// PrefersFlowLists: when the model is of part of a file (see
	// Segment), the lists of the services left out, so that fixes are
	// written as they would be in the whole file.
	OtherListStyles ListStyles
	// OtherSeqOffset is, for a model of part of a file, the list
	// indentation of the first service left out that has a block list,
	// which fixes follow when the service they edit has none.
	OtherSeqOffset SeqOffset
	// AliasBudget bounds the values created while resolving aliases and
	// merge keys; 0 means a default proportional to the file size.
	AliasBudget int
	// RoughErrors puts a syntax error on the line yaml.v3 names instead
	// of searching for the line at fault (see locateError), which costs a
	// parse of the text per halving: for a caller that only asks whether
	// the text reads.
	RoughErrors bool
}

// A Value is one YAML node as the model sees it: aliases resolved, merge
// keys applied. Node is never an alias node. Span covers the written token
// (quotes, block-scalar header and all) or the whole collection including
// flow brackets; Inner is the content between the quotes of a quoted scalar
// (equal to Span for plain scalars and collections), so an edit can insert
// text before a closing quote. Both lie where the node was written, which
// for an aliased value is at its anchor, not at the alias.
type Value struct {
	Node  *yaml.Node
	Span  document.Span
	Inner document.Span
	// Aliased reports that the value was reached through an alias or a
	// merge key: it is shared, so fixes must not edit it.
	Aliased bool

	items []*Value // sequence items
	pairs []*Pair  // mapping pairs: written keys, then merged keys not overridden
}

// A Pair is one key and its value in a mapping. Merged reports that it came
// from a merge key (`<<: *x`), in which case Key and Value lie at the origin.
type Pair struct {
	Key    *Value
	Value  *Value
	Merged bool
}

// A Service is one entry of the top-level `services` mapping.
type Service struct {
	Name  string
	Key   *Value // the service name as written
	Value *Value // the service's mapping; nil if it is not a mapping
	// Aliased reports that the whole service came through a merge key.
	Aliased bool
	// Volumes are the entries of the service's `volumes` list.
	Volumes []*Volume
}

// IsScalar, IsMap and IsSeq report the kind of v; they are false for nil.
func (v *Value) IsScalar() bool { return v != nil && v.Node.Kind == yaml.ScalarNode }

// IsMap reports whether v is a mapping.
func (v *Value) IsMap() bool { return v != nil && v.Node.Kind == yaml.MappingNode }

// IsSeq reports whether v is a sequence.
func (v *Value) IsSeq() bool { return v != nil && v.Node.Kind == yaml.SequenceNode }

// IsNull reports whether v is absent or a YAML null (`key:`, `~`, `null`).
func (v *Value) IsNull() bool {
	return v == nil || v.Node.Kind == yaml.ScalarNode && v.Node.Tag == "!!null"
}

// Str returns the scalar's value as YAML read it (quotes removed, escapes
// decoded); "" for collections and nil.
func (v *Value) Str() string {
	if !v.IsScalar() {
		return ""
	}
	return v.Node.Value
}

// Flow reports whether a collection is written in flow style ([a, b] or
// {k: v}) rather than block style.
func (v *Value) Flow() bool { return v != nil && v.Node.Style&yaml.FlowStyle != 0 }

// Quoted reports whether a scalar is written in single or double quotes.
func (v *Value) Quoted() bool {
	return v.IsScalar() && v.Node.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0
}

// Items returns a sequence's items; nil for other kinds.
func (v *Value) Items() []*Value {
	if v == nil {
		return nil
	}
	return v.items
}

// Pairs returns a mapping's pairs: the written ones in order, then the ones
// merge keys bring in that no written key overrides. The `<<` keys
// themselves are not pairs.
func (v *Value) Pairs() []*Pair {
	if v == nil {
		return nil
	}
	return v.pairs
}

// Get returns the pair of a mapping whose key is the scalar key, or nil.
func (v *Value) Get(key string) *Pair {
	for _, p := range v.Pairs() {
		if p.Key.IsScalar() && p.Key.Node.Value == key {
			return p
		}
	}
	return nil
}

// Lookup returns the value of key in a mapping, or nil.
func (v *Value) Lookup(key string) *Value {
	if p := v.Get(key); p != nil {
		return p.Value
	}
	return nil
}

// Get returns the pair of the service's key, or nil.
func (s *Service) Get(key string) *Pair { return s.Value.Get(key) }

// Lookup returns the value of the service's key, or nil.
func (s *Service) Lookup(key string) *Value { return s.Value.Lookup(key) }

// Text returns the bytes of span in the file.
func (f *File) Text(span document.Span) string { return string(f.Doc.Text[span.Start:span.End]) }

// Verbatim reports whether a scalar's text between the quotes is exactly its
// value (no escapes, no folded lines), so that offsets into the value are
// offsets into the file.
func (f *File) Verbatim(v *Value) bool {
	return v.IsScalar() && v.Inner.End <= len(f.Doc.Text) && f.Text(v.Inner) == v.Node.Value
}

// Parse builds the model of doc with default options. It never panics and
// never returns nil: syntax errors are in Errors.
func Parse(doc *document.Document) *File { return ParseWith(doc, Options{}) }

// ParseWith builds the model of doc with opts.
func ParseWith(doc *document.Document, opts Options) (f *File) {
	f = &File{Doc: doc, Lookup: opts.Lookup, loc: newLocator(doc.Text), otherStyles: opts.OtherListStyles, otherSeq: opts.OtherSeqOffset}
	defer func() {
		if r := recover(); r != nil {
			// yaml.v3 has panicked on hostile input in the past; a model
			// without services is better than a dead server.
			f.Root, f.Services, f.Failure = nil, nil, Broken
			f.Errors = append(f.Errors, Error{Span: f.lineSpan(1), Message: fmt.Sprintf("cannot read the file: %v", r)})
		}
	}()
	var docs []*yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(doc.Text)))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err != nil {
			if err.Error() != "EOF" {
				f.Failure = failureOf(err.Error())
				f.Errors = append(f.Errors, f.locateError(err, !opts.RoughErrors))
			}
			break
		}
		docs = append(docs, &n)
	}
	if len(docs) == 0 || len(docs[0].Content) == 0 {
		return f
	}
	budget := opts.AliasBudget
	if budget <= 0 {
		budget = 10000 + 20*len(doc.Text)
	}
	r := &resolver{f: f, budget: budget, aliased: map[*yaml.Node]*Value{}, busy: map[*yaml.Node]bool{}}
	root := r.value(docs[0].Content[0], false)
	if r.exhausted {
		f.Errors = append(f.Errors, Error{Span: f.lineSpan(f.loc.lineOf(r.exhaustedAt)),
			Message: "too many alias expansions: the anchors and aliases of this file expand to more values than a compose file can hold"})
	}
	f.Errors = append(f.Errors, r.errors...)
	if !root.IsMap() {
		return f
	}
	f.Root = root
	if services := root.Lookup("services"); services.IsMap() {
		for _, p := range services.Pairs() {
			if !p.Key.IsScalar() {
				continue
			}
			s := &Service{Name: p.Key.Node.Value, Key: p.Key, Aliased: p.Merged || p.Value.Aliased}
			if p.Value.IsMap() {
				s.Value = p.Value
				s.Volumes = f.volumes(s)
			}
			f.Services = append(f.Services, s)
		}
	}
	f.index()
	return f
}

// index builds byName and extenders.
func (f *File) index() {
	f.byName = make(map[string]*Service, len(f.Services))
	f.extenders = map[string][]*Service{}
	for _, s := range f.Services {
		f.byName[s.Name] = s
		if name, ok := s.ExtendsLocal(); ok {
			f.extenders[name] = append(f.extenders[name], s)
		}
	}
}

// Service returns the service called name, or nil.
func (f *File) Service(name string) *Service { return f.byName[name] }

// ExtendsLocal returns the name of the service s extends when that
// service is in the same file (`extends: name`, or `extends: {service:
// name}` without `file:`); ok is false when s extends nothing or a
// service of another file.
func (s *Service) ExtendsLocal() (name string, ok bool) {
	if s.Value == nil {
		return "", false
	}
	ext := s.Lookup("extends")
	if ext == nil {
		return "", false
	}
	if ext.IsMap() {
		if ext.Lookup("file") != nil {
			return "", false
		}
		return ext.Lookup("service").Str(), true
	}
	return ext.Str(), true
}

// A resolver builds Values from yaml nodes. Values reached through an alias
// are memoised per node, so a "billion laughs" chain of aliases costs one
// Value per written node; budget still bounds merges, whose key lists are
// built per mapping.
type resolver struct {
	f           *File
	budget      int
	exhausted   bool
	exhaustedAt int
	aliased     map[*yaml.Node]*Value
	busy        map[*yaml.Node]bool
	errors      []Error
}

func (r *resolver) spend(n *yaml.Node) bool {
	if r.budget <= 0 {
		if !r.exhausted {
			r.exhausted = true
			r.exhaustedAt = r.f.loc.offset(n.Line, n.Column)
		}
		return false
	}
	r.budget--
	return true
}

func (r *resolver) value(n *yaml.Node, aliased bool) *Value {
	for n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			break
		}
		n, aliased = n.Alias, true
	}
	if aliased {
		if v, ok := r.aliased[n]; ok {
			return v
		}
	}
	s := r.f.loc.span(n)
	v := &Value{Node: n, Span: s.outer, Inner: s.inner, Aliased: aliased}
	if n.Kind == yaml.AliasNode || !r.spend(n) {
		// An unresolvable alias, or out of budget: an empty null stands in.
		v.Node = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line, Column: n.Column}
		return v
	}
	if aliased {
		r.aliased[n] = v
	}
	if r.busy[n] {
		// `&a [*a]`: an alias inside its own anchor. yaml.v3 builds the cycle;
		// Docker's loader rejects it.
		r.errors = append(r.errors, Error{Span: r.f.lineSpan(n.Line), Message: "an alias refers to the node that contains it"})
		return v
	}
	r.busy[n] = true
	defer delete(r.busy, n)
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			v.items = append(v.items, r.value(c, aliased))
		}
	case yaml.MappingNode:
		r.mapping(v, n, aliased)
	}
	return v
}

// mapping fills v.pairs. Written keys override merged ones; among merge
// sources the first one that has a key wins (YAML merge key type,
// yaml.org/type/merge.html).
func (r *resolver) mapping(v *Value, n *yaml.Node, aliased bool) {
	seen := map[string]bool{}
	var merges []*Value
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.ScalarNode && kn.Value == "<<" && kn.Tag != "!!str" {
			mv := r.value(vn, aliased)
			if mv.IsSeq() {
				merges = append(merges, mv.items...)
			} else {
				merges = append(merges, mv)
			}
			continue
		}
		k := r.value(kn, aliased)
		if kn.Kind == yaml.ScalarNode {
			if seen[kn.Value] && !aliased {
				r.errors = append(r.errors, Error{Span: k.Span, Message: fmt.Sprintf("mapping key %q is already defined in this mapping", kn.Value)})
			}
			seen[kn.Value] = true
		}
		v.pairs = append(v.pairs, &Pair{Key: k, Value: r.value(vn, aliased)})
	}
	for _, m := range merges {
		for _, p := range m.Pairs() {
			if !p.Key.IsScalar() || seen[p.Key.Node.Value] || !r.spend(p.Key.Node) {
				continue
			}
			seen[p.Key.Node.Value] = true
			key, val := r.asAliased(p.Key), r.asAliased(p.Value)
			v.pairs = append(v.pairs, &Pair{Key: key, Value: val, Merged: true})
		}
	}
}

// asAliased returns the aliased view of a value brought in by a merge key
// from a mapping written in place (`<<: {a: 1}`), which is not itself
// shared but is still not the place a fix should edit.
func (r *resolver) asAliased(v *Value) *Value {
	if v.Aliased {
		return v
	}
	return r.value(v.Node, true)
}

// lineSpan returns the span of the text of a 1-based yaml line, without its
// leading indentation and trailing spaces; empty at the line start when the
// line is blank.
func (f *File) lineSpan(line int) document.Span {
	l := f.loc
	if line < 1 {
		line = 1
	}
	if line > len(l.lines) {
		line = len(l.lines)
	}
	start := l.lines[line-1]
	end := l.lineEnd(start)
	for start < end && isSpace(l.text[start]) {
		start++
	}
	for end > start && isSpace(l.text[end-1]) {
		end--
	}
	return document.Span{Start: start, End: end}
}

// KeyPath returns the keys from the top of the file down to the deepest
// value whose written text holds the byte offset off, "-" standing for a
// sequence item (an index would change when an item is added above it):
// ["services", "web", "volumes", "-"] for a volume of service web. It
// follows the file as written, so a value reached through an alias, which
// lies at its anchor, ends the path. It is nil when off is outside the top
// mapping.
func (f *File) KeyPath(off int) []string {
	var path []string
	for v := f.Root; v != nil; {
		var next *Value
		switch {
		case v.IsMap():
			for _, p := range v.pairs {
				if p.Merged || p.Key == nil {
					continue
				}
				end := p.Key.Span.End
				if p.Value != nil && !p.Value.Aliased && p.Value.Span.End > end {
					end = p.Value.Span.End
				}
				if p.Key.Span.Start <= off && off < max(end, p.Key.Span.End+1) {
					path = append(path, p.Key.Str())
					if p.Value != nil && !p.Value.Aliased && p.Value.Span.Start <= off {
						next = p.Value
					}
					break
				}
			}
		case v.IsSeq():
			for _, item := range v.items {
				if !item.Aliased && item.Span.Start <= off && off < max(item.Span.End, item.Span.Start+1) {
					path = append(path, "-")
					next = item
					break
				}
			}
		}
		v = next
	}
	return path
}
