// Package analysis is the rule engine of dockwarden. It knows nothing of the
// Language Server Protocol: it reads a document.Document, builds the model
// for its kind, runs every enabled Rule over it and returns Findings whose
// Fixes are plain byte-offset edits.
package analysis

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// A Severity is how serious a finding is. The values are those of the LSP
// DiagnosticSeverity so that the server can pass them through unchanged.
type Severity int

// Severities, most serious first.
const (
	Error       Severity = 1
	Warning     Severity = 2
	Information Severity = 3
	Hint        Severity = 4
)

var severityNames = [...]string{Error: "error", Warning: "warning", Information: "information", Hint: "hint"}

func (s Severity) String() string {
	if s >= Error && s <= Hint {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// SeverityNames are the severities' names, most serious first: what the
// output prints and what messages offer.
var SeverityNames = []string{"error", "warning", "information", "hint"}

// SeverityAliases are the short names accepted wherever a severity is
// read (the command line, configuration files and editor settings alike),
// for people used to other linters' words.
var SeverityAliases = map[string]Severity{"warn": Warning, "info": Information}

// ParseSeverity reads a severity name as written on the command line, in
// configuration and in editor settings: one of SeverityNames or
// SeverityAliases, in lower case.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range SeverityNames {
		if name == n {
			return Severity(i + 1), nil
		}
	}
	if sev, ok := SeverityAliases[name]; ok {
		return sev, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want %s)", name, strings.Join(SeverityNames, ", "))
}

// AtLeast reports whether s is as serious as min or more.
func (s Severity) AtLeast(min Severity) bool { return s <= min }

// A Rule is plain data plus a Run function. Its Doc feeds hover,
// `dockwarden rules` and the generated rules page: the first line is the
// title, the rest explains why it matters and how to fix it.
type Rule struct {
	Code string // "DW101": stable, never reused
	Name string // "root-user": kebab case, stable
	// Kind is the kind of document the rule judges; document.Unknown
	// means every kind (DW004, which judges suppression comments).
	Kind     document.Kind
	Severity Severity // the default severity of its findings, in the recommended preset
	Off      bool     // shipped disabled
	Doc      string
	Run      func(*Pass)

	// Engine marks a code that the engine (DW006, DW007) or the
	// configuration reader (DW005) reports, not a Run function: it has no
	// Run, and is listed and documented with the rules.
	Engine bool

	// AfterSuppression makes the rule run once every other rule's
	// findings have been matched to the suppression comments, with
	// Pass.Suppressions telling which comments suppressed something.
	AfterSuppression bool

	// Local declares that the rule judges each Dockerfile instruction on
	// its own, through Pass.Instructions or Pass.Scripts: what it reports
	// about an instruction lies in the instruction's lines, and depends
	// only on their text and on what instructions that set context (FROM,
	// ARG, ENV, USER, SHELL, ONBUILD and the parser directives) say, never
	// on Options.Builders. A Session then runs it only on the instructions
	// that changed.
	Local bool

	// Complete, for a Local rule, finishes each of its findings on every
	// run, from what Run found about the instruction (Finding.Facts), the
	// whole file and the options: the words and fixes that depend on more
	// than the instruction and its context, such as a fix that also edits
	// another instruction or a message that names Options.Builders. Run
	// stays Local and a Session keeps what it found; what Complete adds is
	// never stale. It gets a copy of the finding whose slices are the
	// cache's: it may replace them, not change what they hold.
	Complete func(p *Pass, f *Finding)

	// Syntax marks a rule that reports what the parser could not read
	// (DW001, DW002): other language servers for these files report the
	// same errors, so an editor that runs one may do without these
	// (Options.NoSyntax).
	Syntax bool

	// StrictSeverity, when set, is the default severity in the strict
	// preset (see Preset): hardening that nearly every service or image
	// lacks is information by default, so that a build fails only on
	// real exposures, and a warning in strict. Every finding of the rule
	// moves by as many levels as the default does.
	StrictSeverity Severity
}

// RulesPage is the published rules page (RULES.md, generated from the
// rules' Doc): each rule has a section there, at #Anchor().
const RulesPage = "https://github.com/dockwarden/dockwarden/blob/main/RULES.md"

// Anchor is the fragment of the rule's section on the rules page: the
// heading is the code, and GitHub's anchor of a heading is its text in
// lower case.
func (r *Rule) Anchor() string { return strings.ToLower(r.Code) }

// appliesTo reports whether the rule judges documents of kind k.
func (r *Rule) appliesTo(k document.Kind) bool {
	return r.Kind == k || r.Kind == document.Unknown
}

// Title is the first line of the rule's Doc.
func (r *Rule) Title() string {
	title, _, _ := strings.Cut(r.Doc, "\n")
	return strings.TrimSpace(title)
}

// A Finding is one problem at one place, with its fixes as alternatives:
// Fixes[0] is the preferred one.
type Finding struct {
	Rule     *Rule
	Span     document.Span
	Severity Severity // set from Rule.Severity when the rule leaves it zero
	// Message says what is wrong and the remedy in one line of about 100
	// characters, in lower case, naming the service, key or instruction;
	// why it matters is the rule's Doc.
	Message string
	// Detail is what the one line leaves out about this finding in
	// particular, such as why no fix is offered here ("the value is
	// shared through a YAML anchor"); hover shows it with the rule's Doc.
	// Empty for most findings.
	Detail string
	Fixes  []Fix

	// Anchor is the offset of the start of the line above which a
	// suppression comment for this finding belongs: the first line of the
	// Dockerfile instruction or the compose line that holds the finding.
	Anchor int

	// Facts are what a Local rule's Run found, for its Complete (see
	// Rule.Complete), in a type of the rule's own. A Session keeps them
	// across versions and moves only Span and the edits: they are values
	// that do not change when the instruction moves, never a pointer into
	// the model or an offset. Completed findings carry none.
	Facts any
}

