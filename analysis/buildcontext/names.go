// Package buildcontext is what dockwarden knows about the folder a build
// sends to the builder: which names in it look like secrets, which
// entries its ignore file keeps out (BuildKit's own matching), and how to
// list it within bounds. It reads nothing itself: a listing walks a
// Folder that the caller opens (fsroot in the server and the command
// line, the files of an archive in tests), so that the rules stay pure and
// every read stays where the caller bounds it.
package buildcontext

import (
	"path"
	"strings"
)

// A Kind says how sure a name is to hold a secret.
type Kind int

const (
	// NotSecret is any other name.
	NotSecret Kind = iota
	// Maybe is a name that holds a secret as often as harmless
	// configuration: a project's .npmrc (registry settings, or a token),
	// a .pem (a certificate, or its key), the .git folder (history that
	// may keep a secret that was removed, and remotes with credentials).
	// Sweeping one into an image by copying a folder is reported; naming
	// it in COPY is taken as meant.
	Maybe
	// Credential is a name that holds a secret by its nature: a private
	// key, a keystore, an environment file, a login file.
	Credential
)

// A secretName describes one family of secret-looking names.
type secretName struct {
	what  string // as the documentation names the family
	match func(base, p string, dir bool) bool
	kind  Kind
	// read is set for files that builds or running services read by
	// design (an .env the program loads, a TLS key it serves with, a
	// registry login npm install uses): keeping them out of the image
	// can break the build or the service, so that fix needs a decision.
	read bool
}

// names are the families of secret-looking names, as the DW116 row of the
// rule catalogue lists them (with id_ecdsa, id_dsa and .tfstate.backup,
// which hold the same secrets as their listed siblings).
var names = []secretName{
	{".env, .env.*", envFile, Credential, true},
	{"*.pem", func(b, _ string, dir bool) bool { return !dir && strings.HasSuffix(b, ".pem") && !publicName(b) }, Maybe, true},
	{"*.key", func(b, _ string, dir bool) bool { return !dir && strings.HasSuffix(b, ".key") && !publicName(b) }, Credential, true},
	{"*.p12, *.pfx", func(b, _ string, dir bool) bool {
		return !dir && (strings.HasSuffix(b, ".p12") || strings.HasSuffix(b, ".pfx"))
	}, Credential, true},
	{"id_rsa*, id_ed25519*", sshKey, Credential, false},
	{".npmrc", exact(".npmrc"), Maybe, true},
	{".pypirc, .netrc", func(b, _ string, dir bool) bool { return !dir && (b == ".pypirc" || b == ".netrc") }, Credential, true},
	{".git-credentials", exact(".git-credentials"), Credential, false},
	{".aws/, .ssh/", func(b, _ string, dir bool) bool { return dir && (b == ".aws" || b == ".ssh") }, Credential, false},
	{".docker/config.json", func(b, p string, dir bool) bool {
		return !dir && b == "config.json" && (p == ".docker/config.json" || strings.HasSuffix(p, "/.docker/config.json"))
	}, Credential, false},
	{"*.tfstate", func(b, _ string, dir bool) bool {
		return !dir && (strings.HasSuffix(b, ".tfstate") || strings.HasSuffix(b, ".tfstate.backup"))
	}, Credential, false},
	{".git/", func(b, _ string, dir bool) bool { return dir && b == ".git" }, Maybe, true},
}

func exact(name string) func(string, string, bool) bool {
	return func(b, _ string, dir bool) bool { return !dir && b == name }
}

// envTemplates are the suffixes of .env.<suffix> files that hold the
// names of the variables, not their values: committed on purpose, and
// often copied on purpose (COPY .env.example .env).
var envTemplates = []string{"example", "sample", "template", "dist"}

func envFile(b, _ string, dir bool) bool {
	if dir {
		return false
	}
	if b == ".env" {
		return true
	}
	rest, ok := strings.CutPrefix(b, ".env.")
	if !ok || rest == "" {
		return false
	}
	for _, t := range envTemplates {
		if rest == t || strings.HasPrefix(rest, t+".") || strings.HasSuffix(rest, "."+t) {
			return false
		}
	}
	return true
}

