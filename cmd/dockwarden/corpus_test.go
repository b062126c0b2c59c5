package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the shared folder of real-world Dockerfiles and Compose
// files, all of which Docker itself accepts.
const corpusDir = "../../../shared/corpus"

// corpusFiles lists the files under dir but its provenance table.
func corpusFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && !strings.HasSuffix(path, ".tsv") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestCorpus runs `dockwarden check` over every corpus file, the way CI
// would, and asserts no crash and no syntax or schema finding: an error on a file
// Docker accepts would be a false alarm on every line the user types.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	files := corpusFiles(t, corpusDir)
	if len(files) < 40 {
		t.Fatalf("found only %d corpus files", len(files))
	}
	stdout, stderr, code := runBin(t, ".", append([]string{"check", "--format", "json", "--fail-level", "none"}, files...)...)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var out checkJSON
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	seen := map[string]bool{}
	for _, f := range out.Findings {
		seen[f.Path] = true
		if f.Code == "DW001" || f.Code == "DW002" || f.Code == "DW003" {
			t.Errorf("%s:%d: %s %s", f.Path, f.Line, f.Code, f.Message)
		}
	}
	// The corpus is full of root containers and writable mounts: a run that
	// finds nothing in most files is not analysing them.
	if len(seen) < len(files)/2 {
		t.Errorf("findings in only %d of %d files", len(seen), len(files))
	}
}
