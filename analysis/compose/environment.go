package compose

import (
	"strings"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// An EnvVar is one entry of a service's `environment` or a build's `args`,
// written as a list item (`- KEY=VALUE`, `- KEY`) or a mapping pair
// (`KEY: VALUE`, `KEY:`).
//
// A list item without `=` and a mapping key with a null value have no value
// of their own: Compose takes it from the shell environment, or leaves the
// variable unset (compose-spec 05-services.md, environment). HasValue is
// false for them; an explicit empty value (`KEY=`, `KEY: ""`) has HasValue
// true and Value "".
//
// Spans: NameSpan covers the name and ValueSpan the value text as written,
// both inside the item's scalar for the list form (when Exact) and the
// key and value tokens (quotes included) for the mapping form. ValueSpan is
// empty right after `=` for `KEY=`, and empty at the end of the entry when
// there is no value.
type EnvVar struct {
	Name  string
	Value string // as written, before interpolation
	// HasValue is false for `- KEY` and `KEY:` (taken from the shell).
	HasValue bool
	Interp   Interpolated

	// Item is the list item (list form) or the mapping value (map form);
	// Pair is set for the map form.
	Item *Value
	Pair *Pair

	Exact               bool
	NameSpan, ValueSpan document.Span
	// Span is the whole entry: the list item, or the key through the value.
	Span document.Span
}

// Aliased reports that the entry came through an anchor, alias or merge
// key, where fixes are refused.
func (e *EnvVar) Aliased() bool {
	if e.Pair != nil {
		return e.Pair.Merged || e.Pair.Key.Aliased || e.Item.Aliased
	}
	return e.Item.Aliased
}

// Environment reads the `environment` of s.
func (f *File) Environment(s *Service) []*EnvVar {
	if s == nil {
		return nil
	}
	return f.EnvList(s.Lookup("environment"))
}

// BuildArgs reads the `build.args` of s; a `build:` that is only a context
// string has none.
func (f *File) BuildArgs(s *Service) []*EnvVar {
	if s == nil {
		return nil
	}
	return f.EnvList(s.Lookup("build").Lookup("args"))
}

// EnvList reads a list-or-mapping of variables (environment, build args,
// labels have the same shape). Nil, scalars and malformed entries give
// nothing.
func (f *File) EnvList(v *Value) []*EnvVar {
	var out []*EnvVar
	switch {
	case v.IsSeq():
		for _, it := range v.Items() {
			if !it.IsScalar() || it.IsNull() {
				continue
			}
			out = append(out, f.envItem(it))
		}
	case v.IsMap():
		for _, p := range v.Pairs() {
			if !p.Key.IsScalar() {
				continue
			}
			out = append(out, f.envPair(p))
		}
	}
	return out
}

func (f *File) envItem(it *Value) *EnvVar {
	raw := it.Str()
	e := &EnvVar{Item: it, Span: it.Span}
	name, value, has := strings.Cut(raw, "=")
	e.Name, e.Value, e.HasValue = name, value, has
	e.Interp = f.Interpolate(value)
	e.Exact = f.Verbatim(it) && !f.MultiLine(it)
	if !e.Exact {
		e.NameSpan, e.ValueSpan = it.Inner, it.Inner
		return e
	}
	base := it.Inner.Start
	e.NameSpan = document.Span{Start: base, End: base + len(name)}
	if has {
		e.ValueSpan = document.Span{Start: base + len(name) + 1, End: it.Inner.End}
	} else {
		e.ValueSpan = document.Span{Start: it.Inner.End, End: it.Inner.End}
	}
	return e
}

func (f *File) envPair(p *Pair) *EnvVar {
	e := &EnvVar{Item: p.Value, Pair: p, Name: p.Key.Str(), NameSpan: p.Key.Span}
	e.Exact = p.Value.IsScalar() && !f.MultiLine(p.Value)
	e.Span = document.Span{Start: p.Key.Span.Start, End: max(p.Key.Span.End, p.Value.Span.End)}
	switch {
	case p.Value.IsNull():
		e.ValueSpan = document.Span{Start: e.Span.End, End: e.Span.End}
		if p.Value.Span.Len() > 0 {
			e.ValueSpan = p.Value.Span // `~` or `null` written out
		}
	case p.Value.IsScalar():
		e.Value, e.HasValue = p.Value.Str(), true
		e.ValueSpan = p.Value.Span
	default:
		// A list or mapping as a value: Compose rejects it; keep the span
		// so a rule can still point at it.
		e.ValueSpan = p.Value.Span
		e.Exact = false
	}
	e.Interp = f.Interpolate(e.Value)
	return e
}

// LookupEnv returns the last entry named name (Compose lets a later entry win),
// or nil.
func LookupEnv(vars []*EnvVar, name string) *EnvVar {
	var found *EnvVar
	for _, e := range vars {
		if e.Name == name {
			found = e
		}
	}
	return found
}
