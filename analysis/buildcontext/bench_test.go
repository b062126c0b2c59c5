package buildcontext

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// makeTree writes dirs folders of files empty files each under dir/sub.
func makeTree(b *testing.B, dir, sub string, dirs, files int) {
	b.Helper()
	for d := range dirs {
		folder := filepath.Join(dir, sub, fmt.Sprintf("d%04d", d))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			b.Fatal(err)
		}
		for f := range files {
			if err := os.WriteFile(filepath.Join(folder, fmt.Sprintf("f%03d.js", f)), nil, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkList measures a listing through fsroot of contexts a project
// has: an application of 2,000 files beside a node_modules of 60,000
// (which the listing does not enter), and a tree of 60,000 files that is
// not third-party code (where the entry bound stops it).
func BenchmarkList(b *testing.B) {
	app := b.TempDir()
	makeTree(b, app, "src", 100, 20)
	makeTree(b, app, "node_modules", 1200, 50)
	big := b.TempDir()
	makeTree(b, big, "data", 1200, 50)
	for _, c := range []struct{ name, dir string }{{"app-with-node_modules", app}, {"60k-files-bounded", big}} {
		b.Run(c.name, func(b *testing.B) {
			root, err := fsroot.Open(c.dir)
			if err != nil {
				b.Fatal(err)
			}
			defer root.Close()
			var l Listing
			for b.Loop() {
				l = List(root, ".", nil, DefaultLimits)
			}
			b.ReportMetric(float64(l.Entries), "entries")
		})
	}
}
