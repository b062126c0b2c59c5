package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// hover shows the documentation of the rules whose findings cover the
// position: what the rule checks, why it matters, how to fix it and how to
// suppress it.
func (s *Server) hover(_ context.Context, params json.RawMessage) (any, error) {
	var p protocol.HoverParams
	if err := decodeParams(params, &p); err != nil {
		return nil, err
	}
	st, doc := s.snapshot(p.TextDocument.URI)
	if st == nil {
		return nil, nil
	}
	return deferred(func(context.Context) (any, error) { return s.hoverAt(st, doc, p.Position), nil }), nil
}

// hoverAt computes the hover for a position in doc; nil when no finding is
// there.
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
		parts = append(parts, ruleMarkdown(f.Rule))
	}
	if hit == nil {
		return nil
	}
	r := toRange(res.Doc, hit.Span)
	return &protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: strings.Join(parts, "\n\n---\n\n")},
		Range:    &r,
	}
}

func ruleMarkdown(r *analysis.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** %s (`%s`, %s by default)\n", r.Code, r.Title(), r.Name, r.Severity)
	if _, body, ok := strings.Cut(r.Doc, "\n"); ok && strings.TrimSpace(body) != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(body))
	}
	fmt.Fprintf(&b, "\nSuppress with `# %s %s -- reason` on the line above.", analysis.IgnoreDirective, r.Code)
	return b.String()
}
