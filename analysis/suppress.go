package analysis

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// IgnoreDirective is the comment keyword that suppresses findings:
//
//	# dockwarden:ignore DW101,DW102 -- reason
//
// on the line above a Dockerfile instruction or compose line, or at the end
// of a compose line.
const IgnoreDirective = "dockwarden:ignore"

// IgnoreFileDirective is the comment keyword that suppresses findings in
// the whole file:
//
//	# dockwarden:ignore-file DW207 -- reason
//
// on a comment line of its own, anywhere in the file.
const IgnoreFileDirective = "dockwarden:ignore-file"

var codePattern = regexp.MustCompile(`^DW\d{3}$`)

// ParseIgnore reads the rule codes of a suppression comment. comment is the
// text from the "#" on. It reports ok=false when the comment is not a
// dockwarden:ignore comment (dockwarden:ignore-file included).
func ParseIgnore(comment string) (codes []string, ok bool) {
	found, fileWide, ok := parseDirective(comment)
	if !ok || fileWide {
		return nil, false
	}
	for _, c := range found {
		codes = append(codes, c.Code)
	}
	return codes, true
}

// parseDirective reads a dockwarden:ignore or dockwarden:ignore-file
// comment. The spans of the codes are byte offsets into comment. Codes are
// the words before any "--" that read DW and three digits, in any case;
// other words are skipped.
func parseDirective(comment string) (codes []DirectiveCode, fileWide, ok bool) {
	body := strings.TrimLeft(comment, " \t")
	body = strings.TrimLeft(strings.TrimPrefix(body, "#"), " \t")
	var rest string
	switch {
	case strings.HasPrefix(body, IgnoreFileDirective):
		rest, fileWide = body[len(IgnoreFileDirective):], true
	case strings.HasPrefix(body, IgnoreDirective):
		rest = body[len(IgnoreDirective):]
	default:
		return nil, false, false
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil, false, false
	}
	base := len(comment) - len(rest)
	if i := strings.Index(rest, "--"); i >= 0 {
		rest = rest[:i]
	}
	for i := 0; i < len(rest); {
		if isCodeSeparator(rest[i]) {
			i++
			continue
		}
		j := i
		for j < len(rest) && !isCodeSeparator(rest[j]) {
			j++
		}
		if code := strings.ToUpper(rest[i:j]); codePattern.MatchString(code) {
			codes = append(codes, DirectiveCode{Code: code, Span: document.Span{Start: base + i, End: base + j}})
		}
		i = j
	}
	return codes, fileWide, true
}

func isCodeSeparator(c byte) bool { return c == ',' || c == ' ' || c == '\t' }

// A Directive is one dockwarden suppression comment of a document.
type Directive struct {
	// Comment is where the comment is written, from its "#" to its last
	// non-blank character.
	Comment document.Span
	// OwnLine is set for a comment alone on its line; a comment at the end
	// of a compose line has it unset.
	OwnLine bool
	// FileWide is set for dockwarden:ignore-file.
	FileWide bool
	// Codes are the rule codes it names, in order; none when it names
	// none that reads as a code.
	Codes []DirectiveCode
}

// A DirectiveCode is one code of a Directive and what became of it.
type DirectiveCode struct {
	Code string
	Span document.Span // where the code is written in the document
	// Used is set when the code suppressed at least one finding.
	Used bool
	// Rule is the registry's rule of that code, nil when the registry has
	// none. Ran is set when that rule ran on the document to completion,
	// so that an unused code is certain to have had nothing to suppress;
	// a rule that is off or of another kind of document did not run.
	Rule *Rule
	Ran  bool
}

// use marks code used when d names it.
func (d *Directive) use(code string) bool {
	for i := range d.Codes {
		if d.Codes[i].Code == code {
			d.Codes[i].Used = true
			return true
		}
	}
	return false
}

// suppressions answers, for one document, whether a finding is hidden by a
// suppression comment, and records which dockwarden comments were needed.
type suppressions struct {
	doc *document.Document

	directives []*Directive       // in document order
	byLine     map[int]*Directive // directive by the line it is on

	// What other linters' comments hide, mapped to DW codes (compat.go);
	// set for Dockerfiles. Their use is not tracked: those comments serve
	// the other linter too.
	hadolint bool            // honour `# hadolint ignore=` above instructions
	fileWide map[string]bool // `# hadolint global ignore=`, `# check=skip=`
}

// newSuppressions finds the suppression comments of doc: dockwarden's
// own comments on lines of their own and, in compose files, at the end of
// lines; for a Dockerfile (df not nil) also the suppressions of hadolint
// and BuildKit that it may carry: `# hadolint ignore=DL3002` in the comment
// block above an instruction, `# hadolint global ignore=DL3002` anywhere,
// and the `# check=skip=SecretsUsedInArgOrEnv` parser directive (several
// checks comma-separated, or skip=all), each standing for the DW rules
// mapped from those IDs. Comment-like lines inside an instruction (a
// heredoc body) are not comments.
func newSuppressions(doc *document.Document, df *dockerfile.File) *suppressions {
	s := &suppressions{doc: doc, byLine: map[int]*Directive{}, fileWide: map[string]bool{}}
	if df != nil {
		s.hadolint = true
		for _, d := range df.Directives {
			if d.Name != "check" {
				continue
			}
			skipAll, checks := parseCheckSkip(d.Value)
			for code := range buildkitCodes(skipAll, checks) {
				s.fileWide[code] = true
			}
		}
	}
	for line := 0; line < doc.LineCount(); line++ {
		text := doc.Line(line)
		hash := bytes.IndexByte(text, '#')
		if hash < 0 {
			continue // every directive is a comment
		}
		trimmed := bytes.TrimSpace(text)
		start := doc.LineStart(line) + hash
		var comment []byte
		own := len(trimmed) > 0 && trimmed[0] == '#'
		switch {
		case own:
			if df != nil && df.InstructionAt(start) != nil {
				continue // a line of a heredoc body
			}
			comment = trimmed
		case doc.Kind == document.Compose:
			c := trailingComment(text)
			if c == "" {
				continue
			}
			comment = bytes.TrimRight([]byte(c), " \t")
			start = doc.LineStart(line) + len(text) - len(c)
		default:
			continue
		}
		if codes, fileWide, ok := parseDirective(string(comment)); ok {
			for i := range codes {
				codes[i].Span.Start += start
				codes[i].Span.End += start
			}
			d := &Directive{Comment: document.Span{Start: start, End: start + len(comment)}, OwnLine: own, FileWide: fileWide, Codes: codes}
			s.directives = append(s.directives, d)
			s.byLine[line] = d
			continue
		}
		if df != nil && own {
			if codes, global, ok := ParseHadolintIgnore(string(comment)); ok && global {
				for _, code := range codes {
					s.fileWide[code] = true
				}
			}
		}
	}
	return s
}

