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
	"sync/atomic"

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
	verbose       bool
	cfgs          *configs
	// exclude are --exclude's patterns, relative to the working folder.
	exclude *config.Config
	// adjust gives a file's analysis options what the command line says
	// (--preset, --select, --ignore); nil leaves them.
	adjust func(*analysis.Options) *analysis.Options
	// finish, when set, runs on each analysis where it was made, on the
	// worker: check makes its report there and drops the analysis.
	finish func(*fileResult)

	proj *project
	jobs []job
	// named are the folders walked, as named, each with how many
	// Dockerfiles and compose files it held (those its configuration
	// ignores too), for "no Dockerfile or Compose file under".
	named []*walked
	errs  []error
	// notes say what a walk passed over and why (a symbolic link to a
	// folder or out of the folder named; with --verbose everything); they
	// do not fail the run.
	notes []string
	roots []*fsroot.Root
}

// A walked folder is a folder named on the command line.
type walked struct {
	named string
	root  *fsroot.Root
	found atomic.Int32
}

// A job is one file to read and analyse. A walk of a large tree makes
// one per file before the first is analysed, so a job found by a walk
// holds no more than its name.
type job struct {
	shown string // the path as shown; sorted on
	// name is the file's name under walked's root; it is shown itself
	// (one string) when the folder named is ".".
	name   string
	walked *walked // the folder named that holds it; nil for a file named
	cfg    *config.Config
	// included: not a Dockerfile or compose file by its name, analysed
	// for the include patterns of its configuration.
	included bool
	link     bool // a symbolic link in the walked folder
	// named is the source of a file named on the command line or of
	// standard input (its text read already).
	named *source
}

// source returns what j reads.
func (j *job) source() source {
	if j.named != nil {
		return *j.named
	}
	return source{shown: j.shown, abs: j.walked.root.Path(j.name), root: j.walked.root, name: j.name}
}

// A result is what running a job gives: the analysis, when there is one,
// and what to say about the file.
type result struct {
	fileResult
	analysed bool
	notes    []string
	errs     []error
}

// analyse reads and analyses every file named in paths and every
// Dockerfile or Compose file found under the folders in paths (see each),
// and returns them all, in path order, with the errors.
func (in *inputs) analyse(c *command, stderr io.Writer) ([]fileResult, []error) {
	var results []fileResult
	errs, _ := in.each(c, stderr, func(r fileResult) error {
		results = append(results, r)
		return nil
	})
	return results, errs
}

// each reads and analyses every file named in paths and every Dockerfile
// or Compose file found under the folders in paths, each with its
// configuration and what the project around it says (see project), on
// every core, and calls fn with each analysis in path order, as soon as
// it and those before it are done; nothing else keeps them. Files and
// folders the ignore patterns or --exclude name are skipped, and so are
// files whose configuration is invalid, whose problems are among the
// errors. Every file is read through fsroot: a file in a walked folder is
// opened under that folder's root, so a symbolic link is followed only to
// a regular file that stays inside it; a file named is opened by its path.
// Nothing is read past analysis.MaxDocumentSize and one byte. What was
// skipped and what could not be read are reported on stderr as the files
// come. each returns every error, and fn's, which stops the run.
func (in *inputs) each(c *command, stderr io.Writer, fn func(fileResult) error) (errs []error, err error) {
	in.collect()
	errs = append(in.cfgs.errs, in.errs...)
	for _, n := range in.notes {
		c.errorf(stderr, "%s", n)
	}
	for _, e := range errs {
		c.errorf(stderr, "%v", e)
	}
	err = inOrder(len(in.jobs), func(i int) result { return in.run(in.jobs[i]) }, func(_ int, r result) error {
		for _, n := range r.notes {
			c.errorf(stderr, "%s", n)
		}
		for _, e := range r.errs {
			c.errorf(stderr, "%v", e)
		}
		errs = append(errs, r.errs...)
		if !r.analysed {
			return nil
		}
		return fn(r.fileResult)
	})
	for _, w := range in.named {
		if w.found.Load() == 0 && !in.allowEmpty {
			e := fmt.Errorf("no Dockerfile or Compose file under %s (--allow-empty accepts that)", w.named)
			c.errorf(stderr, "%v", e)
			errs = append(errs, e)
		}
	}
	return errs, err
}

