// Package images is what dockwarden knows about widely used container
// images: who their process runs as, whether their entrypoint steps down
// from root and which capabilities that takes, where they must write when
// the root filesystem is read-only, how to check their health with the
// tools they ship, their port, and the non-root account they already
// have. The rules that fix a service or a Dockerfile read it here and keep
// no list of images of their own.
//
// The facts are one table (profiles.go), one Profile per image and tag
// family (postgres and postgres:*-alpine differ), each fact with the file
// of the image's own repository it was read from. A fact that was not
// read is unknown, and a rule that needs it must say so rather than guess.
package images

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/internal/glob"
)

// A Fact is one thing the table knows about an image and where it was
// read: Source names the file of the image's own repository (at a commit,
// with the lines) or the vendor's document it comes from. An empty Source
// means the fact is unknown, whatever Value holds.
type Fact[T any] struct {
	Value  T
	Source string
}

// Known reports whether the fact was read from a source.
func (f Fact[T]) Known() bool { return f.Source != "" }

// known returns the fact v read from source.
func known[T any](v T, source string) Fact[T] { return Fact[T]{Value: v, Source: source} }

// An Account is a user of an image, as its /etc/passwd has it.
type Account struct {
	Name string // "" when only the uid is known
	UID  int    // -1 when not known
	GID  int    // -1 when not known
}

// Root is uid 0.
var Root = Account{Name: "root", UID: 0, GID: 0}

// IsRoot reports whether a is root.
func (a Account) IsRoot() bool { return a.UID == 0 || a.Name == "root" }

// Spec is what a USER instruction or a compose user: writes for a: the
// name when there is one, else "uid:gid".
func (a Account) Spec() string {
	if a.Name != "" {
		return a.Name
	}
	return a.ids()
}

func (a Account) ids() string {
	switch {
	case a.UID < 0:
		return ""
	case a.GID < 0:
		return strconv.Itoa(a.UID)
	}
	return fmt.Sprintf("%d:%d", a.UID, a.GID)
}

// String is "node (1000:1000)", "nobody (65534)" or "1000:0".
func (a Account) String() string {
	ids := a.ids()
	switch {
	case a.Name == "":
		return ids
	case ids == "" || a.IsRoot():
		return a.Name
	}
	return a.Name + " (" + ids + ")"
}

// A StepDown is how an image that starts as root gives it up.
type StepDown struct {
	// By is what switches user: a tool the entrypoint script runs
	// ("gosu", "su-exec", "setpriv"), or "worker processes" when the
	// server's master process stays root and runs its workers as To.
	By string
	// To is the account it switches to.
	To string
	// Entrypoint is true when the image's entrypoint script does it: a
	// Dockerfile or compose file that replaces the entrypoint stops it.
	Entrypoint bool
}

// A Distro is the family of operating system an image is built on; it
// decides the tools a Dockerfile can run in it.
type Distro string

// Distros.
const (
	Alpine     Distro = "alpine"     // BusyBox adduser/addgroup, apk
	Debian     Distro = "debian"     // shadow useradd/groupadd, apt-get
	Ubuntu     Distro = "ubuntu"     // as Debian
	RHEL       Distro = "rhel"       // Red Hat family (UBI, Oracle Linux, Amazon Linux): dnf, microdnf or yum
	BusyBox    Distro = "busybox"    // BusyBox alone: adduser/addgroup, no package manager
	Distroless Distro = "distroless" // no shell, no package manager
	Scratch    Distro = "scratch"    // nothing at all
)

// Shell reports whether images of the family have /bin/sh.
func (d Distro) Shell() bool { return d != Distroless && d != Scratch && d != "" }

// A Data path is where an image keeps what must outlive the container.
type Data struct {
	Path string
	// Declared is true when the image declares the path a VOLUME, so
	// that Docker mounts an anonymous volume there when the service does
	// not mount one: it stays writable with a read-only root filesystem.
	Declared bool
}

// A Kind says what an image is for, which decides which facts can be
// known: a language runtime runs the user's program, whose port, writes
// and capabilities are the program's.
type Kind int

// Kinds.
const (
	Service Kind = iota // a server the image runs itself (postgres, nginx)
	Runtime             // a language runtime for the user's program (node, python)
	Build               // a toolchain for a build stage (golang)
	Base                // an operating system base (alpine, debian)
)

