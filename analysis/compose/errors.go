package compose

import (
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var yamlLine = regexp.MustCompile(`^line (\d+): `)

// locateError turns a yaml.v3 error into an Error on the line where the
// problem is, or without search on the line yaml.v3 names.
//
// yaml.v3 reports a line number that is exact for scanner errors but, for
// parser errors, is the line before the construct being parsed ("did not
// find expected key" names the line before the mapping, not the line that
// breaks it), and it reports no line at all for errors on the first line or
// for unknown aliases. So the line is found again by parsing prefixes of the
// text: the first line whose prefix already fails with the same message is
// where the parser met the problem. Prefixes end at line breaks, so a
// prefix only fails earlier than the whole text if the problem is already
// in it (or a flow collection or quoted scalar is still open, which is
// where such an error belongs anyway).
func (f *File) locateError(err error, search bool) Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	if search {
		if l := f.firstFailingLine(msg); l > 0 {
			line = l
		}
	}
	if line < 1 {
		line = 1
	}
	return Error{Span: f.lineSpan(line), Message: readable(msg)}
}

// maxRelocate bounds the size of text whose error line is searched by
// re-parsing prefixes (about log2(lines) parses).
const maxRelocate = 4 << 20

func (f *File) firstFailingLine(msg string) int {
	l := f.loc
	if len(l.text) > maxRelocate {
		return 0
	}
	fails := func(line int) bool {
		end := len(l.text)
		if line < len(l.lines) {
			end = l.lines[line]
		}
		e := parseErr(l.text[:end])
		return e != "" && strings.HasSuffix(e, msg)
	}
	lo, hi := 1, len(l.lines)
	if !fails(hi) {
		return 0
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	// The problem line may be blank or a comment when the parser only
	// noticed at the next token (an unclosed bracket at the end of a line
	// fails as soon as the following line is read); report the last line
	// with content at or before it.
	for lo > 1 && f.lineSpan(lo).Len() == 0 {
		lo--
	}
	return lo
}

// A Failure is how a text that yaml.v3 cannot read fails, as far as
// reading a compose file in pieces goes: whether the text after a piece
// could have changed the outcome.
type Failure int

const (
	// Readable: yaml.v3 read the text.
	Readable Failure = iota
	// Broken: the text fails at a place that no text after it can mend.
	Broken
	// Open: the text ends inside a quoted scalar or a flow collection,
	// which text after it could still close.
	Open
	// Unanchored: the text uses an anchor it does not define, which text
	// before it may define.
	Unanchored
)

// failureOf classes a yaml.v3 error message. The errors that text after
// the end can mend are those raised at the end of the stream inside a
// quoted scalar (the scanner's "end of stream") or a flow collection (the
// parser's "expected ',' or ']'", "or '}'" and "expected node content"
// on the stream end); any other error is raised where the text is wrong,
// before the end is read.
func failureOf(msg string) Failure {
	switch {
	case strings.Contains(msg, "unknown anchor"):
		return Unanchored
	case strings.Contains(msg, "end of stream"), strings.Contains(msg, "expected ',' or"), strings.Contains(msg, "expected node content"):
		return Open
	}
	return Broken
}

// parseErr returns the error text of parsing every document of text, or "".
func parseErr(text []byte) (msg string) {
	defer func() {
		if recover() != nil {
			msg = "panic"
		}
	}()
	dec := yaml.NewDecoder(strings.NewReader(string(text)))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if err.Error() == "EOF" {
				return ""
			}
			return err.Error()
		}
	}
}

// readable rewrites libyaml's terse messages into ones a compose author can
// act on; unknown messages pass through.
func readable(msg string) string {
	for _, r := range readableMessages {
		if strings.HasPrefix(msg, r.prefix) {
			return r.message
		}
	}
	return msg
}

// readableMessages are the rewrites of readable, by the start of
// libyaml's message.
var readableMessages = []struct{ prefix, message string }{
	{"did not find expected key", "did not find the expected key: check the indentation of this line against the keys above it"},
	{"did not find expected '-' indicator", "did not find the expected '-' list item: a list and mapping keys are mixed at the same indentation"},
	{"did not find expected ',' or ']'", "a flow list '[' is not closed: expected ',' or ']'"},
	{"did not find expected ',' or '}'", "a flow mapping '{' is not closed: expected ',' or '}'"},
	{"mapping values are not allowed in this context", "a ': ' is not allowed here: quote the value if it contains a colon, or fix the indentation"},
	{"found character that cannot start any token", "found a character that cannot start a YAML value (a tab used for indentation, or '@' or '`' at the start of a value?)"},
	{"found unexpected end of stream", "a quoted string is not closed: a closing quote is missing"},
}
