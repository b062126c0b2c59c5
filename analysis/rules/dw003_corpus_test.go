package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"golang.org/x/tools/txtar"
)

// corpusComposeFiles lists the compose files of the corpus.
func corpusComposeFiles(t testing.TB) []string {
	t.Helper()
	if _, err := os.Stat(corpusRoot); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	var files []string
	err := filepath.WalkDir(corpusRoot, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if document.DetectKind(path, "", text) == document.Compose {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestComposeSchemaCorpus checks that no corpus compose file, all of which
// docker compose accepts, gets a DW003, and that compose-go's own schema
// validation agrees that they are valid.
func TestComposeSchemaCorpus(t *testing.T) {
	files := corpusComposeFiles(t)
	if len(files) < 15 {
		t.Fatalf("found only %d compose files in the corpus", len(files))
	}
	for _, path := range files {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(corpusRoot, path)
		if err := composeLoads(emptyDir(t), text); err != nil && strings.Contains(err.Error(), "validating") {
			t.Errorf("%s: compose-go rejects the file: %v", rel, err)
		}
		res := analysis.Run(All, document.New("file:///"+filepath.ToSlash(rel), 1, document.Compose, text))
		for _, f := range res.Findings {
			if f.Rule.Code == ComposeSchema.Code {
				t.Errorf("%s:%d: %s", rel, res.Doc.LineOf(f.Span.Start)+1, f.Message)
			}
		}
	}
}

// TestComposeSchemaAgreesWithComposeGo loads every file of the DW003
// archive, goldens included, with compose-go's loader: DW003 must report
// on exactly the files whose schema validation fails there.
func TestComposeSchemaAgreesWithComposeGo(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "DW003_compose-schema.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		agreesWithComposeGo(t, f.Name, f.Data)
	}
}
