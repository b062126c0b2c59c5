package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/images"
)

// exampleRef is a reference to an image of p's family: the image with a
// tag made of a version in p's range and its variant words.
func exampleRef(p *images.Profile) string {
	version := "1"
	if p.Since != "" {
		version = p.Since
	} else if p.Before == "" {
		version = "latest"
	}
	tag := strings.Join(append([]string{version}, p.Variant...), "-")
	if version == "latest" && len(p.Variant) > 0 {
		tag = strings.Join(p.Variant, "-")
	}
	return p.Image + ":" + tag
}

// profiledImages are the concrete families of the table (not the
// patterns such as bitnami/*) with something known, each with a
// reference that looks it up.
func profiledImages(t *testing.T) map[string]*images.Profile {
	t.Helper()
	out := map[string]*images.Profile{}
	for _, p := range images.Profiles() {
		if strings.Contains(p.Image, "*") || !p.User.Known() {
			continue
		}
		ref := exampleRef(&p)
		got := images.Lookup(ref)
		if got == nil || got.Image != p.Image || !slices.Equal(got.Variant, p.Variant) {
			t.Fatalf("%s does not look up its own profile %s %v", ref, p.Image, p.Variant)
		}
		out[ref] = got
	}
	return out
}

// applyPreferred applies, one rule after the other, Fixes[0] of every
// finding of rules on text, as an editor's "fix all preferred" would, and
// returns the text and the fixes applied.
func applyPreferred(t *testing.T, kind document.Kind, text string, rules ...*analysis.Rule) (string, []analysis.Fix) {
	t.Helper()
	var applied []analysis.Fix
	for _, r := range rules {
		name := "file:///w/Dockerfile"
		if kind == document.Compose {
			name = "file:///w/compose.yaml"
		}
		res := analysis.Run(analysis.NewRegistry(r), document.New(name, 1, kind, []byte(text)))
		for _, f := range res.Findings {
			if len(f.Fixes) == 0 {
				continue
			}
			out, err := document.Apply([]byte(text), f.Fixes[0].Edits)
			if err != nil {
				t.Fatalf("%s: %v", r.Code, err)
			}
			text = string(out)
			applied = append(applied, f.Fixes[0])
			break // one finding per rule in these files
		}
	}
	return text, applied
}

// TestPreferredFixesKeepProfiledServicesRunning is the promise of the
// image profiles: after the preferred fixes of DW203 and DW207, a service
// of every profiled image still has every capability its profile says it
// needs and a tmpfs on every path it must write, and the file still loads
// with compose-go.
func TestPreferredFixesKeepProfiledServicesRunning(t *testing.T) {
	for ref, p := range profiledImages(t) {
		t.Run(ref, func(t *testing.T) {
			src := fmt.Sprintf("services:\n  svc:\n    image: %s\n", ref)
			text, applied := applyPreferred(t, document.Compose, src, CapDropAll, WritableRootFilesystem)
			if err := composeLoads(emptyDir(t), []byte(text)); err != nil {
				t.Fatalf("fixed file does not load: %v\n%s", err, text)
			}
			f := compose.Parse(document.New("file:///w/compose.yaml", 2, document.Compose, []byte(text)))
			s := f.Service("svc")
			var drop, add []string
			for _, c := range f.Capabilities(s, "cap_drop") {
				drop = append(drop, c.Name)
			}
			for _, c := range f.Capabilities(s, "cap_add") {
				add = append(add, c.Name)
			}
			if !slices.Contains(drop, "ALL") {
				t.Errorf("cap_drop %v after %v", drop, applied)
			}
			if caps, ok := p.Caps(); ok && p.User.Value.IsRoot() {
				for _, c := range caps {
					if !slices.Contains(add, c) {
						t.Errorf("cap_add %v lacks %s, which %s needs\n%s", add, c, p.Name, text)
					}
				}
				if len(add) != len(caps) {
					t.Errorf("cap_add %v, want exactly %v", add, caps)
				}
			} else if !p.User.Value.IsRoot() && len(add) > 0 {
				t.Errorf("cap_add %v for a service that runs as %s", add, p.User.Value)
			}
			if !p.Writable.Known() {
				return
			}
			if b, ok := f.Truth(s.Lookup("read_only")); !ok || !b.Value {
				t.Errorf("read_only not set:\n%s", text)
			}
			var tmpfs []string
			for _, it := range s.Lookup("tmpfs").Items() {
				tmpfs = append(tmpfs, it.Str())
			}
			for _, dir := range p.Writable.Value {
				if !slices.Contains(tmpfs, dir) {
					t.Errorf("no tmpfs for %s, which %s writes:\n%s", dir, p.Name, text)
				}
			}
			for _, fix := range applied {
				if fix.NotPreferred {
					t.Errorf("fix %q is not preferred for a profiled image", fix.Title)
				}
			}
		})
	}
}

