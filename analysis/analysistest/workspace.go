package analysistest

import (
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing/fstest"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/buildcontext"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// A workspace is an archive's files seen as the workspace the server and
// check read around a document (analysis.Workspace): every compose file
// of the archive may build a Dockerfile (as compose files open in the
// editor do), and a Dockerfile's build contexts are folders of the
// archive. Paths are the archive's names under "/" (a backslash on
// Windows).
type workspace struct {
	files map[string][]byte
	fsys  fstest.MapFS
}

func newWorkspace(files map[string][]byte) *workspace {
	fsys := fstest.MapFS{}
	for name, text := range files {
		if !strings.HasSuffix(name, ".golden") {
			fsys[name] = &fstest.MapFile{Data: text}
		}
	}
	return &workspace{files: files, fsys: fsys}
}

// path is the path of the archive's file name, as the system writes it
// (with backslashes on Windows, as the analysis joins paths).
func (w *workspace) path(name string) string { return filepath.FromSlash("/" + name) }

// name is the archive's name of the path p; ok is false outside the
// archive.
func (w *workspace) name(p string) (string, bool) {
	rel := strings.TrimPrefix(path.Clean(filepath.ToSlash(p)), "/")
	if rel == "" {
		rel = "."
	}
	return rel, !strings.HasPrefix(rel, "../") && rel != ".."
}

// options returns what the archive says about doc, its file name.
func (w *workspace) options(doc *document.Document, name string) *analysis.Options {
	var composes []string
	for n, text := range w.files {
		if !strings.HasSuffix(n, ".golden") && document.DetectKind(n, "", text) == document.Compose {
			composes = append(composes, w.path(n))
		}
	}
	sort.Strings(composes)
	p := w.path(name)
	builds := func() []analysis.ComposeBuild { return new(analysis.BuildCache).Builds(doc, p) }
	return analysis.WithCrossFile(nil, doc.Kind, p, composes, builds, w)
}

// ComposeBuilds is analysis.Workspace's.
func (w *workspace) ComposeBuilds(p string) []analysis.ComposeBuild {
	name, ok := w.name(p)
	text, found := w.files[name]
	if !ok || !found {
		return nil
	}
	return new(analysis.BuildCache).Builds(document.New(w.URI(p), 0, document.Compose, text), p)
}

// Dockerfile is analysis.Workspace's.
func (w *workspace) Dockerfile(p string) *dockerfile.File {
	name, ok := w.name(p)
	text, found := w.files[name]
	if !ok || !found {
		return nil
	}
	return dockerfile.Parse(document.New(w.URI(p), 0, document.Dockerfile, text))
}

// URI is analysis.Workspace's.
func (w *workspace) URI(p string) string { return "file://" + filepath.ToSlash(p) }

// IgnoreFile is analysis.ContextReader's.
func (w *workspace) IgnoreFile(p string) ([]byte, bool, error) {
	name, ok := w.name(p)
	if !ok {
		return nil, false, fs.ErrNotExist
	}
	text, found := w.files[name]
	return text, found, nil
}

// ListContext is analysis.ContextReader's.
func (w *workspace) ListContext(dir string, ignore []string) (buildcontext.Listing, bool) {
	name, ok := w.name(dir)
	if !ok {
		return buildcontext.Listing{}, false
	}
	return buildcontext.ListIgnoring(archiveFolder{w.fsys}, name, ignore)
}

// archiveFolder lists the archive's folders as buildcontext.Folder.
type archiveFolder struct{ fsys fstest.MapFS }

func (a archiveFolder) ReadDir(name string, max int) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(a.fsys, name)
	if max > 0 && len(entries) > max {
		entries = entries[:max]
	}
	return entries, err
}

// sideFiles are the other files of the archive as the preferred fixes
// leave them, by name.
type sideFiles map[string][]byte

// apply makes the file changes of the preferred fix of each finding of
// the file name, in the spirit of codeactions.ResolveFiles: a created
// file gets its text, appended lines that the file holds already are not
// added again.
func (s sideFiles) apply(name string, findings []analysis.Finding, files map[string][]byte) {
	for _, f := range findings {
		if len(f.Fixes) == 0 {
			continue
		}
		for _, c := range f.Fixes[0].Files {
			p := path.Join(path.Dir(name), c.Path)
			text, ok := s[p]
			if !ok {
				text = slices.Clone(files[p])
			}
			switch c.Op {
			case analysis.CreateFile:
				text = []byte(c.Text)
			case analysis.AppendLines:
				if len(text) > 0 && text[len(text)-1] != '\n' {
					text = append(text, '\n')
				}
				for _, l := range strings.SplitAfter(c.Text, "\n") {
					if l != "" && !slices.Contains(strings.SplitAfter(string(text), "\n"), l) {
						text = append(text, l...)
					}
				}
			default:
				continue
			}
			s[p] = text
		}
	}
}

// names are the files changed, sorted.
func (s sideFiles) names() []string {
	var out []string
	for n := range s {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
