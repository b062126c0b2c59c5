package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// fuzzAnalysis analyses arbitrary text as kind with every rule on, then
// applies each offered fix and analyses the result. Nothing may panic, and
// every fix must apply: edits inside the text and not overlapping.
func fuzzAnalysis(f *testing.F, kind document.Kind) {
	for _, s := range fixSamples(f) {
		if s.kind == kind {
			f.Add(s.text)
		}
	}
	reg := allOn()
	f.Fuzz(func(t *testing.T, text []byte) {
		doc := document.New("file:///fuzz", 1, kind, text)
		res := analysis.Run(reg, doc)
		for _, p := range res.Panics {
			t.Fatalf("rule panicked: %s", p)
		}
		for _, finding := range res.Findings {
			if finding.Span.Start < 0 || finding.Span.End > len(text) || finding.Span.Start > finding.Span.End {
				t.Fatalf("%s: span %v outside the text (%d bytes)", finding.Rule.Code, finding.Span, len(text))
			}
			for _, fix := range finding.Fixes {
				fixed, err := document.Apply(text, fix.Edits)
				if err != nil {
					t.Fatalf("%s fix %q: %v", finding.Rule.Code, fix.Title, err)
				}
				after := analysis.Run(reg, document.New("file:///fuzz", 2, kind, fixed))
				for _, p := range after.Panics {
					t.Fatalf("after %s fix %q: rule panicked: %s", finding.Rule.Code, fix.Title, p)
				}
			}
		}
	})
}

func FuzzDockerfile(f *testing.F) { fuzzAnalysis(f, document.Dockerfile) }

func FuzzCompose(f *testing.F) { fuzzAnalysis(f, document.Compose) }
