package rules

import (
	"fmt"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/codeactions"
	"github.com/dockwarden/dockwarden/internal/gen"
)

// A genFile is one of the generated benchmark files, with the place in its
// middle where the edit benchmarks type.
type genFile struct {
	name string
	kind document.Kind
	text []byte
	at   int
}

// genFiles are the files BENCHMARKS.md reports on: Dockerfiles of 200,
// 2,000 and 20,000 lines and a compose file of 300 services.
func genFiles(b *testing.B) []genFile {
	var files []genFile
	for _, n := range []int{200, 2000, 20000} {
		text := gen.Dockerfile(n, 1)
		files = append(files, genFile{fmt.Sprintf("Dockerfile%d", n), document.Dockerfile, text, middle(b, text, "apt-get install -y")})
	}
	text := gen.Compose(300, 1)
	files = append(files, genFile{"Compose300", document.Compose, text, middle(b, text, "LOG_LEVEL: info") + len("LOG_LEVEL: ")})
	return files
}

// middle returns gen.Middle(text, marker), which must be found.
func middle(b *testing.B, text []byte, marker string) int {
	at := gen.Middle(text, marker)
	if at < 0 {
		b.Fatalf("no %q in the generated file", marker)
	}
	return at
}

// eachDocument runs op as a sub-benchmark on each generated file.
func eachDocument(b *testing.B, op func(f genFile, doc *document.Document)) {
	for _, f := range genFiles(b) {
		b.Run(f.name, func(b *testing.B) {
			doc := document.New("file:///"+f.name, 1, f.kind, f.text)
			b.ReportAllocs()
			for b.Loop() {
				op(f, doc)
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	eachDocument(b, func(f genFile, doc *document.Document) {
		if f.kind == document.Dockerfile {
			dockerfile.Parse(doc)
		} else {
			compose.Parse(doc)
		}
	})
}

// BenchmarkAnalyse is a full analysis with every rule: what a keystroke
// cost before analysis was incremental, and what opening a file costs.
func BenchmarkAnalyse(b *testing.B) {
	eachDocument(b, func(_ genFile, doc *document.Document) { analysis.Run(All, doc) })
}

// BenchmarkEdit is the analysis after a one-character edit in the middle
// of the file, through a Session: each iteration types a character or
// deletes it again, so every run sees a changed instruction or service.
// Compose300Broken is the compose file with a key being typed in its
// middle service (gen.TypingKey): every edit leaves that service with a
// syntax error.
func BenchmarkEdit(b *testing.B) {
	files := genFiles(b)
	broken := gen.TypingKey(gen.Compose(300, 1))
	files = append(files, genFile{"Compose300Broken", document.Compose, broken, middle(b, broken, gen.BrokenKey) + len(gen.BrokenKey)})
	for _, f := range files {
		b.Run(f.name, func(b *testing.B) {
			typed := make([]byte, 0, len(f.text)+1)
			typed = append(append(append(typed, f.text[:f.at]...), 'x'), f.text[f.at:]...)
			versions := [2][]byte{typed, f.text}
			var s analysis.Session
			s.Run(All, document.New("file:///"+f.name, 0, f.kind, f.text), nil)
			b.ReportAllocs()
			v := int32(0)
			for b.Loop() {
				v++
				s.Run(All, document.New("file:///"+f.name, v, f.kind, versions[v%2]), nil)
			}
		})
	}
}

// BenchmarkCodeActions computes the quick fixes of the edited line and
// the fix-all action from an analysis result.
func BenchmarkCodeActions(b *testing.B) {
	for _, f := range genFiles(b) {
		b.Run(f.name, func(b *testing.B) {
			doc := document.New("file:///"+f.name, 1, f.kind, f.text)
			res := analysis.Run(All, doc)
			line := doc.LineOf(f.at)
			span := document.Span{Start: doc.LineStart(line), End: doc.LineEnd(line)}
			b.ReportAllocs()
			for b.Loop() {
				codeactions.ForSpan(res, span, codeactions.Options{})
				codeactions.FixAllAction(res)
			}
		})
	}
}
