package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/config"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/fsroot"
	"github.com/dockwarden/dockwarden/report"
)

// Exit codes every command shares, as CI scripts rely on them.
const (
	exitClean = 0 // nothing at or above the fail level; the fixes applied
	exitUsage = 2 // bad usage, unreadable input, a conflict
)

// A command is the grammar of one subcommand. Its flags may come before,
// between or after its arguments (`check . --format json`), "--" ends the
// flags, and "-" is an argument (standard input). --help prints the usage
// on standard output and succeeds; a usage error prints what is wrong on
// standard error and exits with exitUsage.
type command struct {
	name  string // "check"
	usage string // the synopsis, after "Usage: "
	about string // what it does, one or two lines
	flags *flag.FlagSet
	// maxArgs bounds the arguments; -1 for any number.
	maxArgs int
}

func newCommand(name, usage, about string, maxArgs int) *command {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package's own messages and usage go nowhere: parse says
	// what went wrong, where it should go.
	flags.SetOutput(io.Discard)
	flags.Usage = func() {}
	return &command{name: name, usage: usage, about: about, flags: flags, maxArgs: maxArgs}
}

// parse reads args. done reports that the command must return code at
// once: exitClean after --help, exitUsage after a usage error.
func (c *command) parse(args []string, stdout, stderr io.Writer) (rest []string, code int, done bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if a == "-" || !strings.HasPrefix(a, "-") {
			rest = append(rest, a)
			continue
		}
		// A flag, with its value in the next argument unless it is a
		// boolean flag or written as --flag=value.
		chunk := []string{a}
		name, _, inline := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if f := c.flags.Lookup(name); f != nil && !inline && !isBoolFlag(f) && i+1 < len(args) {
			chunk = append(chunk, args[i+1])
			i++
		}
		if err := c.flags.Parse(chunk); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.help(stdout)
				return nil, exitClean, true
			}
			return nil, c.usageError(stderr, "%v", err), true
		}
	}
	if c.maxArgs >= 0 && len(rest) > c.maxArgs {
		return nil, c.usageError(stderr, "unexpected argument %q", rest[c.maxArgs]), true
	}
	return rest, exitClean, false
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// help prints the command's usage, about and flags.
func (c *command) help(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", c.usage, c.about)
	first := true
	c.flags.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprintln(w, "\nFlags (anywhere among the arguments; -- ends them):")
			first = false
		}
		kind, usage := flag.UnquoteUsage(f)
		if kind != "" {
			kind = " " + kind
		}
		fmt.Fprintf(w, "  --%s%s\n", f.Name, kind)
		if f.DefValue != "" && f.DefValue != "false" && !isBoolFlag(f) {
			usage += fmt.Sprintf(" (default %q)", f.DefValue)
		}
		fmt.Fprintf(w, "      %s\n", strings.ReplaceAll(usage, "\n", "\n      "))
	})
}

// usageError reports bad usage on stderr, with where to find the usage,
// and returns exitUsage.
func (c *command) usageError(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "dockwarden %s: %s\n", c.name, report.TerminalSafe(fmt.Sprintf(format, args...)))
	fmt.Fprintf(stderr, "Run \"dockwarden %s --help\" for usage.\n", c.name)
	return exitUsage
}

// errorf reports a problem that is not one of usage (a file that cannot
// be read, a conflict) on stderr, made safe for a terminal.
func (c *command) errorf(stderr io.Writer, format string, args ...any) {
	fmt.Fprintf(stderr, "dockwarden %s: %s\n", c.name, report.TerminalSafe(fmt.Sprintf(format, args...)))
}

// inputFlags are the flags check and fix share: which configuration
// applies, and what to do with standard input and a path with nothing to
// check.
type inputFlags struct {
	config        string
	stdinFilename string
	allowEmpty    bool
	verbose       bool
	preset        string
	selected      string
	ignored       string
	exclude       listFlag
	// stdinAlone makes "-" refuse other paths (fix: the fixed text goes
	// to stdout).
	stdinAlone bool
}

