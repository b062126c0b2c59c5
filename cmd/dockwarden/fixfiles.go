package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/dockwarden/dockwarden/codeactions"
	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// sideFiles are the files that fixes of the files in one folder change
// besides those files themselves: the secret file and .env a secret is
// moved to, the .gitignore that keeps them out of git, the ignore file of
// a build context (which may lie in a folder above). They are read and
// written only through an fsroot.Root: at the working directory when the
// folder is inside it, so that a name may climb to a context's folder
// but never out of the working directory, else at the folder itself.
// With dryRun (--diff) the changes are only kept in memory; otherwise each
// fix's changes are written when the fix is taken, all or none, and can be
// taken back when the file they belong to cannot be written.
type sideFiles struct {
	dir    string // the folder, as its files' display paths spell it
	dryRun bool
	// refused, when set, says why no fix may write here (the text came
	// from standard input: it has no folder).
	refused error

	// cwd is the working directory, shared by the folders; nil when it
	// could not be opened.
	cwd    *fsroot.Root
	opened bool
	root   *fsroot.Root
	own    bool   // root is the folder's own, not cwd: close closes it
	rel    string // the folder under root, slash-separated
	err    error

	mem  map[string][]byte // dryRun: the text each changed file would have, by absolute path
	made []sideChange      // what was done, in order
}

// A sideChange is one FileEdit made, with what takes it back.
type sideChange struct {
	owner   string // the display path of the file whose fix made it
	edit    codeactions.FileEdit
	newDirs []string // folders created for it, innermost first, under root
}

// sideFolders hands out one sideFiles per folder.
type sideFolders struct {
	dryRun bool
	cwd    *fsroot.Root // the working directory, which the caller closes; nil for none
	byDir  map[string]*sideFiles
	mem    map[string][]byte // shared by the folders: two may change one file
}

// newSideFolders returns the side files of a run; cwd, the working
// directory (nil when it could not be opened), is shared by the folders
// inside it and closed by the caller.
func newSideFolders(dryRun bool, cwd *fsroot.Root) *sideFolders {
	return &sideFolders{dryRun: dryRun, cwd: cwd, byDir: map[string]*sideFiles{}, mem: map[string][]byte{}}
}

// of returns the side files of the folder of the file at display path p.
func (s *sideFolders) of(p string) *sideFiles {
	dir := path.Dir(p)
	if f := s.byDir[dir]; f != nil {
		return f
	}
	f := &sideFiles{dir: dir, dryRun: s.dryRun, cwd: s.cwd, mem: s.mem}
	s.byDir[dir] = f
	return f
}

// stdin returns side files where nothing is written: the text read from
// standard input has no folder beside it.
func (s *sideFolders) stdin() *sideFiles {
	return &sideFiles{dir: ".", opened: true, refused: errStdinSide, err: errStdinSide, mem: map[string][]byte{}}
}

var errStdinSide = errors.New("standard input has no folder to keep the files this fix writes")

func (s *sideFolders) close() {
	for _, f := range s.byDir {
		if f.own {
			f.root.Close()
		}
	}
}

func (s *sideFiles) open() *fsroot.Root {
	if s.opened {
		return s.root
	}
	s.opened = true
	if s.cwd != nil {
		if rel, err := s.cwd.Rel(filepath.FromSlash(s.dir)); err == nil {
			s.root, s.rel = s.cwd, rel
			return s.root
		}
	}
	s.rel = "."
	s.root, s.err = fsroot.Open(filepath.FromSlash(s.dir))
	s.own = s.root != nil
	return s.root
}

// name is the name under root of the file n beside the folder; an error
// for a name that climbs out of root.
func (s *sideFiles) name(n string) (string, error) {
	if s.open() == nil {
		return "", s.err
	}
	full := path.Join(s.rel, n)
	if full == ".." || strings.HasPrefix(full, "../") {
		return "", fmt.Errorf("%s: %w", n, fsroot.ErrOutside)
	}
	return full, nil
}

// key is where the dry run keeps the file n.
func (s *sideFiles) key(n string) string {
	full, err := s.name(n)
	if err != nil {
		return "\x00" + n
	}
	return s.root.Path(full)
}

// Exists is codeactions.Files'. In a folder that cannot be opened, and
// outside the root, every name is taken, so that nothing is created there.
func (s *sideFiles) Exists(name string) bool {
	if _, ok := s.mem[s.key(name)]; ok {
		return true
	}
	full, err := s.name(name)
	return err != nil || s.root.Exists(full)
}

// ReadFile is codeactions.Files'.
func (s *sideFiles) ReadFile(name string, limit int64) ([]byte, fs.FileInfo, error) {
	if text, ok := s.mem[s.key(name)]; ok {
		return text, nil, nil
	}
	full, err := s.name(name)
	if err != nil {
		return nil, nil, err
	}
	return s.root.ReadFile(full, limit)
}

