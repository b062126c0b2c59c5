package fsroot

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// A Replacement is a new version of a file being written, which replaces
// the file at once when committed: the text goes to a temporary file
// beside it, which Commit syncs and renames over it, so that a reader (a
// CI step, an editor) never sees half a report, and a failed or
// interrupted run leaves the file as it was. It is an io.Writer; it is not
// safe for concurrent use.
type Replacement struct {
	r    *Root
	f    *os.File
	tmp  string // the temporary file's name, as r.name gives it
	dest string
	err  error
}

// CreateReplacement starts a new version of the file n, which may not
// exist yet. An existing n must be a regular file (a report or a baseline
// is never written into a FIFO or a device); the new version keeps its
// permissions, and a new file gets 0644 less the umask. The folder must
// exist.
func (r *Root) CreateReplacement(n string) (*Replacement, error) {
	p, err := r.name(n)
	if err != nil {
		return nil, err
	}
	perm, existed := fs.FileMode(0o644), false
	switch info, err := r.lstat(p); {
	case err == nil && !info.Mode().IsRegular():
		return nil, fmt.Errorf("%s: %w", n, ErrNotRegular)
	case err == nil:
		perm, existed = info.Mode().Perm(), true
	case !errors.Is(err, fs.ErrNotExist):
		return nil, outside(p, err)
	}
	for range 100 {
		tmp := filepath.Join(filepath.Dir(p), fmt.Sprintf(".%s%s%08x.tmp", filepath.Base(p), BackupMarker, rand.Uint32()))
		f, err := r.openFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if existed {
			// The umask applied to the new file's permissions; an
			// existing file's are kept as they are.
			f.Chmod(perm)
		}
		return &Replacement{r: r, f: f, tmp: tmp, dest: p}, nil
	}
	return nil, fmt.Errorf("%s: no free temporary name beside it", n)
}

// Write writes to the new version.
func (w *Replacement) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.f.Write(p)
	w.err = err
	return n, err
}

// Commit syncs the new version and puts it in the file's place; after an
// error the file is as it was.
func (w *Replacement) Commit() error {
	err := w.err
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = w.rename()
	}
	if err != nil {
		w.r.remove(w.tmp)
	}
	return err
}

func (w *Replacement) rename() error {
	if w.r.root == nil {
		return os.Rename(w.tmp, w.dest)
	}
	return outside(w.dest, w.r.root.Rename(w.tmp, w.dest))
}

// Abort drops the new version: the file stays as it was.
func (w *Replacement) Abort() {
	w.f.Close()
	w.r.remove(w.tmp)
}
