// Package hosts holds what dockwarden knows about hosts a build downloads
// from: which of them are the build machine itself, and which well-known
// download hosts serve the same files over HTTPS, each with where that is
// documented. Rules ask it; no rule keeps its own list of hosts.
package hosts

import (
	"net/netip"
	"strings"
)

// httpsHosts are download hosts that serve HTTPS, each with a source
// that shows it: a widely used Dockerfile (repository, commit, path) or the
// project's own instructions downloading https:// URLs from that host. A
// plain http:// URL on one of them fetches the same file as https://.
var httpsHosts = map[string]string{
	"github.com":                "docker-library/postgres@6edb0a8 17/bookworm/Dockerfile: https://github.com/tianon/gosu/releases/download/",
	"raw.githubusercontent.com": "docker-library/docker@3289af8 29/dind/Dockerfile: https://raw.githubusercontent.com/docker/docker/",
	"bootstrap.pypa.io":         "blakeblackshear/frigate@e3fa701 docker/main/Dockerfile and pip's installation guide: https://bootstrap.pypa.io/get-pip.py",
	"pypi.org":                  "paperless-ngx/paperless-ngx@b0e0e8a Dockerfile: --index https://pypi.org/simple; pip's default index is https://pypi.org/simple",
	"registry.npmjs.org":        "npm's config documentation: the registry setting defaults to https://registry.npmjs.org/",
	"nodejs.org":                "nodejs/docker-node@f27d936 24/bookworm-slim/Dockerfile: https://nodejs.org/dist/v$NODE_VERSION/",
	"deb.nodesource.com":        "blakeblackshear/frigate@e3fa701 docker/main/Dockerfile: https://deb.nodesource.com/nsolid_setup_deb.sh",
	"repo1.maven.org":           "jupyter/docker-stacks@8209386 images/pyspark-notebook/Dockerfile: https://repo1.maven.org/maven2/; Maven Central refuses plain HTTP since January 2020",
	"repo.maven.apache.org":     "Maven Central refuses plain HTTP since January 2020 (Sonatype's announcement of HTTPS-only access)",
	"download.docker.com":       "docker-library/docker@3289af8 29/dind/Dockerfile: https://download.docker.com/linux/static/stable/",
	"get.docker.com":            "Docker's install guide, convenience script: curl -fsSL https://get.docker.com -o get-docker.sh",
	"dl.google.com":             "docker-library/golang Dockerfiles: https://dl.google.com/go/",
	"download.tensorflow.org":   "TensorFlow's model zoos and the projects using them fetch https://download.tensorflow.org/models/",
	"sh.rustup.rs":              "rustup's install instructions: curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs",
	"static.rust-lang.org":      "docker-library/rust Dockerfiles: https://static.rust-lang.org/rustup/archive/",
	"releases.hashicorp.com":    "hashicorp/docker-vault@ed32395 0.X/Dockerfile: https://releases.hashicorp.com/vault/",
	"download.redis.io":         "docker-library/redis@e920499 7.2/alpine/Dockerfile (its comment) and Redis's install guide: https://download.redis.io/releases/",
	"archive.apache.org":        "jupyter/docker-stacks@8209386 images/pyspark-notebook/Dockerfile: https://archive.apache.org/dist/spark/",
	"dlcdn.apache.org":          "jupyter/docker-stacks@8209386 images/pyspark-notebook/Dockerfile: https://dlcdn.apache.org/spark/",
	"downloads.apache.org":      "Apache's download pages: https://downloads.apache.org/ (releases and KEYS files)",
	"packages.microsoft.com":    "getredash/redash@ca79fe9 Dockerfile: https://packages.microsoft.com/keys/microsoft.asc",
}

// ServesHTTPS reports whether host (without a port; compared case
// insensitively) is known to serve its downloads over HTTPS too.
func ServesHTTPS(host string) bool {
	_, ok := httpsHosts[strings.ToLower(host)]
	return ok
}

// Loopback reports whether host names the build machine itself:
// localhost and names under .localhost (RFC 6761), 127.0.0.0/8, ::1, and
// 0.0.0.0 and ::, which connect to the local host.
func Loopback(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	addr, err := netip.ParseAddr(h)
	return err == nil && (addr.IsLoopback() || addr.IsUnspecified())
}

// Match reports whether host is one of patterns: a host name or address,
// compared case insensitively, or *.suffix for every name under suffix.
func Match(host string, patterns []string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	for _, p := range patterns {
		p = strings.ToLower(p)
		if suffix, ok := strings.CutPrefix(p, "*."); ok {
			if strings.HasSuffix(h, "."+suffix) {
				return true
			}
			continue
		}
		if h == p {
			return true
		}
	}
	return false
}

// ValidPattern reports whether p is a host pattern Match understands: a
// host name, an IPv4 or IPv6 address, or *. and a host name.
func ValidPattern(p string) bool {
	p = strings.TrimPrefix(p, "*.")
	if _, err := netip.ParseAddr(strings.Trim(p, "[]")); err == nil {
		return true
	}
	if p == "" || len(p) > 253 {
		return false
	}
	for _, label := range strings.Split(p, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
