// Command dockwarden finds container-security mistakes in Dockerfiles and
// Docker Compose files. `dockwarden lsp` serves the Language Server Protocol
// over stdio for editors; `dockwarden check` runs the same engine for CI.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/dockwarden/dockwarden/report"
)

const usage = `dockwarden finds container-security mistakes in Dockerfiles and Compose files.

Usage:
  dockwarden check [flags] [PATH...]  analyse files and folders (default "."; - reads standard input)
  dockwarden fix [flags] [PATH...]    apply the safe fixes (--unsafe: also the preferred ones)
  dockwarden rules                    list the rules
  dockwarden lsp [flags]              serve the Language Server Protocol over stdio
  dockwarden version                  print the version

Flags may come anywhere among the arguments; -- ends them.
Run "dockwarden COMMAND --help" (or "dockwarden help COMMAND") for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "lsp":
		return runLSP(args[1:], stdin, stdout, stderr)
	case "check":
		return runCheck(args[1:], stdin, stdout, stderr)
	case "fix":
		return runFix(args[1:], stdin, stdout, stderr)
	case "rules":
		return runRules(args[1:], stdout, stderr)
	case "version":
		c := newCommand("version", "dockwarden version", "Prints the version.", 0)
		if _, code, done := c.parse(args[1:], stdout, stderr); done {
			return code
		}
		fmt.Fprintf(stdout, "dockwarden %s\n", releaseVersion())
		return exitClean
	case "--version", "-v":
		fmt.Fprintf(stdout, "dockwarden %s\n", releaseVersion())
		return exitClean
	case "help", "--help", "-help", "-h":
		if len(args) == 2 && args[0] == "help" {
			switch args[1] {
			case "lsp", "check", "fix", "rules", "version":
				return run([]string{args[1], "--help"}, stdin, stdout, stderr)
			}
		}
		fmt.Fprint(stdout, usage)
		return exitClean
	}
	fmt.Fprintf(stderr, "dockwarden: unknown command %q\n\n%s", report.TerminalSafe(args[0]), usage)
	return exitUsage
}
