package compose

// Generic edits of a service for quick fixes: insert a key, delete a key or
// a list item, append to a list, replace (part of) a scalar, and the check
// that refuses an edit where it would be unsafe.
//
// Every helper computes minimal text edits on the original buffer; nothing
// is re-serialised, so comments, quotes and key order survive (rules.md §4
// "Edit mechanics"). Indentation is inferred from the file: inserted keys
// take the indentation of the service's existing keys, list items that of
// the list's existing items, and nested levels the file's own step. Lines
// keep the file's line terminator.
//
// Each helper takes the service and the path of pairs from one of the
// service's keys down to the value it edits, for example
//
//	f.DeleteItem(s, item, s.Get("cap_add"))
//	f.DeletePair(s, s.Get("healthcheck"), s.Lookup("healthcheck").Get("disable"))
//
// and returns either the edits or an error, always a *Refusal, saying why no
// edit is safe. A rule appends the refusal to its message or simply offers
// no fix. The helpers never return both.
//
// Refusal policy (rules.md §1.5 and §4, after compose-lint ADR-014): an edit
// is refused when the text it would change is shared, because the change
// would silently affect every place that refers to it, or when the text is
// written in a form these helpers do not edit reliably:
//   - the service or any value on the path came through a YAML alias or
//     merge key (Value.Aliased), or carries an anchor (`&x`) that an alias may
//     reuse;
//   - another service of the file extends the service (`extends:`);
//   - a flow collection on the path spans several lines, or a scalar being
//     replaced or deleted spans several lines;
//   - for insertions and appends only: the service itself inherits keys
//     through a merge key or `extends:`, since a new key would override or
//     be concatenated with the inherited value (Compose merges lists such
//     as security_opt and cap_add across `extends`).

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dockwarden/dockwarden/analysis/document"
	"gopkg.in/yaml.v3"
)

// A Refusal is why a fix cannot be computed safely. Its Error text reads
// "no automatic fix: <reason>", ready to append to a finding's message.
type Refusal struct {
	Reason string
}

func (r *Refusal) Error() string { return "no automatic fix: " + r.Reason }

func refuse(format string, args ...any) error {
	return &Refusal{Reason: fmt.Sprintf(format, args...)}
}

// Editable reports whether the values of path (pairs from a key of s
// downwards) and any extra values may be edited in place: nil when they
// may, a *Refusal when they are shared (aliased, anchored, merged, the
// service is an extends target) or written across several lines in flow
// style. See the package-level refusal policy above.
func (f *File) Editable(s *Service, path []*Pair, extra ...*Value) error {
	if err := f.serviceEditable(s); err != nil {
		return err
	}
	vals := make([]*Value, 0, 2*len(path)+len(extra))
	for _, p := range path {
		if p == nil {
			return refuse("the key is missing")
		}
		if p.Merged {
			return refuse("the key comes from a YAML merge key")
		}
		vals = append(vals, p.Key, p.Value)
	}
	vals = append(vals, extra...)
	for _, v := range vals {
		if err := f.valueEditable(v); err != nil {
			return err
		}
	}
	for _, v := range extra {
		if v.IsScalar() && f.MultiLine(v) {
			return refuse("the value spans several lines")
		}
	}
	return nil
}

func (f *File) serviceEditable(s *Service) error {
	switch {
	case s == nil || s.Value == nil:
		return refuse("the service is not a mapping")
	case s.Aliased || s.Value.Aliased:
		return refuse("the service comes from a YAML anchor or merge key")
	case s.Value.Node.Anchor != "":
		return refuse("the service is a YAML anchor that other places may reuse")
	}
	if other := f.extendedBy(s); other != "" {
		return refuse("service %s extends this service", other)
	}
	return nil
}

func (f *File) valueEditable(v *Value) error {
	switch {
	case v == nil:
		return nil
	case v.Aliased:
		return refuse("the value is shared through a YAML anchor or merge key")
	case v.Node.Anchor != "":
		return refuse("the value is a YAML anchor that other places may reuse")
	case (v.IsMap() || v.IsSeq()) && v.Flow() && f.MultiLine(v):
		return refuse("the flow collection spans several lines")
	}
	return nil
}

