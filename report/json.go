package report

import (
	"io"
	"slices"

	"github.com/dockwarden/dockwarden/analysis"
)

// `--format json` writes {"findings": [...], "rules": {...}}. A finding
// is an object with its path, code, rule name, severity, message, detail
// (what the message leaves out, when there is more to say), 1-based line
// and column and end (columns in Unicode characters, the end just past
// the text), its fixes (title, and whether `dockwarden fix` applies it
// without --unsafe) and its fingerprint. The findings are written as
// their files are done. "rules" then describes, by code, each rule that
// reported one: its name, title, the first paragraph of its
// documentation, the whole documentation and the address of its section
// of RULES.md.

type jsonWriter struct {
	*jsonArrayWriter
	rules map[string]*analysis.Rule
}

func newJSON(w io.Writer, _ Options) Writer {
	j := &jsonWriter{rules: map[string]*analysis.Rule{}}
	j.jsonArrayWriter = newJSONArray(w, "{\n  \"findings\": [", "    ", "  ", "", func(f *File, x *Finding) any {
		j.rules[x.Rule.Code] = x.Rule
		return newJSONFinding(f, x)
	})
	return j
}

// jsonRule describes a rule in `check --format json`.
type jsonRule struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Help        string `json:"help"`
	HelpURI     string `json:"helpUri"`
}

func (j *jsonWriter) Close(s *Summary) error {
	if err := j.jsonArrayWriter.Close(s); err != nil {
		return err
	}
	j.out.write(",\n  \"rules\": {")
	codes := make([]string, 0, len(j.rules))
	for code := range j.rules {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for i, code := range codes {
		rule := j.rules[code]
		title, full, help := describe(rule)
		key, err := marshalJSON(code, "")
		if err != nil {
			return err
		}
		data, err := marshalJSON(jsonRule{Name: rule.Name, Title: title, Description: full, Help: help, HelpURI: RuleURL(rule)}, "    ")
		if err != nil {
			return err
		}
		if i > 0 {
			j.out.write(",")
		}
		j.out.write("\n    " + key + ": " + data)
	}
	if len(codes) > 0 {
		j.out.write("\n  ")
	}
	j.out.write("}\n}\n")
	return j.out.err
}

// jsonFinding is one finding of `check --format json`.
type jsonFinding struct {
	Path        string    `json:"path"`
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Severity    string    `json:"severity"`
	Message     string    `json:"message"`
	Detail      string    `json:"detail,omitempty"`
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
	jf := jsonFinding{Path: f.Path, Code: x.Rule.Code, Name: x.Rule.Name, Severity: x.Severity.String(), Message: x.Message, Detail: x.Detail,
		Line: x.Start.Line, Column: x.Start.Column, EndLine: x.End.Line, EndColumn: x.End.Column, Fixes: []jsonFix{}, Fingerprint: x.Fingerprint}
	for _, fix := range x.Fixes {
		jf.Fixes = append(jf.Fixes, jsonFix{Title: fix.Title, Safe: fix.Safe})
	}
	return jf
}
