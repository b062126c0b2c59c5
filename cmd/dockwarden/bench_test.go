package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCheckCorpus runs check in process over the corpus copied ten
// times, in each format: the work of one CI run over a mid-sized tree.
// make bench measures the binary on the corpus copied 50 and 500 times
// (internal/checkbench); this is the one to profile:
//
//	go test -run '^$' -bench CheckCorpus/text -cpuprofile cpu.out ./cmd/dockwarden
func BenchmarkCheckCorpus(b *testing.B) {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skipf("corpus not present: %v", err)
	}
	tree := b.TempDir()
	for i := range 10 {
		copyTree(b, corpusDir, filepath.Join(tree, fmt.Sprintf("copy-%02d", i)))
	}
	wd, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	if err := os.Chdir(tree); err != nil {
		b.Fatal(err)
	}
	defer os.Chdir(wd)
	for _, format := range []string{"text", "json", "sarif"} {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if code := run([]string{"check", "--format", format, "--fail-level", "none", "."}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}

// copyTree copies the regular files under src to dst.
func copyTree(b *testing.B, src, dst string) {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
}
