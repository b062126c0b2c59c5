package rules

import (
	"path"
	"slices"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/images"
)

// The helpers below tell the fixes of DW203 and DW207 what is known about
// the image a compose service runs: its profile (analysis/images) and who
// its process starts as.

// A serviceImage is what is known about the image a compose service runs.
type serviceImage struct {
	// Profile is the image's profile: of image:, or of the image the
	// Dockerfile the service builds starts from. nil when unknown.
	Profile *images.Profile
	// NonRoot names the non-root user the process starts as, when that is
	// known ("" otherwise): the service's user:, the built Dockerfile's
	// USER, or the image's own.
	NonRoot string
	// OwnEntrypoint is true when the service or the Dockerfile it builds
	// replaces the image's entrypoint, whose step-down then does not run.
	OwnEntrypoint bool
}

// imageOf reads what chain (a service and the services it extends)
// runs.
func imageOf(pass *analysis.Pass, chain []*compose.Service) serviceImage {
	f := pass.Compose
	var si serviceImage
	_, entrypoint := chainGet(chain, "entrypoint")
	si.OwnEntrypoint = entrypoint != nil
	var builtUser string
	if _, build := chainGet(chain, "build"); build != nil {
		// image: names the result of the build: only the Dockerfile tells.
		if img, ok := pass.BuiltImage(chain[0].Name); ok {
			si.Profile = images.Lookup(img.Base)
			si.OwnEntrypoint = si.OwnEntrypoint || img.Entrypoint
			builtUser = img.User
		}
	} else if _, img := chainGet(chain, "image"); img != nil && img.Value.IsScalar() {
		in := f.StringOf(img.Value)
		if !in.Unresolved {
			si.Profile = images.Lookup(in.Value)
		}
	}
	if _, user := chainGet(chain, "user"); user != nil {
		// user: decides, whatever the image says; a root or unresolved
		// one leaves the image's entrypoint running as root.
		if u := f.Interpolate(user.Value.Str()); !u.Unresolved && nonRootUser(u.Value) {
			si.NonRoot = u.Value
		}
		return si
	}
	switch p := si.Profile; {
	case builtUser != "":
		if nonRootUser(builtUser) {
			si.NonRoot = builtUser
		}
	case p != nil && p.User.Known() && !p.User.Value.IsRoot():
		si.NonRoot = p.User.Value.Spec()
		if si.NonRoot == "" {
			si.NonRoot = "a non-root user"
		}
	}
	return si
}

// stepsDown reports whether the service's process starts as root and the
// image's entrypoint switches to another user, as the profile says.
func (si serviceImage) stepsDown() bool {
	p := si.Profile
	return si.NonRoot == "" && p != nil && p.StepDown.Known() && p.StepDown.Value.Entrypoint && !si.OwnEntrypoint
}

// name is how fix titles name the image: "postgres".
func (si serviceImage) name() string {
	if si.Profile == nil {
		return "the image"
	}
	return si.Profile.Name
}

// commaList joins words as "a, b and c".
func commaList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// appendItems appends items to the list that is the value of the last
// pair of path, as one edit per place: compose.File.AppendItem for each,
// with the insertions at the same offset joined in order.
func appendItems(f *compose.File, s *compose.Service, items []string, path ...*compose.Pair) ([]document.Edit, error) {
	var out []document.Edit
	for _, item := range items {
		edits, err := f.AppendItem(s, item, path...)
		if err != nil {
			return nil, err
		}
		for _, e := range edits {
			if n := len(out); n > 0 && out[n-1].Span == e.Span && e.Span.Len() == 0 {
				sep := ""
				if path[len(path)-1].Value.Flow() && !strings.HasPrefix(e.NewText, ", ") {
					sep = ", " // the first item of an empty flow list
				}
				out[n-1].NewText += sep + e.NewText
				continue
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// mountTargets are the container paths a service mounts something on:
// the targets of its volumes and its tmpfs entries.
func mountTargets(f *compose.File, chain []*compose.Service) []string {
	var out []string
	for _, s := range chain {
		for _, v := range s.Volumes {
			if v.Target != "" {
				out = append(out, path.Clean(v.Target))
			}
		}
	}
	if _, p := chainGet(chain, "tmpfs"); p != nil {
		vals := p.Value.Items()
		if p.Value.IsScalar() {
			vals = []*compose.Value{p.Value}
		}
		for _, it := range vals {
			target, _, _ := strings.Cut(f.StringOf(it).Value, ":")
			if target != "" {
				out = append(out, path.Clean(target))
			}
		}
	}
	return out
}

// covered reports whether dir is one of targets or lies under one.
func covered(dir string, targets []string) bool {
	dir = path.Clean(dir)
	return slices.ContainsFunc(targets, func(t string) bool {
		return t == dir || t == "/" || strings.HasPrefix(dir, t+"/")
	})
}