// A Fix is one way to resolve a Finding. Title is an imperative verb phrase;
// Edits refer to the analysed document and never overlap one another. Safe
// fixes (class [A] of the rule catalogue) may be applied without review by
// fix-all.
type Fix struct {
	Title string
	Edits []document.Edit
	Safe  bool
	// NotPreferred keeps an editor from applying the fix on its preferred
	// shortcut even when it comes first: the catalogue's "[Q, not
	// preferred]" fixes change what the service can do and need a decision.
	NotPreferred bool
	// Template marks a fix whose text holds a value the rule had to
	// guess (a health path, resource limits): it is offered in the
	// editor, whose title says what to check, but `dockwarden fix
	// --unsafe` never applies it.
	Template bool
	// Files are the changes the fix makes to files other than the
	// analysed document, in the order they are made, such as the secret
	// file that keeps a value a fix moves out of a compose file. Whoever
	// applies the fix makes all of them before the edits, or nothing: a
	// value is never taken out of the document before it is kept
	// elsewhere. A client that cannot make them is not offered the fix,
	// and fix-all leaves such fixes out.
	Files []FileChange
}

// A FileOp is what a FileChange does to its file.
type FileOp int

const (
	// CreateFile creates the file with Text. It never replaces an
	// existing file: when the name is taken, whoever applies the fix
	// picks a free name beside it ("name-2.txt") and writes that name
	// wherever the fix's title, edits and other changes spell Path.
	CreateFile FileOp = iota
	// AppendLines adds the lines of Text that the file does not hold
	// yet at its end, creating the file when it is missing (a
	// .gitignore entry). In an ignore file (.gitignore, .dockerignore) a
	// line also counts as held when a pattern there already covers the
	// path it names.
	AppendLines
	// SetVariable gives the variable Name the value Text in the dotenv
	// file Path (the syntax of Compose's .env), creating the file when
	// it is missing. When the file already gives Name that value nothing
	// is added; when it gives Name another value, whoever applies the
	// fix picks a free name ("NAME_2") and writes it wherever the fix's
	// title, edits and other changes spell "${NAME}".
	SetVariable
)

// A FileChange is one change a Fix makes to a file beside the analysed
// document.
type FileChange struct {
	Op FileOp
	// Path is slash-separated and relative to the folder of the analysed
	// document; it never leaves the workspace (no "..", not absolute).
	Path string
	// Text is the content to create, the lines to append, or the value
	// of the variable.
	Text string
	// Name is the variable of a SetVariable change.
	Name string
	// Mode is the permission of a created file; 0 means 0644.
	Mode fs.FileMode
}

// A Note is something a rule learned about a place that is not a
// problem, such as a compose service that runs a Dockerfile's image as a
// non-root user and so stands in for its USER. The server shows notes on
// hover; they are not findings and nothing counts them.
type Note struct {
	Rule    *Rule
	Span    document.Span
	Message string
	// Related are the places in other files the note is about.
	Related []Location
}

// A Location is a place in another document.
type Location struct {
	URI      string
	Position document.Position
}

// A Pass is what a Rule's Run function sees: the document, its model, and a
// way to report findings.
type Pass struct {
	Rule       *Rule
	Doc        *document.Document
	Dockerfile *dockerfile.File // set when Doc.Kind is document.Dockerfile
	Compose    *compose.File    // set when Doc.Kind is document.Compose

	// Suppressions are the document's dockwarden suppression comments
	// and what each of their codes suppressed; set only for a rule with
	// AfterSuppression.
	Suppressions []*Directive

	opts     *Options
	focus    []*dockerfile.Instruction
	findings []Finding
	notes    []Note
}

// Note records a note of the pass's rule.
func (p *Pass) Note(n Note) {
	n.Rule = p.Rule
	p.notes = append(p.notes, n)
}

// Instructions returns the Dockerfile instructions a Local rule judges:
// every instruction of the file, or, when a Session reuses what the rule
// found earlier, only those whose text or context changed.
func (p *Pass) Instructions() []*dockerfile.Instruction {
	if p.focus != nil {
		return p.focus
	}
	return p.Dockerfile.Instructions
}

// Scripts returns the shell readings of the RUN instructions among
// Instructions.
func (p *Pass) Scripts() []*dockerfile.Script { return p.Dockerfile.ScriptsOf(p.Instructions()) }

// Report records a finding of the pass's rule.
func (p *Pass) Report(f Finding) {
	f.Rule = p.Rule
	if f.Severity == 0 {
		f.Severity = p.Rule.Severity
	}
	p.findings = append(p.findings, f)
}

// Reportf records a finding with a formatted message and no fixes.
func (p *Pass) Reportf(span document.Span, format string, args ...any) {
	p.Report(Finding{Span: span, Message: fmt.Sprintf(format, args...)})
}
