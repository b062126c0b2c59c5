package main

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/fileuri"
)

// `check --format sarif` writes one SARIF 2.1.0 log with one run. Its
// artifact URIs are relative to the working folder, named by the base id
// %SRCROOT%, so that code-scanning services can place them in the
// repository; columns count Unicode characters, as the run declares.

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

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                           `json:"columnKind"`
	Results            []sarifResult                    `json:"results"`
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
	// Enabled is false for a rule shipped disabled that a configuration
	// turned on; absent means the SARIF default, true.
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
	RuleID     string           `json:"ruleId"`
	RuleIndex  int              `json:"ruleIndex"`
	Level      string           `json:"level"`
	Message    sarifMessage     `json:"message"`
	Locations  []sarifLocation  `json:"locations"`
	Fixes      []sarifFix       `json:"fixes,omitempty"`
	Properties sarifResultProps `json:"properties"`
}

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

// writeSARIF writes the findings of results, and the errors that kept
// files from being analysed, as a SARIF log.
func writeSARIF(w io.Writer, results []fileResult, errs []error) error {
	wd, _ := os.Getwd()
	ruleList, index := sarifRules(results)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "dockwarden",
			Version:        releaseVersion(),
			InformationURI: sarifHome,
			Rules:          ruleList,
		}},
		ColumnKind: "unicodeCodePoints",
		Results:    []sarifResult{},
	}
	if wd != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{sarifSrcRoot: {URI: fileURI(wd, true)}}
	}
	inv := sarifInvocation{ExecutionSuccessful: len(errs) == 0}
	for _, err := range errs {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "error", Message: sarifText(err.Error())})
	}
	for _, r := range results {
		loc := artifactLocation(wd, r.path)
		for _, p := range r.res.Panics {
			inv.ExecutionSuccessful = false
			first, _, _ := strings.Cut(p, "\n")
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "error", Message: sarifText(r.path + ": internal error: " + first)})
		}
		for _, f := range r.res.Findings {
			res := sarifResult{
				RuleID:     f.Rule.Code,
				RuleIndex:  index[f.Rule.Code],
				Level:      sarifLevel(f.Severity),
				Message:    sarifText(f.Message),
				Locations:  []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: loc, Region: regionWithSnippet(r.res.Doc, f.Span)}}},
				Properties: sarifResultProps{Severity: f.Severity.String()},
			}
			for _, fix := range f.Fixes {
				if len(fix.Files) > 0 {
					// Its edits alone would take a value out of the file
					// without keeping it anywhere: a fix SARIF cannot
					// carry whole is left out.
					continue
				}
				change := sarifArtifactChange{ArtifactLocation: loc, Replacements: []sarifReplacement{}}
				edits := append([]document.Edit(nil), fix.Edits...)
				document.SortEdits(edits)
				for _, e := range edits {
					rep := sarifReplacement{DeletedRegion: region(r.res.Doc, e.Span)}
					if e.NewText != "" {
						rep.InsertedContent = &sarifArtifactContent{Text: e.NewText}
					}
					change.Replacements = append(change.Replacements, rep)
				}
				if len(change.Replacements) == 0 {
					continue
				}
				res.Fixes = append(res.Fixes, sarifFix{
					Description:     sarifText(fix.Title),
					ArtifactChanges: []sarifArtifactChange{change},
					Properties:      sarifFixProps{Safe: fix.Safe},
				})
			}
			run.Results = append(run.Results, res)
		}
	}
	run.Invocations = []sarifInvocation{inv}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// sarifRules returns the metadata of every rule that ran on at least one
