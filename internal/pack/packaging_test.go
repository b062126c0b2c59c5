package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The release plumbing is files that run elsewhere (GitHub Actions,
// Homebrew, mason.nvim); these tests read them as those would, so that a
// mistake shows in make test and not on release day.

// makeTargets returns the targets the Makefile defines.
func makeTargets(t *testing.T) map[string]bool {
	data, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^([a-z0-9-]+):`).FindAllStringSubmatch(string(data), -1) {
		targets[m[1]] = true
	}
	return targets
}

// A workflow is the part of a GitHub Actions workflow file checked here.
type workflow struct {
	Name string
	On   yaml.Node
	Jobs map[string]struct {
		RunsOn    any `yaml:"runs-on"`
		Container string
		Steps     []struct {
			Uses string
			Run  string
			With map[string]string
		}
	}
}

// TestWorkflows parses .github/workflows/*.yml (yaml.v3, strictly: no
// unknown shape) and checks what GitHub would only tell on a run: every
// job runs somewhere and has steps, each step either uses an action at a
// version or runs a command, and every make target and .ci script a
// command names exists.
func TestWorkflows(t *testing.T) {
	files, err := filepath.Glob("../../.github/workflows/*.yml")
	if err != nil || len(files) < 2 {
		t.Fatalf("workflows: %v, %v", files, err)
	}
	targets := makeTargets(t)
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var w workflow
		if err := yaml.Unmarshal(data, &w); err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if w.Name == "" || w.On.Kind == 0 || len(w.Jobs) == 0 {
			t.Errorf("%s: want name, on and jobs", file)
		}
		for name, job := range w.Jobs {
			if job.RunsOn == nil || len(job.Steps) == 0 {
				t.Errorf("%s: job %s has no runs-on or no steps", file, name)
			}
			for i, step := range job.Steps {
				if (step.Uses == "") == (step.Run == "") {
					t.Errorf("%s: job %s step %d: want uses or run, one of them", file, name, i+1)
				}
				if step.Uses != "" && !regexp.MustCompile(`^[\w.-]+/[\w.-]+@v\d+$`).MatchString(step.Uses) {
					t.Errorf("%s: job %s uses %q: want owner/action@vN", file, name, step.Uses)
				}
				for _, m := range regexp.MustCompile(`(?m)(?:^|&&|;|\|\|)\s*make (?:--no-print-directory )?([a-z0-9-]+)`).FindAllStringSubmatch(step.Run, -1) {
					if !targets[m[1]] {
						t.Errorf("%s: job %s runs make %s, which the Makefile lacks", file, name, m[1])
					}
				}
				for _, script := range regexp.MustCompile(`(?:^|\s)(\.ci/[\w./-]+)`).FindAllStringSubmatch(step.Run, -1) {
					info, err := os.Stat(filepath.Join("..", "..", script[1]))
					if err != nil || runtime.GOOS != "windows" && info.Mode()&0o111 == 0 { // Windows keeps no run bit
						t.Errorf("%s: job %s runs %s, which is not an executable file (%v)", file, name, script[1], err)
					}
				}
			}
		}
	}
}

// masonTargets maps mason.nvim's platforms to the release archives' Go
// platforms.
var masonTargets = map[string]string{
	"darwin_arm64": "darwin_arm64", "darwin_x64": "darwin_amd64", "linux_arm64": "linux_arm64",
	"linux_x64": "linux_amd64", "win_arm64": "windows_arm64", "win_x64": "windows_amd64",
}

// TestMasonPackage checks the mason.nvim entry: the registry's required
// keys, a GitHub package URL at a version, and for each platform the
// archive make dist names and the binary inside it.
func TestMasonPackage(t *testing.T) {
	data, err := os.ReadFile("../../packaging/mason/package.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Name, Description, Homepage string
		Licenses, Languages         []string
		Categories                  []string
		Source                      struct {
			ID    string
			Asset []struct{ Target, File, Bin string }
		}
		Bin map[string]string
	}
	if err := yaml.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	if p.Name != "dockwarden" || p.Description == "" || !slices.Equal(p.Licenses, []string{"Apache-2.0"}) || !slices.Contains(p.Categories, "LSP") {
		t.Errorf("name %q, description %q, licenses %v, categories %v", p.Name, p.Description, p.Licenses, p.Categories)
	}
	if !regexp.MustCompile(`^pkg:github/dockwarden/dockwarden@v\d+\.\d+\.\d+`).MatchString(p.Source.ID) {
		t.Errorf("source.id %q", p.Source.ID)
	}
	if p.Bin["dockwarden"] != "{{source.asset.bin}}" {
		t.Errorf("bin %v", p.Bin)
	}
	var seen []string
	for _, a := range p.Source.Asset {
		platform, ok := masonTargets[a.Target]
		if !ok {
			t.Errorf("unknown target %s", a.Target)
			continue
		}
		seen = append(seen, a.Target)
		exe, ext := "dockwarden", ".tar.gz"
		if strings.HasPrefix(platform, "windows") {
			exe, ext = "dockwarden.exe", ".zip"
		}
		file := strings.ReplaceAll(a.File, `{{ version | strip_prefix "v" }}`, "1.2.3")
		if file != "dockwarden_1.2.3_"+platform+ext || a.Bin != exe {
			t.Errorf("%s: file %s (%s at 1.2.3), bin %s; want dockwarden_1.2.3_%s%s and %s", a.Target, a.File, file, a.Bin, platform, ext, exe)
		}
	}
	sort.Strings(seen)
	if len(seen) != len(masonTargets) {
		t.Errorf("targets %v, want all of %v", seen, masonTargets)
	}
}

// formulaURLs is Ruby that loads the Homebrew formula under a stand-in for
// Homebrew's DSL on the platform given as arguments and prints the url and
// sha256 Homebrew would download there, and the version.
const formulaURLs = `
os, cpu, path = ARGV
class Formula
  class << self
    attr_reader :got
    def method_missing(name, *args)
      @got ||= {}
      args.empty? ? @got[name] : @got[name] = args.first
    end
    def respond_to_missing?(*)
      true
    end
    def on_macos
      yield if $os == "darwin"
    end
    def on_linux
      yield if $os == "linux"
    end
    def on_arm
      yield if $cpu == "arm64"
    end
    def on_intel
      yield if $cpu == "amd64"
    end
    def test # Kernel#test otherwise; the test block runs only in Homebrew
    end
  end
end
$os, $cpu = os, cpu
load path
f = Object.const_get(:Dockwarden)
puts f.got[:url], f.got[:sha256], f.got[:version]
`

// TestHomebrewFormula checks the formula with Ruby when the machine has it
// (.ci/run installs Debian's ruby; macOS and GitHub's runners have one):
// ruby -c for its syntax, then, under a stand-in for Homebrew's DSL, that
// each platform downloads its own archive of the release. Where there is
// no Ruby the test says so and skips.
func TestHomebrewFormula(t *testing.T) {
	const path = "../../packaging/homebrew/dockwarden.rb"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`license "Apache-2.0"`, `bin.install "dockwarden"`, `class Dockwarden < Formula`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the formula lacks %s", want)
		}
	}
	if _, err := exec.LookPath("ruby"); err != nil {
		t.Skip("no ruby to check the formula's syntax with (apt-get install ruby)")
	}
	if out, err := exec.Command("ruby", "-c", path).CombinedOutput(); err != nil {
		t.Fatalf("ruby -c: %v\n%s", err, out)
	}
	for _, platform := range []string{"darwin_arm64", "darwin_amd64", "linux_arm64", "linux_amd64"} {
		goos, goarch, _ := strings.Cut(platform, "_")
		out, err := exec.Command("ruby", "-e", formulaURLs, goos, goarch, path).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", platform, err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 3 {
			t.Fatalf("%s: %q", platform, out)
		}
		url, sum, version := lines[0], lines[1], lines[2]
		if want := "https://github.com/dockwarden/dockwarden/releases/download/v" + version + "/dockwarden_" + version + "_" + platform + ".tar.gz"; url != want {
			t.Errorf("%s downloads %s, want %s", platform, url, want)
		}
		if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(sum) {
			t.Errorf("%s: sha256 %q", platform, sum)
		}
	}
}
