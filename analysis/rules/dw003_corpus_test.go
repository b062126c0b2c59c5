package rules

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"golang.org/x/tools/txtar"
)

// TestComposeSchemaCorpus checks that no corpus compose file, all of which
// docker compose accepts, gets a DW003, and that compose-go's own schema
// validation agrees that they are valid.
func TestComposeSchemaCorpus(t *testing.T) {
	needCorpus(t, corpusRoot)
	files := 0
	eachCorpusFile(t, corpusRoot, document.Compose, func(rel string, text []byte) {
		files++
		if err := composeLoads(emptyDir(t), text); err != nil && strings.Contains(err.Error(), "validating") {
			t.Errorf("%s: compose-go rejects the file: %v", rel, err)
		}
		res := analysis.Run(All, document.New("file:///"+rel, 1, document.Compose, text))
		for _, f := range codesOn(res, ComposeSchema.Code) {
			t.Errorf("%s:%d: %s", rel, res.Doc.LineOf(f.Span.Start)+1, f.Message)
		}
	})
	if files < 15 {
		t.Fatalf("found only %d compose files in the corpus", files)
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
