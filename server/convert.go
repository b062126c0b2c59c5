package server

import (
	"net/url"
	"path"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// This file is the one place where byte offsets become LSP positions and
// back. Positions are UTF-16 code units, the encoding every LSP client
// supports (LSP 3.17, "Position").

func toPosition(doc *document.Document, off int) protocol.Position {
	p := doc.Position(off)
	return protocol.Position{Line: uint32(p.Line), Character: uint32(p.Character)}
}

func toRange(doc *document.Document, span document.Span) protocol.Range {
	return protocol.Range{Start: toPosition(doc, span.Start), End: toPosition(doc, span.End)}
}

// toOffset converts a client position to a byte offset. A position past the
// end of the document is clamped to the end, as the specification asks
// servers to do with characters past the end of a line; ok reports whether
// clamping was needed beyond that.
func toOffset(doc *document.Document, p protocol.Position) (off int, ok bool) {
	off, err := doc.Offset(document.Position{Line: int(p.Line), Character: int(p.Character)})
	if err != nil {
		return len(doc.Text), false
	}
	return off, true
}

// toSpan converts a client range, putting its ends in order.
func toSpan(doc *document.Document, r protocol.Range) (span document.Span, ok bool) {
	start, ok1 := toOffset(doc, r.Start)
	end, ok2 := toOffset(doc, r.End)
	if end < start {
		start, end = end, start
	}
	return document.Span{Start: start, End: end}, ok1 && ok2
}

func toTextEdits(doc *document.Document, edits []document.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, len(edits))
	for i, e := range edits {
		out[i] = protocol.TextEdit{Range: toRange(doc, e.Span), NewText: e.NewText}
	}
	return out
}

func toDiagnostic(doc *document.Document, f *analysis.Finding, link *protocol.CodeDescription) protocol.Diagnostic {
	return protocol.Diagnostic{
		Range:           toRange(doc, f.Span),
		Severity:        protocol.DiagnosticSeverity(f.Severity),
		Code:            f.Rule.Code,
		CodeDescription: link,
		Source:          "dockwarden",
		Message:         f.Message,
	}
}

// ruleLinks are the links of a document's diagnostics to their rules'
// sections of the rules page (LSP 3.16, "codeDescription"), made once
// per rule: clients that do not know the field ignore it, VS Code links
// the code in the Problems panel. A nil *ruleLinks links to the default
// page. It is safe for concurrent use: publishes and code actions of the
// same document share it.
type ruleLinks struct {
	page   string
	byRule sync.Map // *analysis.Rule -> *protocol.CodeDescription
}

// linksTo returns links to page: l itself, and what it made, when l is
// already of that page.
func (l *ruleLinks) linksTo(page string) *ruleLinks {
	if l != nil && l.page == page {
		return l
	}
	return &ruleLinks{page: page}
}

// of returns the link of rule's diagnostics.
func (l *ruleLinks) of(rule *analysis.Rule) *protocol.CodeDescription {
	if l == nil {
		l = defaultLinks
	}
	if d, ok := l.byRule.Load(rule); ok {
		return d.(*protocol.CodeDescription)
	}
	d := &protocol.CodeDescription{Href: protocol.URI(l.page + "#" + rule.Anchor())}
	l.byRule.Store(rule, d)
	return d
}

var defaultLinks = &ruleLinks{page: analysis.RulesPage}

// fileName returns the path of a document URI, which decides its kind.
// Non-file URIs (an editor's "untitled:" buffers) keep their opaque part,
// so that the languageId decides instead.
func fileName(uri protocol.DocumentURI) string {
	u, err := url.Parse(string(uri))
	if err != nil {
		return ""
	}
	if u.Path != "" {
		return path.Clean(u.Path)
	}
	return u.Opaque
}
