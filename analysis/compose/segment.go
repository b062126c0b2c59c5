package compose

import (
	"bytes"

	"github.com/dockwarden/dockwarden/analysis/document"
	"gopkg.in/yaml.v3"
)

// Segments cut a compose file at the services of its top-level `services`
// mapping, so that an edit inside one service can be judged by parsing
// that service with the rest of the file but without the other services.
// Prefix runs from the start of the file to the first service's line,
// Services[i] covers the lines of the i-th service (with the blank and
// comment lines that follow it), and Suffix runs from the end of the last
// service to the end of the file. Together they cover the text.
//
// Sections cut Prefix and Suffix at their top-level keys, so that a
// syntax error in one of them (a top-level key being typed, a broken
// network) can be told from the rest: each runs from a line at column 0
// to the next one, with the lines that follow it; the first starts at the
// start of the text. Sections[Header] is the `services:` line's, which
// ends where the first service starts; the sections after it make up
// Suffix.
type Segments struct {
	Prefix   document.Span
	Services []document.Span
	Suffix   document.Span
	Sections []document.Span
	Header   int
}

// Segment cuts text into Segments. ok is false when the file is not laid
// out as one YAML document whose `services:` key, written once at column
// 0 in block style, holds services at one indentation: the caller then
// reads the file whole.
func Segment(text []byte) (segs Segments, ok bool) {
	section := -1 // the start of the line after `services:`
	indent := -1
	end := len(text)
	var starts []int // of the sections
	for start := 0; start < len(text); {
		next := len(text)
		if i := bytes.IndexByte(text[start:], '\n'); i >= 0 {
			next = start + i + 1
		}
		line := bytes.TrimRight(text[start:next], "\r\n")
		content := bytes.TrimLeft(line, " ")
		lead := len(line) - len(content)
		switch {
		case bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) || bytes.HasPrefix(line, []byte("%")):
			return Segments{}, false // several documents, or directives
		case len(content) == 0 || content[0] == '#':
			// Blank and comment lines belong to what comes before them.
		case lead == 0:
			if section >= 0 && end == len(text) {
				end = start
			}
			if isServicesKey(line) {
				if section >= 0 {
					return Segments{}, false
				}
				section = next
				segs.Header = len(starts)
			}
			starts = append(starts, start)
		case section >= 0 && end == len(text):
			if indent < 0 {
				indent = lead
			}
			if lead < indent || content[0] == '\t' {
				return Segments{}, false
			}
			if lead == indent {
				if content[0] == '-' {
					return Segments{}, false
				}
				segs.Services = append(segs.Services, document.Span{Start: start})
			}
		}
		start = next
	}
	if section < 0 || len(segs.Services) == 0 {
		return Segments{}, false
	}
	for i := range segs.Services {
		if i+1 < len(segs.Services) {
			segs.Services[i].End = segs.Services[i+1].Start
		} else {
			segs.Services[i].End = end
		}
	}
	segs.Prefix = document.Span{Start: 0, End: segs.Services[0].Start}
	segs.Suffix = document.Span{Start: end, End: len(text)}
	starts[0] = 0 // what comes before the first key belongs to it
	segs.Sections = make([]document.Span, len(starts))
	for k, s := range starts {
		e := len(text)
		switch {
		case k == segs.Header:
			e = segs.Prefix.End
		case k+1 < len(starts):
			e = starts[k+1]
		}
		segs.Sections[k] = document.Span{Start: s, End: e}
	}
	return segs, true
}

// isServicesKey reports whether line is `services:`, perhaps followed by
// blanks and a comment.
func isServicesKey(line []byte) bool {
	rest, ok := bytes.CutPrefix(line, []byte("services:"))
	if !ok {
		return false
	}
	rest = bytes.TrimLeft(rest, " \t")
	return len(rest) == 0 || rest[0] == '#'
}

// Plain reports whether the service is written out in full where it
// stands: no anchor, alias or merge key in it, not brought in by one,
// and no `extends`. Only then does what it means depend on its own text
// alone.
func (s *Service) Plain() bool {
	if s.Aliased || s.Value == nil || s.Value.Aliased || !plainNode(s.Key.Node) || !plainNode(s.Value.Node) {
		return false
	}
	return s.Lookup("extends") == nil
}

// PlainContext reports whether the file outside its services has no
// anchor, alias or merge key, so that no service can refer to it.
func (f *File) PlainContext() bool {
	if f.Root == nil {
		return false
	}
	n := f.Root.Node
	if n.Anchor != "" {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "services" {
			if v.Anchor != "" || v.Kind != yaml.MappingNode {
				return false
			}
			continue
		}
		if !plainNode(k) || !plainNode(v) {
			return false
		}
	}
	return true
}

func plainNode(n *yaml.Node) bool {
	if n == nil {
		return true
	}
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		return false
	}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 && c.Kind == yaml.ScalarNode && c.Value == "<<" && c.Tag != "!!str" {
			return false
		}
		if !plainNode(c) {
			return false
		}
	}
	return true
}
