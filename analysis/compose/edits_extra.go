package compose

// Edits that go below a service's own keys (into a nested mapping or a
// list item's mapping) or outside the services (a top-level entry), for
// the quick fixes of DW215, DW216, DW217 and DW221. They follow the
// refusal policy of edits.go.

import (
	"strings"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// InsertIntoMapping adds lines as the last keys of mapping m, which is the
// value of the last pair of path (keys from one of s's keys downwards) or
// an item of the list that is. lines are written as for InsertLines (two
// spaces per nesting level, relative to m's keys) and re-indented to m's key
// indentation and the file's step. A null value (`deploy:` with nothing
// after it) that is the value of the last pair of path is filled in at one
// step right of its key. In a one-line flow mapping the lines, which must
// then all be at the top level, are appended as `, key: value` entries.
func (f *File) InsertIntoMapping(s *Service, m *Value, lines []string, path ...*Pair) ([]document.Edit, error) {
	if len(lines) == 0 {
		return nil, refuse("nothing to insert")
	}
	if err := f.Editable(s, path, m); err != nil {
		return nil, err
	}
	step := f.indentStep(s, serviceIndent(f, s))
	seq := f.seqOffset(s, step)
	var base string
	var after int
	switch {
	case m.IsNull():
		if len(path) == 0 || path[len(path)-1].Value != m {
			return nil, refuse("the mapping has no key")
		}
		if m.Span.Len() > 0 {
			return nil, refuse("the value is written as null")
		}
		key := path[len(path)-1].Key
		if !f.ownLine(key.Span.Start) {
			return nil, refuse("the key shares its line with other YAML")
		}
		base = strings.Repeat(" ", f.column(key.Span.Start)+step)
		after = key.Span.End
	case !m.IsMap():
		return nil, refuse("the value is not a mapping")
	case m.Flow():
		for _, line := range lines {
			if strings.HasPrefix(line, " ") {
				return nil, refuse("the mapping is written in flow style")
			}
		}
		if hasMergeKey(m) {
			return nil, refuse("the mapping uses a YAML merge key")
		}
		return f.appendFlowEntries(m, strings.Join(lines, ", "))
	default:
		indent, ok := f.ChildIndent(m)
		if !ok {
			return nil, refuse("the mapping has no keys to take the indentation from")
		}
		base = indent
		after = m.Span.End
	}
	nl := f.Newline(after)
	var b strings.Builder
	for _, line := range lines {
		b.WriteString(nl)
		b.WriteString(base)
		b.WriteString(reindent(line, step, seq))
	}
	at := f.Doc.LineEnd(f.LineOf(after))
	return []document.Edit{{Span: document.Span{Start: at, End: at}, NewText: b.String()}}, nil
}

// serviceIndent is the indentation of s's keys, or the service name's
// column plus two when it cannot be told.
func serviceIndent(f *File, s *Service) string {
	if in, ok := f.ChildIndent(s.Value); ok {
		return in
	}
	return strings.Repeat(" ", f.column(s.Key.Span.Start)+2)
}

// DeletePairIn deletes the last pair of path, a chain of keys starting in
// mapping m, where m is not a service (a long-syntax list item, say) and
// outer is the path of pairs from a key of s to the collection that holds
// m. Like DeletePair, a mapping left empty loses its own pair too, up to
// but never including m:
//
//	f.DeletePairIn(s, item, []*Pair{s.Get("volumes")}, item.Get("bind"), item.Lookup("bind").Get("propagation"))
func (f *File) DeletePairIn(s *Service, m *Value, outer []*Pair, path ...*Pair) ([]document.Edit, error) {
	if len(path) == 0 {
		return nil, refuse("nothing to delete")
	}
	if err := f.Editable(s, append(append([]*Pair(nil), outer...), path...), m); err != nil {
		return nil, err
	}
	for len(path) > 1 && len(path[len(path)-2].Value.Node.Content) == 2 {
		path = path[:len(path)-1]
	}
	p := path[len(path)-1]
	parent := m
	if len(path) > 1 {
		parent = path[len(path)-2].Value
	}
	if len(parent.Node.Content) == 2 && parent == m {
		return nil, refuse("deleting the key would leave the entry empty")
	}
	if parent.Flow() && hasMergeKey(parent) {
		return nil, refuse("the mapping uses a YAML merge key")
	}
	for i, q := range parent.Pairs() {
		if q == p {
			return f.deleteElement(parent, i)
		}
	}
	return nil, refuse("the key is not in its mapping")
}

// AppendTopLevelEntry adds `name:` with lines nested under it (written one
// step in, with two spaces per further level) as the last entry of the
// top-level mapping key (`secrets`, `volumes`, `networks`), creating key at
// the end of the file when it is absent. Refused when key is shared,
// merged or written in flow style.
func (f *File) AppendTopLevelEntry(key, name string, lines ...string) ([]document.Edit, error) {
	root := f.Root
	if root == nil || root.Flow() {
		return nil, refuse("the file's top level is not a block mapping")
	}
	step := 2
	if in, ok := f.ChildIndent(root.Lookup("services")); ok && len(in) > 0 && strings.TrimLeft(in, " ") == "" {
		step = len(in)
	}
	entry := func(indent string, nl string) string {
		var b strings.Builder
		b.WriteString(nl + indent + name + ":")
		for _, line := range lines {
			b.WriteString(nl + indent + reindent("  "+line, step, step))
		}
		return b.String()
	}
	text := f.Doc.Text
	top := root.Get(key)
	if top == nil {
		nl := f.Newline(len(text))
		var b strings.Builder
		if len(text) > 0 && text[len(text)-1] != '\n' && text[len(text)-1] != '\r' {
			b.WriteString(nl)
		}
		b.WriteString(key + ":")
		b.WriteString(entry(strings.Repeat(" ", step), nl))
		b.WriteString(nl)
		return []document.Edit{{Span: document.Span{Start: len(text), End: len(text)}, NewText: b.String()}}, nil
	}
	if top.Merged {
		return nil, refuse("the key comes from a YAML merge key")
	}
	for _, v := range []*Value{top.Key, top.Value} {
		if err := f.valueEditable(v); err != nil {
			return nil, err
		}
	}
	m := top.Value
	switch {
	case m.IsNull():
		if m.Span.Len() > 0 {
			return nil, refuse("the value is written as null")
		}
		at := f.Doc.LineEnd(f.LineOf(top.Key.Span.Start))
		indent := strings.Repeat(" ", f.column(top.Key.Span.Start)+step)
		return []document.Edit{{Span: document.Span{Start: at, End: at}, NewText: entry(indent, f.Newline(at))}}, nil
	case !m.IsMap():
		return nil, refuse("the top-level %s is not a mapping", key)
	case m.Flow():
		return nil, refuse("the top-level %s is written in flow style", key)
	}
	indent, ok := f.ChildIndent(m)
	if !ok {
		return nil, refuse("the top-level %s has no keys to take the indentation from", key)
	}
	at := f.Doc.LineEnd(f.LineOf(m.Span.End))
	return []document.Edit{{Span: document.Span{Start: at, End: at}, NewText: entry(indent, f.Newline(at))}}, nil
}
