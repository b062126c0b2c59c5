package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// benchmarkFile analyses one corpus file with every rule per iteration:
// the work the server does for a document on each keystroke today.
func benchmarkFile(b *testing.B, rel string) {
	path := filepath.Join("..", "..", "..", "shared", "corpus", filepath.FromSlash(rel))
	text, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("corpus file not present: %v", err)
	}
	kind := document.DetectKind(path, "", text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		analysis.Run(All, document.New("file:///"+rel, 1, kind, text))
	}
}

func BenchmarkDockerfile(b *testing.B) {
	benchmarkFile(b, "all-in-one/Containers/mastercontainer/Dockerfile")
}

func BenchmarkCompose(b *testing.B) {
	benchmarkFile(b, "supabase/docker/docker-compose.yml")
}
