package analysis

import (
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
	Target     string
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
		if b.UserValue != nil {
			cb.UserAt = f.Doc.Position(b.UserValue.Span.Start)
		}
		out = append(out, cb)
	}
	return out
}

// BuildersOf returns, as Options.Builders, the builds among builds (of
// the compose file at composeURI) of the Dockerfile at dockerfilePath.
func BuildersOf(dockerfilePath, composeURI string, builds []ComposeBuild) []Builder {
	var out []Builder
	for _, b := range builds {
		if b.Dockerfile == dockerfilePath {
			out = append(out, Builder{Compose: composeURI, Service: b.Service, Target: b.Target, User: b.User, UserAt: b.UserAt})
		}
	}
	return out
}

// BuiltUser returns the value of the USER in force at the end of the
// stage target (the last stage when target is "") of f, variables
// expanded; "" when the stage sets none or its value is not known. ok is
// false when there is no such stage.
func BuiltUser(f *dockerfile.File, target string) (user string, ok bool) {
	stage := f.Final()
	if target != "" {
		stage = f.StageNamed(target)
	}
	if stage == nil {
		return "", false
	}
	if u := dockerfile.EffectiveUser(stage); u != nil && len(u.Args) > 0 {
		if v, known := f.Expand(u.Args[0].Value, u); known {
			return v, true
		}
	}
	return "", true
}
