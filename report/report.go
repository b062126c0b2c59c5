// Package report writes what `dockwarden check` found in the formats CI
// systems read: one Writer per format, each in its own file, fed one File
// at a time in the order the files are reported and closed with the run's
// Summary. A Writer writes a file's findings as soon as it gets them and
// keeps no more than the format needs to close the report, so that a run
// over a large tree streams.
//
// A File is built from an analysis while its document is in memory
// (NewFile): positions are 1-based lines and columns counted in Unicode
// characters, and the document itself is not kept.
package report

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// A Position is a 1-based line and a 1-based column counted in Unicode
// characters.
type Position struct{ Line, Column int }

// A File is one file's findings, ready to be written.
type File struct {
	// Path is the file as shown: slash-separated, relative to the working
	// folder when it is inside it.
	Path string
	Kind document.Kind
	// Findings are sorted by position.
	Findings []Finding
	// Panics are rules that failed on the file (analysis.Result.Panics).
	Panics []string
}

// A Finding is one finding of a File.
type Finding struct {
	Rule     *analysis.Rule
	Severity analysis.Severity
	Message  string
	// Detail is what the message leaves out about this finding (why no
	// fix is offered, say); "" for nothing.
	Detail string
	// Start and End delimit the flagged text; End is just past it.
	Start, End Position
	// Snippet is the flagged text.
	Snippet string
	Fixes   []Fix
	// Fingerprint identifies the finding across edits (package
	// analysis/baseline).
	Fingerprint string
	// Failing reports that the finding is at or above its file's fail
	// level: it makes `dockwarden check` exit with 1.
	Failing bool
	// Unsafe reports that `dockwarden fix --unsafe` fixes the finding,
	// which has no safe fix.
	Unsafe bool
}

// Fixable reports whether `dockwarden fix` fixes the finding: it has a
// safe fix.
func (x *Finding) Fixable() bool {
	for _, fix := range x.Fixes {
		if fix.Safe {
			return true
		}
	}
	return false
}

// A Fix is one of a finding's fixes.
type Fix struct {
	Title string
	Safe  bool
	// OtherFiles reports that the fix also changes files beside this one
	// (a secret file, a .env line), which Replacements do not show.
	OtherFiles bool
	// Replacements are the fix's edits of the file, in order.
	Replacements []Replacement
}

// A Replacement replaces the text from Start to End (End just past it)
// with Text.
type Replacement struct {
	Start, End Position
	Text       string
}

// FileOptions say what NewFile needs besides the analysis.
type FileOptions struct {
	// Fingerprints are those of the findings, one per finding; nil for
	// none.
	Fingerprints []string
	// FailLevel is the severity from which a finding fails the run, 0 for
	// none.
	FailLevel analysis.Severity
	// Unsafe reports whether `dockwarden fix --unsafe` fixes a finding
	// that has no safe fix; nil for never.
	Unsafe func(*analysis.Finding) bool
}

// NewFile makes the File of path from an analysis.
func NewFile(path string, res *analysis.Result, opts FileOptions) *File {
	f := &File{Path: path, Kind: res.Doc.Kind, Panics: res.Panics, Findings: make([]Finding, len(res.Findings))}
	for i, af := range res.Findings {
		out := Finding{
			Rule:     af.Rule,
			Severity: af.Severity,
			Message:  af.Message,
			Detail:   af.Detail,
			Start:    position(res.Doc, af.Span.Start),
			End:      position(res.Doc, af.Span.End),
			Failing:  opts.FailLevel != 0 && af.Severity.AtLeast(opts.FailLevel),
		}
		if i < len(opts.Fingerprints) {
			out.Fingerprint = opts.Fingerprints[i]
		}
		if af.Span.Start < af.Span.End && af.Span.End <= len(res.Doc.Text) {
			out.Snippet = string(res.Doc.Text[af.Span.Start:af.Span.End])
		}
		for _, fix := range af.Fixes {
			edits := slices.Clone(fix.Edits)
			document.SortEdits(edits)
			rf := Fix{Title: fix.Title, Safe: fix.Safe, OtherFiles: len(fix.Files) > 0}
			for _, e := range edits {
				rf.Replacements = append(rf.Replacements, Replacement{Start: position(res.Doc, e.Span.Start), End: position(res.Doc, e.Span.End), Text: e.NewText})
			}
			out.Fixes = append(out.Fixes, rf)
		}
		out.Unsafe = !out.Fixable() && opts.Unsafe != nil && opts.Unsafe(&res.Findings[i])
		f.Findings[i] = out
	}
	return f
}

func position(doc *document.Document, off int) Position {
	line, col := doc.Column(off)
	return Position{Line: line, Column: col}
}

