package server

import (
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"sync"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/config"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/internal/fileuri"
	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// Compose files and the Dockerfiles they build inform each other's
// analysis: a Dockerfile is judged for the stages compose services build,
// with their user:, and a compose service's DW214 fix depends on the USER
// of the Dockerfile it builds. The files are the open documents and, for
// the compose files a Dockerfile is built by, the files with a compose
// file's usual names in its folder and the folders above it up to the
// workspace folder. Nothing outside the workspace folders is read, and a
// missing or unreadable file only means there is nothing to learn from it.

// crossFile holds what the server has read of other files, by path.
type crossFile struct {
	mu   sync.Mutex
	disk map[string]diskFile
}

// A diskFile is a file read from disk, valid while fsroot.Same says the
// file is the one read.
type diskFile struct {
	info   fs.FileInfo
	builds []analysis.ComposeBuild // of a compose file
	model  *dockerfile.File        // of a Dockerfile
}

// withCrossFile returns opts with what other files say about doc: the
// services that build it (a Dockerfile) or the images its services build
// (a compose file). opts itself is not changed.
func (s *Server) withCrossFile(st *docState, doc *document.Document, opts *analysis.Options) *analysis.Options {
	path, ok := fileuri.Path(string(st.uri))
	if !ok {
		return opts
	}
	folder, root := s.folderOf(path)
	if root == nil {
		return opts
	}
	defer root.Close()
	ws := &workspace{s: s, folder: folder, root: root}
	var composes []string
	if doc.Kind == document.Dockerfile {
		composes = ws.composeCandidates(path)
	}
	builds := func() []analysis.ComposeBuild { return st.composeBuildsOf(doc, path) }
	return analysis.WithCrossFile(opts, doc.Kind, path, composes, builds, ws)
}

// A workspace is analysis.Workspace over one workspace folder: the open
// documents first, then the files on disk. It lasts one analysis.
type workspace struct {
	s      *Server
	folder string
	root   *fsroot.Root // the folder's, open for the analysis
}

func (w *workspace) URI(path string) string { return fileuri.FromPath(path) }

// composeCandidates returns the open compose documents of the folder,
// then the compose files on disk that may build the Dockerfile at path.
func (w *workspace) composeCandidates(path string) []string {
	var out []string
	for _, st := range w.s.openDocs(document.Compose) {
		if p, ok := fileuri.Path(string(st.uri)); ok && config.Within(p, w.folder) {
			out = append(out, p)
		}
	}
	inside := func(dir string) bool { return config.Within(dir, w.folder) }
	for _, c := range analysis.ComposeCandidates(filepath.Dir(path), inside) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// ComposeBuilds returns the builds of the compose file at path: the open
// document's, else the file's on disk.
func (w *workspace) ComposeBuilds(path string) []analysis.ComposeBuild {
	for _, st := range w.s.openDocs(document.Compose) {
		if p, ok := fileuri.Path(string(st.uri)); ok && p == path {
			w.s.mu.Lock()
			doc := st.doc
			w.s.mu.Unlock()
			return st.composeBuildsOf(doc, p)
		}
	}
	return w.s.diskBuilds(path, w.root)
}

// Dockerfile returns the model of the Dockerfile at path.
func (w *workspace) Dockerfile(path string) *dockerfile.File {
	return w.s.dockerfileModel(path, w.root)
}

// folderOf returns the workspace folder that holds path, opened for one
// operation (see openFolder: the caller closes it); "" and nil when no
// folder holds it or the folder cannot be opened.
func (s *Server) folderOf(path string) (string, *fsroot.Root) {
	s.conf.init()
	s.conf.mu.Lock()
	folder := innermostFolder(s.conf.folders, path)
	s.conf.mu.Unlock()
	if folder == "" {
		return "", nil
	}
	root := openFolder(folder)
	if root == nil {
		return "", nil
	}
	return folder, root
}

// openDocs returns the open documents of kind k.
func (s *Server) openDocs(k document.Kind) []*docState {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*docState
	for _, st := range s.docs {
		if !st.closed && st.doc.Kind == k {
			out = append(out, st)
		}
	}
	return out
}

// dockerfileModel returns the model of the Dockerfile at path: the open
// document's latest analysis or a parse of its text, else the file on
// disk when it is inside the workspace folder of root.
func (s *Server) dockerfileModel(path string, root *fsroot.Root) *dockerfile.File {
	for _, st := range s.openDocs(document.Dockerfile) {
		if p, ok := fileuri.Path(string(st.uri)); ok && p == path {
			s.mu.Lock()
			doc, res := st.doc, st.result
			s.mu.Unlock()
			if res != nil && res.Doc == doc && res.Dockerfile != nil {
				return res.Dockerfile
			}
			return dockerfile.Parse(doc)
		}
	}
	f := s.readDisk(path, root, func(text []byte) diskFile {
		return diskFile{model: dockerfile.Parse(document.New(fileuri.FromPath(path), 0, document.Dockerfile, text))}
	})
	return f.model
}

// diskBuilds returns the builds of the compose file at path on disk.
func (s *Server) diskBuilds(path string, root *fsroot.Root) []analysis.ComposeBuild {
	return s.readDisk(path, root, func(text []byte) diskFile {
		doc := document.New(fileuri.FromPath(path), 0, document.Compose, text)
		return diskFile{builds: new(analysis.BuildCache).Builds(doc, path)}
	}).builds
}

// readDisk reads the regular file at path through root, the workspace
// folder's (so never outside it, whatever links it passes or a neighbour
// swaps in meanwhile), when it is small enough to analyse, and keeps what
// read makes of it until the file changes. The file is opened once, without
// blocking on a FIFO; anything but a regular file gives nothing.
func (s *Server) readDisk(path string, root *fsroot.Root, read func([]byte) diskFile) diskFile {
	name, err := root.Rel(path)
	if err != nil {
		return diskFile{}
	}
	c := &s.cross
	c.mu.Lock()
	f := c.disk[path]
	c.mu.Unlock()
	text, info, unchanged, err := root.ReadFileSince(name, analysis.MaxDocumentSize, f.info)
	switch {
	case unchanged:
		return f
	case err != nil:
		c.mu.Lock()
		delete(c.disk, path)
		c.mu.Unlock()
		return diskFile{}
	}
	f = read(text)
	f.info = info
	c.mu.Lock()
	if c.disk == nil {
		c.disk = map[string]diskFile{}
	}
	c.disk[path] = f
	c.mu.Unlock()
	return f
}

// composeBuildsOf returns the builds of doc, a version of the document,
// parsing only the services whose text changed (see
// analysis.BuildCache).
func (st *docState) composeBuildsOf(doc *document.Document, path string) []analysis.ComposeBuild {
	st.crossMu.Lock()
	defer st.crossMu.Unlock()
	if st.buildsDoc != doc {
		st.buildsDoc, st.builds = doc, st.buildCache.Builds(doc, path)
	}
	return st.builds
}

// crossFileChanged reports whether what other files say about st differs
// from what its stored result was made with.
func crossFileChanged(a, b *analysis.Options) bool {
	var ab, bb []analysis.Builder
	var ai, bi map[string]analysis.BuiltImage
	var ac, bc []analysis.BuildContext
	if a != nil {
		ab, ai, ac = a.Builders, a.Builds, a.Contexts
	}
	if b != nil {
		bb, bi, bc = b.Builders, b.Builds, b.Contexts
	}
	return !reflect.DeepEqual(ab, bb) || !reflect.DeepEqual(ai, bi) || !reflect.DeepEqual(ac, bc)
}
