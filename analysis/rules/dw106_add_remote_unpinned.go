package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// AddRemoteUnpinned is DW106: ADD fetches a URL or git repository without
// anything that pins its content.
var AddRemoteUnpinned = &analysis.Rule{
	Code:     "DW106",
	Name:     "add-remote-unpinned",
	Kind:     document.Dockerfile,
	Severity: analysis.Warning,
	Doc: `ADD fetches remote content without integrity pin
ADD downloads an http(s) URL without --checksum, or clones a git repository
at a branch, a tag or the default branch instead of a commit. Whatever the
server returns at build time goes into the image unverified: a new release,
a moved tag or a compromised download (guideline c: verify what you
build from).

An HTTP source is pinned by --checksum=sha256:<digest>; a git source by a
full commit id as its ref (#<40 hex digits>, or ?commit=) or by
--checksum=<commit>. Refs built from variables count as movable. Remote
archives are not unpacked by ADD, so they are reported like any other
download. Not reported: sources that depend on a build argument without a
default. ONBUILD ADD is reported as information.

Fix: for a URL, a snippet adds --checksum=sha256:<sha256> after ADD; put
the file's digest in place of <sha256> (sha256sum prints it). The flag
needs Dockerfile syntax 1.6 or later, so a second fix also sets
# syntax=docker/dockerfile:1 when the file asks for an older frontend or
none. Being templates, they are never applied by dockwarden fix --unsafe.
For git, replace the ref with the commit it points to by hand.
Suppress with # dockwarden:ignore DW106 above the instruction.`,
	Run:   checkAdds(checkRemoteAdd, analysis.Warning, analysis.Information),
	Local: true,
}

// checksumPlaceholder is what the snippet fix inserts; the user replaces
// <sha256> with the digest of the file.
const checksumPlaceholder = "--checksum=sha256:<sha256>"

// checkRemoteAdd reports every unpinned remote source of add; at is the
// instruction whose variables apply (nil under ONBUILD).
func checkRemoteAdd(pass *analysis.Pass, add, at *dockerfile.Instruction, sev analysis.Severity) {
	if fl := add.Flag("checksum"); fl != nil && fl.Value != "" {
		return // BuildKit verifies the download or the commit
	}
	sources := pass.Dockerfile.Sources(add, at)
	for _, s := range sources {
		finding := analysis.Finding{Span: s.Arg.Span, Severity: sev}
		switch s.Kind {
		case dockerfile.HTTPSource:
			finding.Message = fmt.Sprintf("ADD downloads %s unverified; add --checksum=sha256:<digest>", describeSource(s))
			if len(sources) == 1 {
				// --checksum takes one source only.
				finding.Fixes = checksumFixes(pass.Dockerfile, add)
			}
		case dockerfile.GitSource:
			if s.GitPinned() {
				continue
			}
			where := "its default branch"
			if s.GitRef != "" {
				where = "a movable ref"
			}
			finding.Message = fmt.Sprintf("ADD clones %s at %s; pin a full commit id or --checksum=<commit>", describeSource(s), where)
		default:
			continue
		}
		pass.Report(finding)
	}
}

// describeSource names a source for a message: what variables made of it,
// clipped.
func describeSource(s dockerfile.Source) string {
	if s.Known && s.Value != s.Arg.Value {
		return clip(s.Value, quoteMax)
	}
	return clip(s.Arg.Value, quoteMax)
}

// checksumMinor is the Dockerfile syntax 1.x that brought ADD --checksum.
const checksumMinor = 6

// checksumFixes returns the snippet that adds --checksum after the ADD
// keyword and, when the file's frontend may predate the flag, the same
// with the syntax directive set to docker/dockerfile:1.
func checksumFixes(f *dockerfile.File, add *dockerfile.Instruction) []analysis.Fix {
	flag := document.Edit{Span: document.Span{Start: add.KeywordSpan.End, End: add.KeywordSpan.End}, NewText: " " + checksumPlaceholder}
	fixes := []analysis.Fix{{Title: "Add " + checksumPlaceholder, Edits: []document.Edit{flag}, Template: true}}
	syntax := syntaxOf(f)
	const want = "docker/dockerfile:1"
	title := "Add " + checksumPlaceholder + " and # syntax=" + want
	switch {
	case syntax.directive == nil:
		// A directive must come before any other line, comments included.
		line := document.Edit{Span: document.Span{Start: 0, End: 0}, NewText: "# syntax=" + want + f.LineEnding}
		fixes = append(fixes, analysis.Fix{Title: title, Edits: []document.Edit{line, flag}, Template: true})
	case syntax.before(checksumMinor):
		value := document.Edit{Span: syntax.directive.ValueSpan, NewText: want}
		fixes = append(fixes, analysis.Fix{Title: title, Edits: []document.Edit{value, flag}, Template: true})
	}
	return fixes
}
