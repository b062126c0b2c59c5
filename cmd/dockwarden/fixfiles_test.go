package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
)

// composeEnv loads dir/compose.yaml with compose-go's loader, the code
// docker compose runs, with the variables of dir/.env as docker compose
// reads them, and returns what each service's container is given: its
// environment, where a NAME_FILE pointing at a Compose secret counts as
// NAME with the content of the secret's file.
func composeEnv(t *testing.T, dir string) map[string]map[string]string {
	t.Helper()
	env := map[string]string{}
	if text, err := os.ReadFile(filepath.Join(dir, ".env")); err == nil {
		if env, err = dotenv.UnmarshalBytesWithLookup(text, nil); err != nil {
			t.Fatalf(".env: %v", err)
		}
	}
	text := readFile(t, dir, "compose.yaml")
	logrus.SetOutput(io.Discard)
	project, err := loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  dir,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(dir, "compose.yaml"), Content: []byte(text)}},
		Environment: env,
	}, func(o *loader.Options) { o.SetProjectName("fixcheck", true) })
	if err != nil {
		t.Fatalf("compose-go does not load the fixed compose.yaml: %v\n%s", err, text)
	}
	out := map[string]map[string]string{}
	for name, s := range project.Services {
		vars := map[string]string{}
		for k, v := range s.Environment {
			if v == nil {
				continue
			}
			if base, ok := strings.CutSuffix(k, "_FILE"); ok && strings.HasPrefix(*v, "/run/secrets/") {
				secret, ok := project.Secrets[strings.TrimPrefix(*v, "/run/secrets/")]
				if !ok {
					t.Errorf("service %s: %s=%s names no secret", name, k, *v)
					continue
				}
				content, err := os.ReadFile(secret.File)
				if err != nil {
					t.Errorf("service %s: %s: %v", name, k, err)
					continue
				}
				vars[base] = string(content)
				continue
			}
			vars[k] = *v
		}
		out[name] = vars
	}
	return out
}

// sameEnv checks that the services get what want says, variable by
// variable.
func sameEnv(t *testing.T, got, want map[string]map[string]string) {
	t.Helper()
	for svc, vars := range want {
		for k, v := range vars {
			if got[svc][k] != v {
				t.Errorf("service %s: %s is %q, want %q", svc, k, got[svc][k], v)
			}
		}
	}
}

// gitIgnored checks with git itself that each of names is ignored in dir.
func gitIgnored(t *testing.T, dir string, names ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Log("no git: .gitignore not checked with git")
		return
	}
	if out, err := exec.Command("git", "-C", dir, "init", "-q").CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	for _, n := range names {
		if out, err := exec.Command("git", "-C", dir, "check-ignore", "-q", n).CombinedOutput(); err != nil {
			t.Errorf("git does not ignore %s (%v %s):\n%s", n, err, out, readFile(t, dir, ".gitignore"))
		}
	}
	os.RemoveAll(filepath.Join(dir, ".git"))
}

func modeOf(t *testing.T, dir, name string) os.FileMode {
	t.Helper()
	info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}

// secretsProject has literal secrets of every kind DW215 moves: postgres
// reads POSTGRES_PASSWORD_FILE as root (a Compose secret), mongo reads
// its file as mongodb (.env is preferred), the API image has no _FILE
// (.env). A secret file and an API_TOKEN of other values are there
// already, and must be left as they are.
var secretsProject = map[string]string{
	"compose.yaml": "services:\n" +
		"  db:\n    image: postgres:17\n    environment:\n      POSTGRES_USER: shop\n      POSTGRES_PASSWORD: \"pg 'pw' $$1\"\n" +
		"  docs:\n    image: mongo:8\n    environment:\n      - MONGO_INITDB_ROOT_USERNAME=root\n      - MONGO_INITDB_ROOT_PASSWORD=m0ng0#pw\n" +
		"  api:\n    image: example/api:1.0\n    environment:\n      API_TOKEN: tok\\en\n      DATABASE_URL: postgres://shop:s3cret@db/shop\n",
	"secrets/postgres_password.txt": "an older password",
	".env":                          "API_TOKEN=another token\n",
	".gitignore":                    "node_modules/",
}

// secretsProjectEnv is what the services of secretsProject get.
var secretsProjectEnv = map[string]map[string]string{
	"db":   {"POSTGRES_USER": "shop", "POSTGRES_PASSWORD": "pg 'pw' $1"},
	"docs": {"MONGO_INITDB_ROOT_USERNAME": "root", "MONGO_INITDB_ROOT_PASSWORD": "m0ng0#pw"},
	"api":  {"API_TOKEN": `tok\en`, "DATABASE_URL": "postgres://shop:s3cret@db/shop"},
}

