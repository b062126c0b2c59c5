package main

import (
	"debug/buildinfo"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionOf(t *testing.T) {
	info := func(v string) *debug.BuildInfo { return &debug.BuildInfo{Main: debug.Module{Version: v}} }
	for _, tc := range []struct {
		set  string
		bi   *debug.BuildInfo
		want string
	}{
		{"0.1.0", info("v9.9.9"), "0.1.0"}, // -ldflags wins
		{"v0.1.0", nil, "0.1.0"},
		{"", info("v0.1.0"), "0.1.0"}, // go install ...@v0.1.0
		{"", info("v0.1.1-0.20261206023445-0bed7511da0d+dirty"), "0.1.1-0.20261206023445-0bed7511da0d+dirty"},
		{"", info("(devel)"), "devel"}, // go run, or a build without VCS stamping
		{"", nil, "devel"},
	} {
		if got := versionOf(tc.set, tc.bi); got != tc.want {
			t.Errorf("versionOf(%q, %v) = %q, want %q", tc.set, tc.bi, got, tc.want)
		}
	}
}

// TestVersionScriptMatchesGo takes a small module in a new git repository
// through the states a release goes through and checks that .ci/version,
// which make passes to -ldflags, prints what Go itself stamps into a
// binary built there (without the v): so make build, make dist and
// go install name a commit alike.
func TestVersionScriptMatchesGo(t *testing.T) {
	for _, tool := range []string{"git", "bash", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: %v", tool, err)
		}
	}
	script, err := filepath.Abs(filepath.Join("..", "..", ".ci", "version"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	env := append(os.Environ(), "GOFLAGS=-buildvcs=true", "GOWORK=off", "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	commit := func(when string) {
		t.Helper()
		run("git", "add", "-A")
		env = append(env, "GIT_COMMITTER_DATE="+when, "GIT_AUTHOR_DATE="+when)
		run("git", "commit", "-q", "-m", when)
	}
	check := func(state, want string) {
		t.Helper()
		bin := filepath.Join(t.TempDir(), "m")
		run("go", "build", "-o", bin, ".")
		bi, err := buildinfo.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		got := run("bash", script)
		if got != strings.TrimPrefix(bi.Main.Version, "v") || !strings.HasPrefix(got, want) {
			t.Errorf("%s: .ci/version says %q, Go stamps %q; want %s...", state, got, bi.Main.Version, want)
		}
	}
	run("git", "init", "-q")
	write("go.mod", "module example.com/m\n\ngo 1.26\n")
	write("main.go", "package main\n\nfunc main() {}\n")
	commit("2026-01-02T03:04:05Z")
	check("no tag", "0.0.0-20260102030405-")
	run("git", "tag", "v0.1.0")
	check("tagged", "0.1.0")
	write("main.go", "package main\n\nfunc main() { println() }\n")
	check("uncommitted change", "0.1.0+dirty")
	commit("2026-02-03T04:05:06Z")
	check("after the tag", "0.1.1-0.20260203040506-")
	run("git", "tag", "v0.2.0-rc.1")
	write("new.go", "package main\n")
	commit("2026-03-04T05:06:07Z")
	check("after a pre-release tag", "0.2.0-rc.1.0.20260304050607-")
	write("untracked.txt", "x\n")
	check("an untracked file", "0.2.0-rc.1.0.20260304050607-")
}
