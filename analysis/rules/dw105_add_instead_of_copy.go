package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// AddInsteadOfCopy is DW105: ADD copies local files, which COPY does
// without ADD's other powers.
var AddInsteadOfCopy = &analysis.Rule{
	Code:           "DW105",
	Name:           "add-instead-of-copy",
	Kind:           document.Dockerfile,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `ADD used for local files: use COPY
Every source of this ADD is a local file or directory (or an inline
heredoc) that ADD would not unpack, so it does exactly what COPY does. ADD
can also download URLs, clone git repositories and unpack archives; using it
for plain copies hides which of those an instruction relies on, and a
source that later turns out to be an archive is silently extracted
(guideline c: prefer COPY).

Not reported when a source is a URL or git repository (see DW106), or
looks like an archive ADD unpacks (.tar, .tar.gz, .tgz, .tar.bz2, .tbz2,
.tbz, .tar.xz, .txz, .tar.zst, .gz, .bz2, .xz, .lz, .lzma, .Z, .tZ; names
compared case-sensitively). A .zip is not unpacked by ADD, so it is
reported. A source that starts with a variable the file gives no value
(ARG JAR_FILE, then ADD ${JAR_FILE} app.jar: the Spring Boot pattern) is
reported too, unless the variable's name says URL, repository or archive
(DOWNLOAD_URL, SOURCE_REPO, ROOTFS_TARBALL) or the ADD has a flag only
remote sources and archives use. ONBUILD ADD is reported one level lower,
as a hint.

Fix: replace the keyword ADD with COPY, keeping flags, sources and
destination. The fix is safe for fix-all when the flags are among
--chown, --chmod, --link, --exclude and --parents and no source depends on
a variable without a known value or is a glob that could match an archive;
in those cases it is offered for review only, and not at all when ADD-only
flags (--checksum, --keep-git-dir, --unpack) are used. Suppress with
# dockwarden:ignore DW105 above the instruction.`,
	Run:   checkAdds(checkLocalAdd, analysis.Information, analysis.Hint),
	Local: true,
}

// archiveExts are the names ADD is taken to unpack. BuildKit decides by
// content; these are the names archives are given, compared with case as
// BuildKit's own tests do.
var archiveExts = []string{
	".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst",
	".gz", ".bz2", ".xz", ".lz", ".lzma", ".Z", ".tZ",
}

// copyFlags are the flags ADD and COPY share with the same meaning.
var copyFlags = map[string]bool{"chown": true, "chmod": true, "link": true, "exclude": true, "parents": true}

// checkLocalAdd reports add when all its sources are local non-archives;
// at is the instruction whose variables apply (nil under ONBUILD).
func checkLocalAdd(pass *analysis.Pass, add, at *dockerfile.Instruction, sev analysis.Severity) {
	sources := pass.Dockerfile.Sources(add, at)
	if len(sources) == 0 {
		return
	}
	unpack := add.Flag("unpack")
	noUnpack := unpack != nil && unpack.HasValue && strings.EqualFold(unpack.Value, "false")
	safe := true
	variable := "" // the unknown variable a source starts with, as written
	for _, s := range sources {
		switch s.Kind {
		case dockerfile.LocalSource:
		case dockerfile.HeredocSource:
			continue
		case dockerfile.UnknownSource:
			ref, ok := localVariableSource(s.Value)
			if !ok {
				return // maybe a URL, a repository or an archive: ADD's own work
			}
			if addOnlyFlag(add) {
				return // --checksum, --keep-git-dir, --unpack: the value is remote or an archive
			}
			if variable == "" {
				variable = ref
			}
		default:
			return // remote: ADD is doing what only ADD does
		}
		if !noUnpack && isArchiveName(s.Value) {
			return
		}
		if !s.Known || !noUnpack && mayMatchArchive(s.Value) {
			safe = false
		}
	}
	finding := analysis.Finding{
		Span:     add.KeywordSpan,
		Severity: sev,
		Message:  "ADD only copies local files here; use COPY, which cannot download or unpack",
	}
	title := "Replace ADD with COPY"
	if variable != "" {
		finding.Message = fmt.Sprintf("ADD of %s, which this file does not set; use COPY if it is a local non-archive", clip(variable, quoteMax))
		title = fmt.Sprintf("Replace ADD with COPY (an archive in %s would no longer be unpacked)", variable)
	}
	if addOnlyFlag(add) {
		pass.Report(finding) // an ADD-only flag: COPY would not accept it
		return
	}
	finding.Fixes = []analysis.Fix{{
		Title: title,
		Edits: []document.Edit{{Span: add.KeywordSpan, NewText: copyKeyword(string(pass.Doc.Text[add.KeywordSpan.Start:add.KeywordSpan.End]))}},
		Safe:  safe,
	}}
	pass.Report(finding)
}

