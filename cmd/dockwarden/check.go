package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/config"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/fsroot"
	"github.com/dockwarden/dockwarden/report"
)

// exitFindings is check's exit code when something is at or above the
// fail level.
const exitFindings = 1

// A fileResult is the analysis of one file named by its display path.
type fileResult struct {
	path string
	res  *analysis.Result
	cfg  *config.Config // the configuration it was analysed with; nil for none
	// opts are the options it was analysed with: base, and what the
	// project around it says (cross-file analysis).
	opts *analysis.Options
	// base are cfg's options with what the command line says (--preset,
	// --select, --ignore).
	base *analysis.Options
	src  source // where it was read: fix writes it back there

	// report is what check writes of it; res is then nil.
	report *report.File
	// rel is its path as its baseline records it.
	rel string
}

// checkCommand is check's grammar.
func checkCommand() (*command, *checkFlags) {
	c := newCommand("check", "dockwarden check [flags] [PATH...]",
		"Analyses Dockerfiles and Compose files: each file PATH names, every one under each folder\n"+
			"PATH names (default \".\"), and standard input for -. Exit codes: 0 nothing at or above the\n"+
			"fail level, 1 something is, 2 bad usage, unreadable input or an invalid configuration.", -1)
	f := &checkFlags{}
	c.flags.StringVar(&f.format, "format", "text", "output `FORMAT`: "+strings.Join(report.Formats(), ", "))
	c.flags.StringVar(&f.output, "o", "", "write the report to `FILE` (replaced at once when complete) instead of standard output; the exit code stays the same")
	c.flags.StringVar(&f.failLevel, "fail-level", "", "lowest severity (`LEVEL`) that makes the exit code 1: error, warning (warn), information (info), hint or none\n(default: fail-level of .dockwarden.yaml, else warning)")
	c.flags.StringVar(&f.minSeverity, "min-severity", "", "report only findings of this severity (`LEVEL`) or above: error, warning, information or hint")
	c.flags.StringVar(&f.baseline, "baseline", "", "report only findings that the baseline `FILE` does not hold (default: baseline of .dockwarden.yaml)")
	c.flags.StringVar(&f.writeBaseline, "write-baseline", "", "record every finding in the baseline `FILE` (entries of files not checked are kept, stale ones pruned) and exit 0")
	c.flags.BoolVar(&f.statistics, "statistics", false, "print how many findings each rule has, most first, instead of the findings")
	f.in.register(c.flags)
	return c, f
}

// checkFlags are check's flag values.
type checkFlags struct {
	format, output, failLevel, minSeverity string
	baseline, writeBaseline                string
	statistics                             bool
	in                                     inputFlags
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
	var minSeverity analysis.Severity
	if f.minSeverity != "" {
		sev, err := severityFlag(f.minSeverity, false)
		if err != nil {
			return c.usageError(stderr, "--min-severity: %v", err)
		}
		minSeverity = sev
	}
	preset := analysis.Recommended
	if f.in.preset != "" {
		preset, _ = analysis.ParsePreset(f.in.preset) // checked with the input flags
	}
	wd, _ := os.Getwd()
	opts := report.Options{Version: releaseVersion(), Rules: rules.All.Rules(), Preset: preset, WorkDir: wd}
	if _, err := report.New(f.format, io.Discard, opts); err != nil {
		return c.usageError(stderr, "unknown --format %q (want %s)", f.format, orList(report.Formats()))
	}
	if f.statistics && f.format != "text" {
		return c.usageError(stderr, "--statistics prints text; it cannot be combined with --format %s", f.format)
	}
	if f.writeBaseline != "" && (f.output != "" || f.statistics || f.format != "text") {
		return c.usageError(stderr, "--write-baseline writes the baseline alone; leave out --format, -o and --statistics")
	}

	out := stdout
	var file *fsroot.Replacement
	if f.output != "" {
		w, err := fsroot.Unrooted().CreateReplacement(filepath.ToSlash(f.output))
		if err != nil {
			c.errorf(stderr, "-o: %v", pathError(f.output, err))
			return exitUsage
		}
		defer w.Abort() // after Commit, nothing is left to remove
		file, out = w, w
	}
	var w report.Writer
	switch {
	case f.writeBaseline != "":
		w = summaryOnly{out: out}
	case f.statistics:
		w = report.NewStatistics(out)
	default:
		w, _ = report.New(f.format, out, opts)
	}

	tuneMemory()
	ck := &checker{threshold: threshold, flagGiven: f.failLevel != "", minSeverity: minSeverity, baselines: newBaselines(f.baseline, f.writeBaseline)}
	in.finish = ck.prepare
	errs, err := in.each(c, stderr, func(r fileResult) error { return ck.deliver(r, w) })
	if err != nil {
		c.errorf(stderr, "%v", err)
		return exitUsage
	}
	stale, berrs := ck.baselines.finish(in, c, stderr)
	for _, e := range berrs {
		c.errorf(stderr, "%v", e)
	}
	errs = append(errs, berrs...)
	ck.sum.Stale = stale
	ck.sum.Baseline = ck.baselines.used()
	ck.sum.Errors = errs
	if err := w.Close(&ck.sum); err != nil {
		c.errorf(stderr, "%v", err)
		return exitUsage
	}
	if file != nil {
		if err := file.Commit(); err != nil {
			c.errorf(stderr, "-o: %v", pathError(f.output, err))
			return exitUsage
		}
	}
	switch {
	case len(errs) > 0:
		return exitUsage
	case ck.failed && f.writeBaseline == "":
		return exitFindings
	}
	return exitClean
}