// healthcheckRE reads the command of the HEALTHCHECK the fix writes.
var healthcheckRE = regexp.MustCompile(`(?m)^HEALTHCHECK .* CMD (.*)$`)

// TestPreferredHealthcheckUsesTheImagesTools: the HEALTHCHECK DW112 adds
// to a stage FROM every profiled image runs a program the image has (its
// own check, or a probe tool it ships) on the port the stage exposes; an
// image with neither gets no HEALTHCHECK at all. DW101's fix runs as the
// image's own non-root user when it has one, and is absent when the image
// gives root up itself.
func TestPreferredHealthcheckUsesTheImagesTools(t *testing.T) {
	const port = 8123
	for ref, p := range profiledImages(t) {
		t.Run(ref, func(t *testing.T) {
			src := fmt.Sprintf("FROM %s\nEXPOSE %d\nCOPY . /srv\n", ref, port)
			text, _ := applyPreferred(t, document.Dockerfile, src, MissingHealthcheck, MissingUser)
			if errs := dockerfile.Parse(document.New("file:///w/Dockerfile", 2, document.Dockerfile, []byte(text))).Errors; len(errs) > 0 {
				t.Fatalf("fixed file does not parse: %v\n%s", errs, text)
			}
			m := healthcheckRE.FindStringSubmatch(text)
			own, hasOwn := p.HealthCommand(port)
			switch {
			case m == nil && (hasOwn || len(p.Tools.Value) > 0):
				t.Errorf("no HEALTHCHECK, although %s has %q and tools %v:\n%s", p.Name, own, p.Tools.Value, text)
			case m != nil:
				cmd := m[1]
				program := strings.Fields(strings.Trim(cmd, `["`))[0]
				program = strings.Trim(program, `",`)
				ownProgram, _, _ := strings.Cut(own, " ")
				if !(hasOwn && program == ownProgram) && !p.HasTool(program) {
					t.Errorf("HEALTHCHECK runs %s, which %s does not ship: %s", program, p.Name, cmd)
				}
				if strings.Contains(cmd, "localhost:") && !strings.Contains(cmd, "localhost:"+strconv.Itoa(port)+"/") {
					t.Errorf("HEALTHCHECK does not use the exposed port %d: %s", port, cmd)
				}
			}
			user := regexp.MustCompile(`(?m)^USER (\S+)$`).FindStringSubmatch(text)
			stepsDown := p.StepDown.Known() && p.StepDown.Value.By != ""
			switch {
			case !p.User.Value.IsRoot() || stepsDown:
				if user != nil {
					t.Errorf("USER %s added to an image that runs as %s or steps down itself", user[1], p.User.Value)
				}
			case p.NonRoot.Known():
				want := p.NonRoot.Value.Spec()
				if user == nil || user[1] != want && user[1] != fmt.Sprintf("%d:%d", p.NonRoot.Value.UID, p.NonRoot.Value.GID) {
					t.Errorf("USER %v, want the image's own %s:\n%s", user, want, text)
				}
			}
		})
	}
}
