// Package glob matches slash-separated names (file paths relative to a
// configuration file, image names) against the patterns users write in
// dockwarden's configuration: a segment "**" stands for any number of
// segments, zero included; every other segment is matched against one
// segment with the syntax of path.Match (*, ?, [a-z], \ escapes).
package glob

import (
	"path"
	"strings"
)

// Valid reports whether every segment of pattern is well formed.
func Valid(pattern string) bool {
	for _, seg := range strings.Split(pattern, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return false
		}
	}
	return true
}

// Match reports whether name matches pattern as a whole. A malformed
// pattern matches nothing.
func Match(pattern, name string) bool {
	return match(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func match(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for len(pat) > 0 && pat[0] == "**" {
				pat = pat[1:]
			}
			if len(pat) == 0 {
				return true
			}
			for i := range len(name) + 1 {
				if match(pat, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
