package report

import "io"

// `--format json` writes {"findings": [...]}, one object per finding with
// its path, code, rule name, severity, message, 1-based line and column
// and end (columns in Unicode characters, the end just past the text),
// its fixes (title, and whether `dockwarden fix` applies it without
// --unsafe) and its fingerprint. The findings are written as their files
// are done.

func newJSON(w io.Writer, _ Options) Writer {
	return newJSONArray(w, "{\n  \"findings\": [", "    ", "  ", "\n}\n", newJSONFinding)
}

// jsonFinding is one finding of `check --format json`.
type jsonFinding struct {
	Path        string    `json:"path"`
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Severity    string    `json:"severity"`
	Message     string    `json:"message"`
	Line        int       `json:"line"`
	Column      int       `json:"column"`
	EndLine     int       `json:"endLine"`
	EndColumn   int       `json:"endColumn"`
	Fixes       []jsonFix `json:"fixes"`
	Fingerprint string    `json:"fingerprint,omitempty"`
}

type jsonFix struct {
	Title string `json:"title"`
	Safe  bool   `json:"safe"`
}

func newJSONFinding(f *File, x *Finding) any {
	jf := jsonFinding{Path: f.Path, Code: x.Rule.Code, Name: x.Rule.Name, Severity: x.Severity.String(), Message: x.Message,
		Line: x.Start.Line, Column: x.Start.Column, EndLine: x.End.Line, EndColumn: x.End.Column, Fixes: []jsonFix{}, Fingerprint: x.Fingerprint}
	for _, fix := range x.Fixes {
		jf.Fixes = append(jf.Fixes, jsonFix{Title: fix.Title, Safe: fix.Safe})
	}
	return jf
}
