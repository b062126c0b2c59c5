package buildcontext

import (
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		p    string
		dir  bool
		want Kind
	}{
		{".env", false, Credential},
		{"api/.env", false, Credential},
		{".env.local", false, Credential},
		{".env.production", false, Credential},
		{".env.example", false, NotSecret},
		{".env.sample", false, NotSecret},
		{".env.template", false, NotSecret},
		{".env.dist", false, NotSecret},
		{".env.local.example", false, NotSecret},
		{".env", true, NotSecret}, // a folder of that name holds what it holds
		{"permanent_data.env", false, NotSecret},
		{"server.key", false, Credential},
		{"repo-signing.key", false, NotSecret},
		{"public.key", false, NotSecret},
		{"privkey.pem", false, Maybe},
		{"shared_key.pem", false, Maybe},
		{"server.pem", false, Maybe},
		{"cert.pem", false, NotSecret},
		{"fullchain.pem", false, NotSecret},
		{"ca.pem", false, NotSecret},
		{"server-cert.pem", false, NotSecret},
		{"ffdhe4096.pem", false, NotSecret},
		{"dhparam.pem", false, NotSecret},
		{"keystore.p12", false, Credential},
		{"site.PFX", false, Credential},
		{"id_rsa", false, Credential},
		{"deploy/id_ed25519_ci", false, Credential},
		{"id_rsa.pub", false, NotSecret},
		{".npmrc", false, Maybe},
		{".pypirc", false, Credential},
		{".netrc", false, Credential},
		{".git-credentials", false, Credential},
		{".aws", true, Credential},
		{".aws", false, NotSecret},
		{"home/.ssh", true, Credential},
		{".docker/config.json", false, Credential},
		{"config.json", false, NotSecret},
		{"infra/terraform.tfstate", false, Credential},
		{"terraform.tfstate.backup", false, Credential},
		{".git", true, Maybe},
		{".git", false, NotSecret}, // a worktree's or submodule's pointer file
		{"README.md", false, NotSecret},
	} {
		if got := Classify(c.p, c.dir); got != c.want {
			t.Errorf("Classify(%q, dir %v) = %v, want %v", c.p, c.dir, got, c.want)
		}
	}
}

// TestMatcherIsBuildKits checks the ignore file semantics the rule relies
// on, as BuildKit applies them: patterns anchored at the context's root,
// ** across folders, a leading / dropped, ! exceptions, the last match
// winning, and a folder's exclusion covering what is in it.
func TestMatcherIsBuildKits(t *testing.T) {
	for _, c := range []struct {
		ignore   string
		excluded []string
		kept     []string
	}{
		{"*.key\n", []string{"a.key"}, []string{"sub/a.key"}},
		{"**/*.key\n", []string{"a.key", "sub/deep/a.key"}, []string{"a.pem"}},
		{"/.env\n", []string{".env"}, []string{"api/.env"}},
		{"  .env  \n# .git\n", []string{".env"}, []string{".git"}},
		{"config\n!config/app.key\n", []string{"config/other.key", "config"}, []string{"config/app.key"}},
		{"*\n!src\n", []string{"secrets/id_rsa", ".env"}, []string{"src/.env", "src"}},
		{"!src/.env\nsrc\n", []string{"src/.env"}, nil}, // the last match wins
		{"./secrets/../secrets/\n", []string{"secrets/id_rsa"}, nil},
		{"\ufeff.env\n", []string{".env"}, nil},
	} {
		patterns, err := ReadIgnore([]byte(c.ignore))
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewMatcher(patterns)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range c.excluded {
			if !m.Excludes(p) {
				t.Errorf("%q: %s is not excluded", c.ignore, p)
			}
		}
		for _, p := range c.kept {
			if m.Excludes(p) {
				t.Errorf("%q: %s is excluded", c.ignore, p)
			}
		}
	}
	if _, err := NewMatcher([]string{"[a-"}); err == nil {
		t.Error("a malformed pattern was accepted; BuildKit fails the build on it")
	}
}

