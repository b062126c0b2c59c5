package compose

// Readers for service fields that Compose lets authors write in several
// shapes (compose-spec spec.md): "list or map" fields, security_opt,
// cap_add / cap_drop, devices and device_cgroup_rules. Each reader
// interpolates before it normalises (rules.md §1.2), keeps the Value every
// element was read from so rules can report on it and edit it, and is
// lenient: a shape the Compose schema would reject but an author plausibly
// writes (`- no-new-privileges: true` as a one-pair mapping) is read as
// meant rather than dropped.

import (
	"strconv"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// Truth reads a scalar as a Compose boolean after interpolation
// (`privileged: ${PRIV:-true}`). ok is false when v is not a boolean in any
// spelling or its interpolation is unresolved: the value is unknown.
func (f *File) Truth(v *Value) (b Bool, ok bool) {
	if !v.IsScalar() || v.IsNull() {
		return Bool{}, false
	}
	in := f.Interpolate(v.Str())
	if in.Unresolved {
		return Bool{}, false
	}
	if in.HasVars {
		n := *v.Node
		n.Value = in.Value
		v = &Value{Node: &n}
	}
	b = v.Bool()
	return b, b.OK
}

// StringOf returns a scalar's value after interpolation.
func (f *File) StringOf(v *Value) Interpolated { return f.Interpolate(v.Str()) }

// ScalarIs reports whether v is a scalar whose value after interpolation,
// white space around it trimmed, is word in any case. A value that needs
// an unset variable is not.
func (f *File) ScalarIs(v *Value, word string) bool {
	if !v.IsScalar() {
		return false
	}
	in := f.StringOf(v)
	return !in.Unresolved && strings.EqualFold(strings.TrimSpace(in.Value), word)
}

// An Entry is one element of a "list or map" field: `- KEY=VALUE` in list
// form, `KEY: VALUE` in map form (environment, labels, build.args,
// sysctls, extra_hosts, and, leniently, security_opt).
type Entry struct {
	// Key and Value are as written, before interpolation. HasValue is false
	// for `- KEY` and for `KEY:` with a null value.
	Key      string
	Value    string
	HasValue bool

	// Item is the list item (list form); Pair the mapping pair (map form,
	// or a list item written as a one-pair mapping, in which case Item is
	// that mapping).
	Item *Value
	Pair *Pair

	// KeySpan and ValueSpan locate the key and the value in the file. For a
	// list item they are exact when the item is written verbatim, else both
	// are the item's Inner span; ValueSpan is empty at the end of the key
	// when there is no value.
	KeySpan, ValueSpan document.Span
}

// Node returns the value a rule reports on and edits for e: the list item,
// or the pair's key in map form.
func (e Entry) Node() *Value {
	if e.Item != nil {
		return e.Item
	}
	return e.Pair.Key
}

// ListOrMap reads a "list or map" value. seps are the characters that
// separate key from value in list form ("=" for environment and labels;
// ":=" for security_opt, whose items Docker splits at either); the first
// one found splits. Non-scalar list items other than one-pair mappings are
// skipped.
func (f *File) ListOrMap(v *Value, seps string) []Entry {
	var out []Entry
	for _, it := range v.Items() {
		switch {
		case it.IsScalar():
			raw := it.Str()
			e := Entry{Item: it, Key: raw, KeySpan: it.Inner, ValueSpan: it.Inner}
			exact := f.Verbatim(it)
			if exact {
				e.ValueSpan = document.Span{Start: it.Inner.End, End: it.Inner.End}
			}
			if i := strings.IndexAny(raw, seps); i >= 0 {
				e.Key, e.Value, e.HasValue = raw[:i], raw[i+1:], true
				if exact {
					e.KeySpan = document.Span{Start: it.Inner.Start, End: it.Inner.Start + i}
					e.ValueSpan = document.Span{Start: it.Inner.Start + i + 1, End: it.Inner.End}
				}
			}
			out = append(out, e)
		case it.IsMap() && len(it.Pairs()) == 1:
			out = append(out, pairEntry(it.Pairs()[0], it))
		}
	}
	for _, p := range v.Pairs() {
		out = append(out, pairEntry(p, nil))
	}
	return out
}

func pairEntry(p *Pair, item *Value) Entry {
	e := Entry{Item: item, Pair: p, Key: p.Key.Str(), KeySpan: p.Key.Span, ValueSpan: p.Value.Span}
	if p.Value.IsScalar() && !p.Value.IsNull() {
		e.Value, e.HasValue = p.Value.Str(), true
		e.ValueSpan = p.Value.Inner
	}
	return e
}

// A SecurityOpt is one security_opt entry as Docker reads it: interpolated,
// lower case, with the first "=" read as ":" (`seccomp=unconfined` is
// `seccomp:unconfined`, `"label=disable"` is `label:disable`).
type SecurityOpt struct {
	Entry
	// Text is the entry after interpolation, as written otherwise.
	Text string
	// Norm is the normalised option, Name the part before the first ":"
	// and Arg the rest ("" when there is no ":").
	Norm, Name, Arg string
	// Unresolved reports that interpolation left a variable: the option is
	// unknown.
	Unresolved bool
}

// SecurityOpts reads the service's security_opt, in list form (block or
// flow) or, leniently, map form (`{seccomp: unconfined}`).
func (f *File) SecurityOpts(s *Service) []SecurityOpt {
	v := s.Lookup("security_opt")
	var out []SecurityOpt
	for _, e := range f.ListOrMap(v, "\x00") { // split below, after interpolation
		text := e.Key
		if e.Pair != nil && e.HasValue {
			text = e.Key + ":" + e.Value
		}
		in := f.Interpolate(text)
		o := SecurityOpt{Entry: e, Text: in.Value, Unresolved: in.Unresolved}
		o.Norm = NormalizeSecurityOpt(in.Value)
		o.Name, o.Arg, _ = strings.Cut(o.Norm, ":")
		out = append(out, o)
	}
	return out
}

// NormalizeSecurityOpt lower-cases a security_opt entry, trims it and reads
// its first "=" or ":" as ":" (Docker accepts both separators).
func NormalizeSecurityOpt(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, ":="); i >= 0 {
		s = strings.TrimSpace(s[:i]) + ":" + strings.TrimSpace(s[i+1:])
	}
	return s
}

