package server

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/internal/fileuri"
)

// hover shows the documentation of the rules whose findings cover the
// position: what the rule checks, why it matters, how to fix it and how to
// suppress it.
func (s *Server) hover(p protocol.HoverParams) (any, error) {
	st, doc := s.snapshot(p.TextDocument.URI)
	if st == nil {
		return nil, nil
	}
	return deferred(func(context.Context) (any, error) { return s.hoverAt(st, doc, p.Position), nil }), nil
}

// hoverAt computes the hover for a position in doc; nil when no finding
// or note is there.
func (s *Server) hoverAt(st *docState, doc *document.Document, pos protocol.Position) *protocol.Hover {
	res := s.resultFor(st, doc)
	off, _ := toOffset(res.Doc, pos)
	var parts []string
	var hit *analysis.Finding
	seen := map[string]bool{}
	for i := range res.Findings {
		f := &res.Findings[i]
		if off < f.Span.Start || off > f.Span.End || seen[f.Rule.Code] {
			continue
		}
		seen[f.Rule.Code] = true
		if hit == nil {
			hit = f
		}
		parts = append(parts, ruleMarkdown(f.Rule, f.Detail))
	}
	span := document.Span{Start: -1}
	if hit != nil {
		span = hit.Span
	}
	for _, n := range res.Notes {
		if off < n.Span.Start || off > n.Span.End {
			continue
		}
		if span.Start < 0 {
			span = n.Span
		}
		parts = append(parts, noteMarkdown(n))
	}
	if span.Start < 0 {
		return nil
	}
	r := toRange(res.Doc, span)
	return &protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: strings.Join(parts, "\n\n---\n\n")},
		Range:    &r,
	}
}

// noteMarkdown shows a note with links to the places it is about.
func noteMarkdown(n analysis.Note) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** %s", n.Rule.Code, n.Message)
	for _, l := range n.Related {
		name := l.URI
		if p, ok := fileuri.Path(l.URI); ok {
			name = filepath.Base(p)
		}
		// Editors open file links at a line given as #L<n>.
		fmt.Fprintf(&b, "\n\n[%s:%d](%s#L%d)", name, l.Position.Line+1, l.URI, l.Position.Line+1)
	}
	return b.String()
}

// ruleMarkdown shows a rule's documentation, after what detail says about
// the finding at hand (analysis.Finding.Detail), when anything.
func ruleMarkdown(r *analysis.Rule, detail string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** %s (`%s`, %s by default)\n", r.Code, r.Title(), r.Name, r.Severity)
	if detail != "" {
		fmt.Fprintf(&b, "\n%s\n", detail)
	}
	if _, body, ok := strings.Cut(r.Doc, "\n"); ok && strings.TrimSpace(body) != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(body))
	}
	fmt.Fprintf(&b, "\nSuppress with `# %s %s -- reason` on the line above.", analysis.IgnoreDirective, r.Code)
	return b.String()
}
