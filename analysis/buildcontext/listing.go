package buildcontext

import (
	"io/fs"
	"path"
	"sort"
)

// A Folder is what a listing reads: the entries of a folder, by its
// slash-separated name ("." for the context itself), at most max of them
// (all for max <= 0). fsroot.Root is one; its ReadDir opens the folder
// under the workspace's os.Root, so that a listing never leaves it.
type Folder interface {
	ReadDir(name string, max int) ([]fs.DirEntry, error)
}

// Limits bound a listing.
type Limits struct {
	// Entries is how many folder entries a listing looks at, in all.
	Entries int
	// Depth is how many folders deep below the context it goes.
	Depth int
}

// DefaultLimits are the bounds the server and the command line use. A
// listing looks at twenty thousand entries at most, breadth first, so
// that what lies near the context's root (where .env and keys are kept)
// is seen first; on the machine BENCHMARKS.md describes, that many
// entries take a few tens of milliseconds.
var DefaultLimits = Limits{Entries: 20000, Depth: 16}

// heavyFolders are folders of third-party code and caches that a listing
// does not enter: their files are the packages' own, not the project's,
// and one of them can hold more entries than the rest of the context. A
// key file in a package's tests is not the project's secret.
var heavyFolders = map[string]bool{
	"node_modules": true, "bower_components": true, "vendor": true, "third_party": true,
	".venv": true, "venv": true, "__pycache__": true, ".tox": true, ".terraform": true,
	".gradle": true, ".m2": true, ".cache": true, ".hg": true, ".svn": true,
}

// A Listing is what a listing found in a context: the secret-looking
// entries (Classify) the ignore file does not keep out, sorted, each
// relative to the context, folders with a trailing "/". A secret-looking
// folder (.git, .ssh, .aws) is listed and not entered.
type Listing struct {
	Secrets []string
	// Partial is set when the listing stopped at its bounds, or could not
	// read a folder: there may be more.
	Partial bool
	// Entries is how many entries it looked at.
	Entries int
}

// List walks the context folder dir of f (slash-separated; "." for f's
// root) breadth first, within lim, and returns the secret-looking entries
// m does not exclude. It never follows a symbolic link (a link is sent to
// the builder as a link, and its target is not part of the context), never
// enters a folder m keeps out whole, skips heavyFolders, and passes over
// anything that is not a regular file or a folder.
func List(f Folder, dir string, m *Matcher, lim Limits) Listing {
	var out Listing
	type level struct {
		name  string // relative to the context; "" for the context itself
		depth int
	}
	queue := []level{{}}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		left := lim.Entries - out.Entries
		if left <= 0 {
			out.Partial = true
			break
		}
		entries, err := f.ReadDir(path.Join(dir, cur.name), left+1)
		if err != nil {
			out.Partial = true
			continue
		}
		if len(entries) > left {
			entries, out.Partial = entries[:left], true
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		out.Entries += len(entries)
		for _, e := range entries {
			name := path.Join(cur.name, e.Name())
			isDir := e.IsDir()
			if !isDir && !e.Type().IsRegular() {
				continue // a link, a FIFO, a socket, a device
			}
			secret := Classify(name, isDir) != NotSecret
			excluded := m.Excludes(name)
			switch {
			case excluded && (!isDir || secret || m.skips(name)):
				// Kept out; what an exception brings back from a
				// secret folder is the author's explicit choice.
				continue
			case secret && isDir:
				out.Secrets = append(out.Secrets, name+"/")
				continue
			case secret:
				out.Secrets = append(out.Secrets, name)
			}
			if isDir && !heavyFolders[e.Name()] {
				if cur.depth+1 > lim.Depth {
					out.Partial = true
					continue
				}
				queue = append(queue, level{name: name, depth: cur.depth + 1})
			}
		}
	}
	sort.Strings(out.Secrets)
	return out
}

// ListIgnoring is List within DefaultLimits with the matcher of the
// ignore patterns (ReadIgnore); ok is false when one is malformed.
func ListIgnoring(f Folder, dir string, ignore []string) (Listing, bool) {
	m, err := NewMatcher(ignore)
	if err != nil {
		return Listing{}, false
	}
	return List(f, dir, m, DefaultLimits), true
}
