// Package fsroot is the one way dockwarden touches files beyond the
// document it was given: configuration, the compose files and Dockerfiles
// of cross-file analysis, build contexts and ignore files, and the files a
// fix creates or extends. Every access goes through an os.Root opened at
// the workspace (or working) folder, so neither a ".." nor a symbolic link
// can lead outside it, even when the tree changes between two calls.
//
// A file is opened once and judged by what was opened: its kind comes from
// Stat on the open file, never from a lookup of the name made earlier, and
// anything but a regular file is refused. Opening never blocks on a FIFO,
// and a read stops one byte past its limit.
package fsroot

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Errors a Root returns besides those of the operating system.
var (
	// ErrNotRegular is returned for a FIFO, device, socket or folder
	// where a regular file was expected.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge is returned when a file is larger than the limit its
	// reader set.
	ErrTooLarge = errors.New("file too large")
	// ErrOutside is returned for a path that does not lie under the root.
	ErrOutside = errors.New("path outside the folder")
)

// A Root gives access to the files under one folder. It is safe for
// concurrent use.
type Root struct {
	dir  string // the folder as given, cleaned and absolute
	root *os.Root
}

// Open opens the folder dir as a Root. The caller closes it.
func Open(dir string) (*Root, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	return &Root{dir: abs, root: r}, nil
}

// Dir is the absolute path of the root folder.
func (r *Root) Dir() string { return r.dir }

// Close releases the root folder.
func (r *Root) Close() error { return r.root.Close() }

// Rel turns an absolute path, or one relative to the working folder, into
// the slash-separated name of the same file under r, lexically (symbolic
// links are judged when the file is opened). It fails with ErrOutside for a
// path that does not lie under r.
func (r *Root) Rel(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(r.dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", fmt.Errorf("%s: %w", p, ErrOutside)
	}
	return filepath.ToSlash(rel), nil
}

// name checks a slash-separated name and converts it for os.Root.
func name(n string) (string, error) {
	if n == "" || path.IsAbs(n) || strings.HasPrefix(path.Clean(n), "../") || path.Clean(n) == ".." {
		return "", fmt.Errorf("%s: %w", n, ErrOutside)
	}
	return filepath.FromSlash(path.Clean(n)), nil
}

// openRegular opens the named file with flag and checks, on the open
// file, that it is a regular file.
func (r *Root) openRegular(n string, flag int, perm fs.FileMode) (*os.File, fs.FileInfo, error) {
	p, err := name(n)
	if err != nil {
		return nil, nil, err
	}
	if testHookBeforeOpen != nil {
		testHookBeforeOpen(r, n)
	}
	f, err := r.root.OpenFile(p, flag|openNonblock, perm)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", n, ErrNotRegular)
	}
	return f, info, nil
}

// ReadFile reads the regular file n (slash-separated, relative to r) of
// at most limit bytes. It returns what Stat said of the open file, so a
// caller can tell later whether the file changed.
func (r *Root) ReadFile(n string, limit int64) ([]byte, fs.FileInfo, error) {
	f, info, err := r.openRegular(n, os.O_RDONLY, 0)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	text, err := ReadLimited(f, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", n, err)
	}
	return text, info, nil
}

// ReadLimited reads r to its end, failing with ErrTooLarge as soon as more
// than limit bytes arrive: it never holds more than limit+1 bytes.
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	text, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(text)) > limit {
		return nil, ErrTooLarge
	}
	return text, nil
}

// Stat returns what the regular file n is now, opening it to ask (a name
// that leads to a FIFO or a folder gives ErrNotRegular).
func (r *Root) Stat(n string) (fs.FileInfo, error) {
	f, info, err := r.openRegular(n, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	f.Close()
	return info, nil
}

// Exists reports whether anything at all has the name n under r, following
// symbolic links inside r. A fix uses it to pick a name that is free.
func (r *Root) Exists(n string) bool {
	p, err := name(n)
	if err != nil {
		return true // not ours to take
	}
	_, err = r.root.Lstat(p)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

// ReadDir lists the folder n (slash-separated; "." for the root) by name,
// reading at most max entries.
func (r *Root) ReadDir(n string, max int) ([]fs.DirEntry, error) {
	p := "."
	if n != "." && n != "" {
		var err error
		if p, err = name(n); err != nil {
			return nil, err
		}
	}
	f, err := r.root.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", n)
	}
	return f.ReadDir(max)
}

// CreateExclusive creates the file n with text and mode perm, creating its
// missing parent folders. It never replaces anything: when n exists it
// fails with an error that matches fs.ErrExist. The data is synced before
// it returns.
func (r *Root) CreateExclusive(n string, text []byte, perm fs.FileMode) error {
	p, err := name(n)
	if err != nil {
		return err
	}
	if dir := filepath.Dir(p); dir != "." {
		if err := r.root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if testHookBeforeOpen != nil {
		testHookBeforeOpen(r, n)
	}
	f, err := r.root.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		r.root.Remove(p)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		r.root.Remove(p)
		return err
	}
	return f.Close()
}

// Append adds text at the end of the regular file n, which must exist.
func (r *Root) Append(n string, text []byte) error {
	f, _, err := r.openRegular(n, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Truncate cuts the regular file n back to size bytes. A fix uses it to
// take back lines it appended when the rest of its changes failed.
func (r *Root) Truncate(n string, size int64) error {
	f, _, err := r.openRegular(n, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Remove deletes the file or empty folder n, as os.Remove does, without
// following a symbolic link in its last element. A fix uses it to take
// back a file it created when the rest of its changes failed.
func (r *Root) Remove(n string) error {
	p, err := name(n)
	if err != nil {
		return err
	}
	return r.root.Remove(p)
}

// testHookBeforeOpen, when set by a test, runs just before a file is
// opened, so that a test can swap what the name leads to at the worst
// moment, deterministically.
var testHookBeforeOpen func(r *Root, name string)
