package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/internal/fixtures"
	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// targetedDockerfile is fixtures.StagedDockerfile with a USER app in the
// dev stage (line 4) and a HEALTHCHECK instead of USER root in the last
// stage (line 9).
var targetedDockerfile = strings.NewReplacer(
	"CMD [\"/app\"]\n\nFROM debian:bookworm-slim AS prod", "USER app\nCMD [\"/app\"]\n\nFROM debian:bookworm-slim AS prod",
	"USER root\n", "HEALTHCHECK CMD [\"/app\", \"health\"]\n",
).Replace(fixtures.StagedDockerfile)

// TestCheckCrossFile runs check and fix as processes on a project whose
// compose file builds the dev stage of a Dockerfile as root: check judges
// the dev stage as the editor does, and the last stage, which docker build
// produces, whatever folder it runs from; fix --unsafe takes DW214's
// cross-file fix.
func TestCheckCrossFile(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"app/Dockerfile": targetedDockerfile,
		"compose.yaml":   "services:\n  web:\n    build:\n      context: ./app\n      target: dev\n    user: root\n",
	})
	lines := func(stdout string, code string) []string {
		var out []string
		for _, l := range strings.Split(stdout, "\n") {
			if strings.Contains(l, " "+code+" ") {
				out = append(out, strings.SplitN(l, " ", 2)[0])
			}
		}
		return out
	}
	stdout, _, _ := runBin(t, dir, "check", ".")
	// dev sets USER app: no DW101 there; prod, with its root default, is
	// still what docker build makes of the file.
	if got := lines(stdout, "DW101"); len(got) != 1 || got[0] != "app/Dockerfile:9:1:" {
		t.Errorf("DW101 at %v, want app/Dockerfile:9:1: only: dev sets USER, the last stage does not\n%s", got, stdout)
	}
	if got := lines(stdout, "DW112"); len(got) != 1 || got[0] != "app/Dockerfile:4:1:" {
		t.Errorf("DW112 at %v, want app/Dockerfile:4:1: (the dev stage)\n%s", got, stdout)
	}
	if got := lines(stdout, "DW214"); len(got) != 1 {
		t.Fatalf("DW214 at %v, want one\n%s", got, stdout)
	}

	// Checked alone from inside app/, the compose file above the working
	// directory is out of reach: the last stage is judged the same way.
	stdout, _, _ = runBin(t, filepath.Join(dir, "app"), "check", "Dockerfile")
	if got := lines(stdout, "DW101"); len(got) != 1 || got[0] != "Dockerfile:9:1:" {
		t.Errorf("from app/: DW101 at %v, want Dockerfile:9:1: (the last stage)\n%s", got, stdout)
	}
	if got := lines(stdout, "DW112"); len(got) != 0 {
		t.Errorf("from app/: DW112 at %v, want none: the last stage has a HEALTHCHECK\n%s", got, stdout)
	}

	if _, stderr, code := runBin(t, dir, "fix", "--unsafe", "compose.yaml"); code != 0 {
		t.Fatalf("fix exited %d: %s", code, stderr)
	}
	fixed, err := os.ReadFile(filepath.Join(dir, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// fix --unsafe also applies the other rules' preferred fixes; DW214's
	// removes user: rather than writing a placeholder uid.
	if strings.Contains(string(fixed), "user:") || !strings.Contains(string(fixed), "target: dev") {
		t.Errorf("after fix --unsafe, want user: removed:\n%s", fixed)
	}
}

// TestCheckCrossFileFolderSwapped: check named a compose file whose build
// folder is swapped for a link to a folder outside the working directory
// at the moment check opens the Dockerfile in it (fsroot's test hook, in
// this process): the outside Dockerfile's USER must not reach the report.
// check used to test one path and read another.
func TestCheckCrossFileFolderSwapped(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	writeFiles(t, outside, map[string]string{"Dockerfile": "FROM alpine:3.20\nUSER secretuser\n"})
	dir := filepath.Join(root, "ws")
	writeFiles(t, dir, map[string]string{
		"app/Dockerfile": "FROM alpine:3.20\nUSER app\n",
		"compose.yaml":   "services:\n  web:\n    build: ./app\n    user: root\n",
	})
	swapped := false
	t.Cleanup(fsroot.SetTestHook(func(_, name string) {
		if name != "app/Dockerfile" || swapped {
			return
		}
		swapped = true
		if err := os.RemoveAll(filepath.Join(dir, "app")); err != nil {
			t.Error(err)
		}
		if err := os.Symlink(outside, filepath.Join(dir, "app")); err != nil {
			t.Error(err)
		}
	}))
	t.Chdir(dir)
	var stdout, stderr strings.Builder
	run([]string{"check", "--format", "json", "--fail-level", "none", "compose.yaml"}, strings.NewReader(""), &stdout, &stderr)
	if !swapped {
		t.Fatal("check never opened app/Dockerfile: the test proves nothing")
	}
	if strings.Contains(stdout.String(), "secretuser") {
		t.Errorf("the report quotes the Dockerfile outside the working directory:\n%s", stdout.String())
	}
	if !strings.Contains(stdout.String(), `"DW214"`) {
		t.Errorf("no DW214 for user: root:\n%s%s", stdout.String(), stderr.String())
	}
}
