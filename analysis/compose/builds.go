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
	// Target is the stage built, "" for the last one.
	Target string
	// User is the service's user: value after interpolation, "" when it
	// sets none; UserValue is where it is written (nil when none).
	User      string
	UserValue *Value
}

// Builds returns the builds of the services that build a local Dockerfile:
// short (`build: ./dir`) and long form. Builds from a remote context, or
// whose context, Dockerfile or target depends on a variable, are left out:
// which file or stage they use is not known here.
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
	context, name, target := ".", "Dockerfile", ""
	switch {
	case build.IsScalar() && !build.IsNull():
		context = build.Str()
	case build.IsMap():
		if c := build.Lookup("context"); !c.IsNull() {
			if !c.IsScalar() {
				return Build{}, false
			}
			context = c.Str()
		}
		if d := build.Lookup("dockerfile"); !d.IsNull() {
			var ok bool
			if name, ok = pathValue(d); !ok {
				return Build{}, false
			}
		}
		if t := build.Lookup("target"); !t.IsNull() {
			if !t.IsScalar() || strings.Contains(t.Str(), "$") {
				return Build{}, false
			}
			target = t.Str()
		}
	default:
		return Build{}, false
	}
	if context == "" {
		context = "."
	}
	if strings.Contains(context, "$") || isRemoteContext(context) {
		return Build{}, false
	}
	if path.IsAbs(name) {
		return Build{Dockerfile: path.Clean(name), Target: target}, true
	}
	return Build{Dockerfile: path.Join(context, name), Target: target}, true
}
