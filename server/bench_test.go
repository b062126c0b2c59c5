package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/gen"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// benchmarkFirstDiagnostics measures, through the protocol, the time from
// initialize to the first diagnostics of a corpus file with every rule.
func benchmarkFirstDiagnostics(b *testing.B, rel, lang string) {
	text, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", filepath.FromSlash(rel)))
	if err != nil {
		b.Skipf("corpus file not present: %v", err)
	}
	for b.Loop() {
		e := lsptest.NewInProcess(b, rules.All)
		e.Initialize()
		uri := e.Open(filepath.Base(rel), lang, string(text))
		e.Diagnostics(uri, 1)
	}
}

func BenchmarkFirstDiagnosticsDockerfile(b *testing.B) {
	benchmarkFirstDiagnostics(b, "all-in-one/Containers/mastercontainer/Dockerfile", "dockerfile")
}

func BenchmarkFirstDiagnosticsCompose(b *testing.B) {
	benchmarkFirstDiagnostics(b, "supabase/docker/docker-compose.yml", "dockercompose")
}

// BenchmarkKeystroke measures, through the protocol, a one-character edit
// in the middle of a generated file until the diagnostics of its version
// arrive; the fake editor's own bookkeeping is included.
func BenchmarkKeystroke(b *testing.B) {
	for _, c := range []struct {
		name, lang string
		text       []byte
		marker     string
	}{
		{"Dockerfile", "dockerfile", gen.Dockerfile(2000, 1), "apt-get install -y"},
		{"compose.yaml", "dockercompose", gen.Compose(300, 1), "LOG_LEVEL: "},
	} {
		b.Run(c.name, func(b *testing.B) {
			e := lsptest.NewInProcess(b, rules.All)
			e.Initialize()
			uri := e.Open(c.name, c.lang, string(c.text))
			e.Diagnostics(uri, 1)
			lines := strings.Split(string(c.text), "\n")
			line := len(lines) / 2
			for !strings.Contains(lines[line], c.marker) {
				line++
			}
			at := protocol.Position{Line: uint32(line), Character: uint32(strings.Index(lines[line], c.marker) + len(c.marker))}
			typed := false
			for b.Loop() {
				change := lsptest.Change{Range: protocol.Range{Start: at, End: at}, Text: "x"}
				if typed {
					change = lsptest.Change{Range: protocol.Range{Start: at, End: protocol.Position{Line: at.Line, Character: at.Character + 1}}}
				}
				typed = !typed
				e.Diagnostics(uri, e.Edit(uri, change))
			}
		})
	}
}
