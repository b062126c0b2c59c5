package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/images"
)

// The Compose secret that DW215 (a literal secret moved out of the file)
// and DW224 (a password required where authentication was off) give a
// service: an environment entry becomes NAME_FILE=/run/secrets/<name>,
// the service lists the secret, and the top-level secrets declare it from
// ./secrets/<name>.txt. Only images whose entrypoint reads NAME_FILE
// (images.FileEnv) can take a variable that way.

// serviceProfile returns the profile of the image a service names in
// image:, when its own entrypoint runs (no entrypoint: replaces it); nil
// otherwise.
func serviceProfile(f *compose.File, s *compose.Service) *images.Profile {
	img := s.Lookup("image")
	if !img.IsScalar() || s.Lookup("entrypoint") != nil {
		return nil
	}
	in := f.Interpolate(img.Str())
	if in.Unresolved {
		return nil
	}
	return images.Lookup(in.Value)
}

// serviceFileEnv returns how the service's image reads name from
// name_FILE; ok is false when it is not known to.
func serviceFileEnv(f *compose.File, s *compose.Service, name string) (images.FileEnv, bool) {
	p := serviceProfile(f, s)
	if p == nil || !p.FileEnv.Known() || !p.FileEnv.Value.Reads(name) {
		return images.FileEnv{}, false
	}
	return p.FileEnv.Value, true
}

// secretReader says who must be able to read a secret file of mode 0600
// for the service: the image's reader, a service user: that is not root
// when the image reads it as root, or root when the service drops the
// capability that lets root read another user's file; "" when root
// reads it.
func secretReader(f *compose.File, s *compose.Service, fe images.FileEnv) string {
	if fe.Reader != "" {
		return fe.Reader
	}
	if u := s.Lookup("user"); u.IsScalar() && !rootUserPart(strings.SplitN(f.Interpolate(u.Str()).Value, ":", 2)[0]) {
		return "the service's user " + u.Str()
	}
	if !rootReadsAnyFile(f, s) {
		return "root, whose DAC_OVERRIDE the service drops,"
	}
	return ""
}

// rootReadsAnyFile reports whether root in the service may read a file
// it does not own: Compose bind-mounts a file secret with the owner and
// mode it has on the host, and root passes mode 0600 only with
// CAP_DAC_OVERRIDE or CAP_DAC_READ_SEARCH (capabilities(7)). Docker
// grants the first by default; cap_drop of ALL or DAC_OVERRIDE takes it
// away, unless cap_add gives one back. A name a variable decides may drop
// it and gives nothing back.
func rootReadsAnyFile(f *compose.File, s *compose.Service) bool {
	chain, _ := extendsChain(f, s)
	if isPrivileged(f, chain) {
		return true
	}
	lists := func(key string, unresolved bool, names ...string) bool {
		owner, p := chainGet(chain, key)
		if p == nil {
			return false
		}
		return slices.ContainsFunc(f.Capabilities(owner, key), func(c compose.Capability) bool {
			return c.Unresolved && unresolved || !c.Unresolved && slices.Contains(names, c.Name)
		})
	}
	return !lists("cap_drop", true, "ALL", "DAC_OVERRIDE") || lists("cap_add", false, "ALL", "DAC_OVERRIDE", "DAC_READ_SEARCH")
}

// secretFileEdits rewrites the environment entry e of s into
// variable_FILE=/run/secrets/<secret>, lists the secret under the
// service and declares it at the top level from ./secrets/<secret>.txt,
// which it returns. The name is base, or base_2... when a secret of that
// name is declared or listed already.
func secretFileEdits(f *compose.File, s *compose.Service, e *compose.EnvVar, variable, base string) (edits []document.Edit, file string, ok bool) {
	name := freeSecretName(f, s, base)
	target := "/run/secrets/" + name
	envPair := s.Get("environment")
	add := func(es []document.Edit, err error) bool {
		edits = append(edits, es...)
		return err == nil
	}
	if e.Pair == nil {
		ok = add(f.ReplaceWithin(s, e.Item, 0, len(e.Item.Str()), variable+"_FILE="+target, envPair))
	} else {
		ok = add(f.ReplaceScalar(s, e.Pair.Key, variable+"_FILE", envPair, e.Pair)) &&
			add(f.ReplaceScalar(s, e.Pair.Value, target, envPair, e.Pair))
	}
	if !ok {
		return nil, "", false
	}
	if p := s.Get("secrets"); p != nil {
		if !add(f.AppendItem(s, name, p)) {
			return nil, "", false
		}
	} else if !add(f.InsertList(s, "secrets", name)) {
		return nil, "", false
	}
	file = "secrets/" + name + ".txt"
	if !add(f.AppendTopLevelEntry("secrets", name, "file: ./"+file)) {
		return nil, "", false
	}
	return edits, file, true
}

// freeSecretName returns base, or base_2, base_3... : the first name
// that neither the top-level secrets declare nor the service lists, so
// that a fix never reuses a secret whose file holds another value.
func freeSecretName(f *compose.File, s *compose.Service, base string) string {
	declared := f.Root.Lookup("secrets")
	list := s.Lookup("secrets")
	for n := 1; ; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s_%d", base, n)
		}
		if declared.Lookup(name) == nil && !listsSecret(list, name) {
			return name
		}
	}
}

// listsSecret reports whether a service's secrets list names secret.
func listsSecret(list *compose.Value, secret string) bool {
	for _, it := range list.Items() {
		if it.Str() == secret || it.Lookup("source").Str() == secret {
			return true
		}
	}
	return false
}
