package compose

import (
	"path"
	"sort"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/document"
	"gopkg.in/yaml.v3"
)

// A FileRef is a value of a service that names another file: the file an
// editor can open from the compose file.
type FileRef struct {
	// Span is the path as written: the Inner span of the scalar, so for a
	// quoted scalar it excludes the quotes. For a value reached through an
	// alias or a merge key it lies at the anchor, where the text is.
	Span document.Span
	// Path is the file's path relative to the compose file's directory, in
	// forward slashes and cleaned with path.Clean; an absolute path stays
	// absolute. A build.dockerfile is already joined to its build.context.
	Path string
	// Key says which key named the file: "build.dockerfile", "env_file" or
	// "extends.file".
	Key string
}

// FileRefs returns the files the services name in build.dockerfile,
// env_file and extends.file, sorted by where they are written. Values that
// cannot be turned into a local path without guessing are left out: empty
// ones, ones with ${VAR} interpolation (the variables are not known here),
// block scalars, and Dockerfiles of a remote (URL or git) build context or
// of an absolute context, which is not relative to the compose file.
//
// An anchor shared by several services gives one FileRef when they all
// resolve it to the same path, and none when they disagree (a merge can
// give each its own build.context): one place in the text cannot lead to
// two files.
func (f *File) FileRefs() []FileRef {
	var refs []FileRef
	for _, s := range f.Services {
		if s.Value == nil {
			continue
		}
		refs = append(refs, buildRefs(s.Lookup("build"))...)
		refs = append(refs, envFileRefs(s.Lookup("env_file"))...)
		refs = append(refs, extendsRefs(s.Lookup("extends"))...)
	}
	return dedupeRefs(refs)
}

// buildRefs returns the Dockerfile a build names. The short form
// (`build: ./dir`) and a long form without dockerfile: write no name, so
// there is nothing to link.
func buildRefs(build *Value) []FileRef {
	p, written, ok := buildDockerfile(build)
	if !ok || written == nil {
		return nil
	}
	return []FileRef{{Span: written.Inner, Path: p, Key: "build.dockerfile"}}
}

// isRemoteContext reports a build context Docker fetches rather than
// reads from disk: a URL or a git remote in scp syntax.
func isRemoteContext(context string) bool {
	return strings.Contains(context, "://") || strings.HasPrefix(context, "git@")
}

// envFileRefs handles the three forms of env_file: a string, a list of
// strings, and a list of {path, required} mappings (which may be mixed).
func envFileRefs(v *Value) []FileRef {
	var items []*Value
	switch {
	case v.IsScalar():
		items = []*Value{v}
	case v.IsSeq():
		for _, it := range v.Items() {
			if it.IsMap() {
				it = it.Lookup("path")
			}
			items = append(items, it)
		}
	}
	var refs []FileRef
	for _, it := range items {
		if name, ok := pathValue(it); ok {
			refs = append(refs, FileRef{Span: it.Inner, Path: path.Clean(name), Key: "env_file"})
		}
	}
	return refs
}

// extendsRefs returns the file of `extends: {file: ..., service: ...}`.
// The short form (`extends: name`) refers to a service of this file.
func extendsRefs(v *Value) []FileRef {
	if !v.IsMap() {
		return nil
	}
	file := v.Lookup("file")
	name, ok := pathValue(file)
	if !ok {
		return nil
	}
	return []FileRef{{Span: file.Inner, Path: path.Clean(name), Key: "extends.file"}}
}

// pathValue returns the path a scalar spells, if it can be linked as is.
func pathValue(v *Value) (string, bool) {
	if !v.IsScalar() || v.IsNull() {
		return "", false
	}
	// A block scalar's value ends in a newline and spans several lines;
	// nobody writes a path that way on purpose.
	if v.Node.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return "", false
	}
	s := v.Str()
	if s == "" || strings.ContainsAny(s, "$\n\r") {
		return "", false
	}
	return s, true
}

// dedupeRefs sorts refs by position and merges those at the same place: an
// anchor used by several services is written once. When they disagree on
// the file, the place gets no ref at all rather than an arbitrary one.
func dedupeRefs(refs []FileRef) []FileRef {
	sort.SliceStable(refs, func(i, j int) bool {
		if refs[i].Span.Start != refs[j].Span.Start {
			return refs[i].Span.Start < refs[j].Span.Start
		}
		return refs[i].Span.End < refs[j].Span.End
	})
	out := refs[:0]
	for i := 0; i < len(refs); {
		j, agree := i+1, true
		for j < len(refs) && refs[j].Span == refs[i].Span {
			agree = agree && refs[j].Path == refs[i].Path
			j++
		}
		if agree {
			out = append(out, refs[i])
		}
		i = j
	}
	return out
}
