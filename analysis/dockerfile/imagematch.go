package dockerfile

import (
	"path"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/internal/glob"
)

// MatchImage reports whether ref is one of the images a configuration
// pattern names. The pattern is an image reference whose name and tag may
// hold glob wildcards: "*" within one path segment, "**" for any number of
// segments. Names are compared the way Docker resolves them, so "nginx",
// "library/nginx" and "docker.io/library/nginx" are the same image; a
// pattern without a tag matches every tag and digest of the image, a
// pattern with one ("acme/base:*-nonroot") only matching tags.
func MatchImage(pattern string, ref ImageRef) bool {
	p := ParseImageRef(strings.TrimSpace(pattern))
	if p.Path == "" || !glob.Match(canonicalName(p), canonicalName(ref)) {
		return false
	}
	if p.Tag == "" {
		return true
	}
	ok, err := path.Match(p.Tag, ref.Tag)
	return err == nil && ok
}

// ValidImagePattern reports whether pattern is a well-formed MatchImage
// pattern.
func ValidImagePattern(pattern string) bool {
	if pattern == "" || strings.ContainsAny(pattern, " \t\n\r@") {
		return false
	}
	p := ParseImageRef(pattern)
	if p.Path == "" || !glob.Valid(canonicalName(p)) {
		return false
	}
	_, err := path.Match(p.Tag, "")
	return err == nil
}

// canonicalName is the registry and path of ref with Docker Hub's implicit
// parts written out: "docker.io/library/nginx".
func canonicalName(r ImageRef) string {
	if r.DockerHub() {
		repo := r.Path
		if !strings.Contains(repo, "/") {
			repo = "library/" + repo
		}
		return "docker.io/" + repo
	}
	return r.Registry + "/" + r.Path
}

// HasTagWord reports whether tag is one of words, or one of its "-" or "_"
// separated words is, compared case-insensitively: with words ["weekly"],
// "weekly" and "weekly-alpine" match, "weeklyish" does not. It extends
// IsFloatingTag with the floating tags a configuration adds.
func HasTagWord(tag string, words []string) bool {
	if tag == "" || len(words) == 0 {
		return false
	}
	tag = strings.ToLower(tag)
	parts := strings.FieldsFunc(tag, func(r rune) bool { return r == '-' || r == '_' })
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" {
			continue
		}
		if w == tag {
			return true
		}
		for _, p := range parts {
			if p == w {
				return true
			}
		}
	}
	return false
}
