package fsroot

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// Errors of a Rewrite.
var (
	// ErrReadOnly is returned for a file that has no write permission:
	// a fix does not override a choice its owner made.
	ErrReadOnly = errors.New("read-only (no write permission)")
	// ErrChanged is returned when a file no longer holds the text it was
	// analysed with, or was changed or replaced while it was written.
	ErrChanged = errors.New("changed since it was read")
)

// BackupMarker is in the name of every backup copy a Rewrite makes:
// ".NAME" + BackupMarker + random letters, beside the file.
const BackupMarker = ".dockwarden-"

// A Rewrite is a regular file opened to be rewritten in place, the way
// dockwarden fix writes: the file keeps its inode, so its owner, group,
// mode, hard links, ACLs and extended attributes stay as they were. Until
// Commit or Abort, a backup copy of its text sits beside it (readable by
// its creator only), so that the text survives a crash in the middle of
// the write. A Rewrite is not safe for concurrent use.
type Rewrite struct {
	r      *Root
	name   string
	f      *os.File
	info   fs.FileInfo
	old    []byte
	backup string // the copy's name under r; "" once removed
}

// OpenRewrite opens the regular file n to replace old, the text it was
// analysed with, and writes the backup copy. It fails with ErrReadOnly
// when the file has no write permission and with ErrChanged when it no
// longer holds old. Errors of a Rewrite do not name the file: the caller
// does.
func (r *Root) OpenRewrite(n string, old []byte) (*Rewrite, error) {
	f, info, err := r.openRegular(n, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrPermission) {
		// Tell a read-only file from a folder that cannot be entered.
		if info, serr := r.Stat(n); serr == nil && info.Mode().Perm()&0o222 == 0 {
			return nil, ErrReadOnly
		}
	}
	if err != nil {
		return nil, err
	}
	w := &Rewrite{r: r, name: n, f: f, info: info, old: old}
	if info.Mode().Perm()&0o222 == 0 {
		// Only a privileged user gets here: the open succeeded although
		// nobody may write the file.
		f.Close()
		return nil, ErrReadOnly
	}
	if err := w.unchanged(); err != nil {
		f.Close()
		return nil, err
	}
	if err := w.writeBackup(); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// Backup is the path of the backup copy; "" once it is removed.
func (w *Rewrite) Backup() string {
	if w.backup == "" {
		return ""
	}
	return w.r.Path(w.backup)
}

// writeBackup creates the backup copy under a free name, exclusively.
func (w *Rewrite) writeBackup() error {
	dir, base := filepath.Split(filepath.FromSlash(w.name))
	var err error
	for range 16 {
		n := filepath.ToSlash(filepath.Join(dir, fmt.Sprintf(".%s%s%06x", base, BackupMarker, rand.Uint32()&0xffffff)))
		if err = w.r.CreateExclusive(n, w.old, 0o600); err == nil {
			w.backup = n
			return nil
		}
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	return fmt.Errorf("making a backup copy before writing: %w", err)
}

// unchanged checks, through the open file, that it still holds old.
func (w *Rewrite) unchanged() error {
	cur, err := readAll(w.f, int64(len(w.old)))
	if err != nil && !errors.Is(err, ErrTooLarge) {
		return err
	}
	if err != nil || !bytes.Equal(cur, w.old) {
		return ErrChanged
	}
	return nil
}

// readAll reads the open file from its start, at most limit+1 bytes.
func readAll(f *os.File, limit int64) ([]byte, error) {
	return ReadLimited(io.NewSectionReader(f, 0, limit+1), limit)
}

// Commit replaces the file's text with text. It reads the file once more
// just before writing and leaves it alone (ErrChanged) when it no longer
// holds old; after writing it reads the text back and checks that the
// name still leads to the file written. When the file was changed or
// replaced during the write, the backup copy is kept and the error names
// it; otherwise it is removed. The Rewrite is done either way.
func (w *Rewrite) Commit(text []byte) error {
	defer w.f.Close()
	if err := w.unchanged(); err != nil {
		w.removeBackup()
		return err
	}
	if err := w.write(text); err != nil {
		// Put the old text back; the backup stays if even that fails.
		if rerr := w.write(w.old); rerr != nil {
			return fmt.Errorf("%w; its text before the fix is in %s", err, w.Backup())
		}
		w.removeBackup()
		return err
	}
	if got, err := readAll(w.f, int64(len(text))); err != nil || !bytes.Equal(got, text) {
		return fmt.Errorf("%w: another program wrote to it at the same time; its text before the fix is in %s", ErrChanged, w.Backup())
	}
	if now, err := w.r.Describe(w.name); err != nil || !os.SameFile(now, w.info) {
		// An editor saved by renaming a new file over this one: what it
		// saved is the file now, and the text written went to the old.
		w.removeBackup()
		return fmt.Errorf("%w: another program replaced it while it was written; it is left as that program saved it", ErrChanged)
	}
	w.removeBackup()
	return nil
}

// write writes text over the file's and syncs it.
func (w *Rewrite) write(text []byte) error {
	if _, err := w.f.WriteAt(text, 0); err != nil {
		return err
	}
	if err := w.f.Truncate(int64(len(text))); err != nil {
		return err
	}
	return w.f.Sync()
}

// Abort leaves the file as it is and removes the backup copy.
func (w *Rewrite) Abort() {
	w.f.Close()
	w.removeBackup()
}

func (w *Rewrite) removeBackup() {
	if w.backup == "" {
		return
	}
	if p, err := w.r.name(w.backup); err == nil {
		w.r.remove(p)
	}
	w.backup = ""
}
