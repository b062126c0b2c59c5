package analysis

import (
	"bytes"
	"unicode/utf8"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// MaxDocumentSize is the size past which a document is not analysed. The
// largest file of the corpus is 40 KiB; a file of megabytes is a generated
// or pasted artefact, and parsing it on every keystroke would stall the
// editor for no finding anyone reads. Readers read at most one byte more
// than this of any file, so that a device or a huge file costs no memory.
const MaxDocumentSize = 2 << 20

// FileTooLarge is the one finding a document past MaxDocumentSize gets.
// The engine reports it, not a Run function; it is configured like a rule.
var FileTooLarge = &Rule{
	Code:     "DW006",
	Name:     "file-too-large",
	Severity: Warning,
	Engine:   true,
	Doc: `File too large to analyse
Files larger than 2 MiB are not analysed, so that a pasted log or a
generated file cannot stall the editor, and dockwarden check reads no more
than 2 MiB and one byte of any file it is given (a device such as
/dev/zero included). Nothing in such a file was checked, so the finding is
a warning: dockwarden check fails on it by default rather than passing a
file it never read. Split the file, or run the checks on the part that is
a Dockerfile or compose file; switch the rule off (DW006: off) to accept
such files unchecked.`,
}

// NotText is the one finding a document that is not text gets: a file
// named like a Dockerfile or compose file that holds binary data is not
// parsed, so that its bytes do not come out as a page of syntax errors.
var NotText = &Rule{
	Code:     "DW007",
	Name:     "not-text",
	Severity: Warning,
	Engine:   true,
	Doc: `File is not text
The file holds NUL bytes, or more than a third of its characters are not
valid UTF-8 or are control characters: it is binary data (an image, an
archive, a file in UTF-16) under a Dockerfile or compose file name, and it
is not analysed. Docker reads Dockerfiles and compose files as UTF-8 text.
Convert the file to UTF-8, or rename it if it is not a Dockerfile or
compose file.`,
}

// tooLarge fills res with the FileTooLarge finding (unless opts switch it
// off) and reports true when res.Doc is past the limit.
func tooLarge(res *Result, opts *Options) bool {
	doc := res.Doc
	if len(doc.Text) <= MaxDocumentSize || doc.Kind == document.Unknown {
		return false
	}
	engineFinding(res, FileTooLarge, opts, document.Span{End: doc.LineEnd(0)}, "the file is larger than 2 MiB and was not analysed; split it, or switch DW006 off to accept it")
	return true
}

// notText fills res with the NotText finding (unless opts switch it off)
// and reports true when res.Doc does not read as text.
func notText(res *Result, opts *Options) bool {
	doc := res.Doc
	if doc.Kind == document.Unknown {
		return false
	}
	var why string
	switch {
	case bytes.IndexByte(doc.Text, 0) >= 0:
		why = "it holds NUL bytes"
	case !mostlyText(doc.Text):
		why = "most of it is not UTF-8 text"
	default:
		return false
	}
	engineFinding(res, NotText, opts, document.Span{}, "the file is not text ("+why+") and was not analysed; save it as UTF-8 text")
	return true
}

// engineFinding makes res hold the one finding of an engine rule, with
// the severity opts impose, or none when opts switch the rule off.
func engineFinding(res *Result, rule *Rule, opts *Options, span document.Span, msg string) {
	if !opts.enabled(rule) {
		return
	}
	res.Findings = []Finding{{Rule: rule, Span: span, Severity: opts.severity(rule, rule.Severity), Message: msg}}
}

// mostlyText reports whether at most a third of the characters of text
// are invalid UTF-8 or control characters other than tab, the line breaks
// and form feed. A Latin-1 comment or an escape sequence in a Dockerfile
// is far below that; random bytes are far above.
func mostlyText(text []byte) bool {
	chars, bad := 0, 0
	for i := 0; i < len(text); {
		c := text[i]
		chars++
		if c < utf8.RuneSelf {
			if c == 0x7f || c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' {
				bad++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		}
		i += size
	}
	return bad*3 <= chars
}
