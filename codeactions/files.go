package codeactions

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/buildcontext"
	"github.com/dockwarden/dockwarden/analysis/compose"
)

// Files is what ResolveFiles may know of the files beside a document:
// whether a name is taken and what a file holds. Names are slash-separated
// and relative to the document's folder. ResolveFiles asks, and never
// reads or writes anything itself; *fsroot.Root answers for the disk.
type Files interface {
	// Exists reports whether anything has the name.
	Exists(name string) bool
	// ReadFile returns the text of the regular file name, of at most
	// limit bytes; an error matching fs.ErrNotExist when it is missing.
	ReadFile(name string, limit int64) ([]byte, fs.FileInfo, error)
}

// MaxSideFile bounds what is read of a file a fix extends (.gitignore,
// .env): a larger one is not changed.
const MaxSideFile = 1 << 20

// maxFreeName bounds the search for a free name ("name-2.txt" ...).
const maxFreeName = 100

// A FileEdit is one change to a file beside the document, fitted to what
// the file holds: a file to create with its whole text, or text to add at
// the end of the file as it was read. Whoever applies a fix makes its
// FileEdits in order, all or none, before the fix's edits.
type FileEdit struct {
	Path   string      // slash-separated, relative to the document's folder
	Create bool        // the file is missing: create it, never replacing one
	Mode   fs.FileMode // of a created file
	Before []byte      // the file's text when it was read; nil when Create
	Text   string      // the text of a created file, or the text to append
}

