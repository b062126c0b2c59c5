package rules

import (
	"path"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// SensitiveVolume is DW114: VOLUME names the Docker socket or a kernel
// pseudo-filesystem, a sign that the image expects the host's to be
// mounted there.
var SensitiveVolume = &analysis.Rule{
	Code:           "DW114",
	Name:           "sensitive-volume",
	Kind:           document.Dockerfile,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `VOLUME declares the Docker socket or a kernel pseudo-fs
A VOLUME instruction cannot bind anything from the host: it only creates an
anonymous volume. But VOLUME /var/run/docker.sock, /proc, /sys or /dev says
that the image expects to be run with the host's Docker socket or kernel
interfaces mounted there, and whoever holds the Docker socket controls the
daemon and the host (guideline b). Hence information: it points at a risky
way to run the image rather than at a risk in the image itself.

Reported for a VOLUME path (JSON or space-separated form, after ARG and ENV
substitution) that contains docker.sock or is /proc, /sys or /dev. Other
paths, such as /var/lib/docker of docker:dind, are fine. Every stage is
checked; VOLUME inside ONBUILD too.

Fix: drop the path from VOLUME (the quick fix removes it, or the whole
VOLUME when it was the only path) and document instead which mount the
image needs, preferably a filtering socket proxy rather than the socket.`,
	Run:   runSensitiveVolume,
	Local: true,
}

// kernelFilesystems are the pseudo-filesystems a VOLUME should not name.
var kernelFilesystems = []string{"/proc", "/sys", "/dev"}

func runSensitiveVolume(pass *analysis.Pass) {
	f := pass.Dockerfile
	for _, in := range pass.Instructions() {
		volume, onbuild := in.Unwrap()
		if volume.Keyword != "VOLUME" {
			continue
		}
		for i, arg := range volume.Args {
			value, ok := f.Expand(arg.Value, in)
			if !ok {
				// Only the text written down is certain.
				value = arg.Value
			}
			what := sensitiveVolumeKind(value, ok)
			if what == "" {
				continue
			}
			keyword := "VOLUME"
			if onbuild {
				keyword = "ONBUILD VOLUME"
			}
			finding := analysis.Finding{
				Span:     arg.Span,
				Severity: analysis.Information,
				Message:  keyword + " " + clip(arg.Value, quoteMax) + " " + what + "; drop it, document the mount",
			}
			title := "Remove " + arg.Value + " from VOLUME"
			if len(volume.Args) == 1 {
				title = "Remove the " + keyword + " instruction"
			}
			finding.Fixes = []analysis.Fix{{Title: title, Edits: []document.Edit{removeArgEdit(pass.Doc, in, volume, i)}}}
			pass.Report(finding)
		}
	}
}

// sensitiveVolumeKind says what a reported VOLUME path asks for, or returns ""
// when it is not. known is false when value still holds unresolved
// variables: then only the Docker socket's name, written literally, counts.
func sensitiveVolumeKind(value string, known bool) string {
	if strings.Contains(value, "docker.sock") {
		return "asks for the host's Docker socket"
	}
	if !known {
		return ""
	}
	value = strings.TrimSpace(value)
	if !strings.HasPrefix(value, "/") {
		return ""
	}
	clean := path.Clean(value)
	for _, fs := range kernelFilesystems {
		if clean == fs {
			return "asks for the host's " + fs
		}
	}
	return ""
}
