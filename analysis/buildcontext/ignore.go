package buildcontext

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// IgnoreName is the ignore file at the root of a build context.
const IgnoreName = ".dockerignore"

// DockerfileIgnore is the name of the ignore file that belongs to the
// Dockerfile named base, beside it: when it exists BuildKit reads it in
// place of the context's .dockerignore (moby/buildkit
// frontend/dockerui/config.go, which reads bctx.filename+".dockerignore"
// with the Dockerfile and keeps it when found).
func DockerfileIgnore(base string) string { return base + ".dockerignore" }

// ReadIgnore reads the patterns of an ignore file as BuildKit does
// (moby/patternmatcher's ignorefile.ReadAll, which BuildKit calls): a
// byte order mark is dropped, lines starting with # are comments, each
// pattern is trimmed and cleaned, a leading / is dropped, and ! marks an
// exception.
func ReadIgnore(text []byte) ([]string, error) {
	return ignorefile.ReadAll(bytes.NewReader(text))
}

// A Matcher says which entries of a context its ignore file keeps out of
// the build. It uses moby/patternmatcher, the matcher BuildKit itself
// applies, so that "**", "!" exceptions and the last pattern winning
// behave exactly as in a build. The zero of *Matcher (nil) excludes
// nothing: a context without an ignore file.
type Matcher struct {
	pm       *patternmatcher.PatternMatcher
	patterns []string
}

// NewMatcher returns the matcher of patterns as ReadIgnore gives them; an
// invalid pattern (BuildKit fails the build on it) is an error.
func NewMatcher(patterns []string) (*Matcher, error) {
	if len(patterns) == 0 {
		return nil, nil
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return nil, err
	}
	return &Matcher{pm: pm, patterns: patterns}, nil
}

// Excludes reports whether the entry p (slash-separated, relative to the
// context) is kept out of the build: a pattern matches it or a folder
// above it, and no later exception brings it back.
func (m *Matcher) Excludes(p string) bool {
	if m == nil {
		return false
	}
	ok, err := m.pm.MatchesOrParentMatches(p)
	return err == nil && ok
}

// skips reports whether nothing under the folder dir can be part of the
// build: the folder is excluded and no exception can match anything
// below it, so that a listing need not enter it.
func (m *Matcher) skips(dir string) bool {
	if !m.Excludes(dir) {
		return false
	}
	if !m.pm.Exclusions() {
		return true
	}
	for _, p := range m.patterns {
		if strings.HasPrefix(p, "!") && mayMatchUnder(strings.TrimPrefix(p, "!"), dir) {
			return false
		}
	}
	return true
}

// mayMatchUnder reports whether pattern could match dir or an entry below
// it, judging it segment by segment up to the first "**".
func mayMatchUnder(pattern, dir string) bool {
	pat := strings.Split(pattern, "/")
	for i, seg := range strings.Split(dir, "/") {
		if i >= len(pat) {
			return true // the pattern names a folder above dir
		}
		if strings.Contains(pat[i], "**") {
			return true
		}
		if ok, err := path.Match(pat[i], seg); err != nil || !ok {
			return false
		}
	}
	return true
}

// EscapePattern writes the entry p (relative to the context) as an ignore
// pattern that matches it alone, wherever the build runs. The patterns
// are applied by the client that sends the context (tonistiigi/fsutil's
// filter.go, with moby/patternmatcher), which reads a backslash as "the
// next character itself" only where "/" separates folders; on Windows it
// is one more separator (filepath.Match disables escaping there). So
// "[" is written as the class "[[]" and a leading "#" as "[#]", which read
// the same everywhere; "*" and "?", which no Windows file name can hold,
// get a backslash. ok is false for a name no pattern can spell exactly
// everywhere: leading or trailing blanks, which the ignore file trims, a
// backslash, a separator on Windows, and a leading "!", which a build on
// Windows would read as an exception.
func EscapePattern(p string) (string, bool) {
	if p == "" || strings.TrimSpace(p) != p || strings.Contains(p, `\`) || strings.ContainsAny(p, "\r\n") || p[0] == '!' {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '[' || i == 0 && c == '#':
			b.WriteString("[" + string(c) + "]")
		case c == '*' || c == '?':
			b.WriteString(`\` + string(c))
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// MaxIgnoreFile bounds what is read of an ignore file: a larger one is
// not used, and the contexts it governs are not judged.
const MaxIgnoreFile = 1 << 20

// A FileReader reads a regular file by its name, through a limit;
// fsroot.Root is one.
type FileReader interface {
	ReadFile(name string, limit int64) ([]byte, fs.FileInfo, error)
}

// ReadIgnoreFile reads the ignore file name through r, within
// MaxIgnoreFile: exists is false when there is no such file, and err is
// set when there is one that cannot be used (too large, not a regular
// file, out of r's folder).
func ReadIgnoreFile(r FileReader, name string) (text []byte, exists bool, err error) {
	text, _, err = r.ReadFile(name, MaxIgnoreFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, false, nil
	case err != nil:
		return nil, true, err
	}
	return text, true, nil
}
