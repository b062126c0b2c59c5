package dockerfile

import (
	"net/url"
	"regexp"
	"strings"
)

// A SourceKind says where a source of ADD or COPY comes from, as BuildKit's
// dockerfile2llb decides it (convert_copy.go: a git ref first, then an
// HTTP(S) URL, else a path in the build context).
type SourceKind int

const (
	// LocalSource is a path or glob in the build context.
	LocalSource SourceKind = iota
	// HeredocSource is an inline file: `ADD <<EOF /dest`.
	HeredocSource
	// HTTPSource is an http:// or https:// URL that is not a git
	// repository. ADD downloads it and does not unpack it.
	HTTPSource
	// GitSource is a git repository: git://, ssh://, scp-like
	// user@host:path, or an http(s) URL whose path ends in ".git".
	GitSource
	// UnknownSource depends on a build argument whose value is not known,
	// so that it may be any of the above; rules must not judge it. Git refs
	// that BuildKit reads as local paths (`github.com/org/repo.git#v1`) are
	// unknown too: the author meant a repository that ADD will not fetch.
	UnknownSource
)

// A Source is one source argument of ADD or COPY.
type Source struct {
	Arg  Arg
	Kind SourceKind
	// Value is the argument with variables substituted and quotes
	// removed; when Known is false the unresolved references are left as
	// written.
	Value string
	Known bool
	// Heredoc is the here-document of a HeredocSource.
	Heredoc *Heredoc
	// GitRef is the ref a GitSource fetches (from "#ref[:subdir]" or the
	// ref, tag or branch query), empty for the default branch;
	// GitChecksum is a commit given by the checksum or commit query.
	GitRef      string
	GitChecksum string
}

// GitPinned reports whether a git source names an exact commit: its ref is
// a full commit id or it carries a checksum query. Branches, tags and refs
// built from variables can move.
func (s Source) GitPinned() bool {
	return s.GitChecksum != "" || IsCommitID(s.GitRef)
}

// IsCommitID reports whether ref is a full git object id: 40 (SHA-1) or 64
// (SHA-256) lower-case hex digits, the form BuildKit accepts as a commit.
func IsCommitID(ref string) bool {
	if len(ref) != 40 && len(ref) != 64 {
		return false
	}
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Sources returns the source arguments of a COPY or ADD instruction (every
// argument but the last, the destination), classified. Variables are
// substituted in the scope of the instruction at: the instruction itself
// for a top-level one; nil for an ONBUILD trigger, whose variables belong
// to a later build and are therefore unknown.
func (f *File) Sources(in, at *Instruction) []Source {
	if len(in.Args) < 2 {
		return nil
	}
	var out []Source
	for _, a := range in.Args[:len(in.Args)-1] {
		out = append(out, f.sourceOf(in, at, a))
	}
	return out
}

func (f *File) sourceOf(in, at *Instruction, a Arg) Source {
	s := Source{Arg: a}
	if strings.HasPrefix(a.Value, "<<") && !in.JSON {
		name := strings.Trim(strings.TrimPrefix(strings.TrimPrefix(a.Value, "<<"), "-"), `"'`)
		for i := range in.Heredocs {
			if in.Heredocs[i].Name == name {
				s.Kind, s.Heredoc, s.Value, s.Known = HeredocSource, &in.Heredocs[i], a.Value, true
				return s
			}
		}
	}
	raw := a.Value
	if in.JSON {
		// Exec-form elements are decoded already: no shell quotes to remove.
		s.Value, s.Known = raw, !strings.Contains(raw, "$")
		if at != nil && !s.Known {
			s.Value, s.Known = f.Expand(raw, at)
		}
	} else if at != nil {
		s.Value, s.Known = f.Expand(raw, at)
	} else {
		s.Value, s.Known = unquote(raw), !strings.Contains(raw, "$")
	}
	if !s.Known {
		// Judge what is written literally; a leading variable could be a
		// URL as well as a path.
		s.Value = unquote(raw)
		if strings.HasPrefix(s.Value, "$") {
			s.Kind = UnknownSource
			return s
		}
	}
	s.classify()
	return s
}

// unquote removes the shell quotes of a word, leaving everything else.
func unquote(word string) string {
	if !strings.ContainsAny(word, `"'`) {
		return word
	}
	var b strings.Builder
	var quote byte
	for i := 0; i < len(word); i++ {
		c := word[i]
		switch {
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote != 0 && c == quote:
			quote = 0
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

var (
	schemePattern = regexp.MustCompile(`^[a-zA-Z0-9]+://`)
	// scpPattern is git's scp-like syntax, user@host:path[?query][#fragment].
	scpPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]+@[a-zA-Z0-9.-]+:(.*?)(?:\?(.*?))?(?:#(.*))?$`)
)

// classify sets Kind and the git fields from Value.
func (s *Source) classify() {
	v := s.Value
	if strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") {
		s.Kind = LocalSource
		return
	}
	if scheme := schemePattern.FindString(v); scheme != "" {
		switch strings.ToLower(strings.TrimSuffix(scheme, "://")) {
		case "git", "ssh":
			s.Kind = GitSource
		case "http", "https":
			s.Kind = HTTPSource
			rest, _, _ := strings.Cut(v, "#")
			rest, _, _ = strings.Cut(rest, "?")
			if strings.HasSuffix(rest, ".git") {
				s.Kind = GitSource
			}
		default:
			// BuildKit reads an unknown scheme as a local path.
			s.Kind = LocalSource
			return
		}
		if s.Kind == GitSource {
			s.gitOptions(v)
		}
		return
	}
	if scpPattern.MatchString(v) {
		s.Kind = GitSource
		s.gitOptions(v)
		return
	}
	if strings.HasPrefix(v, "github.com/") || strings.Contains(v, ".git#") {
		s.Kind = UnknownSource
		return
	}
	s.Kind = LocalSource
}

// gitOptions reads the ref and checksum of a git source from its fragment
// ("#ref:subdir") and query (?ref=, ?tag=, ?branch=, ?checksum=, ?commit=).
func (s *Source) gitOptions(v string) {
	rest, fragment, _ := strings.Cut(v, "#")
	if fragment != "" {
		s.GitRef, _, _ = strings.Cut(fragment, ":")
	}
	_, query, ok := strings.Cut(rest, "?")
	if !ok {
		return
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return
	}
	for _, key := range []string{"ref", "tag", "branch"} {
		if r := q.Get(key); r != "" && s.GitRef == "" {
			s.GitRef = r
		}
	}
	for _, key := range []string{"checksum", "commit"} {
		if c := q.Get(key); c != "" {
			s.GitChecksum = c
		}
	}
}
