// Command pack writes dockwarden's release files so that the same inputs
// give the same bytes on every run and every machine (make dist, make vsix,
// make packaging):
//
//	pack archive -o OUT.tar.gz|OUT.zip -mtime UNIX [-exec NAME]... FILE[=NAME]...
//	pack sums DIR
//	pack fill -sums DIR/SHA256SUMS -version VERSION FILE...
//
// archive puts the files at the root of a .tar.gz or .zip in the order
// given, each with the one time -mtime (the commit's), owner root, mode
// 0755 for the -exec names and 0644 for the rest, and no gzip name or
// time. sums writes DIR/SHA256SUMS (sha256sum's format, sorted by name)
// for the files in DIR. fill writes a version and the checksums of the
// archives it names into the Homebrew formula and the mason.nvim entry.
package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pack archive|sums|fill ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "archive":
		err = runArchive(os.Args[2:])
	case "sums":
		if len(os.Args) != 3 {
			err = errors.New("usage: pack sums DIR")
		} else {
			err = writeSums(os.Args[2])
		}
	case "fill":
		err = runFill(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pack:", err)
		os.Exit(1)
	}
}

// An entry is one file of an archive: where it is read from and the name
// it gets inside.
type entry struct {
	src, name string
	exec      bool
}

type names []string

func (n *names) String() string     { return strings.Join(*n, ",") }
func (n *names) Set(v string) error { *n = append(*n, v); return nil }

func runArchive(args []string) error {
	fs := flag.NewFlagSet("archive", flag.ContinueOnError)
	out := fs.String("o", "", "the archive to write: .tar.gz or .zip")
	mtime := fs.Int64("mtime", 0, "the time of every entry, in seconds since 1970 (the commit's)")
	var execs names
	fs.Var(&execs, "exec", "a name inside the archive that is an executable (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var entries []entry
	for _, a := range fs.Args() {
		src, name, ok := strings.Cut(a, "=")
		if !ok {
			name = filepath.Base(src)
		}
		entries = append(entries, entry{src: src, name: name, exec: slices.Contains(execs, name)})
	}
	if *out == "" || len(entries) == 0 {
		return errors.New("usage: pack archive -o OUT -mtime UNIX [-exec NAME]... FILE[=NAME]...")
	}
	var buf bytes.Buffer
	var err error
	switch {
	case strings.HasSuffix(*out, ".tar.gz"):
		err = writeTarGz(&buf, entries, time.Unix(*mtime, 0))
	case strings.HasSuffix(*out, ".zip"):
		err = writeZip(&buf, entries, time.Unix(*mtime, 0))
	default:
		err = fmt.Errorf("%s: want a .tar.gz or .zip name", *out)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(*out, buf.Bytes(), 0o644)
}

func (e entry) mode() int64 {
	if e.exec {
		return 0o755
	}
	return 0o644
}

// writeTarGz writes a USTAR archive: no user or group names, no access or
// change times, and a gzip header without name, time or OS guess.
func writeTarGz(w io.Writer, entries []entry, mtime time.Time) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		data, err := os.ReadFile(e.src)
		if err != nil {
			return err
		}
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: e.name, Size: int64(len(data)), Mode: e.mode(), ModTime: mtime.UTC(), Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// writeZip writes entries deflated, with Unix modes (so that unzip and
// VS Code keep the run bit) and the one modification time.
func writeZip(w io.Writer, entries []entry, mtime time.Time) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	for _, e := range entries {
		data, err := os.ReadFile(e.src)
		if err != nil {
			return err
		}
		hdr := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime.UTC()}
		hdr.SetMode(os.FileMode(e.mode()))
		f, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// SumsFile is the checksum list's name, as sha256sum -c reads it.
const SumsFile = "SHA256SUMS"

func writeSums(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, e := range entries { // ReadDir sorts by name
		if !e.Type().IsRegular() || e.Name() == SumsFile {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), e.Name())
	}
	return os.WriteFile(filepath.Join(dir, SumsFile), []byte(b.String()), 0o644)
}

func readSums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 {
			return nil, fmt.Errorf("%s: bad line %q", path, sc.Text())
		}
		sums[name] = sum
	}
	return sums, sc.Err()
}

var (
	// archiveRef finds the archive a formula or registry line names, by
	// its platform part: dockwarden_#{version}_darwin_arm64.tar.gz.
	archiveRef = regexp.MustCompile(`dockwarden_.*?_((?:linux|darwin|windows)_(?:amd64|arm64)\.(?:tar\.gz|zip))`)
	// sumLine is a line that holds a checksum to fill: sha256 "..." in
	// Ruby, sha256: ... in YAML.
	sumLine = regexp.MustCompile(`(sha256:? *"?)[0-9a-f]{64}`)
	// versionLine is a line that holds the version: version "0.1.0" in
	// Ruby, the package URL's @v0.1.0 in YAML.
	versionLine = regexp.MustCompile(`(^\s*version "|pkg:github/dockwarden/dockwarden@v)[^"\s]+`)
)

func runFill(args []string) error {
	fs := flag.NewFlagSet("fill", flag.ContinueOnError)
	sumsPath := fs.String("sums", "", "the SHA256SUMS of the release archives")
	version := fs.String("version", "", "the release version, without the v")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *sumsPath == "" || *version == "" || fs.NArg() == 0 {
		return errors.New("usage: pack fill -sums SHA256SUMS -version VERSION FILE...")
	}
	sums, err := readSums(*sumsPath)
	if err != nil {
		return err
	}
	for _, path := range fs.Args() {
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out, err := fill(string(text), *version, sums)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// fill sets the version lines of text to version and each checksum to
// that of the archive named last above it. Every checksum must find its
// archive in sums.
func fill(text, version string, sums map[string]string) (string, error) {
	lines := strings.SplitAfter(text, "\n")
	archive := ""
	filled := 0
	for i, line := range lines {
		line = versionLine.ReplaceAllString(line, "${1}"+strings.ReplaceAll(version, "$", "$$"))
		if m := archiveRef.FindStringSubmatch(line); m != nil {
			archive = "dockwarden_" + version + "_" + m[1]
		}
		if sumLine.MatchString(line) {
			sum, ok := sums[archive]
			if !ok {
				return "", fmt.Errorf("line %d: no checksum of %q in the sums", i+1, archive)
			}
			line = sumLine.ReplaceAllString(line, "${1}"+sum)
			filled++
		}
		lines[i] = line
	}
	if filled == 0 {
		return "", errors.New("no checksum to fill")
	}
	return strings.Join(lines, ""), nil
}
