// Package fileuri converts between absolute file paths and file: URIs
// (RFC 8089), the one place the server, the CLI and the test editor do so.
//
// Editors on Windows write the same file in several ways: VS Code sends
// file:///c%3A/Users/me/x (drive letter in lower case, colon escaped),
// Neovim and most others file:///C:/Users/me/x. Path turns each into the
// same path, with the drive letter in upper case, so that paths from
// different editors' URIs, and from the workspace folder's, compare equal.
package fileuri

import (
	"net/url"
	"path"
	"runtime"
	"strings"
)

// windows is whether paths are Windows paths. The functions below take it
// as an argument so that the Windows rules are tested on every system.
const windows = runtime.GOOS == "windows"

// FromPath returns the file: URI of an absolute path: file:///C:/x for a
// Windows drive path, file://server/share/x for a UNC path, file:///x
// elsewhere, with the characters a URI path may not hold escaped.
func FromPath(abs string) string { return fromPath(abs, windows) }

// Path returns the absolute, clean path of a file: URI, and false for a URI
// of another scheme, one that names a file on another host (except a UNC
// path on Windows), or one whose path is not absolute.
func Path(uri string) (string, bool) { return toPath(uri, windows) }

func fromPath(abs string, windows bool) string {
	u := url.URL{Scheme: "file", Path: abs}
	if windows {
		p := strings.ReplaceAll(abs, `\`, "/")
		if host, rest, ok := strings.Cut(strings.TrimPrefix(p, "//"), "/"); ok && strings.HasPrefix(p, "//") {
			u.Host, p = host, "/"+rest // \\server\share\x
		} else if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x
		}
		u.Path = p
	}
	return u.String()
}

func toPath(uri string, windows bool) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.Opaque != "" {
		return "", false
	}
	p := u.Path
	host := u.Host
	if strings.EqualFold(host, "localhost") {
		host = ""
	}
	if !windows {
		if host != "" || !strings.HasPrefix(p, "/") {
			return "", false
		}
		return path.Clean(p), true
	}
	switch {
	case isDrive(host):
		p = "/" + host + p // file://C:/x, which some clients write
	case host != "":
		if len(p) < 2 {
			return "", false
		}
		return `\\` + host + strings.ReplaceAll(path.Clean(p), "/", `\`), true
	}
	// file:///C:/x has the path /C:/x.
	if len(p) < 3 || p[0] != '/' || !isDrive(p[1:3]) {
		return "", false
	}
	p = path.Clean(p[1:]) // C:, C:/x
	if len(p) == 2 {
		p += "/"
	} else if p[2] != '/' {
		return "", false // C:x is relative to the drive's current folder
	}
	return strings.ToUpper(p[:1]) + strings.ReplaceAll(p[1:], "/", `\`), true
}

// isDrive reports whether s is a drive letter and a colon.
func isDrive(s string) bool {
	return len(s) == 2 && s[1] == ':' && ('a' <= s[0] && s[0] <= 'z' || 'A' <= s[0] && s[0] <= 'Z')
}
