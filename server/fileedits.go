package server

import (
	"io/fs"
	"path"
	"path/filepath"
	"slices"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/codeactions"
	"github.com/dockwarden/dockwarden/internal/fileuri"
	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// A fix that moves a secret out of a compose file also writes it to a file
// beside it (codeactions.FileEdit). The server never writes those files:
// it hands the client one WorkspaceEdit whose documentChanges create and
// fill them, then edit the document, in that order, so that a client that
// stops at a failed step has lost nothing (LSP 3.17, "WorkspaceEdit",
// "documentChanges" and "resourceOperations").

// editCaps is what the client can do with a WorkspaceEdit
// (ClientCapabilities.workspace.workspaceEdit).
type editCaps struct {
	documentChanges bool // versioned document edits, in order
	create          bool // and the "create" resource operation among them
}

// editCapsOf reads editCaps from the client's capabilities; anything
// missing counts as not advertised.
func editCapsOf(c protocol.ClientCapabilities) editCaps {
	if c.Workspace == nil || c.Workspace.WorkspaceEdit == nil {
		return editCaps{}
	}
	we := c.Workspace.WorkspaceEdit
	return editCaps{
		documentChanges: we.DocumentChanges,
		create:          we.DocumentChanges && slices.Contains(we.ResourceOperations, string(protocol.CreateResourceOperation)),
	}
}

// codeAction is protocol.CodeAction with an edit that can create files:
// protocol's WorkspaceEdit types documentChanges as text edits only. The
// outer Edit is the one encoding/json writes.
type codeAction struct {
	protocol.CodeAction
	Edit *workspaceEdit `json:"edit,omitempty"`
}

// workspaceEdit is a WorkspaceEdit whose documentChanges mix
// TextDocumentEdits and CreateFile operations.
type workspaceEdit struct {
	Changes         map[protocol.DocumentURI][]protocol.TextEdit `json:"changes,omitempty"`
	DocumentChanges []any                                        `json:"documentChanges,omitempty"`
}

// sideFiles are the files beside one document, as codeactions.Files:
// read through the Root of its workspace folder, so a link cannot lead a
// fix's reads or names out of it. Fixes that change them are offered
// only for a document on disk inside a workspace folder whose own folder
// the Root can open (no link out of the workspace on the way).
type sideFiles struct {
	root *fsroot.Root // the workspace folder's, open for the request
	dir  string       // the document's folder under root, slash-separated
}

// sideFilesOf returns the side files of the document at uri, or nil. The
// caller closes them when the request is answered.
func (s *Server) sideFilesOf(uri protocol.DocumentURI) *sideFiles {
	p, ok := fileuri.Path(string(uri))
	if !ok {
		return nil
	}
	_, root := s.folderOf(p)
	if root == nil {
		return nil
	}
	dir, err := root.Rel(filepath.Dir(p))
	if err == nil {
		_, err = root.ReadDir(dir, 1)
	}
	if err != nil {
		root.Close()
		return nil
	}
	return &sideFiles{root: root, dir: dir}
}

// close releases the workspace folder; nil has nothing to release.
func (f *sideFiles) close() {
	if f != nil {
		f.root.Close()
	}
}

// uri is the URI of the file name beside the document.
func (f *sideFiles) uri(name string) protocol.DocumentURI {
	return protocol.DocumentURI(fileuri.FromPath(f.root.Path(path.Join(f.dir, name))))
}

// Exists is codeactions.Files'.
func (f *sideFiles) Exists(name string) bool { return f.root.Exists(path.Join(f.dir, name)) }

// ReadFile is codeactions.Files'.
func (f *sideFiles) ReadFile(name string, limit int64) ([]byte, fs.FileInfo, error) {
	return f.root.ReadFile(path.Join(f.dir, name), limit)
}

// workspaceEditOf turns an action into the edit the client applies: the
// document's edits alone as `changes`, or, for an action that changes
// files beside it, those changes first and then the document's edits,
// as documentChanges when the client takes them.
func workspaceEditOf(uri protocol.DocumentURI, doc *document.Document, a codeactions.Action, side *sideFiles, caps editCaps) *workspaceEdit {
	edits := toTextEdits(doc, a.Edits)
	if len(a.Files) == 0 {
		return &workspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{uri: edits}}
	}
	if !caps.documentChanges {
		// Only `changes`: every edit refers to the files as they are,
		// so appends to one file meet at its end as read. ForSpan has
		// left out whatever must create a file.
		changes := map[protocol.DocumentURI][]protocol.TextEdit{}
		if len(edits) > 0 {
			changes[uri] = edits
		}
		for _, f := range a.Files {
			u := side.uri(f.Path)
			if prev := changes[u]; len(prev) > 0 {
				prev[0].NewText += f.Text
				continue
			}
			changes[u] = []protocol.TextEdit{appendEdit(u, f)}
		}
		return &workspaceEdit{Changes: changes}
	}
	var out []any
	for _, f := range a.Files {
		u := side.uri(f.Path)
		if f.Create {
			// Neither overwrite nor ignoreIfExists: a file there makes
			// the edit fail, before the document is touched.
			out = append(out, protocol.CreateFile{Kind: protocol.CreateResourceOperation, URI: u})
		}
		out = append(out, protocol.TextDocumentEdit{
			// A null version: the file is not open here, and its text on
			// disk is what the edit was made for.
			TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}},
			Edits:        []protocol.TextEdit{appendEdit(u, f)},
		})
	}
	if len(edits) == 0 {
		// A fix that changes other files only (an ignore file): the
		// document is left as it is, whatever its version by then.
		return &workspaceEdit{DocumentChanges: out}
	}
	version := doc.Version
	out = append(out, protocol.TextDocumentEdit{
		TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: &version},
		Edits:        edits,
	})
	return &workspaceEdit{DocumentChanges: out}
}

// appendEdit inserts f's text at the end of the file as f read it (the
// start of a file it creates).
func appendEdit(u protocol.DocumentURI, f codeactions.FileEdit) protocol.TextEdit {
	end := document.New(string(u), 0, document.Unknown, f.Before)
	at := toPosition(end, len(f.Before))
	return protocol.TextEdit{Range: protocol.Range{Start: at, End: at}, NewText: f.Text}
}
