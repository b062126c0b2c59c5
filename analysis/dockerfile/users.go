package dockerfile

import (
	"path"
	"strings"
)

// IsRootUser reports whether a USER value (after variable substitution)
// makes the process run as root: its user part, before any ":group", is
// "root" or uid 0. The group does not matter (`USER 1000:0`, the OpenShift
// pattern, is not root), names are case-sensitive (`ROOT` is another
// user) and the match is exact (`rootless` is not root).
func IsRootUser(value string) bool {
	user, _, _ := strings.Cut(strings.TrimSpace(value), ":")
	if user == "root" {
		return true
	}
	if user == "" {
		return false
	}
	for i := 0; i < len(user); i++ {
		if user[i] != '0' {
			return false
		}
	}
	return true
}

// Options of useradd and adduser (shadow, Debian and BusyBox) that take a
// value, so that the value is not taken for the user name.
var userOptsWithValue = map[string]bool{
	"-b": true, "-c": true, "-d": true, "-e": true, "-f": true, "-g": true, "-G": true, "-h": true,
	"-k": true, "-K": true, "-p": true, "-R": true, "-P": true, "-s": true, "-u": true, "-Z": true,
	"--base-dir": true, "--comment": true, "--home-dir": true, "--home": true, "--expiredate": true,
	"--inactive": true, "--gid": true, "--groups": true, "--skel": true, "--key": true,
	"--password": true, "--root": true, "--prefix": true, "--shell": true, "--uid": true,
	"--selinux-user": true, "--ingroup": true, "--gecos": true, "--firstuid": true,
	"--lastuid": true, "--conf": true, "--add-extra-groups": false,
}

// UserCreatedBy returns the login a simple command creates when it is
// useradd or adduser (cmd[0], any directory): its first operand. It
// returns "" for other commands and for names built from variables, which
// a fix must not write.
func UserCreatedBy(cmd []string) string {
	if len(cmd) == 0 {
		return ""
	}
	switch path.Base(cmd[0]) {
	case "useradd", "adduser":
	default:
		return ""
	}
	for i := 1; i < len(cmd); i++ {
		w := cmd[i]
		if strings.HasPrefix(w, "-") {
			if userOptsWithValue[w] {
				i++
			}
			continue
		}
		if validUserName(w) {
			return w
		}
		return ""
	}
	return ""
}

// validUserName accepts the portable user names useradd accepts.
func validUserName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.') {
			continue
		}
		return false
	}
	return true
}
