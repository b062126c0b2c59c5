package server_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/rules"
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