// sshKey matches OpenSSH's private key files, not their .pub halves.
func sshKey(b, _ string, dir bool) bool {
	if dir || strings.HasSuffix(b, ".pub") {
		return false
	}
	for _, prefix := range []string{"id_rsa", "id_ed25519", "id_ecdsa", "id_dsa"} {
		if strings.HasPrefix(b, prefix) {
			return true
		}
	}
	return false
}

// publicWords are words of a .pem or .key name that say it holds public
// material: a certificate, a chain, a CA bundle, Diffie-Hellman
// parameters, a public or signing key.
var publicWords = map[string]bool{
	"cert": true, "certs": true, "certificate": true, "crt": true, "chain": true, "fullchain": true,
	"ca": true, "cacert": true, "rootca": true, "bundle": true, "pub": true, "public": true, "pubkey": true,
	"dhparam": true, "dhparams": true, "gpg": true, "signing": true, "keyring": true, "asc": true,
}

// privateWords are words that say a .pem holds a private key.
var privateWords = map[string]bool{"key": true, "privkey": true, "private": true, "priv": true}

// publicName reports whether the words of a .pem or .key name say it
// holds public material (server-cert.pem, ca.pem, dhparam.pem,
// repo-signing.key), and none says it holds a private key.
func publicName(b string) bool {
	public := false
	for _, w := range words(b) {
		switch {
		case privateWords[w] && strings.HasSuffix(b, ".pem"):
			return false
		case publicWords[w], strings.HasSuffix(w, "cert"), strings.HasPrefix(w, "ffdhe"):
			public = true
		}
	}
	return public
}

// words splits a file name, extension included, at dots, dashes and
// underscores.
func words(b string) []string {
	return strings.FieldsFunc(b, func(r rune) bool { return r == '.' || r == '-' || r == '_' })
}

// lookup returns the family of the entry p (slash-separated, relative to
// the context; dir for a folder), or nil.
func lookup(p string, dir bool) *secretName {
	b := strings.ToLower(path.Base(p))
	lower := strings.ToLower(p)
	for i := range names {
		if names[i].match(b, lower, dir) {
			return &names[i]
		}
	}
	return nil
}

// Classify says how sure the name of the entry p (slash-separated,
// relative to the context; dir for a folder) is to hold a secret.
func Classify(p string, dir bool) Kind {
	if n := lookup(p, dir); n != nil {
		return n.kind
	}
	return NotSecret
}

// ReadByDesign reports whether the entry p is of a kind that builds or
// running services read by design (an .env, a TLS key, a registry
// login), so that keeping it out of an image can break one of them.
func ReadByDesign(p string, dir bool) bool {
	n := lookup(p, dir)
	return n != nil && n.read
}

// Families lists the families of secret-looking names, for documentation.
func Families() []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n.what
	}
	return out
}

// WatchGlobs are glob patterns (LSP's FileSystemWatcher syntax) of the
// files whose appearance, change or removal changes what a build context
// holds for DW116: ignore files, and the secret-looking names.
var WatchGlobs = []string{
	"**/" + IgnoreName, "**/*" + IgnoreName,
	"**/.env", "**/.env.*", "**/*.pem", "**/*.key", "**/*.p12", "**/*.pfx",
	"**/id_rsa*", "**/id_ed25519*", "**/id_ecdsa*", "**/id_dsa*",
	"**/.npmrc", "**/.pypirc", "**/.netrc", "**/.git-credentials",
	"**/.aws", "**/.ssh", "**/.git", "**/.docker/config.json", "**/*.tfstate", "**/*.tfstate.backup",
}

// Affects reports whether a change to the file or folder p (a path, any
// separator "/") can change what a build context holds for DW116: it is
// an ignore file, has a secret-looking name, or lies in a secret-looking
// folder.
func Affects(p string) bool {
	base := path.Base(p)
	if base == IgnoreName || strings.HasSuffix(base, IgnoreName) {
		return true
	}
	parts := strings.Split(p, "/")
	for i := range parts {
		sub := strings.Join(parts[:i+1], "/")
		if Classify(sub, true) != NotSecret || i == len(parts)-1 && Classify(sub, false) != NotSecret {
			return true
		}
	}
	return false
}
