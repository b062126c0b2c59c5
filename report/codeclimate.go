package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
)

// `--format codeclimate` writes a JSON array of Code Climate issues, the
// report GitLab's Code Quality reads (artifacts:reports:codequality) and
// shows in merge requests: for each finding its check_name (the rule
// code), description (the message), categories, location (the path and
// the first and last line), severity (error critical, warning major,
// information minor, hint info) and a fingerprint. GitLab keeps one issue
// per fingerprint and compares them between branches, so a finding's
// fingerprint is the baseline one (which survives line moves and names
// the file), or, for a finding without one, a hash of its path, rule and
// position.

func newCodeClimate(w io.Writer, _ Options) Writer {
	return newJSONArray(w, "[", "  ", "", "\n", newCodeClimateIssue)
}

// A codeClimateIssue is one issue of the Code Climate specification
// (codeclimate/platform spec/analyzers/SPEC.md), with the fields GitLab
// requires.
type codeClimateIssue struct {
	Type        string              `json:"type"`
	CheckName   string              `json:"check_name"`
	Description string              `json:"description"`
	Content     *codeClimateContent `json:"content,omitempty"`
	Categories  []string            `json:"categories"`
	Location    codeClimateLocation `json:"location"`
	Severity    string              `json:"severity"`
	Fingerprint string              `json:"fingerprint"`
}

type codeClimateContent struct {
	Body string `json:"body"`
}

type codeClimateLocation struct {
	Path  string           `json:"path"`
	Lines codeClimateLines `json:"lines"`
}

type codeClimateLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

func newCodeClimateIssue(f *File, x *Finding) any {
	issue := codeClimateIssue{
		Type:        "issue",
		CheckName:   x.Rule.Code,
		Description: x.Message,
		Content:     &codeClimateContent{Body: x.Rule.Title() + "\n\n" + RuleURL(x.Rule)},
		Categories:  []string{codeClimateCategory(x.Rule)},
		Location:    codeClimateLocation{Path: f.Path, Lines: codeClimateLines{Begin: x.Start.Line, End: x.End.Line}},
		Severity:    codeClimateSeverities.of(x.Severity),
		Fingerprint: x.Fingerprint,
	}
	if issue.Fingerprint == "" {
		sum := sha256.Sum256([]byte(strings.Join([]string{f.Path, x.Rule.Code, x.Message, strconv.Itoa(x.Start.Line), strconv.Itoa(x.Start.Column)}, "\x00")))
		issue.Fingerprint = hex.EncodeToString(sum[:16])
	}
	return issue
}

// codeClimateCategory is Code Climate's category of a rule's findings:
// Security for the rules, Bug Risk for files Docker would refuse and
// Clarity for the engine's own codes (suppressions, configuration).
func codeClimateCategory(r *analysis.Rule) string {
	switch {
	case !strings.HasPrefix(r.Code, "DW0"):
		return "Security"
	case r.Code <= "DW003":
		return "Bug Risk"
	}
	return "Clarity"
}

// codeClimateSeverities place the severities on Code Climate's scale
// (info, minor, major, critical, blocker).
var codeClimateSeverities = severityScale{"critical", "major", "minor", "info"}
