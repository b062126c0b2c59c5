package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/config"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/fileuri"
	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// skipDirs are folders a walk never enters: version control and
// third-party code the user does not own.
var skipDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, "node_modules": true, "vendor": true, "third_party": true}

// stdinPath is how standard input is shown without --stdin-filename.
const stdinPath = "<stdin>"

// inputs are the files check and fix read: the paths named (files,
// folders to walk, "-" for standard input) and how.
type inputs struct {
	paths         []string
	stdin         io.Reader
	stdinFilename string
	allowEmpty    bool
	cfgs          *configs

	proj    *project
	results []fileResult
	errs    []error
	// notes say what a walk passed over and why (a symbolic link to a
	// folder or out of the folder named); they do not fail the run.
	notes []string
	roots []*fsroot.Root
}

// analyse reads and analyses every file named in paths and every
// Dockerfile or Compose file found under the folders in paths, each with
// its configuration and what the project around it says (see project).
// Files and folders the ignore patterns name are skipped, and so are
// files whose configuration is invalid, whose problems are among the
// errors. Every file is read through fsroot: a file in a walked folder is
// opened under that folder's root, so a symbolic link is followed only to
// a regular file that stays inside it; a file named is opened by its path.
// Nothing is read past analysis.MaxDocumentSize and one byte. What was
// skipped and what could not be read are reported on stderr as they are
// returned.
func (in *inputs) analyse(c *command, stderr io.Writer) ([]fileResult, []error) {
	results, errs := in.analyseAll()
	for _, n := range in.notes {
		c.errorf(stderr, "%s", n)
	}
	for _, err := range errs {
		c.errorf(stderr, "%v", err)
	}
	return results, errs
}

func (in *inputs) analyseAll() ([]fileResult, []error) {
	in.proj = newProject()
	for _, p := range in.paths {
		if p == "-" {
			in.readStdin()
			continue
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			in.errs = append(in.errs, err)
			continue
		}
		info, err := fsroot.Unrooted().Describe(abs)
		if err != nil {
			in.errs = append(in.errs, pathError(p, err))
			continue
		}
		if !info.IsDir() {
			in.readNamed(p, abs)
			continue
		}
		root, err := fsroot.Open(abs)
		if err != nil {
			in.errs = append(in.errs, pathError(p, err))
			continue
		}
		in.roots = append(in.roots, root)
		if found := in.walk(p, root, "."); found == 0 && !in.allowEmpty {
			in.errs = append(in.errs, fmt.Errorf("no Dockerfile or Compose file under %s (--allow-empty accepts that)", p))
		}
	}
	sort.SliceStable(in.results, func(i, j int) bool { return in.results[i].path < in.results[j].path })
	return in.results, append(in.cfgs.errs, in.errs...)
}

// close releases the folders walked; the results must not be written
// after it.
func (in *inputs) close() {
	for _, r := range in.roots {
		r.Close()
	}
	in.proj.close()
}

// walk analyses the Dockerfiles and Compose files in the folder dir under
// root (the folder named as named) and below it, and returns how many it
// found, the ones its configuration ignores included.
func (in *inputs) walk(named string, root *fsroot.Root, dir string) (found int) {
	entries, err := root.ReadDir(dir, 0)
	if err != nil {
		in.errs = append(in.errs, pathError(joinShown(named, dir), err))
		return 0
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		shown := joinShown(named, name)
		abs := root.Path(name)
		link := e.Type()&fs.ModeSymlink != 0
		switch {
		case e.IsDir():
			if !skipDirs[e.Name()] && !in.cfgs.skipDir(abs) {
				found += in.walk(named, root, name)
			}
		case document.KindFromName(e.Name()) == document.Unknown:
			if link && !skipDirs[e.Name()] && !in.cfgs.skipDir(abs) {
				// Only to say what is skipped: is it a folder (that may
				// hold Dockerfiles), wherever it is?
				if info, err := fsroot.Unrooted().Describe(filepath.ToSlash(abs)); err == nil && info.IsDir() {
					in.notes = append(in.notes, fmt.Sprintf("skipped %s: a symbolic link to a folder is not followed (name the folder to check it)", shown))
				}
			}
		case !link && !e.Type().IsRegular():
			in.notes = append(in.notes, fmt.Sprintf("skipped %s: not a regular file", shown))
		default:
			cfg, ok := in.cfgs.forFile(abs)
			if !ok {
				found++
				continue
			}
			text, _, err := root.ReadFile(name, analysis.MaxDocumentSize)
			switch {
			case errors.Is(err, fsroot.ErrOutside):
				in.notes = append(in.notes, fmt.Sprintf("skipped %s: a symbolic link that is absolute or leads outside %s is not followed", shown, named))
				continue
			case errors.Is(err, fsroot.ErrNotRegular):
				what := "not a regular file"
				if info, err := root.Describe(name); link && err == nil && info.IsDir() {
					what = "a symbolic link to a folder is not followed (name the folder to check it)"
				}
				in.notes = append(in.notes, fmt.Sprintf("skipped %s: %s", shown, what))
				continue
			case link && errors.Is(err, fs.ErrNotExist):
				in.notes = append(in.notes, fmt.Sprintf("skipped %s: a symbolic link to nothing", shown))
				continue
			case err != nil && !errors.Is(err, fsroot.ErrTooLarge):
				in.errs = append(in.errs, pathError(shown, err))
				continue
			}
			found++
			in.add(source{shown: shown, abs: abs, root: root, name: name, text: text}, cfg)
		}
	}
	return found
}