// NoNewPrivileges reports how the option sets no-new-privileges: set is
// true for `no-new-privileges` and `no-new-privileges:<true>`, where <true>
// is any spelling Docker's strconv.ParseBool accepts; known is false when o
// is not the no-new-privileges option or its argument is not a boolean.
func (o SecurityOpt) NoNewPrivileges() (set, known bool) {
	if o.Name != "no-new-privileges" {
		return false, false
	}
	if !strings.Contains(o.Norm, ":") {
		return true, true
	}
	b, err := strconv.ParseBool(o.Arg)
	if err != nil {
		return false, false
	}
	return b, true
}

// A Capability is one entry of cap_add or cap_drop.
type Capability struct {
	// Item is the list item (for the lenient map form, the key).
	Item *Value
	// Raw is the entry as written; Name is it interpolated, upper case,
	// without a "CAP_" prefix ("cap_sys_admin" is "SYS_ADMIN").
	Raw, Name string
	// Unresolved reports an interpolation variable left in the name.
	Unresolved bool
}

// Capabilities reads cap_add or cap_drop (key) of s: a block or flow list,
// a lone scalar, or, leniently, a mapping whose keys are capabilities.
func (f *File) Capabilities(s *Service, key string) []Capability {
	v := s.Lookup(key)
	var vals []*Value
	switch {
	case v.IsSeq():
		vals = v.Items()
	case v.IsMap():
		for _, p := range v.Pairs() {
			vals = append(vals, p.Key)
		}
	case v.IsScalar() && !v.IsNull():
		vals = []*Value{v}
	}
	var out []Capability
	for _, it := range vals {
		if !it.IsScalar() {
			continue
		}
		in := f.Interpolate(it.Str())
		out = append(out, Capability{Item: it, Raw: it.Str(), Name: NormalizeCapability(in.Value), Unresolved: in.Unresolved})
	}
	return out
}

// NormalizeCapability upper-cases a capability name and strips "CAP_".
func NormalizeCapability(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.TrimPrefix(s, "CAP_")
}

// A Device is one entry of a service's devices list: short syntax
// `HOST[:CONTAINER[:PERMISSIONS]]` or long syntax (source, target,
// permissions).
type Device struct {
	Item *Value
	Long bool
	// Source is the host side as written; Host is it interpolated and
	// normalised (NormalizeHostPath); Interp describes the interpolation.
	Source string
	Host   string
	Interp Interpolated
	Target string
	Perms  string
	// CDI reports a Container Device Interface name
	// (`vendor.com/class=name`, such as `nvidia.com/gpu=all`) rather than a
	// host path.
	CDI bool
}

// Devices reads the service's devices list. deploy.resources.reservations
// .devices (GPU requests) is a different thing and is not read.
func (f *File) Devices(s *Service) []Device {
	var out []Device
	for _, it := range s.Lookup("devices").Items() {
		d := Device{Item: it}
		switch {
		case it.IsScalar():
			raw := it.Str()
			parts := splitShort(raw)
			d.Source = raw[parts[0][0]:parts[0][1]]
			if len(parts) > 1 {
				d.Target = raw[parts[1][0]:parts[1][1]]
			}
			if len(parts) > 2 {
				d.Perms = raw[parts[2][0]:]
			}
		case it.IsMap():
			d.Long = true
			d.Source = it.Lookup("source").Str()
			d.Target = it.Lookup("target").Str()
			d.Perms = it.Lookup("permissions").Str()
		default:
			continue
		}
		d.Interp = f.Interpolate(d.Source)
		d.CDI = !strings.HasPrefix(d.Interp.Value, "/") && !strings.HasPrefix(d.Source, "$") && strings.Contains(d.Interp.Value, "=")
		if !d.CDI {
			d.Host = NormalizeHostPath(d.Interp.Value, d.Interp.Unresolved)
		}
		out = append(out, d)
	}
	return out
}

// A StringItem is one scalar item of a list of strings, interpolated.
type StringItem struct {
	Item   *Value
	Interp Interpolated
}

// StringItems reads a list of strings (device_cgroup_rules, tmpfs, dns...):
// a block or flow list, or a lone scalar.
func (f *File) StringItems(v *Value) []StringItem {
	vals := v.Items()
	if v.IsScalar() && !v.IsNull() {
		vals = []*Value{v}
	}
	var out []StringItem
	for _, it := range vals {
		if it.IsScalar() {
			out = append(out, StringItem{Item: it, Interp: f.Interpolate(it.Str())})
		}
	}
	return out
}
