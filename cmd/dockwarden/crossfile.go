package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/buildcontext"
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
// builds. Like
// the editor's workspace folder, the working directory bounds what is
// read: every file is opened through its fsroot.Root, so nothing outside
// it is read, whatever links lead there or are swapped in meanwhile, and
// only regular files are. Files that cannot be read are passed over.
type project struct {
	root     *fsroot.Root // the working directory
	composes map[string][]analysis.ComposeBuild
	models   map[string]*dockerfile.File
	listings map[string]buildcontext.Listing // by folder and ignore patterns
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
	return &project{root: root, composes: map[string][]analysis.ComposeBuild{}, models: map[string]*dockerfile.File{}, listings: map[string]buildcontext.Listing{}}
}

// close releases the working directory.
func (p *project) close() {
	if p != nil {
		p.root.Close()
	}
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

// ComposeBuilds is analysis.Workspace's.
func (p *project) ComposeBuilds(path string) []analysis.ComposeBuild {
	builds, seen := p.composes[path]
	if !seen {
		if text := p.read(path); text != nil {
			doc := document.New(fileuri.FromPath(path), 0, document.Compose, text)
			builds = new(analysis.BuildCache).Builds(doc, path)
		}
		p.composes[path] = builds
	}
	return builds
}

// Dockerfile is analysis.Workspace's.
func (p *project) Dockerfile(path string) *dockerfile.File {
	model, seen := p.models[path]
	if !seen {
		if text := p.read(path); text != nil {
			model = dockerfile.Parse(document.New(fileuri.FromPath(path), 0, document.Dockerfile, text))
		}
		p.models[path] = model
	}
	return model
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

// ListContext is analysis.ContextReader's. A context is listed once per
// ignore file text: the Dockerfiles that share it share the listing.
func (p *project) ListContext(dir string, ignore []string) (buildcontext.Listing, bool) {
	name, err := p.root.Rel(dir)
	if err != nil {
		return buildcontext.Listing{}, false
	}
	key := name + "\x00" + strings.Join(ignore, "\n")
	if l, ok := p.listings[key]; ok {
		return l, true
	}
	l, ok := buildcontext.ListIgnoring(p.root, name, ignore)
	if ok {
		p.listings[key] = l
	}
	return l, ok
}

// URI is analysis.Workspace's.
func (p *project) URI(path string) string { return fileuri.FromPath(path) }