// of results, and of every rule a finding names (the engine's codes, such
// as DW006, only then), in code order, with each code's index.
func sarifRules(results []fileResult) ([]sarifRule, map[string]int) {
	byCode := map[string]*analysis.Rule{}
	for _, r := range results {
		opts := r.cfg.Options()
		for _, rule := range rules.All.Rules() {
			if ruleRan(rule, r.res.Doc.Kind, opts) {
				byCode[rule.Code] = rule
			}
		}
		for _, f := range r.res.Findings {
			byCode[f.Rule.Code] = f.Rule
		}
	}
	codes := make([]string, 0, len(byCode))
	for code := range byCode {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	out := make([]sarifRule, len(codes))
	index := make(map[string]int, len(codes))
	for i, code := range codes {
		out[i] = sarifRuleOf(byCode[code])
		index[code] = i
	}
	return out, index
}

// ruleRan reports whether rule runs on a document of kind under opts, as
// analysis.RunWith decides.
func ruleRan(rule *analysis.Rule, kind document.Kind, opts *analysis.Options) bool {
	if rule.Engine || kind == document.Unknown || (rule.Kind != kind && rule.Kind != document.Unknown) {
		return false
	}
	if opts != nil {
		if rc, ok := opts.Rules[rule.Code]; ok {
			return !rc.Off
		}
	}
	return !rule.Off
}

func sarifRuleOf(rule *analysis.Rule) sarifRule {
	title := rule.Title()
	_, body, _ := strings.Cut(rule.Doc, "\n")
	body = strings.TrimSpace(body)
	full := title
	if para, _, _ := strings.Cut(body, "\n\n"); para != "" {
		full = strings.Join(strings.Fields(para), " ")
	}
	help := title
	if body != "" {
		help = title + "\n\n" + body
	}
	props := sarifRuleProps{Tags: []string{}}
	if rule.Kind != document.Unknown {
		props.Tags = append(props.Tags, rule.Kind.String())
	}
	// DW0xx judge syntax and suppressions, not security.
	if !strings.HasPrefix(rule.Code, "DW0") {
		props.Tags = append(props.Tags, "security")
		props.SecuritySeverity = securitySeverity(rule.Severity)
	}
	r := sarifRule{
		ID:                   rule.Code,
		Name:                 rule.Name,
		ShortDescription:     sarifText(title),
		FullDescription:      sarifText(full),
		Help:                 sarifText(help),
		HelpURI:              analysis.RulesPage + "#" + rule.Anchor(),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(rule.Severity)},
		Properties:           props,
	}
	if rule.Off {
		off := false
		r.DefaultConfiguration.Enabled = &off
	}
	return r
}

// sarifLevel maps a severity to a SARIF level, which has no level below
// note.
func sarifLevel(s analysis.Severity) string {
	switch s {
	case analysis.Error:
		return "error"
	case analysis.Warning:
		return "warning"
	}
	return "note"
}

// securitySeverity is the score GitHub ranks security alerts by: high for
// errors, medium for warnings, low below.
func securitySeverity(s analysis.Severity) string {
	switch s {
	case analysis.Error:
		return "8.0"
	case analysis.Warning:
		return "5.0"
	case analysis.Information:
		return "3.0"
	}
	return "1.0"
}

// sarifText makes a message end with a full stop, as SARIF asks of its
// plain-text messages.
func sarifText(s string) sarifMessage {
	s = strings.TrimSpace(s)
	if r, _ := utf8.DecodeLastRuneInString(s); s != "" && !strings.ContainsRune(".!?", r) {
		s += "."
	}
	return sarifMessage{Text: s}
}

// region converts a span to a 1-based region whose columns count
// characters.
func region(doc *document.Document, span document.Span) sarifRegion {
	var r sarifRegion
	r.StartLine, r.StartColumn = doc.Column(span.Start)
	r.EndLine, r.EndColumn = doc.Column(span.End)
	return r
}

// regionWithSnippet is region with the text it covers.
func regionWithSnippet(doc *document.Document, span document.Span) sarifRegion {
	r := region(doc, span)
	if span.Start < span.End && span.End <= len(doc.Text) {
		r.Snippet = &sarifArtifactContent{Text: string(doc.Text[span.Start:span.End])}
	}
	return r
}

// artifactLocation names a file by its path relative to the working
// folder under %SRCROOT%, or by an absolute file URI when it lies outside.
func artifactLocation(wd, path string) sarifArtifactLocation {
	abs, err := filepath.Abs(filepath.FromSlash(path))
	if err != nil || wd == "" {
		return sarifArtifactLocation{URI: relativeURI(path)}
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
