package rules

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// ComposeRootUser is DW214: a service sets `user:` to root.
var ComposeRootUser = &analysis.Rule{
	Code:     "DW214",
	Name:     "compose-root-user",
	Kind:     document.Compose,
	Severity: analysis.Warning,
	Doc: `Service explicitly runs as root
user: root (or 0, 0:0, root:1000) overrides whatever non-root USER the image
chose and starts the container's process as uid 0. A compromised process then
has root inside the container, owns every file it can reach through mounts,
and is one kernel or runtime bug away from root on the host (guidelines b, c:
run containers as a non-root user).

The value is read after interpolation; only the user part (before ":")
counts, so "1000:0" and "${UID:-1000}:0" (root group, the OpenShift
pattern) are not reported, and a user part left to an unset variable is
unknown. Services without user: are left to the image (DW101 and DW102 judge
Dockerfiles).

Fix: run as the image's non-root user: remove user: when the image's USER is
already non-root (offered first when the service builds a Dockerfile of the
workspace whose built stage sets a non-root USER), or set a numeric uid:gid that owns the files the service
needs. The quick fix writes "1000:1000" as a placeholder to adjust; being a
template, it is never applied by fix-all or by dockwarden fix --unsafe. Suppress with # dockwarden:ignore DW214 when root is
required (for example a short-lived permission-fixing job).`,
	Run: judgeServices(judgeComposeRootUser),
}

func judgeComposeRootUser(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	if s.Value == nil {
		return
	}
	pair := s.Get("user")
	if pair == nil || !pair.Value.IsScalar() || pair.Value.IsNull() || seen[pair.Value.Span] {
		return
	}
	in := f.Interpolate(pair.Value.Str())
	userPart, _, _ := strings.Cut(strings.TrimSpace(in.Value), ":")
	if strings.Contains(userPart, "$") || !rootUserPart(userPart) {
		return
	}
	seen[pair.Value.Span] = true
	msg := fmt.Sprintf("service %s runs as root (user: %s); run it as a non-root uid", s.Name, clip(in.Value, quoteMax))
	finding := analysis.Finding{Span: pair.Value.Span, Message: msg}
	// Always quoted: a plain 1000:1000 is a YAML 1.1 sexagesimal number.
	text := `"1000:1000"`
	if pair.Value.Quoted() {
		text = "1000:1000"
	}
	if img, ok := pass.BuiltImage(s.Name); ok && nonRootUser(img.User) {
		// The Dockerfile the service builds already runs as a non-root
		// user: dropping user: is the whole fix.
		if edits, err := f.DeletePair(s, pair); err == nil {
			finding.Fixes = append(finding.Fixes, analysis.Fix{
				Title: fmt.Sprintf("Remove user: and run as %s, the USER of %s", img.User, path.Base(img.Dockerfile)),
				Edits: edits,
			})
		}
	}
	if edits, err := f.ReplaceScalar(s, pair.Value, text, pair); err != nil {
		finding.Detail = noFixDetail(err.Error())
	} else {
		finding.Fixes = append(finding.Fixes, analysis.Fix{Title: `Run as user "1000:1000" (a placeholder: use the image's non-root uid:gid)`, Edits: edits, Template: true})
	}
	pass.Report(finding)
}

// nonRootUser reports whether a user value (user or user:group) is known
// to name a user other than root.
func nonRootUser(u string) bool {
	userPart, _, _ := strings.Cut(u, ":")
	return userPart != "" && !strings.Contains(userPart, "$") && !rootUserPart(userPart)
}

// rootUserPart reports whether the user part of a user: value is root: the
// name root (case-sensitive) or uid 0 in any spelling.
func rootUserPart(u string) bool {
	if u == "root" {
		return true
	}
	n, err := strconv.Atoi(u)
	return err == nil && n == 0 && !strings.HasPrefix(u, "-") && !strings.HasPrefix(u, "+")
}
