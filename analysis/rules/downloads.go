package rules

import (
	"path"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/dockerfile"
)

// This file reads downloads in RUN scripts, for DW109 (a download that is
// run unchecked) and DW118 (a download over plain HTTP): what curl or
// wget fetches, where it writes it, and whether the same RUN checks a
// checksum or a signature.

// A fetch is one curl or wget command.
type fetch struct {
	tool string // "curl" or "wget"
	cmd  *dockerfile.Command
	// urls are the words that name what is downloaded (those that hold
	// "://" when some do).
	urls []*dockerfile.Word
	// stdout is set when the download goes to standard output; file is
	// the file it is written to otherwise ("" when unknown), as written.
	stdout bool
	file   string
}

// curlValueOpts are curl's short options that take a value; in a bundle
// such as -fsSLo the rest of the bundle, or the next word, is the value.
const curlValueOpts = "AbcCdDeEFHKmoPQrTuUwxXyYzt"

// curlLongWithValue are the common curl long options that take a value,
// so that the value is not taken for the URL.
var curlLongWithValue = map[string]bool{
	"--header": true, "--user-agent": true, "--retry": true, "--retry-delay": true, "--retry-max-time": true,
	"--max-time": true, "--connect-timeout": true, "--proto": true, "--proto-redir": true, "--user": true,
	"--data": true, "--data-raw": true, "--data-binary": true, "--request": true, "--cacert": true,
	"--cert": true, "--key": true, "--proxy": true, "--referer": true, "--cookie": true, "--url": false,
	"--tlsv1.2": false, "--write-out": true, "--form": true, "--limit-rate": true, "--resolve": true,
	"--output-dir": true, "--create-dirs": false,
}

// wgetValueOpts are wget's short options that take a value.
const wgetValueOpts = "OoaPUtTweiBQlDIXAR"

// fetchOf reads c as a download: ok is false when it is not a curl or
// wget command.
func fetchOf(c *dockerfile.Command) (f fetch, ok bool) {
	_, run := c.Unwrap()
	if len(run) == 0 || !run[0].Literal {
		return fetch{}, false
	}
	f = fetch{tool: lastPathElem(run[0].Value), cmd: c}
	remoteName := false
	switch f.tool {
	case "curl":
		f.stdout = true
		for i := 1; i < len(run); i++ {
			v, next := run[i].Value, valueAfter(run, i)
			switch {
			case !run[i].Literal || !strings.HasPrefix(v, "-") || v == "-":
				f.urls = append(f.urls, &run[i])
			case v == "--output" || v == "-o":
				f.output(next)
				i++
			case strings.HasPrefix(v, "--output="):
				f.output(strings.TrimPrefix(v, "--output="))
			case v == "--remote-name" || v == "--remote-name-all" || v == "-O":
				f.stdout, remoteName = false, true
			case strings.HasPrefix(v, "--"):
				if curlLongWithValue[v] {
					i++
				}
			default:
				for j := 1; j < len(v); j++ {
					letter := v[j]
					if letter == 'O' {
						f.stdout, remoteName = false, true
					}
					if strings.IndexByte(curlValueOpts, letter) >= 0 {
						val, skip := bundledValue(v, j, next)
						i += skip
						if letter == 'o' {
							f.output(val)
						}
						break
					}
				}
			}
		}
	case "wget":
		remoteName = true
		for i := 1; i < len(run); i++ {
			v, next := run[i].Value, valueAfter(run, i)
			switch {
			case !run[i].Literal || !strings.HasPrefix(v, "-") || v == "-":
				f.urls = append(f.urls, &run[i])
			case v == "--output-document":
				f.output(next)
				remoteName = false
				i++
			case strings.HasPrefix(v, "--output-document="):
				f.output(strings.TrimPrefix(v, "--output-document="))
				remoteName = false
			case strings.HasPrefix(v, "--"):
			default:
				for j := 1; j < len(v); j++ {
					letter := v[j]
					if strings.IndexByte(wgetValueOpts, letter) < 0 {
						continue
					}
					val, skip := bundledValue(v, j, next)
					i += skip
					if letter == 'O' {
						f.output(val)
						remoteName = false
					}
					break
				}
			}
		}
	default:
		return fetch{}, false
	}
	if f.stdout {
		f.file = ""
	}
	if !f.stdout && f.file == "" && remoteName {
		// curl -O and wget name the file after the URL's last segment.
		if u := f.url(); u != nil {
			f.file = remoteFileName(u.Value)
		}
	}
	var withScheme []*dockerfile.Word
	for _, u := range f.urls {
		if strings.Contains(u.Value, "://") {
			withScheme = append(withScheme, u)
		}
	}
	if len(withScheme) > 0 {
		f.urls = withScheme
	}
	return f, true
}

