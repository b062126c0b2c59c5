package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/config"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
)

// exitFindings is check's exit code when something is at or above the
// fail level.
const exitFindings = 1

// A fileResult is the analysis of one file named by its display path.
type fileResult struct {
	path string
	res  *analysis.Result
	cfg  *config.Config // the configuration it was analysed with; nil for none
	// opts are the options it was analysed with: cfg's, and what the
	// project around it says (cross-file analysis).
	opts *analysis.Options
	src  source // where it was read: fix writes it back there
}

// checkCommand is check's grammar.
func checkCommand() (*command, *checkFlags) {
	c := newCommand("check", "dockwarden check [flags] [PATH...]",
		"Analyses Dockerfiles and Compose files: each file PATH names, every one under each folder\n"+
			"PATH names (default \".\"), and standard input for -. Exit codes: 0 nothing at or above the\n"+
			"fail level, 1 something is, 2 bad usage, unreadable input or an invalid configuration.", -1)
	f := &checkFlags{}
	c.flags.StringVar(&f.format, "format", "text", "output `FORMAT`: text, json or sarif")
	c.flags.StringVar(&f.failLevel, "fail-level", "", "lowest severity (`LEVEL`) that makes the exit code 1: error, warning (warn), information (info), hint or none\n(default: fail-level of .dockwarden.yaml, else warning)")
	f.in.register(c.flags)
	return c, f
}

// checkFlags are check's flag values.
type checkFlags struct {
	format, failLevel string
	in                inputFlags
}

func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c, f := checkCommand()
	in, code, done := f.in.parse(c, args, stdin, stdout, stderr)
	if done {
		return code
	}
	defer in.close()
	threshold := analysis.Warning // the default; zero: never fail
	if f.failLevel != "" {
		sev, err := severityFlag(f.failLevel, true)
		if err != nil {
			return c.usageError(stderr, "--fail-level: %v", err)
		}
		threshold = sev
	}
	switch f.format {
	case "text", "json", "sarif":
	default:
		return c.usageError(stderr, "unknown --format %q (want text, json or sarif)", f.format)
	}
	results, readErrs := in.analyse(c, stderr)
	var err error
	switch f.format {
	case "json":
		err = writeJSON(stdout, results)
	case "sarif":
		err = writeSARIF(stdout, results, readErrs)
	default:
		err = writeText(stdout, results)
	}
	if err != nil {
		c.errorf(stderr, "%v", err)
		return exitUsage
	}
	for _, r := range results {
		for _, p := range r.res.Panics {
			c.errorf(stderr, "%s: internal error: %s", r.path, p)
		}
	}
	switch {
	case len(readErrs) > 0:
		return exitUsage
	case failingPerFile(results, threshold, f.failLevel != ""):
		return exitFindings
	}
	return exitClean
}

func failing(results []fileResult, threshold analysis.Severity) bool {
	for _, r := range results {
		for _, f := range r.res.Findings {
			if f.Severity.AtLeast(threshold) {
				return true
			}
		}
	}
	return false
}

func writeText(w io.Writer, results []fileResult) error {
	for _, r := range results {
		for _, f := range r.res.Findings {
			line, col := r.res.Doc.Column(f.Span.Start)
			// The path and the message may quote what a file holds: the
			// terminal gets them escaped.
			if _, err := fmt.Fprintf(w, "%s:%d:%d: %s %s %s\n", terminalSafe(r.path), line, col, f.Severity, f.Rule.Code, terminalSafe(f.Message)); err != nil {
				return err
			}
		}
	}
	return nil
}

// jsonFinding is one finding in `check --format json`. Lines and columns are
// 1-based; columns count Unicode characters; the end is exclusive.
type jsonFinding struct {
	Path      string    `json:"path"`
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Severity  string    `json:"severity"`
	Message   string    `json:"message"`
	Line      int       `json:"line"`
	Column    int       `json:"column"`
	EndLine   int       `json:"endLine"`
	EndColumn int       `json:"endColumn"`
	Fixes     []jsonFix `json:"fixes"`
}

type jsonFix struct {
	Title string `json:"title"`
	Safe  bool   `json:"safe"`
}

func writeJSON(w io.Writer, results []fileResult) error {
	out := struct {
		Findings []jsonFinding `json:"findings"`
	}{Findings: []jsonFinding{}}
	for _, r := range results {
		for _, f := range r.res.Findings {
			jf := jsonFinding{Path: r.path, Code: f.Rule.Code, Name: f.Rule.Name, Severity: f.Severity.String(), Message: f.Message, Fixes: []jsonFix{}}
			jf.Line, jf.Column = r.res.Doc.Column(f.Span.Start)
			jf.EndLine, jf.EndColumn = r.res.Doc.Column(f.Span.End)
			for _, fix := range f.Fixes {
				jf.Fixes = append(jf.Fixes, jsonFix{Title: fix.Title, Safe: fix.Safe})
			}
			out.Findings = append(out.Findings, jf)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func runRules(args []string, stdout, stderr io.Writer) int {
	c := newCommand("rules", "dockwarden rules", "Lists every rule and every code a finding can carry, with its default severity.", 0)
	if _, code, done := c.parse(args, stdout, stderr); done {
		return code
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tSEVERITY\tKIND\tTITLE")
	for _, r := range rules.All.Rules() {
		sev := r.Severity.String()
		if r.Off {
			sev = "off"
		}
		kind := r.Kind.String()
		if r.Kind == document.Unknown {
			kind = "any"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Code, sev, kind, r.Title())
	}
	if err := tw.Flush(); err != nil {
		return exitUsage
	}
	return exitClean
}
