package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeInputs writes an executable and a text file to pack, with the given
// file times.
func writeInputs(t *testing.T, dir string, when time.Time) []entry {
	t.Helper()
	files := []entry{{src: filepath.Join(dir, "tool"), name: "tool", exec: true}, {src: filepath.Join(dir, "README.md"), name: "README.md"}}
	for _, f := range files {
		if err := os.WriteFile(f.src, []byte("contents of "+f.name+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(f.src, when, when); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// TestArchivesAreDeterministic packs the same contents from two folders
// whose files have other times and modes, and wants the same bytes, with
// every entry dated at -mtime, owned by root, 0755 or 0644, in order.
func TestArchivesAreDeterministic(t *testing.T) {
	mtime := time.Unix(1765000000, 0)
	a := writeInputs(t, t.TempDir(), time.Now())
	b := writeInputs(t, t.TempDir(), time.Unix(1000, 0))
	for name, write := range map[string]func(io.Writer, []entry, time.Time) error{"tar.gz": writeTarGz, "zip": writeZip} {
		var first, second bytes.Buffer
		if err := write(&first, a, mtime); err != nil {
			t.Fatal(err)
		}
		if err := write(&second, b, mtime); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Errorf("%s: the same contents packed twice differ", name)
		}
		got := listArchive(t, "x."+name, first.Bytes())
		want := []archived{{"tool", 0o755, mtime, "contents of tool\n"}, {"README.md", 0o644, mtime, "contents of README.md\n"}}
		if len(got) != len(want) {
			t.Fatalf("%s: entries %+v", name, got)
		}
		for i := range want {
			if got[i].name != want[i].name || got[i].mode != want[i].mode || !got[i].mtime.Equal(mtime) || got[i].data != want[i].data {
				t.Errorf("%s: entry %d is %+v, want %+v", name, i, got[i], want[i])
			}
		}
	}
}

// An archived file is what listArchive reads of an entry.
type archived struct {
	name  string
	mode  os.FileMode
	mtime time.Time
	data  string
}

// listArchive reads a .tar.gz, or a .zip or .vsix (by its extension), and checks what
// every entry must be for a reproducible archive: a regular file, no owner
// name or id, and, for .tar.gz, a gzip header without name or time.
func listArchive(t *testing.T, name string, data []byte) []archived {
	t.Helper()
	var out []archived
	if strings.HasSuffix(name, ".zip") || strings.HasSuffix(name, ".vsix") {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			if !f.Mode().IsRegular() {
				t.Errorf("%s: %s is not a regular file", name, f.Name)
			}
			out = append(out, archived{f.Name, f.Mode().Perm(), f.Modified, string(b)})
		}
		return out
	}
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if gz.Name != "" || !gz.ModTime.IsZero() {
		t.Errorf("%s: gzip header names %q at %v; want neither", name, gz.Name, gz.ModTime)
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if hdr.Typeflag != tar.TypeReg || hdr.Uid != 0 || hdr.Gid != 0 || hdr.Uname != "" || hdr.Gname != "" {
			t.Errorf("%s: %s: type %c, owner %d:%d (%q:%q); want a file of 0:0", name, hdr.Name, hdr.Typeflag, hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname)
		}
		out = append(out, archived{hdr.Name, os.FileMode(hdr.Mode).Perm(), hdr.ModTime, string(b)})
	}
	return out
}

func TestSums(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"b.zip": "b", "a.tar.gz": "a", SumsFile: "stale"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, ".build"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writeSums(dir); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, SumsFile))
	if err != nil {
		t.Fatal(err)
	}
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	if want := sum("a") + "  a.tar.gz\n" + sum("b") + "  b.zip\n"; string(got) != want {
		t.Errorf("SHA256SUMS:\n%s\nwant (sorted, sha256sum -c's format, no folders, not itself):\n%s", got, want)
	}
}

// fakeSums names every release archive of version 1.2.3 with a checksum
// made of its platform, so that a filled file shows which went where.
func fakeSums() map[string]string {
	sums := map[string]string{}
	for _, p := range []string{"linux_amd64", "linux_arm64", "darwin_amd64", "darwin_arm64", "windows_amd64", "windows_arm64"} {
		ext := ".tar.gz"
		if strings.HasPrefix(p, "windows") {
			ext = ".zip"
		}
		h := sha256.Sum256([]byte(p))
		sums["dockwarden_1.2.3_"+p+ext] = hex.EncodeToString(h[:])
	}
	return sums
}

// TestFillPackaging fills the repository's Homebrew formula and mason.nvim
// entry: every checksum must become that of the archive its entry names,
// and the version must change everywhere it is written.
func TestFillPackaging(t *testing.T) {
	sums := fakeSums()
	for _, path := range []string{"../../packaging/homebrew/dockwarden.rb", "../../packaging/mason/package.yaml"} {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out, err := fill(string(text), "1.2.3", sums)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if again, _ := fill(out, "1.2.3", sums); again != out {
			t.Errorf("%s: filling twice changes the file", path)
		}
		archive, filled := "", 0
		for i, line := range strings.Split(out, "\n") {
			if m := archiveRef.FindStringSubmatch(line); m != nil {
				archive = "dockwarden_1.2.3_" + m[1]
			}
			if m := sumLine.FindString(line); m != "" {
				filled++
				if !strings.HasSuffix(m, sums[archive]) {
					t.Errorf("%s:%d: %q, want the checksum of %s", path, i+1, line, archive)
				}
			}
			if versionLine.MatchString(line) && !strings.Contains(line, "1.2.3") {
				t.Errorf("%s:%d: version not filled: %q", path, i+1, line)
			}
		}
		if filled == 0 {
			t.Errorf("%s: no checksum filled", path)
		}
		delete(sums, "dockwarden_1.2.3_darwin_arm64.tar.gz")
		if _, err := fill(string(text), "1.2.3", sums); err == nil || !strings.Contains(err.Error(), "darwin_arm64") {
			t.Errorf("%s: filling without the darwin_arm64 archive's checksum: %v, want an error naming it", path, err)
		}
		sums = fakeSums()
	}
}