// valueAfter is the word after run[i], the value of an option there; ""
// at the end.
func valueAfter(run []dockerfile.Word, i int) string {
	if i+1 < len(run) {
		return run[i+1].Value
	}
	return ""
}

// bundledValue is the value of the short option v[j] of a bundle such as
// -fsSLo: the rest of the bundle, or else the next word (skip is then 1).
func bundledValue(v string, j int, next string) (val string, skip int) {
	if val = v[j+1:]; val != "" {
		return val, 0
	}
	return next, 1
}

// output records where an -o or -O option sends the download.
func (f *fetch) output(to string) {
	if to == "-" || to == "/dev/stdout" {
		f.stdout, f.file = true, ""
		return
	}
	f.stdout, f.file = false, to
}

// url is the first word that names what is downloaded, nil when none.
func (f *fetch) url() *dockerfile.Word {
	for _, u := range f.urls {
		if strings.Contains(u.Value, "://") {
			return u
		}
	}
	if len(f.urls) > 0 {
		return f.urls[0]
	}
	return nil
}

// remoteFileName is the name curl -O and wget give a download: the last
// segment of the URL's path.
func remoteFileName(u string) string {
	u = strings.Trim(u, `"'`)
	u, _, _ = strings.Cut(u, "#")
	u, _, _ = strings.Cut(u, "?")
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		} else {
			return ""
		}
	}
	return path.Base(u)
}

// checksumTools are the commands that check a file against a digest when
// given -c (or --check).
var checksumTools = map[string]bool{
	"md5sum": true, "sha1sum": true, "sha224sum": true, "sha256sum": true, "sha384sum": true,
	"sha512sum": true, "b2sum": true, "shasum": true, "b3sum": true,
}

// verifies reports whether c checks a download: a checksum tool with -c
// or --check (`echo "<sha256>  file" | sha256sum -c -`), a checksum tool
// whose output a command substitution captures to compare it, gpg or gpg2
// --verify, gpgv, cosign verify-blob, minisign -V, signify -V, or openssl
// dgst -verify.
func verifies(c *dockerfile.Command) bool {
	_, run := c.Unwrap()
	if len(run) == 0 || !run[0].Literal {
		return false
	}
	name := lastPathElem(run[0].Value)
	has := func(words ...string) bool {
		for _, w := range run[1:] {
			for _, x := range words {
				if w.Literal && w.Value == x {
					return true
				}
			}
		}
		return false
	}
	switch {
	case checksumTools[name]:
		if c.Via == dockerfile.Substitution {
			return true
		}
		for _, w := range run[1:] {
			v := w.Value
			if v == "--check" || strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.ContainsRune(v, 'c') {
				return true
			}
		}
	case name == "gpg" || name == "gpg2":
		return has("--verify", "--verify-files")
	case name == "gpgv" || name == "gpgv2":
		return true
	case name == "cosign":
		return has("verify-blob", "verify", "verify-attestation")
	case name == "minisign" || name == "signify":
		return has("-V")
	case name == "openssl":
		return has("-verify")
	}
	return false
}