// Inherits reports whether s takes keys from elsewhere: a YAML merge key
// (`<<: *base`) in its mapping or an `extends:` key.
func (s *Service) Inherits() bool {
	if s == nil || s.Value == nil {
		return false
	}
	if s.Value.Get("extends") != nil {
		return true
	}
	return hasMergeKey(s.Value)
}

func hasMergeKey(v *Value) bool {
	if !v.IsMap() {
		return false
	}
	for i := 0; i+1 < len(v.Node.Content); i += 2 {
		if k := v.Node.Content[i]; k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag != "!!str" {
			return true
		}
	}
	return false
}

// extendedBy returns the name of a service of this file that extends s
// (`extends: s` or `extends: {service: s}` without `file:`), or "".
func (f *File) extendedBy(s *Service) string {
	for _, o := range f.extenders[s.Name] {
		if o != s {
			return o.Name
		}
	}
	return ""
}

// insertable is Editable for edits that add to s: they are refused on
// services that inherit keys as well.
func (f *File) insertable(s *Service, path []*Pair) error {
	if err := f.Editable(s, path); err != nil {
		return err
	}
	if s.Inherits() {
		return refuse("the service inherits keys through a YAML merge key or extends, which the new entry would override or duplicate")
	}
	return nil
}

// InsertLines inserts a block of YAML as the first keys of service s, right
// after the line of the service's name. lines are written as if the
// service's keys stood at column 0 with two spaces per nesting level and
// list dashes indented two spaces under their key:
//
//	f.InsertLines(s, "security_opt:", "  - no-new-privileges:true")
//
// Each line is re-indented to the service's key indentation and the file's
// own step (and its style of list indentation: `key:` / `- x` at the same
// column is kept when the file writes lists that way). Refused for services
// written as flow mappings (use InsertScalar or InsertList) and under the
// refusal policy for insertions.
func (f *File) InsertLines(s *Service, lines ...string) ([]document.Edit, error) {
	if err := f.insertable(s, nil); err != nil {
		return nil, err
	}
	if s.Value.Flow() {
		return nil, refuse("the service is written as a flow mapping")
	}
	base, ok := f.ChildIndent(s.Value)
	if !ok {
		return nil, refuse("the service has no keys to take the indentation from")
	}
	step := f.indentStep(s, base)
	seq := f.seqOffset(s, step)
	nl := f.Newline(s.Key.Span.Start)
	var b strings.Builder
	for _, line := range lines {
		b.WriteString(nl)
		b.WriteString(base)
		b.WriteString(reindent(line, step, seq))
	}
	at := f.Doc.LineEnd(f.LineOf(s.Key.Span.Start))
	return []document.Edit{{Span: document.Span{Start: at, End: at}, NewText: b.String()}}, nil
}

// reindent rewrites the leading two-space levels of line to step columns
// per level; a list dash at level n is placed seq columns right of its key
// at level n-1.
func reindent(line string, step, seq int) string {
	n := len(line) - len(strings.TrimLeft(line, " "))
	body := line[n:]
	level := n / 2
	if strings.HasPrefix(body, "-") && level > 0 {
		return strings.Repeat(" ", (level-1)*step+seq) + body
	}
	return strings.Repeat(" ", level*step) + body
}

// indentStep is the number of columns one nesting level adds in this file,
// taken from how far the service's keys sit right of its name; 2 when that
// cannot be told.
func (f *File) indentStep(s *Service, childIndent string) int {
	keyCol := f.column(s.Key.Span.Start)
	if step := utf8.RuneCountInString(childIndent) - keyCol; step > 0 {
		return step
	}
	return 2
}

// column returns the column, in characters, of off on its line.
func (f *File) column(off int) int {
	return utf8.RuneCount(f.Doc.Text[f.Doc.LineStart(f.LineOf(off)):off])
}

// seqOffset is how many columns a block list's dash sits right of its key
// in this file (0 for `key:` / `- x` at the same column), from the first
// block list of service s or else of the first service that has one
// (Options.OtherSeqOffset standing for the services left out of a partial
// model); step when there is none.
func (f *File) seqOffset(s *Service, step int) int {
	if off, ok := f.OwnSeqOffset(s); ok {
		return off
	}
	other := f.otherSeq
	for k, o := range f.Services {
		if other.OK && other.Before <= k {
			return other.Offset
		}
		if off, ok := f.OwnSeqOffset(o); ok && o != s {
			return off
		}
	}
	if other.OK {
		return other.Offset
	}
	return step
}

