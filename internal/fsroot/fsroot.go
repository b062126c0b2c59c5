// Package fsroot is the one way dockwarden touches files beyond the
// document it was given: configuration, the compose files and Dockerfiles
// of cross-file analysis, the files check and fix walk, build contexts and
// ignore files, and the files a fix rewrites, creates or extends. Every
// access to a folder's files goes through an os.Root opened at the
// workspace (or working, or named) folder, so neither a ".." nor a
// symbolic link can lead outside it, even when the tree changes between
// two calls.
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
	"sync/atomic"
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
	dir  string   // the folder as given, cleaned and absolute; "" for Unrooted
	root *os.Root // nil for Unrooted
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

// Unrooted returns a Root whose names are paths (absolute, or relative to
// the working folder) and whose symbolic links lead anywhere: for the files
// a person names on the command line and the configuration files above
// them, which no folder bounds. Everything else holds: a file is opened
// once, judged on the open file, never blocks the open, and is read
// through a limit.
func Unrooted() *Root { return &Root{} }

// Dir is the absolute path of the root folder; "" for Unrooted.
func (r *Root) Dir() string { return r.dir }

// Close releases the root folder.
func (r *Root) Close() error {
	if r.root == nil {
		return nil
	}
	return r.root.Close()
}

// Rel turns an absolute path, or one relative to the working folder, into
// the slash-separated name of the same file under r, lexically (symbolic
// links are judged when the file is opened). It fails with ErrOutside for a
// path that does not lie under r. For Unrooted the name is the absolute
// path.
func (r *Root) Rel(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r.root == nil {
		return filepath.ToSlash(abs), nil
	}
	rel, err := filepath.Rel(r.dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", fmt.Errorf("%s: %w", p, ErrOutside)
	}
	return filepath.ToSlash(rel), nil
}

// Path is the operating system's path of the name n under r, for messages.
func (r *Root) Path(n string) string {
	if r.root == nil {
		return filepath.FromSlash(n)
	}
	return filepath.Join(r.dir, filepath.FromSlash(n))
}

// name checks a slash-separated name and converts it for os.Root (or, for
// Unrooted, for the operating system).
func (r *Root) name(n string) (string, error) {
	if r.root == nil {
		if n == "" {
			return "", fmt.Errorf("empty path: %w", fs.ErrNotExist)
		}
		return filepath.FromSlash(n), nil
	}
	if n == "" || path.IsAbs(n) || strings.HasPrefix(path.Clean(n), "../") || path.Clean(n) == ".." {
		return "", fmt.Errorf("%s: %w", n, ErrOutside)
	}
	return filepath.FromSlash(path.Clean(n)), nil
}

// The operations of the operating system, through the root when there is
// one.

func (r *Root) openFile(p string, flag int, perm fs.FileMode) (*os.File, error) {
	if r.root == nil {
		return os.OpenFile(p, flag, perm)
	}
	f, err := r.root.OpenFile(p, flag, perm)
	return f, outside(p, err)
}

// outside makes os.Root's refusal of a name that leads out of the root (a
// "..", or a symbolic link that is absolute or climbs out) ErrOutside, so
// that a caller can tell it from a missing file.
func outside(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err.Error() == "path escapes from parent" {
		return fmt.Errorf("%s: %w", p, ErrOutside)
	}
	return err
}

func (r *Root) lstat(p string) (fs.FileInfo, error) {
	if r.root == nil {
		return os.Lstat(p)
	}
	return r.root.Lstat(p)
}

func (r *Root) stat(p string) (fs.FileInfo, error) {
	if r.root == nil {
		return os.Stat(p)
	}
	info, err := r.root.Stat(p)
	return info, outside(p, err)
}

func (r *Root) remove(p string) error {
	if r.root == nil {
		return os.Remove(p)
	}
	return r.root.Remove(p)
}

func (r *Root) mkdirAll(p string, perm fs.FileMode) error {
	if r.root == nil {
		return os.MkdirAll(p, perm)
	}
	return r.root.MkdirAll(p, perm)
}

