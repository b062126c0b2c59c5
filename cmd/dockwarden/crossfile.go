package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/buildcontext"
	"github.com/dockwarden/dockwarden/analysis/config"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/internal/fileuri"
	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// A project gives check and fix what the editor knows across files: the
// compose services that build a Dockerfile (the compose files with the
// usual names in its folder and the folders above it, up to the working
// directory), a Dockerfile's build contexts (its folder and the compose
// build.context folders, listed within buildcontext.DefaultLimits, with
// their ignore files), and the USER of the Dockerfiles a compose file
// builds. Like the editor's workspace folder, the working directory bounds what is
// read: every file is opened through its fsroot.Root, so nothing outside
// it is read, whatever links lead there or are swapped in meanwhile, and
// only regular files are. Files that cannot be read are passed over.
//
// A project is safe for concurrent use: check analyses files on every
// core. It reads each compose file at most once for the builds of the
// Dockerfiles around it, and not at all when the compose file was
// analysed first (analysed keeps its builds); Dockerfiles are read when a
// compose file that builds them is analysed, and not kept.
type project struct {
	root *fsroot.Root // the working directory

	mu       sync.Mutex
	composes map[string]*composeBuilds // by absolute path
	// fixed are Dockerfiles as fix left them, by absolute path, which
	// stand in for the files on disk.
	fixed     map[string]*dockerfile.File
	fixedURIs map[string]bool                 // the URIs of fixed's paths
	listings  map[string]buildcontext.Listing // by folder and ignore patterns
}

// composeBuilds are the builds of one compose file, found once.
type composeBuilds struct {
	once   sync.Once
	builds []analysis.ComposeBuild
}

func newProject() *project {
	cwd, err := os.Getwd()
	if err != nil {
		return nil
	}
	root, err := fsroot.Open(cwd)
	if err != nil {
		return nil
	}
	return &project{root: root, composes: map[string]*composeBuilds{}, fixed: map[string]*dockerfile.File{}, fixedURIs: map[string]bool{}, listings: map[string]buildcontext.Listing{}}
}

// close releases the working directory.
func (p *project) close() {
	if p != nil {
		p.root.Close()
	}
}

// workDir returns the working directory the project is rooted at; nil
// when it could not be opened.
func (p *project) workDir() *fsroot.Root {
	if p == nil {
		return nil
	}
	return p.root
}

// options returns opts with what the project says about doc, the file at
// path.
func (p *project) options(path string, doc *document.Document, opts *analysis.Options) *analysis.Options {
	if p == nil {
		return opts
	}
	abs, err := filepath.Abs(path)
	if err != nil || !p.inside(abs) {
		return opts
	}
	var composes []string
	if doc.Kind == document.Dockerfile {
		composes = analysis.ComposeCandidates(filepath.Dir(abs), p.inside)
	}
	builds := func() []analysis.ComposeBuild { return new(analysis.BuildCache).Builds(doc, abs) }
	return analysis.WithCrossFile(opts, doc.Kind, abs, composes, builds, p)
}

// inside reports whether path lies in the project, lexically: where its
// links lead is judged when it is opened.
func (p *project) inside(path string) bool {
	_, err := p.root.Rel(path)
	return err == nil
}

// maxComposeEntries bounds the compose files a project remembers: the
// usual names in every folder of the tree and above, where a Dockerfile
// may look.
const maxComposeEntries = 1024

// entry returns the builds of the compose file at path, found or not.
// When the project remembers too many, it forgets those whose folder does
// not hold path: files are analysed in path order, so the files that
// follow need the compose files above them, and the others at most again.
func (p *project) entry(path string) *composeBuilds {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.composes[path]
	if e == nil {
		if len(p.composes) >= maxComposeEntries {
			dir := filepath.Dir(path)
			for k := range p.composes {
				if !config.Within(dir, filepath.Dir(k)) {
					delete(p.composes, k)
				}
			}
		}
		e = &composeBuilds{}
		p.composes[path] = e
	}
	return e
}

