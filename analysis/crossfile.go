package analysis

import (
	"bytes"
	"path/filepath"

	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// ComposeFileNames are the names `docker compose` looks for, in its order
// of preference: the compose files a Dockerfile's folder and the folders
// above it may hold.
var ComposeFileNames = []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}

// A ComposeBuild is a compose service's build of a Dockerfile on disk.
type ComposeBuild struct {
	Service string
	// Dockerfile is the Dockerfile's absolute, cleaned path.
	Dockerfile string
	// Context is the build context's absolute, cleaned path; "" when it
	// is not a local folder (compose.Build.Context).
	Context string
	Target  string
	// User is the service's user: value, "" when it sets none; UserAt is
	// where it is written.
	User   string
	UserAt document.Position
}

// ComposeBuilds lists the builds of f, the model of the compose file at
// path (absolute), with the positions of f's document.
func ComposeBuilds(f *compose.File, path string) []ComposeBuild {
	var out []ComposeBuild
	dir := filepath.Dir(path)
	for _, b := range f.Builds() {
		df := filepath.FromSlash(b.Dockerfile)
		if !filepath.IsAbs(df) {
			df = filepath.Join(dir, df)
		}
		cb := ComposeBuild{Service: b.Service.Name, Dockerfile: filepath.Clean(df), Target: b.Target, User: b.User}
		if b.Context != "" {
			cb.Context = filepath.Join(dir, filepath.FromSlash(b.Context))
		}
		if b.UserValue != nil {
			cb.UserAt = f.Doc.Position(b.UserValue.Span.Start)
		}
		out = append(out, cb)
	}
	return out
}

// A BuildCache finds the builds of successive versions of a compose file
// cheaply: only the services whose text mentions build are parsed, each
// on its own and only when its text changed since the last call, so that
// typing in a large compose file, or opening a Dockerfile next to one,
// does not parse it whole. A syntax error in one service hides only that
// service's build, so the builds do not come and go as a person types.
// The zero BuildCache is ready to use; it is not safe for concurrent use.
type BuildCache struct {
	blocks map[string][]ComposeBuild // by service text, lines relative to it
}

// Builds returns the builds of doc, the compose file at path (absolute).
// A file that cannot be cut at its services, or that uses anchors,
// aliases or merge keys (a service may then build what another wrote), is
// parsed whole.
func (c *BuildCache) Builds(doc *document.Document, path string) []ComposeBuild {
	segs, ok := compose.Segment(doc.Text)
	if !ok || bytes.ContainsAny(doc.Text, "&*") || bytes.Contains(doc.Text, []byte("<<")) {
		c.blocks = nil
		return ComposeBuilds(compose.Parse(doc), path)
	}
	const header = "services:\n"
	blocks := map[string][]ComposeBuild{}
	var out []ComposeBuild
	for _, sp := range segs.Services {
		text := doc.Text[sp.Start:sp.End]
		if !bytes.Contains(text, []byte("build")) {
			continue
		}
		builds, ok := c.blocks[string(text)]
		if !ok {
			part := document.New(doc.URI, doc.Version, doc.Kind, append([]byte(header), text...))
			builds = ComposeBuilds(compose.Parse(part), path)
			// Lines relative to the service's first line; -1 for no user:
			// (line 0 of the part is the header, so no user: is there).
			for i := range builds {
				builds[i].UserAt.Line--
			}
		}
		blocks[string(text)] = builds
		line := doc.LineOf(sp.Start)
		for _, b := range builds {
			if b.UserAt.Line < 0 {
				b.UserAt = document.Position{}
			} else {
				b.UserAt.Line += line
			}
			out = append(out, b)
		}
	}
	c.blocks = blocks
	return out
}

// BuildersOf returns, as Options.Builders, the builds among builds (of
// the compose file at composeURI) of the Dockerfile at dockerfilePath.
func BuildersOf(dockerfilePath, composeURI string, builds []ComposeBuild) []Builder {
	var out []Builder
	for _, b := range builds {
		if b.Dockerfile == dockerfilePath {
			out = append(out, Builder{Compose: composeURI, Service: b.Service, Context: b.Context, Target: b.Target, User: b.User, UserAt: b.UserAt})
		}
	}
	return out
}

// Built returns what building the stage target (the last stage when
// target is "") of f, the Dockerfile at uri, gives: the USER in force at
// its end, variables expanded ("" when none is set or its value is not
// known), the image it starts from and whether it sets its own
// ENTRYPOINT. ok is false when there is no such stage.
func Built(f *dockerfile.File, uri, target string) (img BuiltImage, ok bool) {
	stage := f.Final()
	if target != "" {
		stage = f.StageNamed(target)
	}
	if stage == nil {
		return BuiltImage{}, false
	}
	img.Dockerfile = uri
	if u := dockerfile.EffectiveUser(stage); u != nil && len(u.Args) > 0 {
		if v, known := f.Expand(u.Args[0].Value, u); known {
			img.User = v
		}
	}
	if ref, known := stage.Root().BaseImage(); known {
		img.Base = ref.String()
	}
	img.Entrypoint = stage.SetsEntrypoint()
	return img, true
}

// A Workspace reads, for cross-file analysis, the files around a
// document: the editor's workspace folders, or the working directory of
// check. A file it cannot or may not read gives nil.
type Workspace interface {
	ComposeBuilds(path string) []ComposeBuild
	Dockerfile(path string) *dockerfile.File
	URI(path string) string
	ContextReader
}

// ComposeCandidates returns the compose files that may build a Dockerfile
// in dir: the usual names in dir and in each folder above it for as long
// as inside says the folder belongs to the workspace.
func ComposeCandidates(dir string, inside func(string) bool) []string {
	var out []string
	for ; inside(dir); dir = filepath.Dir(dir) {
		for _, name := range ComposeFileNames {
			out = append(out, filepath.Join(dir, name))
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	return out
}

// WithCrossFile returns opts with what the workspace says about the
// document of kind at path: for a Dockerfile, the services of the compose
// files composes that build it; for a compose file, the user each of its
// builds (given by builds) ends with. opts itself is not changed, and is
// returned as is when there is nothing to add.
func WithCrossFile(opts *Options, kind document.Kind, path string, composes []string, builds func() []ComposeBuild, ws Workspace) *Options {
	var out Options
	if opts != nil {
		out = *opts
	}
	switch kind {
	case document.Dockerfile:
		for _, c := range composes {
			out.Builders = append(out.Builders, BuildersOf(path, ws.URI(c), ws.ComposeBuilds(c))...)
		}
		out.Contexts = BuildContexts(ws, path, out.Builders)
		if out.Builders == nil && out.Contexts == nil {
			return opts
		}
	case document.Compose:
		// Services often build one Dockerfile (web, worker and beat all
		// build "."): each is asked for once.
		models := map[string]*dockerfile.File{}
		for _, b := range builds() {
			model, seen := models[b.Dockerfile]
			if !seen {
				model = ws.Dockerfile(b.Dockerfile)
				models[b.Dockerfile] = model
			}
			if model == nil {
				continue
			}
			if img, ok := Built(model, ws.URI(b.Dockerfile), b.Target); ok {
				if out.Builds == nil {
					out.Builds = map[string]BuiltImage{}
				}
				out.Builds[b.Service] = img
			}
		}
		if out.Builds == nil {
			return opts
		}
	default:
		return opts
	}
	return &out
}
