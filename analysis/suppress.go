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

	// What other linters' comments hide, mapped to DW codes (compat.go);
	// set by withDockerfile.
	hadolint bool            // honour `# hadolint ignore=` above instructions
	fileWide map[string]bool // `# hadolint global ignore=`, `# check=skip=`
}

func newSuppressions(doc *document.Document) suppressions { return suppressions{doc: doc} }

// withDockerfile adds the suppressions of hadolint and BuildKit that a
// Dockerfile may carry: `# hadolint ignore=DL3002` in the comment block
// above an instruction, `# hadolint global ignore=DL3002` anywhere, and the
// `# check=skip=SecretsUsedInArgOrEnv` parser directive (several checks
// comma-separated, or skip=all), each standing for the DW rules mapped from
// those IDs.
func (s suppressions) withDockerfile(df *dockerfile.File) suppressions {
	if df == nil {
		return s
	}
	s.hadolint = true
	s.fileWide = map[string]bool{}
	for _, d := range df.Directives {
		if d.Name != "check" {
			continue
		}
		skipAll, checks := parseCheckSkip(d.Value)
		for code := range buildkitCodes(skipAll, checks) {
			s.fileWide[code] = true
		}
	}
	for line := 0; line < s.doc.LineCount(); line++ {
		text := bytes.TrimSpace(s.doc.Line(line))
		if len(text) == 0 || text[0] != '#' || df.InstructionAt(s.doc.LineStart(line)+bytes.IndexByte(s.doc.Line(line), '#')) != nil {
			continue // not a comment, or a line of a heredoc body
		}
		if codes, global, ok := ParseHadolintIgnore(string(text)); ok && global {
			for _, code := range codes {
				s.fileWide[code] = true
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

func (s suppressions) suppresses(f Finding) bool {
	code := f.Rule.Code
	if s.fileWide[code] {
		return true
	}
	// The block of comment lines directly above the anchor line.
	for line := s.doc.LineOf(f.Anchor) - 1; line >= 0; line-- {
		text := bytes.TrimSpace(s.doc.Line(line))
		if len(text) == 0 || text[0] != '#' {
			break
		}
		if codes, ok := ParseIgnore(string(text)); ok && contains(codes, code) {
			return true
		}
		if !s.hadolint {
			continue
		}
		if codes, global, ok := ParseHadolintIgnore(string(text)); ok && !global && contains(codes, code) {
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