func (f *inputFlags) register(flags *flag.FlagSet) {
	flags.StringVar(&f.config, "config", "", "configuration `FILE` to use for every file, instead of the nearest .dockwarden.yaml")
	flags.StringVar(&f.stdinFilename, "stdin-filename", "", "the `NAME` of the file read from standard input (-): it decides the kind of file, its configuration and the name shown")
	flags.BoolVar(&f.allowEmpty, "allow-empty", false, "succeed when a folder named holds no Dockerfile or Compose file (by default that is an error, exit 2)")
	flags.StringVar(&f.preset, "preset", "", "default severities (`PRESET`): recommended (warnings only for real exposures) or strict (also the hardening most services lack)\n(default: preset of .dockwarden.yaml, else recommended)")
	flags.StringVar(&f.selected, "select", "", "run only these rules: `CODES`, comma-separated, each a code or a prefix (DW1, DW201); a code turns on a rule shipped off")
	flags.StringVar(&f.ignored, "ignore", "", "do not run these rules: `CODES`, comma-separated, each a code or a prefix")
	flags.Var(&f.exclude, "exclude", "do not analyse files matching `GLOB`, relative to the working folder, as .dockwarden.yaml's ignore patterns (** spans folders; without / at any depth); repeatable")
	flags.BoolVar(&f.verbose, "verbose", false, "say on standard error what a folder walk skipped and why")
}

// A listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ", ") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// parse parses the command line of c and returns what to read: the paths
// given ("." when none, "-" for standard input when only --stdin-filename
// is). done reports that the command must return code at once: after
// --help, a usage error, or a --config that cannot be loaded. The caller
// closes the inputs.
func (f *inputFlags) parse(c *command, args []string, stdin io.Reader, stdout, stderr io.Writer) (in *inputs, code int, done bool) {
	paths, code, done := c.parse(args, stdout, stderr)
	if done {
		return nil, code, true
	}
	switch {
	case len(paths) == 0 && f.stdinFilename != "":
		paths = []string{"-"}
	case len(paths) == 0:
		paths = []string{"."}
	}
	stdins := 0
	for _, p := range paths {
		if p == "-" {
			stdins++
		}
	}
	switch {
	case stdins > 1:
		return nil, c.usageError(stderr, "standard input (-) can be read only once"), true
	case f.stdinFilename != "" && stdins == 0:
		return nil, c.usageError(stderr, "--stdin-filename names standard input: give - among the paths"), true
	case f.stdinAlone && stdins > 0 && len(paths) > 1:
		return nil, c.usageError(stderr, "standard input (-) is fixed alone: its fixed text goes to standard output"), true
	}
	adjust, err := f.adjustments()
	if err != nil {
		return nil, c.usageError(stderr, "%v", err), true
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, c.usageError(stderr, "%v", err), true
	}
	exclude, err := config.Patterns(wd, f.exclude)
	if err != nil {
		return nil, c.usageError(stderr, "--exclude: %v", err), true
	}
	var explicit *config.Config
	if f.config != "" {
		cfg, _, err := config.Load(fsroot.Unrooted(), filepath.ToSlash(f.config), rules.All)
		if err != nil {
			for _, e := range splitConfigErrors(err) {
				c.errorf(stderr, "--config: %v", e)
			}
			return nil, exitUsage, true
		}
		explicit = cfg
	}
	return &inputs{paths: paths, stdin: stdin, stdinFilename: f.stdinFilename, allowEmpty: f.allowEmpty, verbose: f.verbose,
		cfgs: newConfigs(explicit), exclude: exclude, adjust: adjust}, exitClean, false
}

// severityFlag reads a severity given on the command line the way
// configuration does (analysis.ParseSeverity); "none", when allowed, is
// zero.
func severityFlag(value string, allowNone bool) (analysis.Severity, error) {
	if allowNone && strings.EqualFold(value, "none") {
		return 0, nil
	}
	sev, err := analysis.ParseSeverity(value)
	if err != nil {
		want := analysis.SeverityNames
		if allowNone {
			want = append(want[:len(want):len(want)], "none")
		}
		return 0, fmt.Errorf("unknown severity %q (want %s)", value, orList(want))
	}
	return sev, nil
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