// A Summary is what a run found, for the end of a report.
type Summary struct {
	// Files is the number of files analysed.
	Files int
	// Counts are the findings reported, by severity (index
	// analysis.Severity; 0 unused).
	Counts [analysis.Hint + 1]int
	// Fixable counts the findings reported that `dockwarden fix` fixes,
	// and FixableUnsafe those only `dockwarden fix --unsafe` does.
	Fixable, FixableUnsafe int
	// Baseline is set when a baseline was read: Hidden counts the findings
	// it accepted and Stale its entries that no finding matched.
	Baseline      bool
	Hidden, Stale int
	// Errors are the problems that kept files from being analysed.
	Errors []error
}

// Findings is the number of findings reported.
func (s *Summary) Findings() int {
	n := 0
	for _, c := range s.Counts {
		n += c
	}
	return n
}

// Line is the one-line summary a text report ends with:
//
//	23 findings (1 error, 4 warnings, 17 information, 1 hint) in 5 files; 4 fixable with dockwarden fix, 9 more with dockwarden fix --unsafe; 12 hidden by the baseline
func (s *Summary) Line() string {
	var b strings.Builder
	n := s.Findings()
	fmt.Fprintf(&b, "%s", plural(n, "finding", "findings"))
	if n > 0 {
		fmt.Fprintf(&b, " (%s, %s, %d information, %s)", plural(s.Counts[analysis.Error], "error", "errors"),
			plural(s.Counts[analysis.Warning], "warning", "warnings"), s.Counts[analysis.Information], plural(s.Counts[analysis.Hint], "hint", "hints"))
	}
	fmt.Fprintf(&b, " in %s", plural(s.Files, "file", "files"))
	switch {
	case s.Fixable > 0 && s.FixableUnsafe > 0:
		fmt.Fprintf(&b, "; %d fixable with dockwarden fix, %d more with dockwarden fix --unsafe", s.Fixable, s.FixableUnsafe)
	case s.Fixable > 0:
		fmt.Fprintf(&b, "; %d fixable with dockwarden fix", s.Fixable)
	case s.FixableUnsafe > 0:
		fmt.Fprintf(&b, "; %d fixable with dockwarden fix --unsafe", s.FixableUnsafe)
	}
	if s.Baseline {
		fmt.Fprintf(&b, "; %d hidden by the baseline", s.Hidden)
		if s.Stale > 0 {
			fmt.Fprintf(&b, ", %s no longer found (--write-baseline prunes them)", plural(s.Stale, "entry", "entries"))
		}
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// A Writer writes one report: File for each file in turn, then Close
// once. Neither is safe for concurrent use.
type Writer interface {
	File(f *File) error
	Close(s *Summary) error
}

// Options are what writers need besides the files.
type Options struct {
	// Version is dockwarden's version, for the formats that name the tool.
	Version string
	// Rules are every rule a finding may name, for the formats that list
	// them.
	Rules []*analysis.Rule
	// Preset gives the rules' default severities where a format lists
	// them.
	Preset analysis.Preset
	// WorkDir is the working folder, which relative paths are relative to.
	WorkDir string
}

// A format is one output format: its name and how to make its writer.
type format struct {
	name  string
	about string
	new   func(w io.Writer, opts Options) Writer
}

// formats are the formats New makes, in the order usage lists them.
var formats = []format{
	{"text", "path:line:column: severity CODE message, and a summary", newText},
	{"json", "JSON: every finding with its position, fixes and fingerprint", newJSON},
	{"sarif", "SARIF 2.1.0, for GitHub code scanning and other SARIF viewers", newSARIF},
	{"github", "GitHub Actions workflow commands: annotations on the pull request", newGitHub},
	{"junit", "JUnit XML, one test suite per file and a test case per finding (GitLab, Jenkins)", newJUnit},
	{"codeclimate", "Code Climate JSON (GitLab Code Quality)", newCodeClimate},
	{"checkstyle", "Checkstyle XML (Jenkins Warnings, reviewdog)", newCheckstyle},
}

// Formats are the names of the formats New makes.
func Formats() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

// New returns the writer of the named format, writing to w.
func New(name string, w io.Writer, opts Options) (Writer, error) {
	for _, f := range formats {
		if f.name == name {
			return f.new(w, opts), nil
		}
	}
	names := Formats()
	sort.Strings(names)
	return nil, fmt.Errorf("unknown format %q (want %s)", name, strings.Join(names, ", "))
}

// RuleURL is the address of a rule's section of the rules page.
func RuleURL(r *analysis.Rule) string { return analysis.RulesPage + "#" + r.Anchor() }
