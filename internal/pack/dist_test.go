package main

import (
	"bytes"
	"crypto/sha256"
	"debug/buildinfo"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// The tests in this file check the files make dist and make vsix write,
// in the folder DOCKWARDEN_DIST names; those targets run them.

// distDir returns DOCKWARDEN_DIST, or skips the test.
func distDir(t *testing.T) string {
	dir := os.Getenv("DOCKWARDEN_DIST")
	if dir == "" {
		t.Skip("set DOCKWARDEN_DIST to a folder make dist or make vsix wrote (they run this test)")
	}
	return dir
}

// platformOf reads an executable's format and machine (debug/elf,
// debug/macho, debug/pe) and the build settings Go recorded in it, and
// returns its GOOS and GOARCH, failing unless the two agree and it was
// built static and with -trimpath, as a release must be.
func platformOf(data []byte) (goos, goarch string, err error) {
	r := bytes.NewReader(data)
	if f, err := elf.NewFile(r); err == nil {
		goos = "linux"
		if f.OSABI != elf.ELFOSABI_NONE && f.OSABI != elf.ELFOSABI_LINUX || f.Type != elf.ET_EXEC {
			return "", "", fmt.Errorf("ELF %v %v, not a Linux executable", f.OSABI, f.Type)
		}
		goarch = map[elf.Machine]string{elf.EM_X86_64: "amd64", elf.EM_AARCH64: "arm64"}[f.Machine]
		if f.Section(".interp") != nil {
			return "", "", fmt.Errorf("dynamically linked (has .interp)")
		}
	} else if f, err := macho.NewFile(r); err == nil {
		goos = "darwin"
		if f.Type != macho.TypeExec {
			return "", "", fmt.Errorf("Mach-O of type %v, not an executable", f.Type)
		}
		goarch = map[macho.Cpu]string{macho.CpuAmd64: "amd64", macho.CpuArm64: "arm64"}[f.Cpu]
	} else if f, err := pe.NewFile(r); err == nil {
		goos = "windows"
		oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
		if !ok || oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_CUI || f.Characteristics&pe.IMAGE_FILE_EXECUTABLE_IMAGE == 0 {
			return "", "", fmt.Errorf("PE that is not a 64-bit console program")
		}
		goarch = map[uint16]string{pe.IMAGE_FILE_MACHINE_AMD64: "amd64", pe.IMAGE_FILE_MACHINE_ARM64: "arm64"}[f.Machine]
	} else {
		return "", "", fmt.Errorf("neither ELF, Mach-O nor PE")
	}
	if goarch == "" {
		return "", "", fmt.Errorf("%s executable for an unknown machine", goos)
	}
	bi, err := buildinfo.Read(bytes.NewReader(data))
	if err != nil {
		return "", "", fmt.Errorf("no Go build information: %v", err)
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if settings["GOOS"] != goos || settings["GOARCH"] != goarch || settings["CGO_ENABLED"] != "0" || settings["-trimpath"] != "true" {
		return "", "", fmt.Errorf("a %s/%s file built with GOOS=%s GOARCH=%s CGO_ENABLED=%s -trimpath=%s",
			goos, goarch, settings["GOOS"], settings["GOARCH"], settings["CGO_ENABLED"], settings["-trimpath"])
	}
	if bi.Path != "github.com/dockwarden/dockwarden/cmd/dockwarden" {
		return "", "", fmt.Errorf("a build of %s", bi.Path)
	}
	return goos, goarch, nil
}

// checkVersion checks that a binary reports version: by running it where
// it runs, else by finding the -ldflags value in it.
func checkVersion(t *testing.T, where string, data []byte, goos, goarch, version string) {
	t.Helper()
	if goos != runtime.GOOS || goarch != runtime.GOARCH {
		if !bytes.Contains(data, []byte(version)) {
			t.Errorf("%s: the version %s is not in the binary", where, version)
		}
		return
	}
	bin := filepath.Join(t.TempDir(), "dockwarden")
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || string(out) != "dockwarden "+version+"\n" {
		t.Errorf("%s: dockwarden version says %q (%v), want dockwarden %s", where, out, err, version)
	}
}

// readSums reads dir's SHA256SUMS and checks each sum against its file.
func checkedSums(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums, err := readSums(filepath.Join(dir, SumsFile))
	if err != nil {
		t.Fatal(err)
	}
	for name, sum := range sums {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if h := sha256.Sum256(data); hex.EncodeToString(h[:]) != sum {
			t.Errorf("%s: SHA256SUMS says %s, the file is %x", name, sum, h)
		}
	}
	return sums
}

var releasePlatforms = []string{"linux_amd64", "linux_arm64", "darwin_amd64", "darwin_arm64", "windows_amd64", "windows_arm64"}

// TestArchives checks make dist's archives: one per platform, all of one
// version, each holding exactly the platform's static binary (run bit set)
// and README.md, LICENSE and THIRD_PARTY_NOTICES as in the repository,
// with the checksums SHA256SUMS gives.
func TestArchives(t *testing.T) {
	dir := distDir(t)
	sums := checkedSums(t, dir)
	name := regexp.MustCompile(`^dockwarden_(.+)_((?:linux|darwin|windows)_(?:amd64|arm64))\.(tar\.gz|zip)$`)
	version := ""
	found := map[string]string{}
	for file := range sums {
		m := name.FindStringSubmatch(file)
		if m == nil {
			continue
		}
		if version != "" && m[1] != version {
			t.Errorf("archives of two versions: %s and %s", version, m[1])
		}
		version = m[1]
		found[m[2]] = file
	}
	var docs []string
	for _, doc := range []string{"README.md", "LICENSE", "THIRD_PARTY_NOTICES"} {
		data, err := os.ReadFile(filepath.Join("..", "..", doc))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	for _, p := range releasePlatforms {
		file, ok := found[p]
		if !ok {
			t.Errorf("no archive for %s in SHA256SUMS", p)
			continue
		}
		goos, goarch, _ := strings.Cut(p, "_")
		exe, ext := "dockwarden", ".tar.gz"
		if goos == "windows" {
			exe, ext = "dockwarden.exe", ".zip"
		}
		if !strings.HasSuffix(file, ext) {
			t.Errorf("%s: want a %s", file, ext)
		}
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		entries := listArchive(t, file, data)
		if len(entries) != 4 || entries[0].name != exe || entries[1].name != "README.md" || entries[2].name != "LICENSE" || entries[3].name != "THIRD_PARTY_NOTICES" {
			t.Errorf("%s holds %v, want %s, README.md, LICENSE, THIRD_PARTY_NOTICES", file, entries, exe)
			continue
		}
		if entries[0].mode != 0o755 {
			t.Errorf("%s: %s has mode %v, want 0755", file, exe, entries[0].mode)
		}
		for i, doc := range docs {
			if entries[i+1].data != doc {
				t.Errorf("%s: %s differs from the repository's", file, entries[i+1].name)
			}
		}
		gotOS, gotArch, err := platformOf([]byte(entries[0].data))
		if err != nil || gotOS != goos || gotArch != goarch {
			t.Errorf("%s: %s is for %s/%s (%v), want %s/%s", file, exe, gotOS, gotArch, err, goos, goarch)
			continue
		}
		checkVersion(t, file, []byte(entries[0].data), goos, goarch, version)
	}
}

// vsixTargets maps vsce's targets to the Go platform of the server their
// package bundles; the universal package bundles none.
var vsixTargets = map[string]string{
	"linux-x64": "linux_amd64", "linux-arm64": "linux_arm64", "alpine-x64": "linux_amd64",
	"darwin-x64": "darwin_amd64", "darwin-arm64": "darwin_arm64",
	"win32-x64": "windows_amd64", "win32-arm64": "windows_arm64", "universal": "",
}

// serverPath is where the extension looks for its bundled server inside
// the package (findServer in editors/vscode/src/extension.ts: bin/ in the
// extension's folder, dockwarden.exe on Windows).
func serverPath(target string) string {
	if strings.HasPrefix(target, "win32-") {
		return "extension/bin/dockwarden.exe"
	}
	return "extension/bin/dockwarden"
}

// TestPackages opens every .vsix make vsix wrote: each names its target
// and the version of the server it holds, holds a handful of files (the
// JavaScript bundled) with the licenses, and the platform's server where
// the extension looks for it, with the run bit kept outside Windows; the
// universal package holds no server.
func TestPackages(t *testing.T) {
	dir := distDir(t)
	sums := checkedSums(t, dir)
	src, err := os.ReadFile("../../editors/vscode/src/extension.ts")
	if err != nil {
		t.Fatal(err)
	}
	// serverPath follows extension.ts: fail when that changes.
	for _, code := range []string{`process.platform === "win32" ? "dockwarden.exe" : "dockwarden"`, `path.join(context.extensionPath, "bin", exe)`} {
		if !bytes.Contains(src, []byte(code)) {
			t.Errorf("extension.ts no longer has %s: update serverPath", code)
		}
	}
	targets := strings.Fields(os.Getenv("DOCKWARDEN_VSIX_TARGETS"))
	if len(targets) == 0 {
		for target := range vsixTargets {
			targets = append(targets, target)
		}
	}
	goNotices, err := os.ReadFile("../../THIRD_PARTY_NOTICES")
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range targets {
		platform, ok := vsixTargets[target]
		if !ok {
			t.Errorf("unknown target %s", target)
			continue
		}
		var file string
		for name := range sums {
			if strings.HasPrefix(name, "dockwarden-vscode-"+target+"-") && strings.HasSuffix(name, ".vsix") {
				file = name
			}
		}
		if file == "" {
			t.Errorf("no package for %s in SHA256SUMS", target)
			continue
		}
		t.Run(target, func(t *testing.T) {
			checkPackage(t, filepath.Join(dir, file), target, platform, string(goNotices))
		})
	}
}

func checkPackage(t *testing.T, path, target, platform, goNotices string) {
	version := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "dockwarden-vscode-"+target+"-"), ".vsix")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]archived{}
	for _, f := range listArchive(t, path, data) {
		files[f.name] = f
	}
	want := []string{"extension.vsixmanifest", "[Content_Types].xml", "extension/package.json", "extension/readme.md",
		"extension/LICENSE.txt", "extension/THIRD_PARTY_NOTICES", "extension/out/extension.js"}
	if platform != "" {
		want = append(want, serverPath(target))
	}
	for _, w := range want {
		if _, ok := files[w]; !ok {
			t.Errorf("no %s", w)
		}
	}
	if len(files) != len(want) {
		var names []string
		for n := range files {
			names = append(names, n)
		}
		t.Errorf("%d files (%v), want the %d above", len(files), names, len(want))
	}
	manifest := files["extension.vsixmanifest"].data
	wantTarget := ` TargetPlatform="` + target + `"`
	if platform == "" {
		wantTarget = ""
	}
	if m := regexp.MustCompile(`<Identity [^>]*`).FindString(manifest); !strings.Contains(m, ` Version="`+version+`"`) ||
		strings.Contains(m, "TargetPlatform") != (wantTarget != "") || !strings.Contains(m, wantTarget) {
		t.Errorf("manifest identity %s, want version %s and target%s", m, version, wantTarget)
	}
	if !strings.Contains(files["extension/package.json"].data, `"version": "`+version+`"`) {
		t.Errorf("package.json does not give the version %s", version)
	}
	notices := files["extension/THIRD_PARTY_NOTICES"].data
	if !strings.Contains(notices, "vscode-languageclient") || strings.Contains(notices, goNotices) != (platform != "") {
		t.Errorf("THIRD_PARTY_NOTICES: want the bundled npm packages' licenses, and the Go modules' exactly when a server is bundled")
	}
	if platform == "" {
		return
	}
	server := files[serverPath(target)]
	if !strings.HasPrefix(target, "win32-") && server.mode&0o111 == 0 {
		t.Errorf("%s has mode %v: the run bit is lost", server.name, server.mode)
	}
	goos, goarch, err := platformOf([]byte(server.data))
	if wantOS, wantArch, _ := strings.Cut(platform, "_"); err != nil || goos != wantOS || goarch != wantArch {
		t.Fatalf("%s is for %s/%s (%v), want %s", server.name, goos, goarch, err, platform)
	}
	checkVersion(t, path, []byte(server.data), goos, goarch, version)
}