// addOnlyFlag reports whether add has a flag COPY does not accept.
func addOnlyFlag(add *dockerfile.Instruction) bool {
	for _, fl := range add.Flags {
		if !copyFlags[fl.Name] {
			return true
		}
	}
	return false
}

// copyKeyword spells COPY in the case the ADD keyword was written in.
func copyKeyword(written string) string {
	switch written {
	case strings.ToLower(written):
		return "copy"
	case "Add":
		return "Copy"
	}
	return "COPY"
}

// remoteOrArchiveWords are words of a variable name that say its value is
// a download, a repository or an archive, which ADD fetches or unpacks:
// DOWNLOAD_URL, SOURCE_REPO, ROOTFS_TARBALL.
var remoteOrArchiveWords = map[string]bool{
	"URL": true, "URI": true, "HTTP": true, "HTTPS": true, "REPO": true, "REPOSITORY": true,
	"GIT": true, "TAR": true, "TARBALL": true, "ARCHIVE": true, "TGZ": true,
}

// localVariableSource reports whether a source that starts with a
// variable without a known value (`${JAR_FILE}`, `$DIR/app.jar`) is taken
// for a local path: its name does not say URL, repository or archive, and
// what follows it is not an archive name. ref is the variable as written.
func localVariableSource(v string) (ref string, ok bool) {
	name, n := leadingVariable(v)
	if name == "" || isArchiveName(v) {
		return "", false
	}
	for _, w := range strings.FieldsFunc(strings.ToUpper(name), func(r rune) bool { return r == '_' }) {
		if remoteOrArchiveWords[w] {
			return "", false
		}
	}
	return v[:n], true
}

// leadingVariable returns the name of the variable reference ($NAME or
// ${NAME...}) that v starts with and the length of the reference.
func leadingVariable(v string) (name string, n int) {
	if !strings.HasPrefix(v, "$") {
		return "", 0
	}
	rest, braced := strings.CutPrefix(v[1:], "{")
	i := 0
	for i < len(rest) && (rest[i] == '_' || rest[i] >= 'A' && rest[i] <= 'Z' || rest[i] >= 'a' && rest[i] <= 'z' || i > 0 && rest[i] >= '0' && rest[i] <= '9') {
		i++
	}
	if !braced {
		return rest[:i], 1 + i
	}
	end := strings.IndexByte(rest, '}')
	if end < 0 {
		return "", 0
	}
	return rest[:i], 2 + end + 1
}

// isArchiveName reports whether a source path ends in an archive extension.
func isArchiveName(p string) bool {
	for _, ext := range archiveExts {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	return false
}

// mayMatchArchive reports whether a glob source could match a file with an
// archive name: the literal text after its last wildcard either ends in an
// archive extension or could be the tail of one ("*", "*z").
func mayMatchArchive(p string) bool {
	last := strings.LastIndexAny(p, "*?]")
	if last < 0 {
		return false
	}
	tail := p[last+1:]
	if strings.Contains(tail, "/") {
		return false // the wildcard is in a directory part; the name is literal
	}
	for _, ext := range archiveExts {
		if strings.HasSuffix(tail, ext) || strings.HasSuffix(ext, tail) {
			return true
		}
	}
	return false
}