// TestEscapePattern: each name gets a pattern that excludes it alone. The
// test runs with the matcher's rules of the system it runs on, so the
// Windows tests (make test-windows) check the patterns as a build from
// Windows reads them.
func TestEscapePattern(t *testing.T) {
	names := []string{".env", "a b/.env", "weird[1]/id_rsa", "[x]/id_rsa", "#notes.key", "x#y.key"}
	if runtime.GOOS != "windows" {
		// Names no Windows file can have: a build from Windows never
		// meets them.
		names = append(names, "star*.pem", "q?.key")
	}
	for _, name := range names {
		pattern, ok := EscapePattern(name)
		if !ok {
			t.Errorf("%q: no pattern", name)
			continue
		}
		patterns, err := ReadIgnore([]byte(pattern + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewMatcher(patterns)
		if err != nil {
			t.Fatalf("%q: %v", pattern, err)
		}
		if !m.Excludes(name) {
			t.Errorf("pattern %q does not exclude %q", pattern, name)
		}
		if name != "star*.pem" && m.Excludes("other.key") {
			t.Errorf("pattern %q excludes more than %q", pattern, name)
		}
		if name == "star*.pem" && m.Excludes("starry.pem") {
			t.Errorf("pattern %q is a glob", pattern)
		}
	}
	for _, name := range []string{" lead.key", "trail.key ", `back\slash.key`, "!bang.key", ""} {
		if _, ok := EscapePattern(name); ok {
			t.Errorf("%q: a pattern that cannot name it exactly", name)
		}
	}
}

// mapFolder lists an in-memory tree, counting the folders it reads.
type mapFolder struct {
	fsys  fstest.MapFS
	reads *[]string
}

func (m mapFolder) ReadDir(name string, max int) ([]fs.DirEntry, error) {
	*m.reads = append(*m.reads, name)
	entries, err := fs.ReadDir(m.fsys, name)
	if max > 0 && len(entries) > max {
		entries = entries[:max]
	}
	return entries, err
}

func list(t *testing.T, files []string, ignore string, lim Limits) (Listing, []string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys["ctx/"+f] = &fstest.MapFile{}
	}
	patterns, err := ReadIgnore([]byte(ignore))
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMatcher(patterns)
	if err != nil {
		t.Fatal(err)
	}
	var reads []string
	return List(mapFolder{fsys, &reads}, "ctx", m, lim), reads
}

func TestList(t *testing.T) {
	files := []string{
		".env", ".env.example", "id_rsa.pub", "src/.env.local", "src/app.js", ".git/HEAD", ".git/config",
		"node_modules/tls/test/server.key", "data/big/dump.pem", "keep/id_ed25519", ".aws/credentials",
	}
	got, reads := list(t, files, "data\n", DefaultLimits)
	want := []string{".aws/", ".env", ".git/", "keep/id_ed25519", "src/.env.local"}
	if !slices.Equal(got.Secrets, want) || got.Partial {
		t.Errorf("listing %+v, want %v and complete", got, want)
	}
	for _, r := range reads {
		for _, never := range []string{"node_modules", "data", ".git", ".aws"} {
			if strings.HasPrefix(r, "ctx/"+never) {
				t.Errorf("read %s: third-party, excluded and secret folders are not entered", r)
			}
		}
	}

	// With an exception, an excluded folder is entered when the exception
	// could match below it, and not otherwise.
	got, reads = list(t, files, "*\n!src\n", DefaultLimits)
	if !slices.Equal(got.Secrets, []string{"src/.env.local"}) {
		t.Errorf("allow-list: %v", got.Secrets)
	}
	if slices.Contains(reads, "ctx/keep") || !slices.Contains(reads, "ctx/src") {
		t.Errorf("allow-list: read %v", reads)
	}
}

func TestListBounds(t *testing.T) {
	var files []string
	for i := range 50 {
		files = append(files, fmt.Sprintf("pkg%02d/file.txt", i))
	}
	files = append(files, ".env", "a/b/c/d/e/id_rsa")
	got, _ := list(t, files, "", Limits{Entries: 20, Depth: 16})
	if !got.Partial || got.Entries > 20 || !slices.Contains(got.Secrets, ".env") {
		t.Errorf("entry bound: %+v; want partial, at most 20 entries, and the root's .env seen first", got)
	}
	got, _ = list(t, files, "", Limits{Entries: 1000, Depth: 3})
	if !got.Partial || slices.Contains(got.Secrets, "a/b/c/d/e/id_rsa") {
		t.Errorf("depth bound: %+v", got)
	}
}
