package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the .golden.txtar files of testdata from what dockwarden does")

// TestFixShop runs `dockwarden fix --unsafe`, as a process, on the
// project of testdata/fix-shop.txtar and compares the files it leaves,
// the modes of those that are not 0644, and what it prints with
// testdata/fix-shop.golden.txtar (go test -update, or make golden,
// rewrites it). Beyond the golden it checks what a user would before
// committing the result: compose-go still loads the compose file and
// gives every service the values it had, every secret is on disk with
// mode 0600 and ignored by git, the review names what was left, and a
// second run changes nothing.
func TestFixShop(t *testing.T) {
	const input, golden = "testdata/fix-shop.txtar", "testdata/fix-shop.golden.txtar"
	archive, err := txtar.ParseFile(input)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range archive.Files {
		files[f.Name] = string(f.Data)
	}
	dir := writeTree(t, files)
	before := composeEnv(t, dir)

	// The strict preset makes the hardening most services lack (cap_drop,
	// a read-only root filesystem) warnings, whose preferred fixes fix
	// --unsafe applies; the recommended one leaves them for review.
	stdout, stderr, code := runBin(t, dir, "fix", "--unsafe", "--preset", "strict")
	got := &txtar.Archive{Comment: []byte("What `dockwarden fix --unsafe --preset strict` makes of fix-shop.txtar: its exit\ncode and output, the modes of the files that are not 0644, the files without a\nfinal line break, and every file. make golden rewrites it.\n")}
	add := func(name, data string) { got.Files = append(got.Files, txtar.File{Name: name, Data: []byte(data)}) }
	add("exit", fmt.Sprintf("%d\n", code))
	add("stdout", stdout)
	if stderr != "" {
		add("stderr", stderr)
	}
	after := snapshot(t, dir)
	var names []string
	for name := range after {
		names = append(names, name)
	}
	sort.Strings(names)
	var modes strings.Builder
	for _, name := range names {
		if m := modeOf(t, dir, name); m != 0o644 {
			fmt.Fprintf(&modes, "%s %04o\n", name, m)
		}
	}
	if runtime.GOOS == "windows" { // which keeps no modes: the golden's stand
		if g, err := txtar.ParseFile(golden); err == nil {
			for _, f := range g.Files {
				if f.Name == "modes" {
					modes.Reset()
					modes.Write(f.Data)
				}
			}
		}
	}
	add("modes", modes.String())
	// txtar ends every file with a line break: the files that have none
	// (a secret file holds the value alone) are listed instead.
	var unterminated strings.Builder
	for _, name := range names {
		if text := after[name]; text != "" && !strings.HasSuffix(text, "\n") {
			fmt.Fprintln(&unterminated, name)
		}
	}
	add("no-final-newline", unterminated.String())
	for _, name := range names {
		text := after[name]
		if text != "" && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		add(name, text)
	}
	compareGolden(t, golden, got)

	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	sameEnv(t, composeEnv(t, dir), before)
	compose := after["compose.yaml"]
	for _, secret := range []string{"Sh0p-db-2024!", "k3y", "sk_test_"} {
		if strings.Contains(compose, secret) {
			t.Errorf("compose.yaml still holds %q", secret)
		}
	}
	for _, name := range []string{"secrets/postgres_password.txt", ".env"} {
		if m := modeOf(t, dir, name); m != 0o600 && runtime.GOOS != "windows" { // Windows keeps no modes
			t.Errorf("%s has mode %04o, want 0600", name, m)
		}
	}
	gitIgnored(t, dir, "secrets/postgres_password.txt", ".env")
	mustContain(t, "output", stdout, "Left for review:\n", " DW107 not preferred", " DW216 a template")
	if again, _, code := runBin(t, dir, "fix", "--unsafe", "--preset", "strict"); code != 0 || !strings.HasPrefix(again, "Left for review:\n") {
		t.Errorf("second run: exit %d, output\n%s", code, again)
	}
	sameFiles(t, "second run", snapshot(t, dir), after)
}

// compareGolden compares got with the archive at path, or with -update
// writes it there.
func compareGolden(t *testing.T, path string, got *txtar.Archive) {
	t.Helper()
	data := txtar.Format(got)
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	wantFiles := map[string]string{}
	for _, f := range want.Files {
		wantFiles[f.Name] = string(f.Data)
	}
	seen := map[string]bool{}
	for _, f := range got.Files {
		seen[f.Name] = true
		if w, ok := wantFiles[f.Name]; !ok {
			t.Errorf("%s: %s is not in the golden", filepath.Base(path), f.Name)
		} else if w != string(f.Data) {
			t.Errorf("%s: %s differs (go test -update rewrites the golden):\n%s", filepath.Base(path), f.Name, unifiedDiff(f.Name, []byte(w), f.Data))
		}
	}
	for name := range wantFiles {
		if !seen[name] {
			t.Errorf("%s: %s is missing", filepath.Base(path), name)
		}
	}
}
