package analysis

import (
	"github.com/dockwarden/dockwarden/analysis/document"
)

// MaxDocumentSize is the size past which a document is not analysed. The
// largest file of the corpus is 40 KiB; a file of megabytes is a generated
// or pasted artefact, and parsing it on every keystroke would stall the
// editor for no finding anyone reads.
const MaxDocumentSize = 2 << 20

// FileTooLarge is the one finding a document past MaxDocumentSize gets.
// It is not in any registry: it is the engine's, not a rule's.
var FileTooLarge = &Rule{
	Code:     "DW006",
	Name:     "file-too-large",
	Severity: Information,
	Doc: `File too large to analyse
Files larger than 2 MiB are not analysed, so that a pasted log or a
generated file cannot stall the editor. Split the file, or run the
checks on the part that is a Dockerfile or compose file.`,
}

// tooLarge fills res with the FileTooLarge finding and reports true when
// res.Doc is past the limit.
func tooLarge(res *Result) bool {
	doc := res.Doc
	if len(doc.Text) <= MaxDocumentSize || doc.Kind == document.Unknown {
		return false
	}
	end := doc.LineEnd(0)
	res.Findings = []Finding{{
		Rule:     FileTooLarge,
		Span:     document.Span{Start: 0, End: end},
		Severity: FileTooLarge.Severity,
		Message:  "the file is larger than 2 MiB and was not analysed",
	}}
	return true
}
