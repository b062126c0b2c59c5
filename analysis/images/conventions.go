package images

import (
	"regexp"
	"slices"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/dockerfile"
)

// The conventions below hold for images the table does not describe:
// what their names and tags, or the commands of their Dockerfiles, say.

// StepDownTools run a command as another user; an entrypoint that starts
// as root uses them to give root up: gosu (docker-library/postgres,
// mysql, mongo, rabbitmq), su-exec (the Alpine rabbitmq), setpriv
// (valkey, redis 8) and util-linux's runuser.
var StepDownTools = []string{"gosu", "su-exec", "setpriv", "runuser"}

// NonRootTag reports whether a tag names a non-root variant by the
// convention distroless set (GoogleContainerTools/distroless: latest and
// nonroot, debug and debug-nonroot) and other images follow: the tag
// "nonroot", or one ending in "-nonroot".
func NonRootTag(tag string) bool {
	return tag == "nonroot" || strings.HasSuffix(tag, "-nonroot")
}

var ubiMicro = regexp.MustCompile(`^ubi\d*-micro$`)

// LooksMinimal reports whether ref names a minimal image, one without a
// package manager or stripped down: distroless, Chainguard, Alpine,
// BusyBox, ubi*-micro, or a tag with a slim, alpine, busybox or
// distroless word.
func LooksMinimal(ref dockerfile.ImageRef) bool {
	if p := Lookup(ref.String()); p != nil && p.Distro.Known() {
		switch p.Distro.Value {
		case Alpine, BusyBox, Distroless, Scratch:
			return true
		}
		if slices.Contains(p.Variant, "slim") {
			return true
		}
	}
	name := strings.ToLower(ref.Path)
	last := name[strings.LastIndexByte(name, '/')+1:]
	switch {
	case strings.Contains(name, "distroless"):
		return true
	case ref.Registry == "cgr.dev" || strings.HasPrefix(name, "chainguard/"):
		return true
	case last == "alpine" || last == "busybox" || ubiMicro.MatchString(last):
		return true
	}
	for _, word := range strings.FieldsFunc(strings.ToLower(ref.Tag), func(r rune) bool { return r == '-' || r == '_' }) {
		if word == "slim" || strings.HasPrefix(word, "alpine") || word == "busybox" || word == "distroless" {
			return true
		}
	}
	return false
}
