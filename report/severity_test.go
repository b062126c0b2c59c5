package report

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
)

// Each format names every severity, and a severity outside the four falls
// to the format's lowest level rather than out of its vocabulary.
func TestSeverityScales(t *testing.T) {
	sevs := []analysis.Severity{analysis.Error, analysis.Warning, analysis.Information, analysis.Hint, 0, 5}
	for _, tc := range []struct {
		name  string
		scale severityScale
		want  []string
	}{
		{"sarif", sarifLevels, []string{"error", "warning", "note", "note", "note", "note"}},
		{"github security", securitySeverities, []string{"8.0", "5.0", "3.0", "1.0", "1.0", "1.0"}},
		{"checkstyle", checkstyleSeverities, []string{"error", "warning", "info", "info", "info", "info"}},
		{"codeclimate", codeClimateSeverities, []string{"critical", "major", "minor", "info", "info", "info"}},
		{"github", githubCommands, []string{"error", "warning", "notice", "notice", "notice", "notice"}},
	} {
		for i, s := range sevs {
			if got := tc.scale.of(s); got != tc.want[i] {
				t.Errorf("%s: severity %d is %q, want %q", tc.name, int(s), got, tc.want[i])
			}
		}
	}
}
