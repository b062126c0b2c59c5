package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// quoteMax is how many characters of a name, path, URL or value taken from
// the file a message quotes at most: what is longer keeps its head and
// tail around an ellipsis. The finding's place shows the whole text; the
// message must stay one short line (analysis.Finding.Message).
const quoteMax = 32

// clip returns s for a message: on one line (a line break or a run of
// blanks becomes one space) and at most max characters long, the middle
// of a longer one replaced by "…" so that both the start (a registry, a
// scheme and host) and the end (a tag, a file name) stay readable.
func clip(s string, max int) string {
	if strings.ContainsFunc(s, unicode.IsSpace) {
		s = strings.Join(strings.Fields(s), " ")
	}
	n := utf8.RuneCountInString(s)
	if n <= max {
		return s
	}
	r := []rune(s)
	head := (max - 1) * 3 / 5
	tail := max - 1 - head
	return string(r[:head]) + "…" + string(r[n-tail:])
}

// noFixDetail is a finding's Detail for the reason a fix was refused
// (compose.Refusal's "no automatic fix: ..."), as a sentence.
func noFixDetail(refusal string) string {
	if refusal == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(refusal)
	return string(unicode.ToUpper(r)) + refusal[size:] + "."
}

// joinDetails joins the sentences of a Detail, leaving out empty ones.
func joinDetails(sentences ...string) string {
	var out []string
	for _, s := range sentences {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// orList joins words as "a", "a or b", "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