// OwnSeqOffset is how many columns the dash of the first block list of s
// sits right of its key; ok is false when s has no block list.
func (f *File) OwnSeqOffset(s *Service) (off int, ok bool) {
	if s.Value == nil {
		return 0, false
	}
	for _, p := range s.Value.Pairs() {
		if off, ok := f.dashOffset(p); ok {
			return off, true
		}
	}
	return 0, false
}

// A SeqOffset is the list indentation (OwnSeqOffset) of a service left
// out of a partial model, and where it stands: before the model's
// service of index Before.
type SeqOffset struct {
	Offset int
	Before int
	OK     bool
}

func (f *File) dashOffset(p *Pair) (int, bool) {
	if p.Merged || !p.Value.IsSeq() || p.Value.Flow() || len(p.Value.Items()) == 0 {
		return 0, false
	}
	dash := f.dashBefore(p.Value.Items()[0].Span.Start)
	if dash < 0 || f.LineOf(dash) == f.LineOf(p.Key.Span.Start) || !f.ownLine(dash) {
		return 0, false
	}
	off := f.column(dash) - f.column(p.Key.Span.Start)
	return off, off >= 0
}

// ownLine reports whether only white space precedes off on its line.
func (f *File) ownLine(off int) bool {
	return onlySpace(f.Doc.Text[f.Doc.LineStart(f.LineOf(off)):off])
}

// PrefersFlowLists reports whether the services of this file mostly write
// their list-valued keys in flow style (`cap_drop: [ALL]`) rather than as
// block lists; a service written as a flow mapping always does.
func (f *File) PrefersFlowLists(s *Service) bool {
	if s != nil && s.Value.Flow() {
		return true
	}
	f.flowOnce.Do(f.countListStyles)
	return f.flowLists
}

// countListStyles sets flowLists: whether non-empty lists written in flow
// style outnumber block lists across the services (and those of
// Options.OtherListStyles).
func (f *File) countListStyles() {
	all := f.otherStyles
	for _, o := range f.Services {
		c := o.ListStyles()
		all.Flow += c.Flow
		all.Block += c.Block
	}
	f.flowLists = all.Flow > all.Block
}

// ListStyles counts the lists of a service's keys by style, for
// PrefersFlowLists.
type ListStyles struct{ Flow, Block int }

// ListStyles counts the service's non-empty lists written in flow and in
// block style.
func (s *Service) ListStyles() ListStyles {
	var c ListStyles
	for _, p := range s.Value.Pairs() {
		if p.Merged || p.Value.Aliased || !p.Value.IsSeq() || len(p.Value.Items()) == 0 {
			continue
		}
		if p.Value.Flow() {
			c.Flow++
		} else {
			c.Block++
		}
	}
	return c
}

// InsertScalar adds `key: value` to service s (value is written as given):
// as its first key in a block mapping, or as the last entry of a one-line
// flow mapping.
func (f *File) InsertScalar(s *Service, key, value string) ([]document.Edit, error) {
	if err := f.insertable(s, nil); err != nil {
		return nil, err
	}
	if s.Value.Flow() {
		return f.insertFlowPair(s, key+": "+value)
	}
	return f.InsertLines(s, key+": "+value)
}

// InsertList adds `key` with a list of items to service s, in the file's
// list style (PrefersFlowLists): `key: [a, b]` or `key:` followed by one
// `- item` line per item. Items are plain strings, quoted when YAML needs
// it.
func (f *File) InsertList(s *Service, key string, items ...string) ([]document.Edit, error) {
	if err := f.insertable(s, nil); err != nil {
		return nil, err
	}
	if f.PrefersFlowLists(s) {
		quoted := make([]string, len(items))
		for i, it := range items {
			quoted[i] = QuoteYAML(it, true, nil)
		}
		text := key + ": [" + strings.Join(quoted, ", ") + "]"
		if s.Value.Flow() {
			return f.insertFlowPair(s, text)
		}
		return f.InsertLines(s, text)
	}
	if s.Value.Flow() {
		return nil, refuse("the service is written as a flow mapping")
	}
	lines := []string{key + ":"}
	for _, it := range items {
		lines = append(lines, "  - "+QuoteYAML(it, false, nil))
	}
	return f.InsertLines(s, lines...)
}

