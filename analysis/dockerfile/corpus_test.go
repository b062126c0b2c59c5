package dockerfile

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/dockwarden/dockwarden/analysis/document"
)

const corpusDir = "../../../shared/corpus"

// corpusDockerfiles returns the Dockerfiles of the shared corpus, or skips
// the test when the corpus is not there.
func corpusDockerfiles(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	var files []string
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := strings.ToLower(d.Name())
		if strings.Contains(name, "dockerfile") || strings.HasPrefix(name, "containerfile") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no Dockerfile in the corpus")
	}
	return files
}

// TestCorpusParsesCleanly: every corpus Dockerfile is accepted by docker
// build, so the model must report no error for any of them, and its
// instruction blocks must be the ones BuildKit reads from the whole file.
func TestCorpusParsesCleanly(t *testing.T) {
	for _, path := range corpusDockerfiles(t) {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f := Parse(document.New("file:///"+path, 1, document.Dockerfile, text))
		for _, e := range f.Errors {
			line, col := f.Doc.Column(e.Span.Start)
			t.Errorf("%s:%d:%d: unexpected error %q", path, line, col, e.Message)
		}
		if len(f.Stages) == 0 {
			t.Errorf("%s: no stage", path)
		}
		checkAgainstBuildKit(t, path, f)
	}
}

// checkAgainstBuildKit compares the model's instructions with a parse of
// the whole file by BuildKit: same count, same lines, same joined text.
func checkAgainstBuildKit(t *testing.T, name string, f *File) {
	t.Helper()
	res, err := parser.Parse(bytes.NewReader(f.Doc.Text))
	if err != nil {
		t.Fatalf("%s: BuildKit rejects the file: %v", name, err)
	}
	if got, want := len(f.Instructions), len(res.AST.Children); got != want {
		t.Fatalf("%s: %d instructions, BuildKit reads %d", name, got, want)
	}
	for i, n := range res.AST.Children {
		in := f.Instructions[i]
		if in.Logical() != n.Original {
			t.Errorf("%s: instruction %d reads %q, BuildKit %q", name, i, in.Logical(), n.Original)
		}
		if l := f.Doc.LineOf(in.Span.Start) + 1; l != n.StartLine {
			t.Errorf("%s: instruction %d span starts on line %d, BuildKit says %d", name, i, l, n.StartLine)
		}
		if l := f.Doc.LineOf(in.Span.End) + 1; l != n.EndLine {
			t.Errorf("%s: instruction %d span ends on line %d, BuildKit says %d", name, i, l, n.EndLine)
		}
	}
}