// ResolveFiles fits the file changes of fix to the files beside its
// document, as analysis.FileChange describes: a created file whose name
// is taken gets a free name, a variable already set to another value gets
// a free name, and lines a file already holds are not added again. It
// returns the fix with its title and edits spelling the names chosen and
// its Files cleared, and the edits to make to the files, in order; a
// change that leaves its file as it is gives none. It fails when a name
// is unusable or a file cannot be read; the fix is then not to be
// applied at all.
func ResolveFiles(fix analysis.Fix, files Files) (analysis.Fix, []FileEdit, error) {
	changes := append([]analysis.FileChange(nil), fix.Files...)
	fix.Files = nil
	if len(changes) == 0 {
		return fix, nil, nil
	}
	r := resolver{files: files, texts: map[string][]byte{}, created: map[string]bool{}}
	// First the names, so that every text below spells the final ones.
	var renames []string
	for i, c := range changes {
		if err := checkPath(c.Path); err != nil {
			return fix, nil, err
		}
		switch c.Op {
		case analysis.CreateFile:
			free, err := r.freePath(c.Path)
			if err != nil {
				return fix, nil, err
			}
			r.created[free] = true
			if free != c.Path {
				renames = append(renames, c.Path, free)
				changes[i].Path = free
			}
		case analysis.SetVariable:
			free, err := r.freeVariable(c)
			if err != nil {
				return fix, nil, err
			}
			if free != c.Name {
				renames = append(renames, "${"+c.Name+"}", "${"+free+"}")
				changes[i].Name = free
			}
		}
	}
	if len(renames) > 0 {
		rn := strings.NewReplacer(renames...)
		fix.Title = rn.Replace(fix.Title)
		fix.Edits = append(fix.Edits[:0:0], fix.Edits...)
		for i := range fix.Edits {
			fix.Edits[i].NewText = rn.Replace(fix.Edits[i].NewText)
		}
		for i := range changes {
			// The text of a created file and the value of a variable are
			// data, never rewritten: only lines that name files are.
			if changes[i].Op == analysis.AppendLines {
				changes[i].Text = rn.Replace(changes[i].Text)
			}
		}
	}
	var out []FileEdit
	for _, c := range changes {
		e, ok, err := r.edit(c)
		if err != nil {
			return fix, nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return fix, out, nil
}

// A resolver remembers, while one fix is resolved, the names it took and
// the text its earlier changes gave each file.
type resolver struct {
	files   Files
	texts   map[string][]byte // the text of a file after the changes so far; nil: missing
	created map[string]bool
}

// read returns what a file holds now, nil when it is missing.
func (r *resolver) read(name string) ([]byte, error) {
	if text, ok := r.texts[name]; ok {
		return text, nil
	}
	text, _, err := r.files.ReadFile(name, MaxSideFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		text, err = nil, nil
	case err != nil:
		return nil, fmt.Errorf("%s: %w", name, err)
	case text == nil:
		text = []byte{}
	}
	r.texts[name] = text
	return text, nil
}

// freePath returns p, or when p is taken the first free name beside it:
// "secrets/db.txt", "secrets/db-2.txt", "secrets/db-3.txt"...
func (r *resolver) freePath(p string) (string, error) {
	ext := path.Ext(p)
	if ext == p || strings.HasSuffix(p, "/"+ext) {
		ext = "" // a dot file such as .env has no extension
	}
	stem := strings.TrimSuffix(p, ext)
	for n := 1; n <= maxFreeName; n++ {
		try := p
		if n > 1 {
			try = fmt.Sprintf("%s-%d%s", stem, n, ext)
		}
		if !r.created[try] && !r.files.Exists(try) {
			return try, nil
		}
	}
	return "", fmt.Errorf("%s: no free name beside it", p)
}

// freeVariable returns the name under which c's value can stand in its
// dotenv file: c.Name when the file does not set it or sets it to that
// value, else the first of NAME_2, NAME_3... that is free or has it.
func (r *resolver) freeVariable(c analysis.FileChange) (string, error) {
	text, err := r.read(c.Path)
	if err != nil {
		return "", err
	}
	for n := 1; n <= maxFreeName; n++ {
		name := c.Name
		if n > 1 {
			name = fmt.Sprintf("%s_%d", c.Name, n)
		}
		v, set, known := compose.DotEnvValue(text, name)
		if !set || known && v == c.Text {
			return name, nil
		}
	}
	return "", fmt.Errorf("%s: no free variable name for %s", c.Path, c.Name)
}

// edit returns the FileEdit that makes change c; ok is false when the file
// already is as c wants it.
func (r *resolver) edit(c analysis.FileChange) (FileEdit, bool, error) {
	mode := c.Mode
	if mode == 0 {
		mode = 0o644
	}
	if c.Op == analysis.CreateFile {
		r.texts[c.Path] = []byte(c.Text)
		return FileEdit{Path: c.Path, Create: true, Mode: mode, Text: c.Text}, true, nil
	}
	before, err := r.read(c.Path)
	if err != nil {
		return FileEdit{}, false, err
	}
	var lines []string
	switch c.Op {
	case analysis.SetVariable:
		if v, set, known := compose.DotEnvValue(before, c.Name); set && known && v == c.Text {
			return FileEdit{}, false, nil
		}
		lines = []string{compose.DotEnvLine(c.Name, c.Text)}
	case analysis.AppendLines:
		ignore := ignoreSyntax(c.Path)
		for _, l := range strings.Split(strings.TrimRight(c.Text, "\r\n"), "\n") {
			l = strings.TrimRight(l, "\r")
			if l == "" || holdsLine(before, l) || ignore != notIgnore && ignoreCovers(before, l, ignore) {
				continue
			}
			lines = append(lines, l)
		}
	default:
		return FileEdit{}, false, fmt.Errorf("%s: unknown change %d", c.Path, c.Op)
	}
	if len(lines) == 0 {
		return FileEdit{}, false, nil
	}
	nl := "\n"
	if bytes.Contains(before, []byte("\r\n")) {
		nl = "\r\n"
	}
	var text strings.Builder
	if len(before) > 0 && before[len(before)-1] != '\n' {
		text.WriteString(nl)
	}
	for _, l := range lines {
		text.WriteString(l + nl)
	}
	e := FileEdit{Path: c.Path, Create: before == nil, Text: text.String()}
	if e.Create {
		e.Mode = mode
	} else {
		e.Before = before
	}
	r.texts[c.Path] = append(append([]byte(nil), before...), text.String()...)
	return e, true, nil
}

// checkPath refuses a name that is not a clean relative path, or that is
// a folder above the document's rather than a file in one. A name may
// climb (../.dockerignore, the ignore file of a build context above the
// Dockerfile): Files decides whether it is still in the workspace.
func checkPath(p string) error {
	rest := p
	for strings.HasPrefix(rest, "../") {
		rest = strings.TrimPrefix(rest, "../")
	}
	if p == "" || path.IsAbs(p) || p != path.Clean(p) || rest == ".." || rest == "." {
		return fmt.Errorf("%q: not a path of a file", p)
	}
	return nil
}

// holdsLine reports whether text has a line equal to l, blanks around it
// aside.
func holdsLine(text []byte, l string) bool {
	l = strings.TrimSpace(l)
	for _, line := range strings.Split(string(text), "\n") {
		if strings.TrimSpace(line) == l {
			return true
		}
	}
	return false
}

// An ignoreKind is the pattern syntax of an ignore file.
type ignoreKind int

const (
	notIgnore    ignoreKind = iota
	gitIgnore               // a pattern without a slash matches at any depth
	dockerIgnore            // every pattern is relative to the context root
)

func ignoreSyntax(p string) ignoreKind {
	switch base := path.Base(p); {
	case base == ".gitignore":
		return gitIgnore
	case base == ".dockerignore" || strings.HasSuffix(base, ".dockerignore"):
		return dockerIgnore
	}
	return notIgnore
}

// ignoreCovers reports whether the ignore file text already ignores p (a
// path relative to the file's folder, or to the build context for a
// Docker ignore file) or a folder above it. A Docker ignore file is read
// with BuildKit's own matcher. For a .gitignore only the simple cases are
// judged: a file with any negation ("!") is never judged covered, since
// appending p is right whatever the negations say (the last matching
// pattern wins).
func ignoreCovers(text []byte, p string, kind ignoreKind) bool {
	if kind == dockerIgnore {
		return dockerIgnoreCovers(text, p)
	}
	covered := false
	for _, line := range strings.Split(string(text), "\n") {
		pat := strings.TrimSpace(line)
		switch {
		case pat == "" || strings.HasPrefix(pat, "#"):
			continue
		case strings.HasPrefix(pat, "!"):
			return false
		}
		anchored := strings.Contains(strings.Trim(pat, "/"), "/") || strings.HasPrefix(pat, "/")
		if rest, ok := strings.CutPrefix(pat, "**/"); ok {
			pat, anchored = rest, false
		}
		pat = strings.TrimPrefix(pat, "/")
		dirOnly := strings.HasSuffix(pat, "/") || strings.HasSuffix(pat, "/**")
		pat = strings.TrimSuffix(strings.TrimSuffix(pat, "/**"), "/")
		// p and each folder above it, outermost first.
		parts := strings.Split(p, "/")
		for i := range parts {
			q := strings.Join(parts[:i+1], "/")
			if dirOnly && q == p {
				continue
			}
			subject := q
			if !anchored {
				subject = parts[i]
			}
			if ok, err := path.Match(pat, subject); err == nil && ok {
				covered = true
			}
		}
	}
	return covered
}

// dockerIgnoreCovers reports whether the Docker ignore file text already
// excludes the entry that the pattern line names exactly (its
// backslash escapes removed).
func dockerIgnoreCovers(text []byte, line string) bool {
	patterns, err := buildcontext.ReadIgnore(text)
	if err != nil {
		return false
	}
	m, err := buildcontext.NewMatcher(patterns)
	if err != nil {
		return false
	}
	var p strings.Builder
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' && i+1 < len(line) {
			i++
		}
		p.WriteByte(line[i])
	}
	return m.Excludes(p.String())
}