// verifiedBetween reports whether a command of s that starts after from
// and before to (byte offsets) checks a checksum or a signature.
func verifiedBetween(s *dockerfile.Script, from, to int) bool {
	for _, c := range s.Commands {
		if c.Span.Start > from && c.Span.Start < to && verifies(c) {
			return true
		}
	}
	return false
}

// interpreters are the programs that run a script: the file given as
// their first operand, else (none, or "-") their standard input. Their
// options in withValue take a value; those in program give the program
// itself (-c, -e, -m), so that no file and no standard input is run.
// After "--", php reads the program from standard input and passes the
// rest to it (php -- --install-dir=/usr/local/bin); the others take the
// next word for the file.
var interpreters = map[string]struct {
	withValue, program string
	dashDashStdin      bool
}{
	"python": {"WX", "cm", false}, "perl": {"IMmx", "eE", false}, "ruby": {"IrCEF", "e", false},
	"node": {"r", "ep", false}, "php": {"cdz", "r", true},
}

// interpreterOf returns the table entry of a program run by name:
// python3.12 and perl5 are python and perl.
func interpreterOf(name string) (interp string, ok bool) {
	interp = strings.TrimRight(lastPathElem(name), "0123456789.")
	_, ok = interpreters[interp]
	return interp, ok
}

// interpreterScript returns the index in run (an interpreter command:
// run[0] names one of interpreters) of the word that names the script it
// runs, len(run) when it reads the script from standard input without
// "-". ok is false when an option gives the program, or a word before
// the script is not literal.
func interpreterScript(run []dockerfile.Word) (i int, ok bool) {
	interp, _ := interpreterOf(run[0].Value)
	opts := interpreters[interp]
	for i := 1; i < len(run); i++ {
		v := run[i].Value
		if !run[i].Literal {
			return 0, false
		}
		if v == "--" {
			if opts.dashDashStdin {
				return len(run), true
			}
			return i + 1, true
		}
		if !strings.HasPrefix(v, "-") || v == "-" {
			return i, true
		}
		if strings.HasPrefix(v, "--") {
			continue
		}
		for j := 1; j < len(v); j++ {
			if strings.IndexByte(opts.program, v[j]) >= 0 {
				return 0, false
			}
			if strings.IndexByte(opts.withValue, v[j]) >= 0 {
				if j == len(v)-1 {
					i++
				}
				break
			}
		}
	}
	return len(run), true
}

// runsFile reports whether c runs the file named file (as a fetch wrote
// it): as a program (`./setup.sh`, `/tmp/install.sh`), through a shell
// (`sh install.sh`, `bash -x /tmp/install.sh`), through source or ".",
// or through an interpreter (`python3 get-pip.py`, `perl x.pl`). It
// returns the name of what runs it. Files are compared by base name.
func runsFile(c *dockerfile.Command, file string) (string, bool) {
	base := path.Base(strings.Trim(file, `"'`))
	if base == "" || base == "." || base == "/" {
		return "", false
	}
	_, run := c.Unwrap()
	if len(run) == 0 || !run[0].Literal {
		return "", false
	}
	same := func(w dockerfile.Word) bool { return w.Literal && path.Base(w.Value) == base }
	cmd := run[0].Value
	if strings.Contains(cmd, "/") && same(run[0]) {
		return cmd, true
	}
	name := path.Base(cmd)
	if mode, script := c.Shell(); mode == dockerfile.ShellFile && script >= 0 && same(c.Args[script]) {
		return name, true
	}
	if (name == "source" || name == ".") && len(run) > 1 && same(run[1]) {
		return "source", true
	}
	if _, ok := interpreterOf(name); !ok {
		return "", false
	}
	if i, ok := interpreterScript(run); ok && i < len(run) && same(run[i]) {
		return name, true
	}
	return "", false
}
