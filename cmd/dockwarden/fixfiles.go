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

// sideFiles are the files in one folder that fixes of the files there
// change besides those files themselves: the secret file and .env a
// secret is moved to, the .gitignore that keeps them out of git. They are
// read and written only through an fsroot.Root at the folder. With dryRun
// (--diff) the changes are only kept in memory; otherwise each fix's
// changes are written when the fix is taken, all or none, and can be taken
// back when the file they belong to cannot be written.
type sideFiles struct {
	dir    string // the folder, as its files' display paths spell it
	dryRun bool
	// refused, when set, says why no fix may write here (the text came
	// from standard input: it has no folder).
	refused error

	opened bool
	root   *fsroot.Root
	err    error

	mem  map[string][]byte // dryRun: the text each changed file would have
	made []sideChange      // what was done, in order
}

// A sideChange is one FileEdit made, with what takes it back.
type sideChange struct {
	owner   string // the display path of the file whose fix made it
	edit    codeactions.FileEdit
	newDirs []string // folders created for it, innermost first
}

// sideFolders hands out one sideFiles per folder.
type sideFolders struct {
	dryRun bool
	byDir  map[string]*sideFiles
}

func newSideFolders(dryRun bool) *sideFolders {
	return &sideFolders{dryRun: dryRun, byDir: map[string]*sideFiles{}}
}

// of returns the side files of the folder of the file at display path p.
func (s *sideFolders) of(p string) *sideFiles {
	dir := path.Dir(p)
	if f := s.byDir[dir]; f != nil {
		return f
	}
	f := &sideFiles{dir: dir, dryRun: s.dryRun, mem: map[string][]byte{}}
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
		if f.root != nil {
			f.root.Close()
		}
	}
}

func (s *sideFiles) open() *fsroot.Root {
	if !s.opened {
		s.opened = true
		s.root, s.err = fsroot.Open(filepath.FromSlash(s.dir))
	}
	return s.root
}

// Exists is codeactions.Files'. In a folder that cannot be opened every
// name is taken, so that nothing is created there.
func (s *sideFiles) Exists(name string) bool {
	if _, ok := s.mem[name]; ok {
		return true
	}
	r := s.open()
	return r == nil || r.Exists(name)
}

// ReadFile is codeactions.Files'.
func (s *sideFiles) ReadFile(name string, limit int64) ([]byte, fs.FileInfo, error) {
	if text, ok := s.mem[name]; ok {
		return text, nil, nil
	}
	r := s.open()
	if r == nil {
		return nil, nil, s.err
	}
	return r.ReadFile(name, limit)
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
		s.mem[e.Path] = []byte(e.Text)
		return nil
	}
	s.mem[e.Path] = append(append([]byte(nil), e.Before...), e.Text...)
	return nil
}

// write makes e on disk and returns the folders it created.
func (s *sideFiles) write(e codeactions.FileEdit) ([]string, error) {
	r := s.open()
	if r == nil {
		return nil, s.err
	}
	if !e.Create {
		now, _, err := r.ReadFile(e.Path, codeactions.MaxSideFile)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(now, e.Before) {
			return nil, errors.New("changed while it was being fixed")
		}
		return nil, r.Append(e.Path, []byte(e.Text))
	}
	var newDirs []string
	for d := path.Dir(e.Path); d != "."; d = path.Dir(d) {
		if !r.Exists(d) {
			newDirs = append(newDirs, d)
		}
	}
	if err := r.CreateExclusive(e.Path, []byte(e.Text), e.Mode); err != nil {
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
		switch {
		case s.dryRun && c.edit.Create:
			delete(s.mem, c.edit.Path)
		case s.dryRun:
			s.mem[c.edit.Path] = c.edit.Before
		case c.edit.Create:
			s.root.Remove(c.edit.Path)
			for _, d := range c.newDirs {
				s.root.Remove(d)
			}
		default:
			s.root.Truncate(c.edit.Path, int64(len(c.edit.Before)))
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
