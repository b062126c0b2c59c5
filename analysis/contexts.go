package analysis

import (
	"path/filepath"
	"slices"

	"github.com/dockwarden/dockwarden/analysis/buildcontext"
)

// A ContextReader reads, for DW116, what a build context holds: the server
// and check each answer it through the workspace's os.Root (and the
// server from the editor's buffers first), within the workspace only.
type ContextReader interface {
	// IgnoreFile returns the text of the ignore file at path (absolute).
	// exists is false when there is no file there; err is set when there
	// is one that cannot be used (larger than buildcontext.MaxIgnoreFile,
	// not a regular file, outside the workspace).
	IgnoreFile(path string) (text []byte, exists bool, err error)
	// ListContext lists the context folder dir (absolute) as
	// buildcontext.List does with the ignore patterns, within
	// buildcontext.DefaultLimits. ok is false when the folder is not one
	// the workspace may read.
	ListContext(dir string, ignore []string) (listing buildcontext.Listing, ok bool)
}

// BuildContexts returns the build contexts of the Dockerfile at path
// (absolute) that r can read: its own folder, which `docker build` sends
// when run beside it, then the contexts of the compose services among
// builders, in their order, each once. A context whose ignore file
// cannot be read or parsed is left out: what it excludes is not known
// (and a build fails on a pattern BuildKit cannot parse).
func BuildContexts(r ContextReader, path string, builders []Builder) []BuildContext {
	dfDir := filepath.Dir(path)
	dirs := []string{dfDir}
	services := map[string][]string{}
	for _, b := range builders {
		if b.Context == "" {
			continue
		}
		if !slices.Contains(dirs, b.Context) {
			dirs = append(dirs, b.Context)
		}
		services[b.Context] = append(services[b.Context], b.Service)
	}
	var out []BuildContext
	for _, dir := range dirs {
		ctx, ok := readContext(r, path, dir)
		if !ok {
			continue
		}
		ctx.Services = services[dir]
		out = append(out, ctx)
	}
	return out
}

// readContext reads the context dir of the Dockerfile at path: the ignore
// file BuildKit would use (the Dockerfile's own, else the context's), and
// the listing.
func readContext(r ContextReader, path, dir string) (BuildContext, bool) {
	dfDir := filepath.Dir(path)
	rel, err := filepath.Rel(dfDir, dir)
	if err != nil {
		return BuildContext{}, false
	}
	ctx := BuildContext{Dir: filepath.ToSlash(rel)}
	ignore := filepath.Join(dfDir, buildcontext.DockerfileIgnore(filepath.Base(path)))
	text, exists, err := r.IgnoreFile(ignore)
	if err == nil && !exists {
		ignore = filepath.Join(dir, buildcontext.IgnoreName)
		text, exists, err = r.IgnoreFile(ignore)
	}
	if err != nil {
		return BuildContext{}, false
	}
	if rel, err = filepath.Rel(dfDir, ignore); err != nil {
		return BuildContext{}, false
	}
	ctx.IgnoreFile, ctx.IgnoreExists = filepath.ToSlash(rel), exists
	if exists {
		if ctx.Ignore, err = buildcontext.ReadIgnore(text); err != nil {
			return BuildContext{}, false
		}
		if _, err := buildcontext.NewMatcher(ctx.Ignore); err != nil {
			return BuildContext{}, false
		}
	}
	listing, ok := r.ListContext(dir, ctx.Ignore)
	if !ok {
		return BuildContext{}, false
	}
	ctx.Secrets, ctx.Partial = listing.Secrets, listing.Partial
	return ctx, true
}