// tuneMemory sets the garbage collector for a run of check, unless the
// environment does (GOGC, GOMEMLIMIT). A run keeps only a few files'
// analyses at a time, so the live heap stays small and the default
// collector, which starts a cycle whenever the heap doubles, spends a
// quarter of the run collecting. Letting the heap grow to five times the
// live data, under a soft limit of 32 MiB, takes a third less CPU on the
// corpus copied 50 times for a peak of about 38 MiB instead of 30
// (BENCHMARKS.md); the limit keeps the peak where it is on a tree ten
// times larger.
func tuneMemory() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(32 << 20)
	}
}

// A checker turns each analysis into the File the report writes, keeps
// the run's summary and whether something fails it.
type checker struct {
	threshold   analysis.Severity
	flagGiven   bool // --fail-level given: it wins over the configuration's
	minSeverity analysis.Severity
	baselines   *baselines

	sum    report.Summary
	failed bool
}

// prepare runs on a worker, right after the analysis of r: it makes the
// report's File of r, with its fingerprints, and lets the analysis go.
func (ck *checker) prepare(r *fileResult) {
	level := ck.threshold
	if sev, ok := r.cfg.Threshold(); ok && !ck.flagGiven {
		level = sev
	}
	fps := ck.baselines.fingerprints(r)
	res := r.res
	if ck.minSeverity != 0 {
		kept := *res
		kept.Findings = nil
		var keptFps []string
		for i, f := range res.Findings {
			if f.Severity.AtLeast(ck.minSeverity) {
				kept.Findings = append(kept.Findings, f)
				keptFps = append(keptFps, fps[i])
			}
		}
		res, fps = &kept, keptFps
	}
	r.report = report.NewFile(r.path, res, report.FileOptions{Fingerprints: fps, FailLevel: level, Unsafe: fixedUnsafe})
	r.res = nil
}

// fixedUnsafe reports whether `dockwarden fix --unsafe`, as it is run
// without other flags, fixes f.
func fixedUnsafe(f *analysis.Finding) bool {
	fix, _ := choose(f, fixOptions{unsafe: true, minSeverity: analysis.Warning})
	return fix != nil
}

// deliver writes the File of r, in the order of the files, without what
// the baseline holds.
func (ck *checker) deliver(r fileResult, w report.Writer) error {
	f := r.report
	f.Findings = ck.baselines.filter(r, f.Findings, &ck.sum.Hidden)
	ck.sum.Files++
	for _, x := range f.Findings {
		ck.sum.Counts[x.Severity]++
		switch {
		case x.Fixable():
			ck.sum.Fixable++
		case x.Unsafe:
			ck.sum.FixableUnsafe++
		}
		ck.failed = ck.failed || x.Failing
	}
	for _, p := range f.Panics {
		ck.sum.Errors = append(ck.sum.Errors, fmt.Errorf("%s: internal error: %s", f.Path, p))
	}
	return w.File(f)
}

// A summaryOnly writer writes the summary line alone: --write-baseline's
// report.
type summaryOnly struct{ out io.Writer }

func (summaryOnly) File(*report.File) error { return nil }

func (s summaryOnly) Close(sum *report.Summary) error {
	_, err := fmt.Fprintln(s.out, sum.Line())
	return err
}

func runRules(args []string, stdout, stderr io.Writer) int {
	c := newCommand("rules", "dockwarden rules", "Lists every rule and every code a finding can carry, with its default severity in the\nrecommended preset (the default) and in the strict one.", 0)
	if _, code, done := c.parse(args, stdout, stderr); done {
		return code
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tSEVERITY\tSTRICT\tKIND\tTITLE")
	for _, r := range rules.All.Rules() {
		sev, strict := r.Severity.String(), r.SeverityIn(analysis.Strict).String()
		if r.Off {
			sev, strict = "off", "off"
		}
		kind := r.Kind.String()
		if r.Kind == document.Unknown {
			kind = "any"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Code, sev, strict, kind, r.Title())
	}
	if err := tw.Flush(); err != nil {
		return exitUsage
	}
	return exitClean
}
