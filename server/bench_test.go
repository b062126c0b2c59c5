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
			typeInto(b, e, e.Open(c.name, c.lang, string(c.text)), c.marker)
		})
	}
}

// BenchmarkKeystrokeInWorkspace is BenchmarkKeystroke's Dockerfile as a
// file of a workspace folder on disk, beside a .dockwarden.yaml, a compose
// file and a .dockerignore: every analysis also opens the folder and reads
// through it the configuration, the compose files around the Dockerfile
// and the build context's ignore files.
func BenchmarkKeystrokeInWorkspace(b *testing.B) {
	dir := b.TempDir()
	text := string(gen.Dockerfile(2000, 1))
	for name, content := range map[string]string{
		"Dockerfile":       text,
		".dockwarden.yaml": "rules:\n  DW101: error\n",
		"compose.yaml":     "services:\n  app:\n    image: app\n",
		".dockerignore":    ".git\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	e := lsptest.NewInProcess(b, rules.All)
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}, WatchFiles: true})
	typeInto(b, e, e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", text), "apt-get install -y")
}

// typeInto types and deletes a character after the first marker past the
// middle of the open document uri, once per iteration, waiting each time
// for the diagnostics of the new version.
func typeInto(b *testing.B, e *lsptest.Editor, uri protocol.DocumentURI, marker string) {
	e.Diagnostics(uri, 1)
	lines := strings.Split(e.Text(uri), "\n")
	line := len(lines) / 2
	for !strings.Contains(lines[line], marker) {
		line++
	}
	at := protocol.Position{Line: uint32(line), Character: uint32(strings.Index(lines[line], marker) + len(marker))}
	typed := false
	for b.Loop() {
		change := lsptest.Change{Range: protocol.Range{Start: at, End: at}, Text: "x"}
		if typed {
			change = lsptest.Change{Range: protocol.Range{Start: at, End: protocol.Position{Line: at.Line, Character: at.Character + 1}}}
		}
		typed = !typed
		e.Diagnostics(uri, e.Edit(uri, change))
	}
}
