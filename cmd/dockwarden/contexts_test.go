package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// contextProject has two Dockerfiles that copy their whole build context:
// api/Dockerfile, which compose builds from the project's root (where an
// SSH key and a cloud login lie, and no .dockerignore: the whole tree, web/
// included, is its context), and web/Dockerfile, whose allow-list
// .dockerignore brings src and keys back in, and with keys an SSH key.
func contextProject(t *testing.T) string {
	return writeTree(t, map[string]string{
		"compose.yaml":       "services:\n  api:\n    build:\n      context: .\n      dockerfile: api/Dockerfile\n",
		"api/Dockerfile":     "FROM node:22-bookworm\nWORKDIR /app\nCOPY . .\nUSER node\nHEALTHCHECK CMD node -e 1\nCMD [\"node\", \"api/server.js\"]\n",
		"id_rsa":             "key\n",
		".aws/credentials":   "[default]\n",
		"web/Dockerfile":     "FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n",
		"web/.dockerignore":  "*\n!src\n!keys\n",
		"web/src/index.html": "<html>",
		"web/keys/id_ecdsa":  "key\n",
		"web/secrets/id_rsa": "key\n",
	})
}

// TestCheckAndFixSecretFilesInTheBuildContext runs check and fix as
// processes on contextProject: check reports the files each COPY takes
// from its context (through compose's build.context for api, through the
// exceptions of an allow-list for web); fix --diff shows the ignore file
// it would create above api/ and the line it would add to web's, writing
// nothing; fix --unsafe writes them, and check then finds nothing.
func TestCheckAndFixSecretFilesInTheBuildContext(t *testing.T) {
	dir := contextProject(t)
	stdout, _, _ := runBin(t, dir, "check", "--fail-level", "none", ".")
	got := findingLines(stdout, "DW116")
	want := []string{
		"api/Dockerfile:3:6: error DW116 COPY . copies .aws/, id_rsa and 2 more into the image (context of service api); list them in ../.dockerignore",
		"web/Dockerfile:2:6: error DW116 COPY . copies keys/id_ecdsa into the image; list it in .dockerignore",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("DW116 findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	stdout, stderr, code := runBin(t, dir, "fix", "--unsafe", "--diff", ".")
	if code != 1 || !strings.Contains(stdout, "diff --git a/.dockerignore b/.dockerignore\nnew file mode 100644\n--- /dev/null\n+++ b/.dockerignore\n@@ -0,0 +1,4 @@\n+.aws\n+id_rsa\n+web/keys/id_ecdsa\n+web/secrets/id_rsa\n") ||
		!strings.Contains(stdout, "--- a/web/.dockerignore\n+++ b/web/.dockerignore\n@@ -1,3 +1,4 @@\n *\n !src\n !keys\n+keys/id_ecdsa\n") {
		t.Fatalf("fix --diff exited %d:\n%s\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, ".dockerignore")); err == nil {
		t.Fatal("fix --diff wrote .dockerignore")
	}

	stdout, stderr, code = runBin(t, dir, "fix", "--unsafe", ".")
	if code != 0 || !strings.Contains(stdout, "api/Dockerfile: 1 fix (DW116)\n  .dockerignore: created, mode 0644\n") ||
		!strings.Contains(stdout, "web/Dockerfile: 1 fix (DW116)\n  web/.dockerignore: 1 line added\n") {
		t.Fatalf("fix --unsafe exited %d:\n%s\n%s", code, stdout, stderr)
	}
	for name, want := range map[string]string{".dockerignore": ".aws\nid_rsa\nweb/keys/id_ecdsa\nweb/secrets/id_rsa\n", "web/.dockerignore": "*\n!src\n!keys\nkeys/id_ecdsa\n"} {
		text, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || string(text) != want {
			t.Errorf("%s = %q (%v), want %q", name, text, err, want)
		}
	}
	if text, _ := os.ReadFile(filepath.Join(dir, "api", "Dockerfile")); !strings.HasPrefix(string(text), "FROM node:22-bookworm\nWORKDIR /app\nCOPY . .\n") {
		t.Errorf("fix changed api/Dockerfile:\n%s", text)
	}
	stdout, _, _ = runBin(t, dir, "check", "--fail-level", "none", ".")
	if got := findingLines(stdout, "DW116"); len(got) != 0 {
		t.Errorf("after fix: %s", strings.Join(got, "\n"))
	}
	// A second run has nothing left to do for DW116.
	stdout, _, _ = runBin(t, dir, "fix", "--unsafe", ".")
	if strings.Contains(stdout, "DW116") {
		t.Errorf("a second fix run: %s", stdout)
	}
}

// TestFixLeavesAnEnvFileForReview: an .env is read by many services, so
// fix --unsafe does not keep it out of the image on its own: it lists the
// fix for review and writes nothing.
func TestFixLeavesAnEnvFileForReview(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"Dockerfile":    "FROM python:3.13-slim\nWORKDIR /app\nCOPY ./ /app\nUSER nobody\nHEALTHCHECK CMD python -c 1\nCMD [\"python\", \"app.py\"]\n",
		".env":          "DB_PASSWORD=x\n",
		".dockerignore": ".git\n",
	})
	stdout, stderr, code := runBin(t, dir, "fix", "--unsafe", "Dockerfile")
	if code != 0 || !strings.Contains(stdout, "Dockerfile:3:6: DW116 not preferred, it needs your decision: Exclude .env from the build context in .dockerignore; check that the build and the service do not read it") {
		t.Fatalf("fix --unsafe exited %d:\n%s\n%s", code, stdout, stderr)
	}
	if text, _ := os.ReadFile(filepath.Join(dir, ".dockerignore")); string(text) != ".git\n" {
		t.Errorf(".dockerignore = %q", text)
	}
}