// insertFlowPair appends text as the last entry of the service's one-line
// flow mapping.
func (f *File) insertFlowPair(s *Service, text string) ([]document.Edit, error) {
	m := s.Value
	if f.MultiLine(m) {
		return nil, refuse("the flow mapping spans several lines")
	}
	if hasMergeKey(m) {
		return nil, refuse("the service uses a YAML merge key")
	}
	return f.appendFlowEntries(m, text)
}

// appendFlowEntries writes entries (`key: value` texts joined by ", ") after
// the last entry of the flow mapping m, or between its braces when it has
// none.
func (f *File) appendFlowEntries(m *Value, entries string) ([]document.Edit, error) {
	pairs := m.Pairs()
	if len(pairs) == 0 {
		at := f.closingBracket(m)
		if at < 0 {
			return nil, refuse("cannot find the end of the flow mapping")
		}
		return []document.Edit{{Span: document.Span{Start: at, End: at}, NewText: entries}}, nil
	}
	last := pairs[len(pairs)-1]
	at := max(last.Key.Span.End, last.Value.Span.End)
	return []document.Edit{{Span: document.Span{Start: at, End: at}, NewText: ", " + entries}}, nil
}

// closingBracket returns the offset of the `]` or `}` that closes the flow
// collection v, or -1.
func (f *File) closingBracket(v *Value) int {
	end := v.Span.End - 1
	if end < v.Span.Start || end >= len(f.Doc.Text) {
		return -1
	}
	if c := f.Doc.Text[end]; c == ']' || c == '}' {
		return end
	}
	return -1
}

// DeletePair deletes the last pair of path (a key of s, then keys inside
// its mapping value, outermost first) with all its lines: from the start of
// the key's line to the end of the value's last line, trailing comment
// included. When that leaves a mapping empty, its own pair goes too, up to
// but never including the service:
//
//	f.DeletePair(s, s.Get("healthcheck"), s.Lookup("healthcheck").Get("disable"))
//
// deletes `healthcheck:` entirely when `disable:` was its only key. In a
// one-line flow mapping the entry and one separating comma are removed.
func (f *File) DeletePair(s *Service, path ...*Pair) ([]document.Edit, error) {
	if len(path) == 0 {
		return nil, refuse("nothing to delete")
	}
	if err := f.Editable(s, path); err != nil {
		return nil, err
	}
	return f.deletePath(s, path)
}

// DeleteItem deletes item from the list that is the value of the last pair
// of path: all lines of a block item (every line of a long-syntax entry),
// or the element and one separating comma of a one-line flow list. When
// item is the list's only element, the list's key is deleted instead (never
// leaving `key: []`), cascading as DeletePair does.
func (f *File) DeleteItem(s *Service, item *Value, path ...*Pair) ([]document.Edit, error) {
	if len(path) == 0 {
		return nil, refuse("the list has no key")
	}
	if err := f.Editable(s, path, item); err != nil {
		return nil, err
	}
	list := path[len(path)-1].Value
	idx := -1
	for i, it := range list.Items() {
		if it == item {
			idx = i
		}
	}
	if idx < 0 {
		return nil, refuse("the item is not in the list")
	}
	if len(list.Node.Content) == 1 {
		return f.deletePath(s, path)
	}
	return f.deleteElement(list, idx)
}

// deletePath deletes the last pair of path, or its parent when the pair is
// the only one of its mapping.
func (f *File) deletePath(s *Service, path []*Pair) ([]document.Edit, error) {
	for len(path) > 1 && len(path[len(path)-2].Value.Node.Content) == 2 {
		path = path[:len(path)-1]
	}
	p := path[len(path)-1]
	parent := s.Value
	if len(path) > 1 {
		parent = path[len(path)-2].Value
	}
	idx := -1
	for i, q := range parent.Pairs() {
		if q == p {
			idx = i
		}
	}
	if idx < 0 {
		return nil, refuse("the key is not in its mapping")
	}
	if parent.Flow() && hasMergeKey(parent) {
		return nil, refuse("the mapping uses a YAML merge key")
	}
	return f.deleteElement(parent, idx)
}

