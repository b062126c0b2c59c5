package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckAndFixCredentials runs check and fix as processes on a project
// whose compose file builds a Dockerfile that hands a token to a RUN
// through a build argument: check tells how to pass it as a secret, in
// docker build and in compose. fix --unsafe leaves the ARG alone and lists
// the secret-mount fix for review: the build command has to change with
// it, which no edit of the Dockerfile can do (the edit itself is tested
// through the editor and the DW117 archive).
func TestCheckAndFixCredentials(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": "services:\n  api:\n    build:\n      context: ./app\n",
		"app/Dockerfile": "FROM golang:1.23\n" +
			"ARG GITHUB_TOKEN\n" +
			"RUN git config --global url.\"https://x-access-token:${GITHUB_TOKEN}@github.com/\".insteadOf \"https://github.com/\" && go mod download\n" +
			"RUN docker login -u ci -p \"$REGISTRY_PASSWORD\" registry.example.com\n",
	})
	stdout, _, _ := runBin(t, dir, "check", "--fail-level", "none", ".")
	dw117 := findingLines(stdout, "DW117")
	if len(dw117) != 2 || !strings.HasPrefix(dw117[0], "app/Dockerfile:3:") || !strings.HasPrefix(dw117[1], "app/Dockerfile:4:") ||
		!strings.Contains(dw117[0], "add github_token to build.secrets of service api") ||
		!strings.Contains(dw117[1], "docker login -p") {
		t.Fatalf("DW117 findings:\n%s\nwant one for the ARG (with the compose advice) and one for the login", strings.Join(dw117, "\n"))
	}

	stdout, stderr, code := runBin(t, dir, "fix", "--unsafe", "app/Dockerfile")
	if code != 0 {
		t.Fatalf("fix exited %d: %s", code, stderr)
	}
	after, err := os.ReadFile(filepath.Join(dir, "app", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(after), "ARG GITHUB_TOKEN\nRUN git config --global url.\"https://x-access-token:${GITHUB_TOKEN}@") {
		t.Errorf("fix --unsafe changed how the token reaches the build:\n%s", after)
	}
	if !strings.Contains(stdout, "app/Dockerfile:3:") || !strings.Contains(stdout, "DW117 not preferred") ||
		!strings.Contains(stdout, "build with --secret id=github_token,env=GITHUB_TOKEN") {
		t.Errorf("fix --unsafe does not list the DW117 fix for review with the build command:\n%s", stdout)
	}
}
