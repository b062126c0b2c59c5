package rules

import (
	"path"
	"slices"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/dockerfile"
)

// The helpers below read what a Dockerfile stage adds to the image it
// starts from: the ports it exposes and the programs it installs. DW112
// builds its health check from them and the base image's profile.

// exposedPort returns the first TCP port the chain exposes, the nearest
// stage first (the final stage's EXPOSE before its parents'); 0 when none
// is known.
func exposedPort(f *dockerfile.File, chain []*dockerfile.Stage) int {
	for _, st := range chain {
		for _, in := range st.Instructions {
			if in.Keyword != "EXPOSE" {
				continue
			}
			for _, arg := range in.Args {
				value, ok := f.Expand(arg.Value, in)
				if !ok {
					continue
				}
				for _, spec := range strings.Fields(value) {
					if _, proto, _ := strings.Cut(spec, "/"); proto != "" && !strings.EqualFold(proto, "tcp") {
						continue
					}
					if lo, _, ok := exposedPortRange(spec); ok && lo > 0 {
						return lo
					}
				}
			}
		}
	}
	return 0
}

// probeTools are the packages whose program can probe an HTTP port, by
// package name: the program has the package's name.
var probeTools = []string{"curl", "wget"}

// installedTools returns the probe tools (curl, wget) a RUN of the chain
// installs with apk, apt-get, apt, dnf, microdnf or yum and does not
// remove again: `apk del` of the package or of the --virtual group it
// was added in, `apt-get purge` or `remove` of it, or the `apt-mark auto`
// and `purge --auto-remove` of build dependencies in the same RUN.
func installedTools(f *dockerfile.File, chain []*dockerfile.Stage) []string {
	var have []string
	groups := map[string][]string{} // apk --virtual name: its packages
	for i := len(chain) - 1; i >= 0; i-- {
		for _, in := range chain[i].Instructions {
			if in.Keyword != "RUN" {
				continue
			}
			var added []string
			autoMarked := false
			for _, cmd := range runWords(f, in) {
				tool, sub, pkgs, virtual := packageCommand(cmd)
				switch {
				case tool == "apt-mark" && sub == "auto":
					autoMarked = true
				case sub == "install" || sub == "add":
					for _, p := range pkgs {
						if slices.Contains(probeTools, p) && !slices.Contains(have, p) {
							have = append(have, p)
							added = append(added, p)
						}
					}
					if virtual != "" {
						groups[virtual] = append(groups[virtual], pkgs...)
					}
				case sub == "del" || sub == "remove" || sub == "purge" || sub == "erase" || sub == "autoremove":
					for _, p := range pkgs {
						have = slices.DeleteFunc(have, func(t string) bool { return t == p || slices.Contains(groups[p], t) })
					}
					if autoMarked && (sub == "autoremove" || sub == "purge") {
						have = slices.DeleteFunc(have, func(t string) bool { return slices.Contains(added, t) })
					}
				}
			}
		}
	}
	return have
}

// packageCommand reads a package manager command: the manager, its
// subcommand ("add", "install", "del", "purge", ...), the packages it
// names (versions stripped) and, for `apk add --virtual NAME`, the group.
// sub is "" for other commands.
func packageCommand(cmd []string) (tool, sub string, pkgs []string, virtual string) {
	tool = path.Base(cmd[0])
	switch tool {
	case "apk", "apt-get", "apt", "aptitude", "dnf", "microdnf", "yum", "tdnf", "apt-mark":
	default:
		return tool, "", nil, ""
	}
	for i := 1; i < len(cmd); i++ {
		w := cmd[i]
		switch {
		case w == "--virtual" || w == "-t" && tool == "apk":
			if i+1 < len(cmd) {
				virtual = cmd[i+1]
				i++
			}
		case strings.HasPrefix(w, "--virtual="):
			virtual = strings.TrimPrefix(w, "--virtual=")
		case strings.HasPrefix(w, "-"):
			if (w == "-o" || w == "-c" || w == "-X" || w == "--repository") && i+1 < len(cmd) {
				i++ // an option that takes a value
			}
		case sub == "":
			sub = w
		default:
			name, _, _ := strings.Cut(w, "=")
			if tool == "apk" {
				name, _, _ = strings.Cut(name, "<")
				name, _, _ = strings.Cut(name, ">")
				name, _, _ = strings.Cut(name, "~")
			}
			if name != "" {
				pkgs = append(pkgs, name)
			}
		}
	}
	return tool, sub, pkgs, virtual
}