// open opens the named file with flag, without blocking on a FIFO, and
// returns it with what Stat says of the open file.
func (r *Root) open(n string, flag int, perm fs.FileMode) (*os.File, fs.FileInfo, error) {
	p, err := r.name(n)
	if err != nil {
		return nil, nil, err
	}
	if hook := testHook.Load(); hook != nil {
		(*hook)(r.dir, n)
	}
	f, err := r.openFile(p, flag|openNonblock, perm)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// openRegular is open for a regular file: anything else is closed and
// refused with ErrNotRegular.
func (r *Root) openRegular(n string, flag int, perm fs.FileMode) (*os.File, fs.FileInfo, error) {
	f, info, err := r.open(n, flag, perm)
	if err != nil {
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
// caller can tell later whether the file changed. With ErrTooLarge it
// returns the first limit+1 bytes.
func (r *Root) ReadFile(n string, limit int64) ([]byte, fs.FileInfo, error) {
	text, info, _, err := r.ReadFileSince(n, limit, nil)
	return text, info, err
}

// ReadFileSince is ReadFile for a caller that keeps what it made of the
// file when it read it before, as prev: when the open file is still that
// one (Same), it reads nothing and reports unchanged. The file is opened
// once either way. With ErrTooLarge it returns the first limit+1 bytes,
// for a caller that reports on them.
func (r *Root) ReadFileSince(n string, limit int64, prev fs.FileInfo) (text []byte, info fs.FileInfo, unchanged bool, err error) {
	f, info, err := r.openRegular(n, os.O_RDONLY, 0)
	if err != nil {
		return nil, nil, false, err
	}
	defer f.Close()
	info = withChangeTime(f, info)
	if Same(prev, info) {
		return nil, info, true, nil
	}
	text, err = ReadLimited(f, limit)
	if err != nil {
		return text, info, false, fmt.Errorf("%s: %w", n, err)
	}
	return text, info, false, nil
}

// Same reports whether two descriptions are of the same file, unchanged:
// the same file (device and inode; volume and file index on Windows),
// size, modification time and, where the system keeps one, change time
// (the inode's on Unix; on Windows the one ReadFileSince asks of the open
// file). A nil description is the same as nothing.
func Same(a, b fs.FileInfo) bool {
	if a == nil || b == nil || !os.SameFile(statOf(a), statOf(b)) || a.Size() != b.Size() || !a.ModTime().Equal(b.ModTime()) {
		return false
	}
	as, an := changeTime(a)
	bs, bn := changeTime(b)
	return as == bs && an == bn
}

// statOf returns what Stat said of a file, without what withChangeTime
// added: os.SameFile only knows the former.
func statOf(info fs.FileInfo) fs.FileInfo {
	if w, ok := info.(interface{ Unwrap() fs.FileInfo }); ok {
		return w.Unwrap()
	}
	return info
}

// ReadNamed reads the file n of at most limit bytes, whatever its kind but
// a folder: it is for a file a person named on the command line, which may
// be a FIFO (a shell's <(...)) or a device. It reads no more than limit+1
// bytes of it either way.
func (r *Root) ReadNamed(n string, limit int64) ([]byte, error) {
	f, info, err := r.open(n, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info.IsDir() {
		return nil, fmt.Errorf("%s: %w", n, ErrNotRegular)
	}
	text, err := ReadLimited(f, limit)
	if err != nil {
		return text, fmt.Errorf("%s: %w", n, err)
	}
	return text, nil
}

// ReadLimited reads r to its end, failing with ErrTooLarge as soon as more
// than limit bytes arrive: it never holds more than limit+1 bytes, and
// returns them with the error so that a caller can show the start.
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	text, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(text)) > limit {
		return text, ErrTooLarge
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

// Describe returns what the name n leads to, following symbolic links
// inside r, without opening it: only to tell a person what was skipped
// (a link to a folder), never to decide what to read.
func (r *Root) Describe(n string) (fs.FileInfo, error) {
	p, err := r.name(n)
	if err != nil {
		return nil, err
	}
	return r.stat(p)
}

// Exists reports whether anything at all has the name n under r, following
// symbolic links inside r. A fix uses it to pick a name that is free.
func (r *Root) Exists(n string) bool {
	p, err := r.name(n)
	if err != nil {
		return true // not ours to take
	}
	_, err = r.lstat(p)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

// ReadDir lists the folder n (slash-separated; "." for the root) by name,
// reading at most max entries (all of them for max <= 0).
func (r *Root) ReadDir(n string, max int) ([]fs.DirEntry, error) {
	if n == "" {
		n = "."
	}
	f, info, err := r.open(n, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", n)
	}
	entries, err := f.ReadDir(max)
	if err == io.EOF {
		err = nil // an empty folder is no error
	}
	return entries, err
}

// CreateExclusive creates the file n with text and mode perm, creating its
// missing parent folders. It never replaces anything: when n exists it
// fails with an error that matches fs.ErrExist. The data is synced before
// it returns.
func (r *Root) CreateExclusive(n string, text []byte, perm fs.FileMode) error {
	p, err := r.name(n)
	if err != nil {
		return err
	}
	if dir := filepath.Dir(p); dir != "." {
		if err := r.mkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if hook := testHook.Load(); hook != nil {
		(*hook)(r.dir, n)
	}
	f, err := r.openFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		r.remove(p)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		r.remove(p)
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
	p, err := r.name(n)
	if err != nil {
		return err
	}
	return r.remove(p)
}

// testHook, when a test sets it, runs just before a file is opened, so
// that a test can swap what the name leads to at the worst moment,
// deterministically.
var testHook atomic.Pointer[func(dir, name string)]

// SetTestHook makes hook run just before every open of a file by any Root,
// with the root's folder ("" for Unrooted) and the name, until restore is
// called. It is for tests of the packages that read through fsroot, to
// swap a file for a FIFO or a link at the worst moment; dockwarden itself
// never sets it.
func SetTestHook(hook func(dir, name string)) (restore func()) {
	testHook.Store(&hook)
	return func() { testHook.Store(nil) }
}
