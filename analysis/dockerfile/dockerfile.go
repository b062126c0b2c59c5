// Package dockerfile is the Dockerfile model (placeholder contract; see the real implementation).
package dockerfile

import "github.com/dockwarden/dockwarden/analysis/document"

// An Error is a syntax error at a place in the file.
type Error struct {
	Span    document.Span
	Message string
}

// A File is the parsed model of one Dockerfile.
type File struct {
	Doc          *document.Document
	Instructions []*Instruction
	Errors       []Error
}

// An Instruction is one Dockerfile instruction.
type Instruction struct {
	Span document.Span
}

// Parse builds the model; it never panics and never fails: syntax errors are in Errors.
func Parse(doc *document.Document) *File { return &File{Doc: doc} }

// InstructionAt returns the instruction whose span contains off, or nil.
func (f *File) InstructionAt(off int) *Instruction { return nil }
