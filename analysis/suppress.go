package analysis

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// IgnoreDirective is the comment keyword that suppresses findings:
//
//	# dockwarden:ignore DW101,DW102 -- reason
//
// on the line above a Dockerfile instruction or compose line, or at the end
// of a compose line.
const IgnoreDirective = "dockwarden:ignore"

var codePattern = regexp.MustCompile(`^DW\d{3}$`)

// ParseIgnore reads the rule codes of a suppression comment. comment is the
// text from the "#" on. It reports ok=false when the comment is not a
// suppression at all.
func ParseIgnore(comment string) (codes []string, ok bool) {
	body := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(comment), "#"))
	rest, found := strings.CutPrefix(body, IgnoreDirective)
	if !found || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return nil, false
	}
	rest, _, _ = strings.Cut(rest, "--")
	for _, field := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		field = strings.ToUpper(field)
		if codePattern.MatchString(field) {
			codes = append(codes, field)
		}
	}
	return codes, true
}

// suppressions answers, for one document, whether a finding is hidden by a
// suppression comment.
type suppressions struct {
	doc *document.Document
}

func newSuppressions(doc *document.Document) suppressions { return suppressions{doc: doc} }

func (s suppressions) suppresses(f Finding) bool {
	code := f.Rule.Code
	// The block of comment lines directly above the anchor line.
	for line := s.doc.LineOf(f.Anchor) - 1; line >= 0; line-- {
		text := bytes.TrimSpace(s.doc.Line(line))
		if len(text) == 0 || text[0] != '#' {
			break
		}
		if codes, ok := ParseIgnore(string(text)); ok && contains(codes, code) {
			return true
		}
	}
	// Compose also accepts the comment at the end of the finding's line.
	if s.doc.Kind == document.Compose {
		for _, line := range []int{s.doc.LineOf(f.Span.Start), s.doc.LineOf(f.Anchor)} {
			if codes, ok := ParseIgnore(trailingComment(s.doc.Line(line))); ok && contains(codes, code) {
				return true
			}
		}
	}
	return false
}

// trailingComment returns the YAML comment that ends line, if any: a "#"
// preceded by white space and outside quotes.
func trailingComment(line []byte) string {
	var quote byte
	for i, c := range line {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return string(line[i:])
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