// deleteElement deletes element idx (an item or a pair) of collection c.
func (f *File) deleteElement(c *Value, idx int) ([]document.Edit, error) {
	type elem struct{ start, end int }
	var elems []elem
	for _, it := range c.Items() {
		elems = append(elems, elem{it.Span.Start, it.Span.End})
	}
	for _, p := range c.Pairs() {
		if !p.Merged {
			elems = append(elems, elem{p.Key.Span.Start, max(p.Key.Span.End, p.Value.Span.End)})
		}
	}
	if idx >= len(elems) {
		return nil, refuse("the entry is not written in its collection")
	}
	e := elems[idx]
	if c.Flow() {
		if f.MultiLine(c) {
			return nil, refuse("the flow collection spans several lines")
		}
		// An element takes the separator before it, the first one the
		// separator after it, so that deleting neighbours (all but the first
		// two) gives edits that touch without overlapping.
		switch {
		case idx > 0:
			return []document.Edit{{Span: document.Span{Start: elems[idx-1].end, End: e.end}}}, nil
		case len(elems) > 1:
			return []document.Edit{{Span: document.Span{Start: e.start, End: elems[1].start}}}, nil
		}
		return []document.Edit{{Span: document.Span{Start: e.start, End: e.end}}}, nil
	}
	start := e.start
	if c.IsSeq() {
		start = f.dashBefore(e.start)
		if start < 0 {
			return nil, refuse("cannot find the list dash of the item")
		}
	}
	if !f.ownLine(start) {
		return nil, refuse("the entry shares its line with other YAML")
	}
	return []document.Edit{f.deleteLines(start, e.end)}, nil
}

// deleteLines deletes the whole lines from the one holding start to the one
// holding end (end is exclusive, so a span ending just past a token keeps
// the token's line), line terminator included.
func (f *File) deleteLines(start, end int) document.Edit {
	first := f.LineOf(start)
	last := f.LineOf(max(start, end-1))
	from := f.Doc.LineStart(first)
	to := f.Doc.LineStart(last + 1)
	if last+1 >= f.Doc.LineCount() {
		to = len(f.Doc.Text)
	}
	return document.Edit{Span: document.Span{Start: from, End: to}}
}

// AppendItem appends item, a plain string, to the list that is the value of
// the last pair of path, in the list's own style: a new line at the dash
// indentation of the existing items of a block list, or `, item` before the
// `]` of a one-line flow list (inside `[]` when it is empty). The item is
// quoted like the last existing item, or when YAML needs quotes. The list
// must be written in the service (Editable); unlike InsertList, a service
// that inherits other keys is fine, since the list is its own.
func (f *File) AppendItem(s *Service, item string, path ...*Pair) ([]document.Edit, error) {
	if len(path) == 0 {
		return nil, refuse("the list has no key")
	}
	if err := f.Editable(s, path); err != nil {
		return nil, err
	}
	list := path[len(path)-1].Value
	if !list.IsSeq() {
		return nil, refuse("the value is not a list")
	}
	items := list.Items()
	var last *Value
	if len(items) > 0 {
		last = items[len(items)-1]
	}
	if list.Flow() {
		text := QuoteYAML(item, true, last)
		if last == nil {
			at := f.closingBracket(list)
			if at < 0 {
				return nil, refuse("cannot find the end of the flow list")
			}
			return []document.Edit{{Span: document.Span{Start: at, End: at}, NewText: text}}, nil
		}
		return []document.Edit{{Span: document.Span{Start: last.Span.End, End: last.Span.End}, NewText: ", " + text}}, nil
	}
	if last == nil {
		return nil, refuse("the list is empty")
	}
	dash := f.dashBefore(last.Span.Start)
	if dash < 0 || !f.ownLine(dash) {
		return nil, refuse("cannot find the list dash of the last item")
	}
	indent := string(f.Doc.Text[f.Doc.LineStart(f.LineOf(dash)):dash])
	gap := string(f.Doc.Text[dash+1 : last.Span.Start])
	if strings.ContainsAny(gap, "\r\n") || gap == "" {
		gap = " "
	}
	return []document.Edit{f.InsertAfterLine(last.Span.End, indent+"-"+gap+QuoteYAML(item, false, last))}, nil
}

