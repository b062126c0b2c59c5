package lsptest

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/internal/fileuri"
)

// A CodeAction is a code action as the editor reads it: its Edit may hold
// documentChanges that create files, which protocol's WorkspaceEdit
// cannot decode. The outer Edit is the one encoding/json fills.
type CodeAction struct {
	protocol.CodeAction
	Edit *WorkspaceEdit `json:"edit,omitempty"`
}

// A WorkspaceEdit is `changes` (edits by document, each to the text as it
// is) or `documentChanges` (applied in order, each to the result of the
// ones before): TextDocumentEdits and resource operations, told apart by
// their "kind".
type WorkspaceEdit struct {
	Changes         map[protocol.DocumentURI][]protocol.TextEdit `json:"changes,omitempty"`
	DocumentChanges []json.RawMessage                            `json:"documentChanges,omitempty"`
}

// Apply carries out a code action's edit the way an editor does: edits to
// an open document change the editor's buffer and are sent to the server
// as one incremental change; edits to other files change them on disk; a
// CreateFile creates the file (and its folders) with the editor's default
// permissions, failing on an existing one unless told to overwrite or
// skip it. A TextDocumentEdit whose version is not the buffer's fails, as
// in an editor. Any failure fails the test. It returns the new version of
// the last open document it changed (0 when none).
func (e *Editor) Apply(action CodeAction) int32 {
	e.t.Helper()
	if action.Edit == nil {
		e.t.Fatalf("action %q has no edit", action.Title)
	}
	var version int32
	if len(action.Edit.DocumentChanges) == 0 {
		// `changes` refer to the files as they are: apply each whole.
		uris := make([]string, 0, len(action.Edit.Changes))
		for uri := range action.Edit.Changes {
			uris = append(uris, string(uri))
		}
		sort.Strings(uris)
		for _, uri := range uris {
			if v := e.applyEdits(action.Title, protocol.DocumentURI(uri), nil, action.Edit.Changes[protocol.DocumentURI(uri)]); v != 0 {
				version = v
			}
		}
		return version
	}
	for _, raw := range action.Edit.DocumentChanges {
		var op protocol.CreateFile
		if err := json.Unmarshal(raw, &op); err != nil {
			e.t.Fatalf("action %q: %v", action.Title, err)
		}
		var edit protocol.TextDocumentEdit
		switch {
		case op.Kind == protocol.CreateResourceOperation:
			e.createFile(action.Title, op)
		case op.Kind != "":
			e.t.Fatalf("action %q: resource operation %q is not expected", action.Title, op.Kind)
		case json.Unmarshal(raw, &edit) != nil || edit.TextDocument.URI == "":
			e.t.Fatalf("action %q: a document change that is no TextDocumentEdit: %s", action.Title, raw)
		default:
			if v := e.applyEdits(action.Title, edit.TextDocument.URI, edit.TextDocument.Version, edit.Edits); v != 0 {
				version = v
			}
		}
	}
	return version
}

// applyEdits applies edits, which refer to the text before any of them, to
// the open buffer uri, or else to the file on disk. version, when set,
// must be the buffer's.
func (e *Editor) applyEdits(title string, uri protocol.DocumentURI, version *int32, edits []protocol.TextEdit) int32 {
	e.t.Helper()
	// Applied from the end backwards, each edit leaves the ranges of the
	// rest valid.
	sorted := append([]protocol.TextEdit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool { return less(sorted[j].Range.Start, sorted[i].Range.Start) })
	e.mu.Lock()
	b := e.buffers[uri]
	var open bool
	var have int32
	if b != nil {
		open, have = true, b.version
	}
	e.mu.Unlock()
	if open {
		if version != nil && *version != have {
			e.t.Fatalf("action %q: edits version %d of %s, the editor has version %d", title, *version, uri, have)
		}
		changes := make([]Change, len(sorted))
		for i, te := range sorted {
			changes[i] = Change{Range: te.Range, Text: te.NewText}
		}
		return e.Edit(uri, changes...)
	}
	if version != nil {
		e.t.Fatalf("action %q: edits version %d of %s, which is not open", title, *version, uri)
	}
	path := e.diskPath(title, uri)
	text, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatalf("action %q: %v", title, err)
	}
	s := string(text)
	for _, te := range sorted {
		if s, err = applyRange(s, te.Range, te.NewText); err != nil {
			e.t.Fatalf("action %q: %s: %v", title, uri, err)
		}
	}
	info, err := os.Stat(path)
	if err != nil {
		e.t.Fatalf("action %q: %v", title, err)
	}
	if err := os.WriteFile(path, []byte(s), info.Mode().Perm()); err != nil {
		e.t.Fatalf("action %q: %v", title, err)
	}
	return 0
}

// createFile carries out a CreateFile operation on disk.
func (e *Editor) createFile(title string, c protocol.CreateFile) {
	e.t.Helper()
	path := e.diskPath(title, c.URI)
	flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if c.Options != nil && c.Options.Overwrite {
		flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		e.t.Fatalf("action %q: %v", title, err)
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if errors.Is(err, fs.ErrExist) && c.Options != nil && c.Options.IgnoreIfExists {
		return
	}
	if err != nil {
		e.t.Fatalf("action %q: creating %s: %v", title, c.URI, err)
	}
	f.Close()
}

// diskPath is the path of a file URI; the editor refuses any other.
func (e *Editor) diskPath(title string, uri protocol.DocumentURI) string {
	e.t.Helper()
	p, ok := fileuri.Path(string(uri))
	if !ok {
		e.t.Fatalf("action %q: %s is not a file on disk", title, uri)
	}
	return p
}
