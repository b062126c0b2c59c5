package document

import (
	"fmt"
	"sort"
)

// An Edit replaces the bytes of Span with NewText. Edits computed for one
// Document refer to that Document's offsets, never to an edited copy.
type Edit struct {
	Span    Span
	NewText string
}

// SortEdits orders edits by position; insertions at the same offset keep
// their given order.
func SortEdits(edits []Edit) {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].Span.Start != edits[j].Span.Start {
			return edits[i].Span.Start < edits[j].Span.Start
		}
		return edits[i].Span.End < edits[j].Span.End
	})
}

// Apply returns text with edits applied. Edits may come in any order but
// must lie within text and must not overlap one another.
func Apply(text []byte, edits []Edit) ([]byte, error) {
	sorted := append([]Edit(nil), edits...)
	SortEdits(sorted)
	var out []byte
	last := 0
	for _, e := range sorted {
		if e.Span.Start < last || e.Span.Start > e.Span.End || e.Span.End > len(text) {
			return nil, fmt.Errorf("edit [%d,%d) overlaps another edit or lies outside the text (%d bytes)", e.Span.Start, e.Span.End, len(text))
		}
		out = append(out, text[last:e.Span.Start]...)
		out = append(out, e.NewText...)
		last = e.Span.End
	}
	return append(out, text[last:]...), nil
}