// InsertPair adds `key: value` (value written as given) as the last entry of
// the mapping that is the value of the last pair of path: a new line at the
// indentation of the mapping's keys after its last entry, or `, key: value`
// before the `}` of a one-line flow mapping. Refused when the mapping has no
// written key to take the indentation from.
func (f *File) InsertPair(s *Service, key, value string, path ...*Pair) ([]document.Edit, error) {
	if len(path) == 0 {
		return nil, refuse("the mapping has no key")
	}
	if err := f.Editable(s, path); err != nil {
		return nil, err
	}
	m := path[len(path)-1].Value
	if !m.IsMap() {
		return nil, refuse("the value is not a mapping")
	}
	if hasMergeKey(m) {
		return nil, refuse("the mapping uses a YAML merge key")
	}
	text := key + ": " + value
	if m.Flow() {
		return f.appendFlowEntries(m, text)
	}
	pairs := m.Pairs()
	indent, ok := f.ChildIndent(m)
	if !ok || len(pairs) == 0 {
		return nil, refuse("the mapping has no keys to take the indentation from")
	}
	last := pairs[len(pairs)-1]
	return []document.Edit{f.InsertAfterLine(max(last.Key.Span.End, last.Value.Span.End), indent+text)}, nil
}

// ReplaceScalar replaces the content of scalar v (the value of the last
// pair of path, or an item of its list) with text, keeping the quotes it is
// written in. text must be valid inside those quotes; QuoteYAML helps when
// v is plain. Refused for multi-line scalars.
func (f *File) ReplaceScalar(s *Service, v *Value, text string, path ...*Pair) ([]document.Edit, error) {
	if err := f.Editable(s, path, v); err != nil {
		return nil, err
	}
	if !v.IsScalar() {
		return nil, refuse("the value is not a scalar")
	}
	return []document.Edit{{Span: v.Inner, NewText: text}}, nil
}

// ReplaceWithin replaces bytes [from, to) of scalar v's value (offsets into
// v.Str()) with text. It requires the value to be written verbatim (no
// escapes or folded lines, File.Verbatim) so that the offsets are offsets
// into the file.
func (f *File) ReplaceWithin(s *Service, v *Value, from, to int, text string, path ...*Pair) ([]document.Edit, error) {
	if err := f.Editable(s, path, v); err != nil {
		return nil, err
	}
	if !f.Verbatim(v) {
		return nil, refuse("the value is written with escapes")
	}
	if from < 0 || from > to || to > v.Inner.Len() {
		return nil, refuse("the range lies outside the value")
	}
	return []document.Edit{{Span: document.Span{Start: v.Inner.Start + from, End: v.Inner.Start + to}, NewText: text}}, nil
}

// QuoteYAML writes s as a YAML scalar for a list item (flow reports a flow
// collection). When like is a quoted scalar, s takes its quote style;
// otherwise s is double-quoted only when a plain scalar would be read
// differently: special first characters, ": " or " #", flow indicators or
// any ":" in flow context, values YAML reads as booleans, null or numbers,
// surrounding spaces.
func QuoteYAML(s string, flow bool, like *Value) string {
	if like.Quoted() {
		if like.Node.Style&yaml.SingleQuotedStyle != 0 {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
		return doubleQuote(s)
	}
	if needsQuotes(s, flow) {
		return doubleQuote(s)
	}
	return s
}

func doubleQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

func needsQuotes(s string, flow bool) bool {
	if s == "" || strings.TrimSpace(s) != s {
		return true
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(s[0])) && !(s[0] == '-' && len(s) > 1 && s[1] != ' ') {
		return true
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") || strings.ContainsAny(s, "\n\t") {
		return true
	}
	if flow && strings.ContainsAny(s, ":,[]{}") {
		return true
	}
	var v any
	if err := yaml.Unmarshal([]byte(s), &v); err != nil {
		return true
	}
	if str, ok := v.(string); !ok || str != s {
		return true
	}
	switch strings.ToLower(s) {
	case "yes", "no", "on", "off", "y", "n":
		return true // YAML 1.1 booleans
	}
	return false
}