// A Profile is what the table knows about one image and tag family.
type Profile struct {
	// Image is the repository, as Docker Hub names it without
	// "library/" ("postgres", "nginxinc/nginx-unprivileged"), or a full
	// name for another registry ("gcr.io/distroless/base"). "*" stands for
	// one path segment.
	Image string
	// Variant are the tag words this family's tags have ("alpine";
	// "fpm", "alpine"); none for the default family. See Lookup.
	Variant []string
	// Since and Before bound the versions (the tag's leading number) the
	// profile describes: Since <= version < Before; empty for no bound. A
	// tag without a version (latest, alpine) is the newest.
	Since, Before string
	// Name is how fix titles name the image ("postgres").
	Name string
	Kind Kind

	Distro Fact[Distro]
	// User is who the image's process starts as.
	User Fact[Account]
	// StepDown is how it gives up root; a known zero value means it
	// does not.
	StepDown Fact[StepDown]
	// StepDownCaps are the capabilities the entrypoint needs, starting as
	// root, to prepare its files and switch user (CHOWN, SETUID, ...).
	StepDownCaps Fact[[]string]
	// ProcessCaps are those the main process needs (NET_BIND_SERVICE for a
	// root server on a port below 1024, SETUID/SETGID for a master process
	// that runs workers as another user).
	ProcessCaps Fact[[]string]
	// Writable are the paths outside its data volumes that the image must
	// write, so that a read-only root filesystem needs a tmpfs there.
	Writable Fact[[]string]
	// Data are the paths it keeps its data in.
	Data Fact[[]Data]
	// Port is the port it listens on by default; 0 known means none.
	Port Fact[int]
	// Health is a shell command, made of tools the image ships, that
	// exits 0 when the service is healthy. "{port}" stands for the port.
	// A health command that has to guess an HTTP path is not one.
	Health Fact[string]
	// Tools are the programs the image ships that can probe an HTTP
	// port: "curl", "wget" (GNU or BusyBox), "node", "python3".
	Tools Fact[[]string]
	// NonRoot is an account the image already has that USER (or compose
	// user:) can name while the image keeps working.
	NonRoot Fact[Account]

	// FileEnv is which variables the image also reads from the file
	// that NAME_FILE names, and who reads it.
	FileEnv Fact[FileEnv]
	// Auth is how the image's entrypoint sets the password of the service
	// it runs.
	Auth Fact[Auth]
}

// A FileEnv is the docker-library convention an image follows: a
// variable with one of Prefixes may be given as NAME_FILE, the path of a
// file that holds its value (a Compose secret's /run/secrets/<name>).
type FileEnv struct {
	Prefixes []string
	// Reader is who reads the file, when it is not root ("www-data (uid
	// 33)"): a secret file of mode 0600 owned by whoever runs compose
	// keeps that user out. Empty when the entrypoint reads it as root,
	// before it steps down, and passes the value on.
	Reader string
}