// readNamed reads a file named on the command line, whatever its kind but a
// folder (a shell's <(...) is a FIFO), through its limit.
func (in *inputs) readNamed(named, abs string) {
	cfg, ok := in.cfgs.forFile(abs)
	if !ok {
		return
	}
	r := fsroot.Unrooted()
	name := filepath.ToSlash(abs)
	text, err := r.ReadNamed(name, analysis.MaxDocumentSize)
	if err != nil && !errors.Is(err, fsroot.ErrTooLarge) {
		in.errs = append(in.errs, pathError(named, err))
		return
	}
	in.add(source{shown: filepath.ToSlash(named), abs: abs, root: r, name: name, explicit: true, text: text}, cfg)
}

// readStdin reads standard input, through the limit. --stdin-filename
// names it: its kind, configuration and cross-file neighbours are that
// file's.
func (in *inputs) readStdin() {
	src := source{shown: stdinPath, explicit: true}
	var cfg *config.Config
	ok := true
	if in.stdinFilename != "" {
		abs, err := filepath.Abs(in.stdinFilename)
		if err != nil {
			in.errs = append(in.errs, err)
			return
		}
		src.shown, src.abs = filepath.ToSlash(in.stdinFilename), abs
		cfg, ok = in.cfgs.forFile(abs)
	} else {
		cfg, ok = in.cfgs.forDir(".")
	}
	if !ok {
		return
	}
	text, err := fsroot.ReadLimited(in.stdin, analysis.MaxDocumentSize)
	if err != nil && !errors.Is(err, fsroot.ErrTooLarge) {
		in.errs = append(in.errs, fmt.Errorf("reading standard input: %w", err))
		return
	}
	src.text, src.stdin = text, true
	in.add(src, cfg)
}

// A source is one file read, to be analysed.
type source struct {
	shown string // the path as shown: as named, or the folder named joined with the path under it
	abs   string // its absolute path; for standard input --stdin-filename's, or ""
	// root and name reach the file again (fix rewrites it through them);
	// nil for standard input.
	root     *fsroot.Root
	name     string
	explicit bool // named on the command line: analysed whatever its name
	stdin    bool
	text     []byte
}

// add analyses src with cfg and what the project around it says.
func (in *inputs) add(src source, cfg *config.Config) {
	kind := document.DetectKind(src.shown, "", src.text)
	if kind == document.Unknown && src.explicit {
		switch strings.ToLower(path.Ext(src.shown)) {
		case ".yaml", ".yml":
			if !document.HasTopLevelServices(src.text) {
				in.errs = append(in.errs, fmt.Errorf("%s: YAML without a top-level services key is not a Compose file", src.shown))
				return
			}
			kind = document.Compose
		default:
			kind = document.Dockerfile
			if src.stdin && src.abs == "" && document.HasTopLevelServices(src.text) {
				kind = document.Compose
			}
		}
	}
	uri := "file:///dev/stdin"
	if src.abs != "" {
		uri = fileuri.FromPath(src.abs)
	}
	doc := document.New(uri, 0, kind, src.text)
	opts := cfg.Options()
	if src.abs != "" {
		opts = in.proj.options(src.abs, doc, opts)
	}
	in.results = append(in.results, fileResult{path: src.shown, res: analysis.RunWith(rules.All, doc, opts), cfg: cfg, opts: opts, src: src})
}

// joinShown joins a path under a walked folder to the folder as named.
func joinShown(named, name string) string {
	return filepath.ToSlash(filepath.Join(named, filepath.FromSlash(name)))
}

// pathError says what went wrong with a file as "shown: reason", without
// the operating system's operation and absolute path.
func pathError(shown string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", shown, err)
}