// ComposeBuilds is analysis.Workspace's.
func (p *project) ComposeBuilds(path string) []analysis.ComposeBuild {
	e := p.entry(path)
	e.once.Do(func() {
		if text := p.read(path); text != nil {
			doc := document.New(fileuri.FromPath(path), 0, document.Compose, text)
			e.builds = new(analysis.BuildCache).Builds(doc, path)
		}
	})
	return e.builds
}

// analysed takes note of the analysis of the file at path: the builds of
// a compose file of one of the names a Dockerfile's neighbours are looked
// for under, so that it is not read again for them.
func (p *project) analysed(path string, res *analysis.Result) {
	if p == nil || res.Compose == nil || !slices.Contains(analysis.ComposeFileNames, filepath.Base(path)) || !p.inside(path) {
		return
	}
	e := p.entry(path)
	e.once.Do(func() { e.builds = analysis.ComposeBuilds(res.Compose, path) })
}

// Dockerfile is analysis.Workspace's.
func (p *project) Dockerfile(path string) *dockerfile.File {
	p.mu.Lock()
	model, fixed := p.fixed[path]
	p.mu.Unlock()
	if fixed {
		return model
	}
	if text := p.read(path); text != nil {
		return dockerfile.Parse(document.New(fileuri.FromPath(path), 0, document.Dockerfile, text))
	}
	return nil
}

// keepFixed makes model, the Dockerfile at path as fix left it, stand in
// for the file on disk.
func (p *project) keepFixed(path string, model *dockerfile.File) {
	p.mu.Lock()
	p.fixed[path] = model
	p.fixedURIs[p.URI(path)] = true
	p.mu.Unlock()
}

// buildsFixed reports whether one of builds, a compose file's (by
// service), is of a Dockerfile that stands in for the one on disk.
func (p *project) buildsFixed(builds map[string]analysis.BuiltImage) bool {
	if p == nil || len(builds) == 0 {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, b := range builds {
		if p.fixedURIs[b.Dockerfile] {
			return true
		}
	}
	return false
}

// read returns the text of the regular file at path, opened once under the
// project's root, when it is small enough to analyse; nil otherwise.
func (p *project) read(path string) []byte {
	name, err := p.root.Rel(path)
	if err != nil {
		return nil
	}
	text, _, err := p.root.ReadFile(name, analysis.MaxDocumentSize)
	if err != nil {
		return nil
	}
	return text
}

// IgnoreFile is analysis.ContextReader's: the file as it is on disk now,
// so that fix sees the lines it has just added.
func (p *project) IgnoreFile(path string) ([]byte, bool, error) {
	name, err := p.root.Rel(path)
	if err != nil {
		return nil, false, err
	}
	return buildcontext.ReadIgnoreFile(p.root, name)
}

// maxListings bounds the build contexts a project remembers: files are
// analysed in path order, so the Dockerfiles that share a context mostly
// come one after the other.
const maxListings = 64

// ListContext is analysis.ContextReader's. A context is listed once per
// ignore file text while it is remembered: the Dockerfiles that share it
// share the listing.
func (p *project) ListContext(dir string, ignore []string) (buildcontext.Listing, bool) {
	name, err := p.root.Rel(dir)
	if err != nil {
		return buildcontext.Listing{}, false
	}
	key := name + "\x00" + strings.Join(ignore, "\n")
	p.mu.Lock()
	l, ok := p.listings[key]
	p.mu.Unlock()
	if ok {
		return l, true
	}
	l, ok = buildcontext.ListIgnoring(p.root, name, ignore)
	if ok {
		p.mu.Lock()
		if len(p.listings) >= maxListings {
			clear(p.listings)
		}
		p.listings[key] = l
		p.mu.Unlock()
	}
	return l, ok
}

// URI is analysis.Workspace's.
func (p *project) URI(path string) string { return fileuri.FromPath(path) }