// apply makes the edits of one fix of owner, in order, all or none.
func (s *sideFiles) apply(owner string, edits []codeactions.FileEdit) error {
	mark := len(s.made)
	for _, e := range edits {
		c := sideChange{owner: owner, edit: e}
		var err error
		if s.dryRun {
			err = s.applyInMemory(e)
		} else {
			c.newDirs, err = s.write(e)
		}
		if err != nil {
			s.undo(mark, "")
			return fmt.Errorf("%s: %w", path.Join(s.dir, e.Path), err)
		}
		s.made = append(s.made, c)
	}
	return nil
}

func (s *sideFiles) applyInMemory(e codeactions.FileEdit) error {
	if e.Create {
		if s.Exists(e.Path) {
			return fs.ErrExist
		}
		s.mem[s.key(e.Path)] = []byte(e.Text)
		return nil
	}
	s.mem[s.key(e.Path)] = append(append([]byte(nil), e.Before...), e.Text...)
	return nil
}

// write makes e on disk and returns the folders it created.
func (s *sideFiles) write(e codeactions.FileEdit) ([]string, error) {
	full, err := s.name(e.Path)
	if err != nil {
		return nil, err
	}
	r := s.root
	if !e.Create {
		now, _, err := r.ReadFile(full, codeactions.MaxSideFile)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(now, e.Before) {
			return nil, errors.New("changed while it was being fixed")
		}
		return nil, r.Append(full, []byte(e.Text))
	}
	var newDirs []string
	for d := path.Dir(full); d != "." && d != s.rel; d = path.Dir(d) {
		if !r.Exists(d) {
			newDirs = append(newDirs, d)
		}
	}
	if err := r.CreateExclusive(full, []byte(e.Text), e.Mode); err != nil {
		for _, d := range newDirs {
			r.Remove(d) // what MkdirAll made before the create failed
		}
		return nil, err
	}
	return newDirs, nil
}

// undo takes back the changes made from index mark on, of owner only
// when owner is set, latest first.
func (s *sideFiles) undo(mark int, owner string) {
	kept := s.made[:mark:mark]
	for i := len(s.made) - 1; i >= mark; i-- {
		c := s.made[i]
		if owner != "" && c.owner != owner {
			continue
		}
		full, _ := s.name(c.edit.Path)
		switch {
		case s.dryRun && c.edit.Create:
			delete(s.mem, s.key(c.edit.Path))
		case s.dryRun:
			s.mem[s.key(c.edit.Path)] = c.edit.Before
		case c.edit.Create:
			s.root.Remove(full)
			for _, d := range c.newDirs {
				s.root.Remove(d)
			}
		default:
			s.root.Truncate(full, int64(len(c.edit.Before)))
		}
	}
	for _, c := range s.made[mark:] {
		if owner != "" && c.owner != owner {
			kept = append(kept, c)
		}
	}
	s.made = kept
}

// summary describes what the fixes of owner did here, a line per file.
func (s *sideFiles) summary(owner string) []string {
	var out []string
	for _, p := range s.paths(owner) {
		var created bool
		var mode fs.FileMode
		lines := 0
		for _, c := range s.made {
			if c.owner == owner && c.edit.Path == p {
				created = created || c.edit.Create
				if c.edit.Create {
					mode = c.edit.Mode
				}
				lines += strings.Count(strings.TrimLeft(c.edit.Text, "\r\n"), "\n")
			}
		}
		what := plural(lines, "line", "lines") + " added"
		if created {
			what = fmt.Sprintf("created, mode %04o", mode)
		}
		out = append(out, fmt.Sprintf("%s: %s", path.Join(s.dir, p), what))
	}
	return out
}

// paths returns the files owner's fixes changed, in the order first
// changed.
func (s *sideFiles) paths(owner string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range s.made {
		if c.owner == owner && !seen[c.edit.Path] {
			seen[c.edit.Path] = true
			out = append(out, c.edit.Path)
		}
	}
	return out
}

// diff returns the unified diff of what owner's fixes did here: a new
// file with git's "new file mode" header, so that git apply (and GNU
// patch) create it with its mode.
func (s *sideFiles) diff(owner string) string {
	var b strings.Builder
	for _, p := range s.paths(owner) {
		var before []byte
		created := false
		var mode fs.FileMode
		after := []byte(nil)
		for _, c := range s.made {
			if c.owner != owner || c.edit.Path != p {
				continue
			}
			if after == nil {
				before, created, mode = c.edit.Before, c.edit.Create, c.edit.Mode
				after = append([]byte(nil), before...)
			}
			after = append(after, c.edit.Text...)
		}
		shown := path.Join(s.dir, p)
		d := unifiedDiff(shown, before, after)
		if created {
			_, hunks, _ := strings.Cut(d, "\n+++ b/"+shown+"\n")
			d = fmt.Sprintf("diff --git a/%s b/%s\nnew file mode 100%03o\n--- /dev/null\n+++ b/%s\n%s", shown, shown, mode.Perm(), shown, hunks)
		}
		b.WriteString(d)
	}
	return b.String()
}