// Reads reports whether the image reads the variable name from
// name_FILE.
func (e FileEnv) Reads(name string) bool {
	for _, p := range e.Prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// An Auth is how an image's entrypoint sets up the password of its
// service.
type Auth struct {
	// Password is the variable it takes the administrator's password
	// from ("POSTGRES_PASSWORD").
	Password string
	// Random is the variable that makes it generate a random password
	// instead, printed once in the log ("MYSQL_RANDOM_ROOT_PASSWORD");
	// empty when it has none.
	Random string
	// AllowEmpty are the variables that let it leave the password empty
	// when set to any value that is not empty ("no" included).
	AllowEmpty []string
	// AppUser and AppPassword are the variables of the account it
	// creates for an application besides the administrator; empty when
	// it creates none.
	AppUser, AppPassword string
	// InitOnly is set when the entrypoint applies all of this only when it
	// creates the database: one that exists keeps what it was created
	// with.
	InitOnly bool
}

// Caps returns the capabilities the image needs once cap_drop: [ALL] is
// set when it starts as root: those of its step-down and of its process,
// sorted. ok is false when either is unknown.
func (p *Profile) Caps() (caps []string, ok bool) {
	if !p.StepDownCaps.Known() || !p.ProcessCaps.Known() {
		return nil, false
	}
	caps = append(caps, p.StepDownCaps.Value...)
	for _, c := range p.ProcessCaps.Value {
		if !slices.Contains(caps, c) {
			caps = append(caps, c)
		}
	}
	slices.Sort(caps)
	return caps, true
}

// HealthCommand returns the image's health command for port (the
// profile's own when port is 0); ok is false when it has none.
func (p *Profile) HealthCommand(port int) (string, bool) {
	if !p.Health.Known() || p.Health.Value == "" {
		return "", false
	}
	if port == 0 {
		port = p.Port.Value
	}
	cmd := p.Health.Value
	if strings.Contains(cmd, "{port}") {
		if port == 0 {
			return "", false
		}
		cmd = strings.ReplaceAll(cmd, "{port}", strconv.Itoa(port))
	}
	return cmd, true
}

// HasTool reports whether the image is known to ship tool.
func (p *Profile) HasTool(tool string) bool {
	return p.Tools.Known() && slices.Contains(p.Tools.Value, tool)
}

// mirrors are registries that serve Docker Hub's official images under
// the same names: Amazon ECR Public's copy of the Docker Official Images
// and Google's Docker Hub mirror. Other registries may hold anything
// under an official image's name, so their images are unknown.
var mirrors = map[string]string{
	"public.ecr.aws/docker/library/": "",
	"mirror.gcr.io/library/":         "",
	"mirror.gcr.io/":                 "",
}

// otherVariants are tag words of families no profile describes, whatever
// the image: Windows images.
var otherVariants = []string{"windowsservercore", "nanoserver", "ltsc"}

// Lookup returns the profile of the image ref names, or nil when the
// table has none: an image it does not describe, a name or tag built from
// a variable, a registry that is not Docker Hub or one of its mirrors, a
// tag of a family it does not describe (python:3.12-windowsservercore), or
// a digest without a tag, whose family cannot be told. The profile is
// shared by every caller: treat it as read-only.
func Lookup(ref string) *Profile {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.ContainsAny(ref, "${} \t") {
		return nil
	}
	r := dockerfile.ParseImageRef(ref)
	if r.Path == "" || r.Tag == "" && r.Digest != "" {
		return nil
	}
	name := canonical(r)
	tag := strings.ToLower(r.Tag)
	if tag == "" {
		tag = "latest"
	}
	words := tagWords(tag)
	version := tagVersion(tag)
	var family []*Profile
	for i := range table {
		if glob.Match(table[i].Image, name) {
			family = append(family, &table[i])
		}
	}
	variants := slices.Clone(otherVariants)
	for _, p := range family {
		variants = append(variants, p.Variant...)
	}
	for _, p := range family {
		if p.matches(words, variants, version) {
			return p
		}
	}
	return nil
}

// canonical is the name profiles are keyed by: the Docker Hub repository
// without "library/", or the registry and path for other registries.
func canonical(r dockerfile.ImageRef) string {
	if r.DockerHub() {
		return r.Repository()
	}
	full := r.Registry + "/" + r.Path
	for prefix := range mirrors {
		if rest, ok := strings.CutPrefix(full, prefix); ok && !strings.Contains(rest, "/") {
			return rest
		}
	}
	return full
}

// matches reports whether a tag of the given words and version belongs to
// p's family: it has every word of p.Variant and no other variant word of
// the image (so that postgres:17-alpine is not the Debian family, and
// python:3.12-windowsservercore is no family at all).
func (p *Profile) matches(words, variants []string, version []int) bool {
	for _, w := range p.Variant {
		if !slices.Contains(words, w) {
			return false
		}
	}
	for _, w := range words {
		if slices.Contains(variants, w) && !slices.Contains(p.Variant, w) {
			return false
		}
	}
	if version == nil {
		return p.Before == "" // the newest
	}
	if p.Since != "" && compareVersions(version, parseVersion(p.Since)) < 0 {
		return false
	}
	if p.Before != "" && compareVersions(version, parseVersion(p.Before)) >= 0 {
		return false
	}
	return true
}

// tagWords splits a tag at "-" and "_" and drops the release numbers
// glued to a word: "3.12-slim-bookworm" gives 3.12, slim, bookworm;
// "17-alpine3.20" gives 17, alpine; "ubi9-minimal" gives ubi, minimal.
func tagWords(tag string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(tag, func(r rune) bool { return r == '-' || r == '_' }) {
		if trimmed := strings.TrimRight(w, "0123456789."); trimmed != "" && trimmed != "v" {
			w = trimmed
		}
		out = append(out, w)
	}
	return out
}

// tagVersion reads the version a tag starts with ("17.2-alpine" gives
// [17 2], "v3.6" gives [3 6]); nil when it starts with a word (latest,
// alpine, bookworm).
func tagVersion(tag string) []int {
	first, _, _ := strings.Cut(tag, "-")
	first = strings.TrimPrefix(first, "v")
	return parseVersion(first)
}

func parseVersion(s string) []int {
	var out []int
	for _, part := range strings.Split(s, ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			break
		}
		out = append(out, n)
	}
	return out
}

// compareVersions compares a and b part by part, a missing part counting
// as 0 (17 == 17.0).
func compareVersions(a, b []int) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y int
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return x - y
		}
	}
	return 0
}

// Profiles returns a copy of the table, for documentation and tests.
func Profiles() []Profile { return slices.Clone(table) }
