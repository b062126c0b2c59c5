package rules

import (
	"strconv"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/dockerfile"
)

// A frontendRequest is what a file's # syntax= directive asks for, as far
// as the fixes that need a newer Dockerfile syntax care: DW106's ADD
// --checksum (1.6) and the build-secret fix's env= mount option (1.10).
type frontendRequest struct {
	directive *dockerfile.Directive // nil when the file has none
	// official is set for docker/dockerfile and docker/dockerfile-upstream,
	// with or without docker.io/; the version is read for these only.
	official bool
	name     string // the image as written, without tag or digest
	channel  bool   // no tag, or 1, latest or labs: the newest 1.x
	version  []int  // a numeric tag: 1.4 is [1 4]; nil otherwise
	suffix   string // what follows the version: "-labs"
	digest   bool   // @sha256:... pins the image
}

// syntaxOf reads the # syntax= directive of f. BuildKit accepts one at
// most.
func syntaxOf(f *dockerfile.File) frontendRequest {
	var r frontendRequest
	for _, d := range f.Directives {
		if d.Name == "syntax" {
			r.directive = d
			break
		}
	}
	if r.directive == nil {
		return r
	}
	ref, _, digest := strings.Cut(strings.TrimSpace(r.directive.Value), "@")
	r.digest = digest
	r.name = ref
	tag := ""
	if i := strings.LastIndexByte(ref, ':'); i > strings.LastIndexByte(ref, '/') {
		r.name, tag = ref[:i], ref[i+1:]
	}
	switch strings.TrimPrefix(r.name, "docker.io/") {
	case "docker/dockerfile", "docker/dockerfile-upstream":
		r.official = true
	default:
		return r
	}
	base, suffix, dashed := strings.Cut(tag, "-")
	if dashed {
		r.suffix = "-" + suffix
	}
	switch base {
	case "", "1", "latest", "labs":
		r.channel = true
		return r
	}
	for _, part := range strings.Split(base, ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			r.version = nil
			return r
		}
		r.version = append(r.version, n)
	}
	return r
}

// atLeast reports whether the file is known to ask for Dockerfile syntax
// 1.minor or later: a docker/dockerfile channel (a channel pinned by a
// digest is as old as the pin, so it is not known) or version.
func (r frontendRequest) atLeast(minor int) bool {
	switch {
	case !r.official:
		return false
	case r.channel:
		return !r.digest
	case len(r.version) == 0:
		return false
	case r.version[0] != 1:
		return r.version[0] > 1
	}
	return len(r.version) > 1 && r.version[1] >= minor
}

// before reports whether the file asks for a docker/dockerfile version
// older than 1.minor.
func (r frontendRequest) before(minor int) bool {
	return r.official && len(r.version) > 1 && r.version[0] == 1 && r.version[1] < minor
}
