package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// A sticky writes to w until the first error, which it keeps: a writer
// formats a whole file's findings and looks at the error once.
type sticky struct {
	w   io.Writer
	err error
}

func (s *sticky) printf(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}

func (s *sticky) write(text string) {
	if s.err == nil {
		_, s.err = io.WriteString(s.w, text)
	}
}

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
