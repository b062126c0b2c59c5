package server

import (
	"context"
	"path/filepath"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/internal/fileuri"
	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// documentLink links the files a compose file names (build.dockerfile,
// env_file, extends.file) so that an editor can open them. A link is only
// offered to an existing regular file inside a workspace folder: the
// server opens files to check what they are but never reads them, and does
// not point the editor at places outside the project the user opened.
func (s *Server) documentLink(p protocol.DocumentLinkParams) (any, error) {
	st, doc := s.snapshot(p.TextDocument.URI)
	if st == nil || doc.Kind != document.Compose {
		return []protocol.DocumentLink{}, nil
	}
	// The stat calls touch the disk, which may be slow (a network mount):
	// they run off the read loop, where a cancel can stop them.
	return deferred(func(ctx context.Context) (any, error) { return s.links(ctx, st, doc), nil }), nil
}

// links computes the links of doc, a compose document.
func (s *Server) links(ctx context.Context, st *docState, doc *document.Document) []protocol.DocumentLink {
	out := []protocol.DocumentLink{}
	docPath, ok := fileuri.Path(string(st.uri))
	if !ok {
		return out // an untitled buffer has no directory to resolve against
	}
	s.conf.init()
	s.conf.mu.Lock()
	folders := append([]string(nil), s.conf.folders...)
	s.conf.mu.Unlock()
	var roots []*fsroot.Root
	for _, f := range folders {
		if r := openFolder(f); r != nil {
			defer r.Close()
			roots = append(roots, r)
		}
	}
	if len(roots) == 0 {
		return out
	}
	dir := filepath.Dir(docPath)
	for _, ref := range s.composeOf(st, doc).FileRefs() {
		if ctx.Err() != nil {
			return out // cancelled: runDeferred has already answered
		}
		target := filepath.FromSlash(ref.Path)
		if !filepath.IsAbs(target) {
			target = filepath.Join(dir, target)
		}
		if !linkable(target, roots) {
			continue
		}
		out = append(out, protocol.DocumentLink{
			Range:   toRange(doc, ref.Span),
			Target:  protocol.DocumentURI(fileuri.FromPath(target)),
			Tooltip: "Open " + ref.Path + " (" + ref.Key + ")",
		})
	}
	return out
}

// composeOf returns the compose model of doc: the one of the latest
// analysis when it is of this very snapshot, else a fresh parse. Links need
// no rules, so a stale analysis is not worth re-running for them.
func (s *Server) composeOf(st *docState, doc *document.Document) *compose.File {
	s.mu.Lock()
	res := st.result
	s.mu.Unlock()
	if res != nil && res.Doc == doc && res.Compose != nil {
		return res.Compose
	}
	return compose.Parse(doc)
}

// linkable reports whether target is a regular file inside one of the
// workspace folders' roots, opened through the root (and closed at once,
// unread), so that a symlink in the workspace cannot lead the editor
// outside it and a FIFO cannot block the server.
func linkable(target string, roots []*fsroot.Root) bool {
	for _, r := range roots {
		if name, err := r.Rel(target); err == nil {
			if _, err := r.Stat(name); err == nil {
				return true
			}
		}
	}
	return false
}
