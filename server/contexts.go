package server

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/buildcontext"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// DW116 judges a Dockerfile with what its build contexts hold. Listing a
// context is the one read here that grows with the project, so it is done
// off the keystroke path as far as it can be:
//
//   - a context is listed within buildcontext.DefaultLimits, and the
//     listing is kept, one per folder, until something says it is stale;
//     typing in a Dockerfile reuses it, and reads only the ignore files
//     (a few hundred bytes, opened once each);
//   - it is listed again when a watched file that can change it is
//     created, changed or deleted (an ignore file, a secret-looking name,
//     inside a secret-looking folder: buildcontext.WatchGlobs, registered
//     with the client when it can watch files), when a Dockerfile is
//     saved (or opened, by a client that does not watch files), and when
//     its ignore file's patterns change;
//   - an ignore file open in the editor applies as typed; opening,
//     editing or closing it re-judges the open Dockerfiles.
//
// A client that cannot watch files sees a secret file that appears in a
// context once it opens or saves a Dockerfile there.

// contextListings keeps the latest listing of each context folder.
type contextListings struct {
	mu  sync.Mutex
	by  map[string]keptListing // by absolute folder
	gen uint64                 // bumped by forget: a listing begun before is not kept
}

// A keptListing is a listing and the ignore patterns it was made with.
type keptListing struct {
	ignore  []string
	listing buildcontext.Listing
}

// forget drops every listing, so that the next analysis lists again.
func (c *contextListings) forget() {
	c.mu.Lock()
	c.by = nil
	c.gen++
	c.mu.Unlock()
}

// IgnoreFile is analysis.ContextReader's: the editor's buffer when the file
// is open, else the file on disk, read through the workspace folder's
// root.
func (w *workspace) IgnoreFile(path string) ([]byte, bool, error) {
	if text, open := w.s.openText(path); open {
		return text, true, nil
	}
	name, err := w.root.Rel(path)
	if err != nil {
		return nil, false, err
	}
	return buildcontext.ReadIgnoreFile(w.root, name)
}

// ListContext is analysis.ContextReader's: the kept listing of dir when it
// was made with the same patterns, else a new one through the workspace
// folder's root.
func (w *workspace) ListContext(dir string, ignore []string) (buildcontext.Listing, bool) {
	name, err := w.root.Rel(dir)
	if err != nil {
		return buildcontext.Listing{}, false
	}
	c := &w.s.listings
	c.mu.Lock()
	kept, ok := c.by[dir]
	gen := c.gen
	c.mu.Unlock()
	if ok && slices.Equal(kept.ignore, ignore) {
		return kept.listing, true
	}
	listing, ok := buildcontext.ListIgnoring(w.root, name, ignore)
	if !ok {
		return listing, false
	}
	c.mu.Lock()
	if c.gen == gen {
		if c.by == nil {
			c.by = map[string]keptListing{}
		}
		c.by[dir] = keptListing{ignore: ignore, listing: listing}
	}
	c.mu.Unlock()
	return listing, true
}

// isIgnoreFile reports whether uri names a Docker ignore file.
func isIgnoreFile(uri protocol.DocumentURI) bool {
	name := fileName(uri)
	return name == buildcontext.IgnoreName || strings.HasSuffix(name, buildcontext.IgnoreName)
}

// noteIgnoreDocument re-judges the open Dockerfiles when an ignore file
// open in the editor was opened, changed or closed: its buffer applies
// while it is open.
func (s *Server) noteIgnoreDocument(uri protocol.DocumentURI) {
	if isIgnoreFile(uri) {
		s.scheduleDockerfiles()
	}
}

// noteDockerfileOpened lists the build contexts again, and re-judges the
// open Dockerfiles, when a Dockerfile is opened by a client that does not
// watch files (one that does reports what changed): an editor restoring
// ten tabs then lists a context ten times rather than never.
func (s *Server) noteDockerfileOpened(kind document.Kind) {
	s.conf.init()
	s.conf.mu.Lock()
	watched := s.conf.canWatch
	s.conf.mu.Unlock()
	if !watched {
		s.noteDockerfileSaved(kind)
	}
}

// noteDockerfileSaved lists the build contexts again, and re-judges the
// open Dockerfiles, when a Dockerfile is saved: a moment when the user
// expects what is on disk to count, whatever the watchers reported (a
// folder renamed into a context is no name they watch).
func (s *Server) noteDockerfileSaved(kind document.Kind) {
	if kind == document.Dockerfile {
		s.listings.forget()
		s.scheduleDockerfiles()
	}
}

// contextFilesChanged lists the contexts again and re-judges the open
// Dockerfiles when one of the files changed on disk (by their paths) can
// change what a context holds.
func (s *Server) contextFilesChanged(paths []string) {
	for _, p := range paths {
		if buildcontext.Affects(filepath.ToSlash(p)) {
			s.listings.forget()
			s.scheduleDockerfiles()
			return
		}
	}
}

// scheduleDockerfiles asks every open Dockerfile to be judged again.
func (s *Server) scheduleDockerfiles() {
	for _, st := range s.openDocs(document.Dockerfile) {
		s.schedule(st)
	}
}

// contextWatchers are the file watchers registered for build contexts.
func contextWatchers() []protocol.FileSystemWatcher {
	out := make([]protocol.FileSystemWatcher, len(buildcontext.WatchGlobs))
	for i, g := range buildcontext.WatchGlobs {
		out[i] = protocol.FileSystemWatcher{GlobPattern: g}
	}
	return out
}
