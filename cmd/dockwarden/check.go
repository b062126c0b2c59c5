package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/config"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
)

// Exit codes of check, as CI scripts rely on them.
const (
	exitClean    = 0 // nothing at or above the fail level
	exitFindings = 1 // something at or above the fail level
	exitUsage    = 2 // bad usage or unreadable input
)

// skipDirs are folders a walk never enters: version control and
// third-party code the user does not own.
var skipDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, "node_modules": true, "vendor": true, "third_party": true}

// A fileResult is the analysis of one file named by its display path.
type fileResult struct {
	path string
	res  *analysis.Result
	cfg  *config.Config // the configuration it was analysed with; nil for none
	// opts are the options it was analysed with: cfg's, and what the
	// project around it says (cross-file analysis).
	opts *analysis.Options
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("check", flag.ContinueOnError)
	flags.SetOutput(stderr)
	format := flags.String("format", "text", "output format: text, json or sarif")
	failLevel := flags.String("fail-level", "warning", "lowest severity that makes the exit code 1: error, warning, information, hint or none (default: fail-level of .dockwarden.yaml, else warning)")
	configPath := flags.String("config", "", "configuration file to use for every file, instead of the nearest .dockwarden.yaml")
	paths, code, done := parseCommandFlags(flags, args, stderr,
		"Usage: dockwarden check [--format text|json|sarif] [--fail-level LEVEL] [--config FILE] [PATH...]",
		"Analyses Dockerfiles and Compose files under each PATH (default \".\").")
	if done {
		return code
	}
	var threshold analysis.Severity // zero: never fail
	if *failLevel != "none" {
		sev, err := analysis.ParseSeverity(*failLevel)
		if err != nil {
			fmt.Fprintf(stderr, "dockwarden check: --fail-level: %v\n", err)
			return exitUsage
		}
		threshold = sev
	}
	switch *format {
	case "text", "json", "sarif":
	default:
		fmt.Fprintf(stderr, "dockwarden check: unknown --format %q (want text, json or sarif)\n", *format)
		return exitUsage
	}
	failLevelGiven := false
	flags.Visit(func(f *flag.Flag) { failLevelGiven = failLevelGiven || f.Name == "fail-level" })
	var explicit *config.Config
	if *configPath != "" {
		cfg, err := loadExplicit(*configPath)
		if err != nil {
			for _, e := range splitConfigErrors(err) {
				fmt.Fprintf(stderr, "dockwarden check: --config: %v\n", e)
			}
			return exitUsage
		}
		explicit = cfg
	}

	results, readErrs := analysePathsWith(paths, newConfigs(explicit))
	for _, err := range readErrs {
		fmt.Fprintf(stderr, "dockwarden check: %v\n", err)
	}
	var err error
	switch *format {
	case "json":
		err = writeJSON(stdout, results)
	case "sarif":
		err = writeSARIF(stdout, results, readErrs)
	default:
		err = writeText(stdout, results)
	}
	if err != nil {
		fmt.Fprintf(stderr, "dockwarden check: %v\n", err)
		return exitUsage
	}
	for _, r := range results {
		for _, p := range r.res.Panics {
			fmt.Fprintf(stderr, "dockwarden check: %s: internal error: %s\n", r.path, p)
		}
	}
	switch {
	case len(readErrs) > 0:
		return exitUsage
	case failingPerFile(results, threshold, failLevelGiven):
		return exitFindings
	}
	return exitClean
}

// analysePathsWith analyses every file named in paths and every Dockerfile
// or Compose file found under the folders in paths, each with its
// configuration from cfgs and what the project around it says (see
// project): files and folders the ignore patterns name are skipped, and so
// are files whose configuration is invalid, whose problems are among the
// errors.
func analysePathsWith(paths []string, cfgs *configs) ([]fileResult, []error) {
	proj := newProject()
	var results []fileResult
	var errs []error
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !info.IsDir() {
			cfg, ok := cfgs.forFile(root)
			if !ok {
				continue
			}
			r, err := analyseFileWith(root, true, cfg, proj)
			if err != nil {
				errs = append(errs, err)
			} else {
				results = append(results, r)
			}
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if d.IsDir() {
				if path != root && (skipDirs[d.Name()] || cfgs.skipDir(path)) {
					return filepath.SkipDir
				}
				return nil
			}
			// Only regular files: a walk never follows symbolic links out
			// of the folder it was asked to check.
			if !d.Type().IsRegular() || document.KindFromName(d.Name()) == document.Unknown {
				return nil
			}
			cfg, ok := cfgs.forFile(path)
			if !ok {
				return nil
			}
			r, err := analyseFileWith(path, false, cfg, proj)
			if err != nil {
				errs = append(errs, err)
			} else {
				results = append(results, r)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	sort.SliceStable(results, func(i, j int) bool { return results[i].path < results[j].path })
	return results, append(cfgs.errs, errs...)
}

// analyseFileWith reads and analyses one file with a configuration (nil
// for none) and what the project around it says (nil for nothing). A file
// named explicitly is analysed whatever its name: YAML with top-level
// services as Compose, other YAML is refused, anything else as a
// Dockerfile.
func analyseFileWith(path string, explicit bool, cfg *config.Config, proj *project) (fileResult, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return fileResult{}, err
	}
	kind := document.DetectKind(path, "", text)
	if kind == document.Unknown && explicit {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".yaml", ".yml":
			if !document.HasTopLevelServices(text) {
				return fileResult{}, fmt.Errorf("%s: YAML without a top-level services key is not a Compose file", path)
			}
			kind = document.Compose
		default:
			kind = document.Dockerfile
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	doc := document.New(fileURL(abs), 0, kind, text)
	opts := proj.options(abs, doc, cfg.Options())
	return fileResult{path: filepath.ToSlash(path), res: analysis.RunWith(rules.All, doc, opts), cfg: cfg, opts: opts}, nil
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
			if _, err := fmt.Fprintf(w, "%s:%d:%d: %s %s %s\n", r.path, line, col, f.Severity, f.Rule.Code, f.Message); err != nil {
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
	if len(args) > 0 {
		fmt.Fprintln(stderr, "Usage: dockwarden rules")
		return exitUsage
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

// parseCommandFlags parses the flags of check or fix with their usage text
// and returns the paths to work on (default "."). done reports that the
// command must return code at once: 0 when help was asked for, exitUsage
// on a bad flag (the flag package has printed why).
func parseCommandFlags(flags *flag.FlagSet, args []string, stderr io.Writer, usage, about string) (paths []string, code int, done bool) {
	flags.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fmt.Fprintln(stderr, about)
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, 0, true
		}
		return nil, exitUsage, true
	}
	paths = flags.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	return paths, 0, false
}
