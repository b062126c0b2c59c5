package compose

import (
	"path"
	"strings"
)

// A Build is what a service builds from a Dockerfile on disk.
type Build struct {
	Service *Service
	// Dockerfile is the Dockerfile's path relative to the compose file's
	// directory (forward slashes, cleaned), or absolute; "Dockerfile" in
	// the build context when the file names none.
	Dockerfile string
	// Context is the build context's folder relative to the compose
	// file's directory (forward slashes, cleaned); "" when it is not a
	// local folder the file names without interpolation (a URL, a git
	// remote, an absolute path, a variable).
	Context string
	// Target is the stage built, "" for the last one.
	Target string
	// User is the service's user: value after interpolation, "" when it
	// sets none; UserValue is where it is written (nil when none).
	User      string
	UserValue *Value
}

// Builds returns the builds of the services that build a local Dockerfile:
// short (`build: ./dir`) and long form. The Dockerfile is resolved as for
// links (buildDockerfile); builds it cannot resolve, and those whose
// target depends on a variable, are left out: which file or stage they
// use is not known here.
func (f *File) Builds() []Build {
	var out []Build
	for _, s := range f.Services {
		if s.Value == nil {
			continue
		}
		b, ok := localBuild(s.Lookup("build"))
		if !ok {
			continue
		}
		b.Service = s
		if u := s.Lookup("user"); u.IsScalar() && !u.IsNull() {
			b.User, b.UserValue = strings.TrimSpace(f.Interpolate(u.Str()).Value), u
		}
		out = append(out, b)
	}
	return out
}

func localBuild(build *Value) (Build, bool) {
	name, _, ok := buildDockerfile(build)
	if !ok {
		return Build{}, false
	}
	target := ""
	if t := build.Lookup("target"); build.IsMap() && !t.IsNull() {
		if !t.IsScalar() || strings.Contains(t.Str(), "$") {
			return Build{}, false
		}
		target = t.Str()
	}
	return Build{Dockerfile: name, Context: buildContext(build), Target: target}, true
}

// buildContext is the local context folder of a build, as Build.Context
// describes it.
func buildContext(build *Value) string {
	context := "."
	switch {
	case build.IsScalar() && !build.IsNull():
		context = build.Str()
	case build.IsMap():
		if c := build.Lookup("context"); !c.IsNull() {
			if !c.IsScalar() {
				return ""
			}
			context = c.Str()
		}
	default:
		return ""
	}
	if context == "" {
		context = "."
	}
	if strings.Contains(context, "$") || isRemoteContext(context) || path.IsAbs(context) {
		return ""
	}
	return path.Clean(context)
}

// buildDockerfile resolves the Dockerfile of a build: value (short or long
// form) to a path relative to the compose file's directory, or an absolute
// one, in forward slashes and cleaned. written is the dockerfile: value
// when the build names one (nil for the implicit "Dockerfile" of the
// context). ok is false when the file cannot be named without guessing:
// interpolation, a block scalar, a context that is not a local relative
// path (a URL, a git remote, an absolute path), unless the Dockerfile
// itself is absolute, which the spec uses as is, whatever the context.
func buildDockerfile(build *Value) (p string, written *Value, ok bool) {
	name := "Dockerfile"
	if build.IsMap() {
		if d := build.Lookup("dockerfile"); !d.IsNull() {
			if name, ok = pathValue(d); !ok {
				return "", nil, false
			}
			written = d
			if path.IsAbs(name) {
				return path.Clean(name), written, true
			}
		}
	}
	context := buildContext(build)
	if context == "" {
		return "", nil, false
	}
	return path.Join(context, name), written, true
}
