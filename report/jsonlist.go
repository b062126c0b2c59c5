package report

import (
	"encoding/json"
	"io"
	"strings"
)

// A jsonList writes the items of a JSON array as they come, each indented
// to sit at indent; close ends the array with what follows it.
type jsonList struct {
	out    *sticky
	indent string
	items  int
}

// add writes one item.
func (l *jsonList) add(v any) error {
	data, err := marshalJSON(v, l.indent)
	if err != nil {
		return err
	}
	if l.items > 0 {
		l.out.write(",")
	}
	l.items++
	l.out.write("\n" + l.indent + data)
	return l.out.err
}

// close ends the array: a line break and outer before the "]" when it has
// items, then after.
func (l *jsonList) close(outer, after string) {
	if l.items > 0 {
		l.out.write("\n" + outer)
	}
	l.out.write("]" + after)
}

// A jsonArrayWriter is a format that is one JSON array with an item per
// finding (item makes it), written as each file is done: head opens the
// report, and the array is closed with outer and tail (jsonList.close).
type jsonArrayWriter struct {
	out         sticky
	list        jsonList
	item        func(f *File, x *Finding) any
	outer, tail string
}

func newJSONArray(w io.Writer, head, indent, outer, tail string, item func(*File, *Finding) any) *jsonArrayWriter {
	j := &jsonArrayWriter{out: sticky{w: w}, item: item, outer: outer, tail: tail}
	j.list = jsonList{out: &j.out, indent: indent}
	j.out.write(head)
	return j
}

func (j *jsonArrayWriter) File(f *File) error {
	for i := range f.Findings {
		if err := j.list.add(j.item(f, &f.Findings[i])); err != nil {
			return err
		}
	}
	return j.out.err
}

func (j *jsonArrayWriter) Close(*Summary) error {
	j.list.close(j.outer, j.tail)
	return j.out.err
}

// marshalJSON encodes v indented to sit at prefix, without escaping
// HTML characters: the reports are read as they are, not pasted into
// pages.
func marshalJSON(v any, prefix string) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
