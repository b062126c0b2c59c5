package main

import (
	"runtime/debug"
	"strings"
)

// version is the version a build was given with
// -ldflags "-X main.version=0.1.0": make build and make dist set it from
// git (.ci/version) in the form Go's own build stamping uses.
var version string

// releaseVersion is the version `dockwarden version` prints and the server
// reports, without the v of the tag: the -ldflags value, else the module
// version Go recorded in the binary (go install ...@v0.1.0 records v0.1.0;
// a build in a git checkout, a pseudo-version), else "devel".
func releaseVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return versionOf(version, bi)
}

func versionOf(set string, bi *debug.BuildInfo) string {
	v := set
	if v == "" && bi != nil && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if v == "" {
		return "devel"
	}
	return strings.TrimPrefix(v, "v")
}
