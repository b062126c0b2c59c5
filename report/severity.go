package report

import "github.com/dockwarden/dockwarden/analysis"

// A severityScale names the four severities in one format's words, error
// first; a format with fewer levels repeats its lowest.
type severityScale [4]string

// of is s in the format's words. A severity outside the four (none is
// made) takes the lowest level.
func (sc severityScale) of(s analysis.Severity) string {
	if s < analysis.Error || s > analysis.Hint {
		return sc[len(sc)-1]
	}
	return sc[s-analysis.Error]
}
