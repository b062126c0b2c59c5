package server_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// TestChangesFasterThanAnalysisCoalesce holds the first analysis of a
// document while nine more versions arrive, then lets it go: the server
// must analyse only the newest version next, publish it, and never
// publish the held one, which is stale by then.
func TestChangesFasterThanAnalysisCoalesce(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	var mu sync.Mutex
	var analysed []int32
	hold := &analysis.Rule{
		Code: "DW905", Name: "test-hold", Kind: document.Dockerfile, Severity: analysis.Hint,
		Doc: "Hold\nA rule for tests only: it holds the first analysis until released.",
		Run: func(p *analysis.Pass) {
			mu.Lock()
			analysed = append(analysed, p.Doc.Version)
			mu.Unlock()
			once.Do(func() {
				close(entered)
				<-release
			})
		},
	}
	e := start(t, analysis.NewRegistry(rules.MissingUser, hold))
	uri := e.Open("Dockerfile", "dockerfile", "FROM alpine:3.20\n")
	<-entered
	var last int32
	for i := 0; i < 9; i++ {
		last = e.Edit(uri, lsptest.Change{Range: protocol.Range{Start: protocol.Position{Line: 1}, End: protocol.Position{Line: 1}}, Text: fmt.Sprintf("# edit %d\n", i)})
	}
	// A request answered after the changes proves the server has taken
	// them all in (it reads messages in order); document links of a
	// Dockerfile need no analysis.
	documentLinks(t, e, uri)
	close(release)
	if got := codes(e.Diagnostics(uri, last)); !strings.Contains(got, "DW101") {
		t.Errorf("diagnostics of version %d: %s, want DW101", last, got)
	}
	var published []int32
	for _, p := range e.Published(uri) {
		published = append(published, p.Version)
	}
	if !slices.Equal(published, []int32{last}) {
		t.Errorf("published versions %v, want only %d: the held version 1 was stale when its analysis ended", published, last)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(analysed, []int32{1, last}) {
		t.Errorf("analysed versions %v, want [1 %d]: the versions in between should have coalesced", analysed, last)
	}
}
