package notices

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite THIRD_PARTY_NOTICES")

// platforms are those make dist builds for.
var platforms = []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64"}

// licenseFile matches the files of a module's root folder that a
// redistribution must carry: licenses, NOTICE files (Apache-2.0, section
// 4d) and patent grants.
var licenseFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying|notice|patents)([._-].*)?$`)

type module struct{ Path, Version, Dir string }

// modules lists the modules other than dockwarden's own that hold a
// package compiled into ./cmd/dockwarden on any platform, by path.
func modules(t *testing.T) []module {
	seen := map[string]module{}
	for _, p := range platforms {
		goos, goarch, _ := strings.Cut(p, "/")
		cmd := exec.Command("go", "list", "-deps", "-json=Module", "../../cmd/dockwarden")
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list for %s: %v", p, err)
		}
		dec := json.NewDecoder(bytes.NewReader(out))
		for dec.More() {
			var pkg struct {
				Module *struct {
					module
					Main bool
				}
			}
			if err := dec.Decode(&pkg); err != nil {
				t.Fatal(err)
			}
			if m := pkg.Module; m != nil && !m.Main {
				seen[m.Path] = m.module
			}
		}
	}
	var out []module
	for _, m := range seen {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// licenses names the licenses a text states, by the words that make each
// one, for the summary at the top; the full texts follow.
func licenses(text string) []string {
	flat := strings.Join(strings.Fields(text), " ")
	var out []string
	for _, l := range []struct{ name, words string }{
		{"MIT", `Permission is hereby granted, free of charge`},
		{"Apache-2.0", `Apache License,? Version 2\.0`},
		{"BSD-3-Clause", `Redistribution and use in source and binary forms.*(Neither the name|names of its contributors)`},
		{"BSD-2-Clause", `Redistribution and use in source and binary forms`},
		{"MPL-2.0", `Mozilla Public License,? [Vv]ersion 2\.0`},
	} {
		if regexp.MustCompile(l.words).MatchString(flat) && !(l.name == "BSD-2-Clause" && slices.Contains(out, "BSD-3-Clause")) {
			out = append(out, l.name)
		}
	}
	return out
}

func render(t *testing.T, goroot string, mods []module) []byte {
	var summary, texts strings.Builder
	rule := strings.Repeat("=", 78) + "\n"
	add := func(name, dir string) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatalf("%s: %v (run go mod download)", name, err)
		}
		var kinds []string
		for _, e := range entries {
			if e.IsDir() || !licenseFile.MatchString(e.Name()) {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range licenses(string(data)) {
				if !slices.Contains(kinds, k) {
					kinds = append(kinds, k)
				}
			}
			fmt.Fprintf(&texts, "%s%s: %s\n%s\n\n%s\n", rule, name, e.Name(), rule, strings.TrimRight(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n"))
		}
		if len(kinds) == 0 {
			t.Errorf("%s: no license file that names a known license in %s", name, dir)
		}
		fmt.Fprintf(&summary, "  %-72s %s\n", name, strings.Join(kinds, ", "))
	}
	add("Go standard library and runtime", goroot)
	for _, m := range mods {
		add(m.Path+" "+m.Version, m.Dir)
	}
	return []byte("Third-party software in dockwarden\n\n" +
		"The dockwarden binary (dockwarden, dockwarden.exe) is built from dockwarden's own code,\n" +
		"licensed under the Apache License 2.0 (LICENSE), and the following Go modules, which\n" +
		"come under the licenses named. Their license, notice and patent files follow in full.\n\n" +
		summary.String() + "\n" + texts.String())
}

// TestNotices checks that THIRD_PARTY_NOTICES lists exactly the modules the
// binary is built from, with their license files as they are.
func TestNotices(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("needs the go command: %v", err)
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := render(t, strings.TrimSpace(string(out)), modules(t))
	path := filepath.Join("..", "..", "THIRD_PARTY_NOTICES")
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("THIRD_PARTY_NOTICES is out of date with go.mod (%v): run make notices", err)
	}
}
