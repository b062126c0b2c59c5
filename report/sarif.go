package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/internal/fileuri"
)

// `--format sarif` writes one SARIF 2.1.0 log with one run. Its artifact
// URIs are relative to the working folder, named by the base id
// %SRCROOT%, so that code-scanning services can place them in the
// repository; columns count Unicode characters, as the run declares. The
// run lists every rule (those shipped off with enabled false), so that
// results can be written as their files are done; each result carries its
// fingerprint in partialFingerprints ("dockwarden/v1"), which code
// scanning uses to know an alert again after lines move.

const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifSrcRoot = "%SRCROOT%"
	// sarifHome is the project's home.
	sarifHome = "https://github.com/dockwarden/dockwarden"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

// A sarifRun is a run up to its results; the writer adds the results and
// the invocation after it.
type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                           `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifMessage       `json:"shortDescription"`
	FullDescription      sarifMessage       `json:"fullDescription"`
	Help                 sarifMessage       `json:"help"`
	HelpURI              string             `json:"helpUri"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
	// Enabled is false for a rule shipped disabled (a configuration may
	// turn it on); absent means the SARIF default, true.
	Enabled *bool `json:"enabled,omitempty"`
}

// sarifRuleProps are the rule properties GitHub code scanning reads: tags
// (the kind of file the rule judges, and "security" for the security
// rules, whose security-severity ranks their alerts).
type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity,omitempty"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string       `json:"level"`
	Message sarifMessage `json:"message"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
	Properties          sarifResultProps  `json:"properties"`
}

// sarifFingerprint names the fingerprint of package analysis/baseline in
// partialFingerprints, with its version.
const sarifFingerprint = "dockwarden/v1"

// sarifResultProps keep what the level loses: SARIF has one "note" for
// dockwarden's information and hint.
type sarifResultProps struct {
	Severity string `json:"severity"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// A sarifRegion is 1-based; the end column is the one just past the
// region, so an insertion point has equal start and end.
type sarifRegion struct {
	StartLine   int                   `json:"startLine"`
	StartColumn int                   `json:"startColumn"`
	EndLine     int                   `json:"endLine"`
	EndColumn   int                   `json:"endColumn"`
	Snippet     *sarifArtifactContent `json:"snippet,omitempty"`
}

type sarifFix struct {
	Description     sarifMessage          `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	Properties      sarifFixProps         `json:"properties"`
}

// sarifFixProps say whether a fix is safe to apply without review, as
// `dockwarden fix` does.
type sarifFixProps struct {
	Safe bool `json:"safe"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion           `json:"deletedRegion"`
	InsertedContent *sarifArtifactContent `json:"insertedContent,omitempty"`
}

type sarifArtifactContent struct {
	Text string `json:"text"`
}

type sarifWriter struct {
	out     sticky
	opts    Options
	index   map[string]int
	results jsonList
	inv     sarifInvocation
}

func newSARIF(w io.Writer, opts Options) Writer {
	s := &sarifWriter{out: sticky{w: w}, opts: opts, index: map[string]int{}}
	s.results = jsonList{out: &s.out, indent: "        "}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "dockwarden",
			Version:        sarifToolVersion(opts.Version),
			InformationURI: sarifHome,
			Rules:          []sarifRule{},
		}},
		ColumnKind: "unicodeCodePoints",
	}
	for i, r := range opts.Rules {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(r, opts.Preset))
		s.index[r.Code] = i
	}
	if opts.WorkDir != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{sarifSrcRoot: {URI: fileURI(opts.WorkDir, true)}}
	}
	// The log is written around its results: everything up to them now,
	// each file's as it comes, the invocation at the end.
	head, err := json.MarshalIndent(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}, "", "  ")
	if err != nil {
		s.out.err = err
		return s
	}
	const tail = "\n    }\n  ]\n}"
	text := strings.TrimSuffix(string(head), tail)
	s.out.write(text + ",\n      \"results\": [")
	s.inv.ExecutionSuccessful = true
	return s
}

func (s *sarifWriter) File(f *File) error {
	loc := artifactLocation(s.opts.WorkDir, f.Path)
	for _, p := range f.Panics {
		s.inv.ExecutionSuccessful = false
		first, _, _ := strings.Cut(p, "\n")
		s.inv.ToolExecutionNotifications = append(s.inv.ToolExecutionNotifications, sarifNotification{Level: "error", Message: sarifText(f.Path + ": internal error: " + first)})
	}
	for _, x := range f.Findings {
		reg := region(x.Start, x.End)
		if x.Snippet != "" {
			reg.Snippet = &sarifArtifactContent{Text: x.Snippet}
		}
		res := sarifResult{
			RuleID:     x.Rule.Code,
			RuleIndex:  s.index[x.Rule.Code],
			Level:      sarifLevels.of(x.Severity),
			Message:    sarifText(x.Message),
			Locations:  []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: loc, Region: reg}}},
			Properties: sarifResultProps{Severity: x.Severity.String()},
		}
		if x.Fingerprint != "" {
			res.PartialFingerprints = map[string]string{sarifFingerprint: x.Fingerprint}
		}
		for _, fix := range x.Fixes {
			if fix.OtherFiles || len(fix.Replacements) == 0 {
				// Its edits alone would take a value out of the file
				// without keeping it anywhere: a fix SARIF cannot carry
				// whole is left out.
				continue
			}
			change := sarifArtifactChange{ArtifactLocation: loc}
			for _, r := range fix.Replacements {
				rep := sarifReplacement{DeletedRegion: region(r.Start, r.End)}
				if r.Text != "" {
					rep.InsertedContent = &sarifArtifactContent{Text: r.Text}
				}
				change.Replacements = append(change.Replacements, rep)
			}
			res.Fixes = append(res.Fixes, sarifFix{
				Description:     sarifText(fix.Title),
				ArtifactChanges: []sarifArtifactChange{change},
				Properties:      sarifFixProps{Safe: fix.Safe},
			})
		}
		if _, ok := s.index[x.Rule.Code]; !ok {
			res.RuleIndex = -1 // a code no rule lists; never in practice
		}
		if err := s.results.add(res); err != nil {
			return err
		}
	}
	return s.out.err
}