// collect finds the files to analyse, in path order.
func (in *inputs) collect() {
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
			if cfg, ok := in.governs(filepath.ToSlash(p), abs); ok {
				in.jobs = append(in.jobs, job{shown: filepath.ToSlash(p), cfg: cfg,
					named: &source{shown: filepath.ToSlash(p), abs: abs, root: fsroot.Unrooted(), name: filepath.ToSlash(abs), explicit: true}})
			}
			continue
		}
		root, err := fsroot.Open(abs)
		if err != nil {
			in.errs = append(in.errs, pathError(p, err))
			continue
		}
		in.roots = append(in.roots, root)
		w := &walked{named: p, root: root}
		in.named = append(in.named, w)
		in.walk(w, root, ".")
	}
	sort.SliceStable(in.jobs, func(i, j int) bool { return in.jobs[i].shown < in.jobs[j].shown })
	// The jobs hold their configurations; what the walk looked up by
	// folder is needed no more.
	in.cfgs.forget()
}

// close releases the folders walked; the results must not be written
// after it.
func (in *inputs) close() {
	for _, r := range in.roots {
		r.Close()
	}
	in.proj.close()
}

// note records why shown was skipped; only with --verbose unless always.
func (in *inputs) note(always bool, shown, why string) {
	if always || in.verbose {
		in.notes = append(in.notes, fmt.Sprintf("skipped %s: %s", shown, why))
	}
}

// governs returns the configuration of the file at abs (shown as shown)
// and whether it is to be analysed: not when --exclude names it, its
// configuration ignores it or is invalid (whose problems are among the
// errors).
func (in *inputs) governs(shown, abs string) (*config.Config, bool) {
	if in.exclude.Ignored(abs) {
		in.note(false, shown, "excluded by --exclude")
		return nil, false
	}
	cfg, ok := in.cfgs.forDir(filepath.Dir(abs))
	switch {
	case !ok:
		in.note(false, shown, "its configuration is invalid")
		return nil, false
	case cfg.Ignored(abs):
		in.note(false, shown, "ignored by "+displayPath(cfg.Path))
		return nil, false
	}
	return cfg, true
}

// walk finds the Dockerfiles and Compose files in the folder dir under
// root (the folder named w) and below it, and counts in w those that its
// names tell and those the configuration ignores; the compose candidates
// and included files are counted when they are read.
func (in *inputs) walk(w *walked, root *fsroot.Root, dir string) {
	entries, err := root.ReadDir(dir, 0)
	if err != nil {
		in.errs = append(in.errs, pathError(joinShown(w.named, dir), err))
		return
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		shown := joinShown(w.named, name)
		abs := root.Path(name)
		link := e.Type()&fs.ModeSymlink != 0
		if e.IsDir() {
			switch {
			case skipDirs[e.Name()]:
				in.note(false, shown+"/", "version control or third-party code")
			case in.exclude.Ignored(abs):
				in.note(false, shown+"/", "excluded by --exclude")
			case in.cfgs.skipDir(abs):
				in.note(false, shown+"/", "ignored by its configuration")
			default:
				in.walk(w, root, name)
			}
			continue
		}
		candidate := document.Candidate(e.Name())
		included := false
		if !candidate {
			if cfg, ok := in.cfgs.forDir(filepath.Dir(abs)); ok && cfg.Included(abs) {
				included = true
			}
		}
		switch {
		case !candidate && !included:
			if link && !skipDirs[e.Name()] && !in.cfgs.skipDir(abs) {
				// Only to say what is skipped: is it a folder (that may
				// hold Dockerfiles), wherever it is?
				if info, err := fsroot.Unrooted().Describe(filepath.ToSlash(abs)); err == nil && info.IsDir() {
					in.note(true, shown, "a symbolic link to a folder is not followed (name the folder to check it)")
					continue
				}
			}
			if lookalike(e.Name()) {
				in.note(false, shown, "not a name Dockerfiles or compose files have (include: in .dockwarden.yaml takes it)")
			}
		case !link && !e.Type().IsRegular():
			in.note(true, shown, "not a regular file")
		default:
			cfg, ok := in.governs(shown, abs)
			if !ok {
				w.found.Add(1)
				continue
			}
			if document.KindFromName(e.Name()) != document.Unknown {
				w.found.Add(1)
			}
			if shown == name {
				name = shown // one string for both
			}
			in.jobs = append(in.jobs, job{shown: shown, name: name, cfg: cfg, walked: w, included: included, link: link})
		}
	}
}

// lookalike reports whether a file name that is neither a Dockerfile's nor
// a compose file's looks as if it could hold one: YAML, or a name with
// Dockerfile or Containerfile in it. --verbose says why they were left.
func lookalike(name string) bool {
	lower := strings.ToLower(name)
	ext := path.Ext(lower)
	return ext == ".yml" || ext == ".yaml" || strings.Contains(lower, "dockerfile") || strings.Contains(lower, "containerfile")
}

