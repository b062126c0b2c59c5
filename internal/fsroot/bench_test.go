package fsroot

import (
	"path/filepath"
	"testing"
)

// BenchmarkOpen is what the server pays, per analysis and per request, for
// holding no workspace folder open between them: opening the folder as a
// Root and closing it.
func BenchmarkOpen(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		r, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

// BenchmarkReadFileSinceUnchanged is what every analysis pays to learn
// that a configuration file is the one read before: open, Stat, close.
func BenchmarkReadFileSinceUnchanged(b *testing.B) {
	dir := b.TempDir()
	write(b, filepath.Join(dir, ".dockwarden.yaml"), "rules:\n  DW101: error\n")
	r := open(b, dir)
	_, info, err := r.ReadFile(".dockwarden.yaml", 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, unchanged, err := r.ReadFileSince(".dockwarden.yaml", 1<<20, info); err != nil || !unchanged {
			b.Fatal(unchanged, err)
		}
	}
}
