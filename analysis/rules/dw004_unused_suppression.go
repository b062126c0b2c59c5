package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// UnusedSuppression is DW004: a dockwarden:ignore or dockwarden:ignore-file
// comment that suppressed nothing.
var UnusedSuppression = &analysis.Rule{
	Code:             "DW004",
	Name:             "unused-suppression",
	Kind:             document.Unknown, // both Dockerfiles and compose files
	Severity:         analysis.Hint,
	AfterSuppression: true,
	Doc: `Unused suppression comment
A # dockwarden:ignore DW101 comment whose line has no DW101 finding, or a
# dockwarden:ignore-file DW207 comment in a file without a DW207 finding,
does nothing today, and tomorrow it silently hides a new finding that
nobody reviewed (guidelines a, b and c all depend on findings being seen).
It is also reported when it names a code that is no dockwarden rule, a
rule of the other kind of file (a DW2xx compose rule in a Dockerfile), no
code at all, or when dockwarden:ignore-file stands at the end of a compose
line instead of on a line of its own. A comment made redundant by a nearer
one (the same code above the line and in an ignore-file comment) is
reported too: the nearest comment is the one used.

Codes of rules that did not run (switched off in configuration, or shipped
off) are not reported: nothing can be said about them. hadolint and
BuildKit comments are not judged, since they serve those tools too.

Fix: remove the unused codes, or the whole comment when none is used; the
fix is safe unless a code is unknown to this version of dockwarden (a newer
version may know it). Switch the rule off with DW004: off in
.dockwarden.yaml, or suppress it in one file with
# dockwarden:ignore-file DW004.`,
	Run: runUnusedSuppression,
}

func runUnusedSuppression(pass *analysis.Pass) {
	for _, d := range pass.Suppressions {
		keyword := analysis.IgnoreDirective
		if d.FileWide {
			keyword = analysis.IgnoreFileDirective
		}
		var unused []analysis.DirectiveCode
		var reasons []string
		unknown := false
		misplaced := d.FileWide && !d.OwnLine
		for _, c := range d.Codes {
			reason := ""
			switch {
			case c.Used || c.Code == pass.Rule.Code:
				continue
			case misplaced:
				reason = c.Code
			case c.Rule == nil:
				unknown = true
				reason = fmt.Sprintf("%s is no dockwarden rule", clip(c.Code, quoteMax/2))
			case !appliesTo(c.Rule, pass.Doc.Kind):
				reason = fmt.Sprintf("%s is a %s rule", c.Code, kindName(c.Rule.Kind))
			case !c.Ran:
				continue // off, or it failed: nothing is known
			case d.FileWide:
				reason = fmt.Sprintf("%s finds nothing in this file", c.Code)
			default:
				reason = fmt.Sprintf("%s finds nothing here", c.Code)
			}
			unused = append(unused, c)
			reasons = append(reasons, reason)
		}
		var msg string
		switch {
		case len(d.Codes) == 0:
			msg = fmt.Sprintf("this %s comment names no rule code (DWnnn); add one or remove it", keyword)
		case len(unused) == 0:
			continue
		case misplaced:
			msg = fmt.Sprintf("%s at the end of a line suppresses nothing (%s); give it its own line", keyword, someOf(reasons, ", "))
		default:
			msg = "unused suppression: " + someOf(reasons, "; ") + "; remove it"
		}
		pass.Report(unusedFinding(pass.Doc, d, unused, unknown, msg))
	}
}

// someOf joins the first reasons with sep and counts the others, so that
// a comment naming many codes still gets a one-line message.
func someOf(reasons []string, sep string) string {
	const named = 2
	if len(reasons) <= named+1 {
		return strings.Join(reasons, sep)
	}
	return fmt.Sprintf("%s%sand %d more", strings.Join(reasons[:named], sep), sep, len(reasons)-named)
}

// unusedFinding builds the finding for the unused codes of d: on the code
// when one of several is unused, on the whole comment when none is used.
func unusedFinding(doc *document.Document, d *analysis.Directive, unused []analysis.DirectiveCode, unknown bool, msg string) analysis.Finding {
	if len(unused) == 0 || len(unused) == len(d.Codes) {
		return analysis.Finding{
			Span:    d.Comment,
			Message: msg,
			Fixes:   []analysis.Fix{{Title: "Remove the unused suppression comment", Edits: []document.Edit{removeComment(doc, d)}, Safe: !unknown}},
		}
	}
	// Rewrite the list of codes with the used ones only, keeping the
	// separator the comment uses.
	first, last := d.Codes[0].Span, d.Codes[len(d.Codes)-1].Span
	sep := ","
	if len(d.Codes) > 1 {
		if between := string(doc.Text[d.Codes[0].Span.End:d.Codes[1].Span.Start]); strings.Trim(between, ", \t") == "" {
			sep = between
		}
	}
	var kept, removed []string
	for _, c := range d.Codes {
		if containsSpan(unused, c.Span) {
			removed = append(removed, c.Code)
		} else {
			kept = append(kept, string(doc.Text[c.Span.Start:c.Span.End]))
		}
	}
	span := document.Span{Start: unused[0].Span.Start, End: unused[len(unused)-1].Span.End}
	return analysis.Finding{
		Span:    span,
		Message: msg,
		Fixes: []analysis.Fix{{
			Title: fmt.Sprintf("Remove %s from the suppression comment", strings.Join(removed, ", ")),
			Edits: []document.Edit{{Span: document.Span{Start: first.Start, End: last.End}, NewText: strings.Join(kept, sep)}},
			Safe:  !unknown,
		}},
	}
}

// removeComment deletes a directive: its whole line when it stands alone,
// else the comment and the blanks before it.
func removeComment(doc *document.Document, d *analysis.Directive) document.Edit {
	line := doc.LineOf(d.Comment.Start)
	if !d.OwnLine {
		start := d.Comment.Start
		for start > doc.LineStart(line) && (doc.Text[start-1] == ' ' || doc.Text[start-1] == '\t') {
			start--
		}
		return document.Edit{Span: document.Span{Start: start, End: d.Comment.End}}
	}
	if line+1 < doc.LineCount() {
		return document.Edit{Span: document.Span{Start: doc.LineStart(line), End: doc.LineStart(line + 1)}}
	}
	if line > 0 {
		// The last line, without a line break: take the one before it.
		return document.Edit{Span: document.Span{Start: doc.LineEnd(line - 1), End: doc.LineEnd(line)}}
	}
	return document.Edit{Span: document.Span{Start: doc.LineStart(line), End: doc.LineEnd(line)}}
}

func appliesTo(r *analysis.Rule, k document.Kind) bool {
	return r.Kind == k || r.Kind == document.Unknown
}

func kindName(k document.Kind) string {
	if k == document.Compose {
		return "Compose"
	}
	return "Dockerfile"
}

// containsSpan reports whether codes has the one written at span (a
// comment may name a code twice, one of them used).
func containsSpan(codes []analysis.DirectiveCode, span document.Span) bool {
	for _, c := range codes {
		if c.Span == span {
			return true
		}
	}
	return false
}
