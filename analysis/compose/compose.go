// Package compose is the Compose model (placeholder contract; see the real implementation).
package compose

import "github.com/dockwarden/dockwarden/analysis/document"

// An Error is a YAML syntax error at a place in the file.
type Error struct {
	Span    document.Span
	Message string
}

// A File is the parsed model of one compose file.
type File struct {
	Doc    *document.Document
	Errors []Error
}

// Parse builds the model; it never panics: syntax errors are in Errors.
func Parse(doc *document.Document) *File { return &File{Doc: doc} }
