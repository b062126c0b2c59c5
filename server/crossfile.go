package server

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/config"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
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

// A diskFile is a file read from disk, valid while its size and time stay.
type diskFile struct {
	size    int64
	modTime time.Time
	builds  []analysis.ComposeBuild // of a compose file
	model   *dockerfile.File        // of a Dockerfile
}

// withCrossFile returns opts with what other files say about doc: the
// services that build it (a Dockerfile) or the images its services build
// (a compose file). opts itself is not changed.
func (s *Server) withCrossFile(st *docState, doc *document.Document, opts *analysis.Options) *analysis.Options {
	path, ok := uriPath(string(st.uri))
	if !ok {
		return opts
	}
	folder, realFolder := s.folderOf(path)
	if folder == "" {
		return opts
	}
	ws := &workspace{s: s, folder: folder, realFolder: realFolder}
	var composes []string
	if doc.Kind == document.Dockerfile {
		composes = ws.composeCandidates(path)
	}
	builds := func() []analysis.ComposeBuild { return st.composeBuildsOf(doc, path) }
	return analysis.WithCrossFile(opts, doc.Kind, path, composes, builds, ws)
}

// A workspace is analysis.Workspace over one workspace folder: the open
// documents first, then the files on disk.
type workspace struct {
	s                  *Server
	folder, realFolder string
}

func (w *workspace) URI(path string) string { return string(fileURI(path)) }

// composeCandidates returns the open compose documents of the folder,
// then the compose files on disk that may build the Dockerfile at path.
func (w *workspace) composeCandidates(path string) []string {
	var out []string
	for _, st := range w.s.openDocs(document.Compose) {
		if p, ok := uriPath(string(st.uri)); ok && config.Within(p, w.folder) {
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
		if p, ok := uriPath(string(st.uri)); ok && p == path {
			w.s.mu.Lock()
			doc := st.doc
			w.s.mu.Unlock()
			return st.composeBuildsOf(doc, p)
		}
	}
	return w.s.diskBuilds(path, w.realFolder)
}

// Dockerfile returns the model of the Dockerfile at path.
func (w *workspace) Dockerfile(path string) *dockerfile.File {
	return w.s.dockerfileModel(path, w.realFolder)
}

// folderOf returns the workspace folder that holds path, as given and with
// its symlinks resolved; "" when no folder holds it.
func (s *Server) folderOf(path string) (folder, real string) {
	s.conf.init()
	s.conf.mu.Lock()
	folder = innermostFolder(s.conf.folders, path)
	s.conf.mu.Unlock()
	if folder == "" {
		return "", ""
	}
	real, err := filepath.EvalSymlinks(folder)
	if err != nil {
		return "", ""
	}
	return folder, real
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
// disk when it is inside the workspace.
func (s *Server) dockerfileModel(path, realFolder string) *dockerfile.File {
	for _, st := range s.openDocs(document.Dockerfile) {
		if p, ok := uriPath(string(st.uri)); ok && p == path {
			s.mu.Lock()
			doc, res := st.doc, st.result
			s.mu.Unlock()
			if res != nil && res.Doc == doc && res.Dockerfile != nil {
				return res.Dockerfile
			}
			return dockerfile.Parse(doc)
		}
	}
	f := s.readDisk(path, realFolder, func(text []byte) diskFile {
		return diskFile{model: dockerfile.Parse(document.New(string(fileURI(path)), 0, document.Dockerfile, text))}
	})
	return f.model
}

// diskBuilds returns the builds of the compose file at path on disk.
func (s *Server) diskBuilds(path, realFolder string) []analysis.ComposeBuild {
	return s.readDisk(path, realFolder, func(text []byte) diskFile {
		doc := document.New(string(fileURI(path)), 0, document.Compose, text)
		return diskFile{builds: new(analysis.BuildCache).Builds(doc, path)}
	}).builds
}

// readDisk reads the regular file at path when it lies inside realFolder
// with its symlinks resolved and is small enough to analyse, and keeps
// what read makes of it until the file changes.
func (s *Server) readDisk(path, realFolder string, read func([]byte) diskFile) diskFile {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() > analysis.MaxDocumentSize {
		return diskFile{}
	}
	c := &s.cross
	c.mu.Lock()
	f, ok := c.disk[path]
	c.mu.Unlock()
	if ok && f.size == info.Size() && f.modTime.Equal(info.ModTime()) {
		return f
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil || !config.Within(real, realFolder) {
		return diskFile{}
	}
	text, err := os.ReadFile(real)
	if err != nil || int64(len(text)) > analysis.MaxDocumentSize {
		return diskFile{}
	}
	f = read(text)
	f.size, f.modTime = info.Size(), info.ModTime()
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
	if a != nil {
		ab, ai = a.Builders, a.Builds
	}
	if b != nil {
		bb, bi = b.Builders, b.Builds
	}
	return !reflect.DeepEqual(ab, bb) || !reflect.DeepEqual(ai, bi)
}