func (s *sarifWriter) Close(sum *Summary) error {
	for _, err := range sum.Errors {
		s.inv.ExecutionSuccessful = false
		s.inv.ToolExecutionNotifications = append(s.inv.ToolExecutionNotifications, sarifNotification{Level: "error", Message: sarifText(err.Error())})
	}
	inv, err := marshalJSON([]sarifInvocation{s.inv}, "      ")
	if err != nil {
		return err
	}
	s.results.close("      ", ",\n      \"invocations\": "+inv+"\n    }\n  ]\n}\n")
	return s.out.err
}

// describe returns a rule's descriptions: its title, the first paragraph
// of its documentation in one line, and the whole documentation.
func describe(rule *analysis.Rule) (title, full, help string) {
	title = rule.Title()
	_, body, _ := strings.Cut(rule.Doc, "\n")
	body = strings.TrimSpace(body)
	full = title
	if para, _, _ := strings.Cut(body, "\n\n"); para != "" {
		full = strings.Join(strings.Fields(para), " ")
	}
	help = title
	if body != "" {
		help = title + "\n\n" + body
	}
	return title, full, help
}

func sarifRuleOf(rule *analysis.Rule, preset analysis.Preset) sarifRule {
	title, full, help := describe(rule)
	props := sarifRuleProps{Tags: []string{}}
	if rule.Kind != document.Unknown {
		props.Tags = append(props.Tags, rule.Kind.String())
	}
	// DW0xx judge syntax and suppressions, not security.
	if !strings.HasPrefix(rule.Code, "DW0") {
		props.Tags = append(props.Tags, "security")
		props.SecuritySeverity = securitySeverities.of(rule.SeverityIn(preset))
	}
	r := sarifRule{
		ID:                   rule.Code,
		Name:                 rule.Name,
		ShortDescription:     sarifText(title),
		FullDescription:      sarifText(full),
		Help:                 sarifText(help),
		HelpURI:              RuleURL(rule),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevels.of(rule.SeverityIn(preset))},
		Properties:           props,
	}
	if rule.Off {
		off := false
		r.DefaultConfiguration.Enabled = &off
	}
	return r
}

// sarifToolVersion is the tool version as SARIF readers compare versions:
// starting with a number, so that a build without a release version
// ("devel") is 0.0.0-devel.
func sarifToolVersion(v string) string {
	if v == "" || v[0] < '0' || v[0] > '9' {
		return "0.0.0-" + strings.TrimPrefix(v, "-")
	}
	return v
}

// sarifLevels are the SARIF levels of the severities; SARIF has no level
// below note.
var sarifLevels = severityScale{"error", "warning", "note", "note"}

// securitySeverities are the scores GitHub ranks security alerts by: high
// for errors, medium for warnings, low below.
var securitySeverities = severityScale{"8.0", "5.0", "3.0", "1.0"}

// sarifText makes a message end with a full stop, as SARIF asks of its
// plain-text messages.
func sarifText(s string) sarifMessage {
	s = strings.TrimSpace(s)
	if r, _ := utf8.DecodeLastRuneInString(s); s != "" && !strings.ContainsRune(".!?", r) {
		s += "."
	}
	return sarifMessage{Text: s}
}

// region is the 1-based region from start to end, whose columns count
// characters.
func region(start, end Position) sarifRegion {
	return sarifRegion{StartLine: start.Line, StartColumn: start.Column, EndLine: end.Line, EndColumn: end.Column}
}

// artifactLocation names a file by its path relative to the working
// folder under %SRCROOT%, or by an absolute file URI when it lies outside.
// A relative path is relative to wd, the working folder the report
// describes, whatever folder the process runs in.
func artifactLocation(wd, path string) sarifArtifactLocation {
	if wd == "" {
		return sarifArtifactLocation{URI: relativeURI(path)}
	}
	abs := filepath.FromSlash(path)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(wd, abs)
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return sarifArtifactLocation{URI: fileURI(abs, false)}
	}
	return sarifArtifactLocation{URI: relativeURI(filepath.ToSlash(rel)), URIBaseID: sarifSrcRoot}
}

// relativeURI escapes a slash-separated relative path segment by segment.
func relativeURI(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	uri := strings.Join(segs, "/")
	if first, _, _ := strings.Cut(uri, "/"); strings.Contains(first, ":") {
		uri = "./" + uri // not to be read as a scheme
	}
	return uri
}

// fileURI returns the file URI of an absolute path, ending in a slash for
// a folder.
func fileURI(abs string, dir bool) string {
	u := fileuri.FromPath(abs)
	if dir && !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}
