package rules

import (
	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// judgeServices is the Run of a compose rule that judges each service on
// its own. seen holds the places already reported, shared by all the
// services: services merged from one anchor share its nodes, and a place
// is reported once, for the first service that has it.
func judgeServices(judge func(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool)) func(*analysis.Pass) {
	return func(pass *analysis.Pass) {
		seen := map[document.Span]bool{}
		for _, s := range pass.Compose.Services {
			judge(pass, pass.Compose, s, seen)
		}
	}
}

// newHostMode returns the pair of key when s sets it to host (DW208's
// network_mode, DW209's namespaces) and the lines a finding about it
// marks, which it records in seen; nil when the key is not host or its
// place was reported already.
func newHostMode(f *compose.File, s *compose.Service, key string, seen map[document.Span]bool) (*compose.Pair, document.Span) {
	p := s.Get(key)
	if p == nil || !f.ScalarIs(p.Value, "host") {
		return nil, document.Span{}
	}
	span := pairLineSpan(f, p)
	if seen[span] {
		return nil, document.Span{}
	}
	seen[span] = true
	return p, span
}