// readStdin reads standard input, through the limit, as a job. Its name
// is --stdin-filename's: its kind, configuration and cross-file neighbours
// are that file's.
func (in *inputs) readStdin() {
	src := source{shown: stdinPath, explicit: true, stdin: true}
	var cfg *config.Config
	ok := true
	if in.stdinFilename != "" {
		abs, err := filepath.Abs(in.stdinFilename)
		if err != nil {
			in.errs = append(in.errs, err)
			return
		}
		src.shown, src.abs = filepath.ToSlash(in.stdinFilename), abs
		cfg, ok = in.governs(src.shown, abs)
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
	src.text = text
	in.jobs = append(in.jobs, job{shown: src.shown, cfg: cfg, named: &src})
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

// run reads the file of j, unless it is standard input, and analyses it
// with its configuration and what the project around it says.
func (in *inputs) run(j job) (r result) {
	src := j.source()
	if !src.stdin {
		text, failed := in.read(j, &r)
		if failed {
			return r
		}
		src.text = text
	}
	kind := document.DetectKind(src.shown, "", src.text)
	if kind == document.Unknown {
		switch {
		case strings.EqualFold(path.Ext(src.shown), ".yaml") || strings.EqualFold(path.Ext(src.shown), ".yml"):
			switch {
			case document.HasTopLevelServices(src.text):
				kind = document.Compose
			case src.explicit && !document.ComposeCandidate(src.shown):
				r.errs = append(r.errs, fmt.Errorf("%s: YAML without a top-level services key is not a Compose file", src.shown))
				return r
			case src.explicit:
				// Named like a compose file but not one (a stack.yml of
				// another tool): said, not an error, so that a hook
				// passing every file of such a name does not fail.
				r.notes = append(r.notes, fmt.Sprintf("skipped %s: YAML without a top-level services key", src.shown))
				return r
			default:
				if in.verbose {
					r.notes = append(r.notes, fmt.Sprintf("skipped %s: YAML without a top-level services key", src.shown))
				}
				return r
			}
		case src.explicit || j.included:
			kind = document.Dockerfile
			if src.stdin && src.abs == "" && document.HasTopLevelServices(src.text) {
				kind = document.Compose
			}
		}
	}
	if j.walked != nil && document.KindFromName(path.Base(src.name)) == document.Unknown {
		j.walked.found.Add(1) // a compose candidate with services, or included
	}
	uri := "file:///dev/stdin"
	if src.abs != "" {
		uri = fileuri.FromPath(src.abs)
	}
	doc := document.New(uri, 0, kind, src.text)
	base := j.cfg.Options()
	if in.adjust != nil {
		base = in.adjust(base)
	}
	opts := base
	if src.abs != "" {
		opts = in.proj.options(src.abs, doc, base)
	}
	res := analysis.RunWith(rules.All, doc, opts)
	if src.abs != "" {
		in.proj.analysed(src.abs, res)
	}
	r.fileResult = fileResult{path: src.shown, res: res, cfg: j.cfg, opts: opts, base: base, src: src}
	r.analysed = true
	if in.finish != nil {
		in.finish(&r.fileResult)
	}
	return r
}

// read reads the file of j through its limit; failed reports that it
// could not, and why is in r.
func (in *inputs) read(j job, r *result) (text []byte, failed bool) {
	src := j.source()
	if src.explicit {
		// A file named, whatever its kind but a folder (a shell's <(...)
		// is a FIFO).
		text, err := src.root.ReadNamed(src.name, analysis.MaxDocumentSize)
		if err != nil && !errors.Is(err, fsroot.ErrTooLarge) {
			r.errs = append(r.errs, pathError(src.shown, err))
			return nil, true
		}
		return text, false
	}
	link := j.link
	text, _, err := src.root.ReadFile(src.name, analysis.MaxDocumentSize)
	skip := func(why string) ([]byte, bool) {
		r.notes = append(r.notes, fmt.Sprintf("skipped %s: %s", src.shown, why))
		return nil, true
	}
	switch {
	case errors.Is(err, fsroot.ErrOutside):
		return skip("a symbolic link that is absolute or leads outside " + j.walked.named + " is not followed")
	case errors.Is(err, fsroot.ErrNotRegular):
		if info, err := src.root.Describe(src.name); link && err == nil && info.IsDir() {
			return skip("a symbolic link to a folder is not followed (name the folder to check it)")
		}
		return skip("not a regular file")
	case link && errors.Is(err, fs.ErrNotExist):
		return skip("a symbolic link to nothing")
	case err != nil && !errors.Is(err, fsroot.ErrTooLarge):
		r.errs = append(r.errs, pathError(src.shown, err))
		return nil, true
	}
	return text, false
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