// buildkitCodes returns the DW codes that the skipped BuildKit checks stand
// for.
func buildkitCodes(skipAll bool, checks []string) map[string]bool {
	out := map[string]bool{}
	if skipAll {
		for _, codes := range buildkitChecks {
			for _, code := range codes {
				out[code] = true
			}
		}
	}
	for _, check := range checks {
		for _, code := range BuildKitEquivalents(check) {
			out[code] = true
		}
	}
	return out
}

// suppresses reports whether a comment hides f, and marks the dockwarden
// comment that does as used. The most specific comment wins: the comment
// block above the finding's anchor, then (compose) the comment at the end
// of its line, then dockwarden:ignore-file, then the comments of other
// linters. So a comment made redundant by a nearer one stays unused and is
// reported as such (DW004).
func (s *suppressions) suppresses(f Finding) bool {
	code := f.Rule.Code
	// The block of comment lines directly above the anchor line.
	above := s.doc.LineOf(f.Anchor)
	for line := above - 1; line >= 0; line-- {
		if !s.commentLine(line) {
			break
		}
		if d := s.byLine[line]; d != nil && !d.FileWide && d.use(code) {
			return true
		}
	}
	// Compose also accepts the comment at the end of the finding's line.
	if s.doc.Kind == document.Compose {
		for _, line := range []int{s.doc.LineOf(f.Span.Start), above} {
			if d := s.byLine[line]; d != nil && !d.OwnLine && !d.FileWide && d.use(code) {
				return true
			}
		}
	}
	for _, d := range s.directives {
		if d.FileWide && d.OwnLine && d.use(code) {
			return true
		}
	}
	if s.hadolint {
		for line := above - 1; line >= 0 && s.commentLine(line); line-- {
			if codes, global, ok := ParseHadolintIgnore(string(bytes.TrimSpace(s.doc.Line(line)))); ok && !global && contains(codes, code) {
				return true
			}
		}
	}
	return s.fileWide[code]
}

// commentLine reports whether a line holds a comment and nothing else.
func (s *suppressions) commentLine(line int) bool {
	text := bytes.TrimSpace(s.doc.Line(line))
	return len(text) > 0 && text[0] == '#'
}

// ParseHadolintIgnore reads a hadolint suppression comment,
//
//	# hadolint ignore=DL3002,DL3020
//	# hadolint global ignore=DL3006
//
// and returns the DW rules its hadolint codes map to (compat.go); codes
// without a DW equivalent are dropped. global is set for the file-wide form.
// comment is the text from the "#" on; ok is false when it is no hadolint
// suppression.
func ParseHadolintIgnore(comment string) (codes []string, global, ok bool) {
	body := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(comment), "#"))
	rest, found := strings.CutPrefix(body, "hadolint")
	if !found || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
		return nil, false, false
	}
	rest = strings.TrimSpace(rest)
	if after, ok := strings.CutPrefix(rest, "global"); ok && after != "" && (after[0] == ' ' || after[0] == '\t') {
		global, rest = true, strings.TrimSpace(after)
	}
	list, found := strings.CutPrefix(rest, "ignore")
	if !found {
		return nil, false, false
	}
	list = strings.TrimSpace(list)
	if list, found = strings.CutPrefix(list, "="); !found {
		return nil, false, false
	}
	// A comma-separated list, possibly with blanks after the commas; the
	// first word after it ends the list.
	for _, item := range strings.Split(list, ",") {
		fields := strings.Fields(item)
		if len(fields) == 0 {
			continue
		}
		for _, dw := range HadolintEquivalents(fields[0]) {
			if !contains(codes, dw) {
				codes = append(codes, dw)
			}
		}
		if len(fields) > 1 {
			break
		}
	}
	return codes, global, true
}

// parseCheckSkip reads the skip option of a BuildKit check directive value
// ("skip=A,B;error=true"), the way BuildKit's linter.ParseLintOptions does:
// options separated by ";", "skip=all" or a comma-separated list of check
// names. Malformed options are ignored here (BuildKit reports them).
func parseCheckSkip(value string) (skipAll bool, checks []string) {
	for _, opt := range strings.SplitN(strings.TrimSpace(value), ";", 3) {
		k, v, ok := strings.Cut(opt, "=")
		if !ok || strings.TrimSpace(k) != "skip" {
			continue
		}
		v = strings.TrimSpace(v)
		if v == "all" {
			skipAll = true
			continue
		}
		for _, check := range strings.Split(v, ",") {
			if check = strings.TrimSpace(check); check != "" {
				checks = append(checks, check)
			}
		}
	}
	return skipAll, checks
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