// TestFixMovesSecretsAndKeepsThem runs fix --unsafe on literal secrets of
// every kind: each value leaves compose.yaml and is on disk where the
// compose file now takes it from, with mode 0600 where fix created the
// file, git-ignored; nothing that was there is overwritten; the project
// still gives every service the same values.
func TestFixMovesSecretsAndKeepsThem(t *testing.T) {
	dir := writeTree(t, secretsProject)
	sameEnv(t, composeEnv(t, dir), secretsProjectEnv)
	stdout, stderr, code := runBin(t, dir, "fix", "--unsafe")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	compose := readFile(t, dir, "compose.yaml")
	for _, v := range []string{"pg 'pw'", "m0ng0#pw", `tok\en`, "s3cret"} {
		if strings.Contains(compose, v) {
			t.Errorf("compose.yaml still holds %q:\n%s", v, compose)
		}
	}
	sameEnv(t, composeEnv(t, dir), secretsProjectEnv)
	if got := readFile(t, dir, "secrets/postgres_password.txt"); got != "an older password" {
		t.Errorf("the existing secret file became %q", got)
	}
	if got := readFile(t, dir, "secrets/postgres_password-2.txt"); got != "pg 'pw' $1" {
		t.Errorf("secrets/postgres_password-2.txt = %q", got)
	}
	if runtime.GOOS != "windows" {
		if m := modeOf(t, dir, "secrets/postgres_password-2.txt"); m != 0o600 {
			t.Errorf("secret file mode %v, want 0600", m)
		}
	}
	env := readFile(t, dir, ".env")
	if !strings.HasPrefix(env, "API_TOKEN=another token\n") || !strings.Contains(env, "API_TOKEN_2=") || !strings.Contains(compose, "${API_TOKEN_2}") {
		t.Errorf("the API token must go to a new API_TOKEN_2, leaving API_TOKEN:\n%s\n%s", env, compose)
	}
	mustContain(t, "output", stdout, "compose.yaml: ", "  secrets/postgres_password-2.txt: created, mode 0600\n", "  .gitignore: 2 lines added\n", "  .env: 3 lines added\n")
	gitIgnored(t, dir, "secrets/postgres_password-2.txt", ".env")
	if got := readFile(t, dir, ".gitignore"); got != "node_modules/\nsecrets/postgres_password-2.txt\n.env\n" {
		t.Errorf(".gitignore = %q", got)
	}

	// A second run finds nothing to move.
	after := snapshot(t, dir)
	if stdout, _, code := runBin(t, dir, "fix", "--unsafe"); code != 0 || strings.Contains(stdout, "DW215") {
		t.Errorf("second run: exit %d\n%s", code, stdout)
	}
	sameFiles(t, "second run", snapshot(t, dir), after)
}

// TestFixNewEnvIsPrivate: a .env fix creates is mode 0600.
func TestFixNewEnvIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no modes")
	}
	dir := writeTree(t, map[string]string{"compose.yaml": "services:\n  api:\n    image: example/api:1.0\n    environment:\n      - SESSION_SECRET=s3ss10n\n"})
	if _, stderr, code := runBin(t, dir, "fix", "--unsafe"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if m := modeOf(t, dir, ".env"); m != 0o600 {
		t.Errorf(".env mode %v, want 0600", m)
	}
	sameEnv(t, composeEnv(t, dir), map[string]map[string]string{"api": {"SESSION_SECRET": "s3ss10n"}})
	gitIgnored(t, dir, ".env")
}

// TestFixDiffShowsSecretFiles: --diff writes nothing, and its diff, given
// to GNU patch, makes the files fix --unsafe makes, modes included.
func TestFixDiffShowsSecretFiles(t *testing.T) {
	dir := writeTree(t, secretsProject)
	before := snapshot(t, dir)
	diff, stderr, code := runBin(t, dir, "fix", "--unsafe", "--diff")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	sameFiles(t, "--diff", snapshot(t, dir), before)
	mustContain(t, "diff", diff,
		"diff --git a/secrets/postgres_password-2.txt b/secrets/postgres_password-2.txt\nnew file mode 100600\n--- /dev/null\n+++ b/secrets/postgres_password-2.txt\n@@ -0,0 +1,1 @@\n+pg 'pw' $1\n\\ No newline at end of file\n",
		"--- a/.gitignore\n+++ b/.gitignore\n",
		"--- a/.env\n+++ b/.env\n")
	mustContain(t, "stderr", stderr, "  secrets/postgres_password-2.txt: created, mode 0600\n", "Left for review:")
	patchMatchesFix(t, dir, diff, secretsProject, "fix", "--unsafe")
	if _, err := exec.LookPath("patch"); err != nil {
		return
	}
	if m := modeOf(t, dir, "secrets/postgres_password-2.txt"); runtime.GOOS != "windows" && m != 0o600 {
		t.Errorf("patch made the secret file %v, want 0600", m)
	}
}
