// Command dockwarden finds container-security mistakes in Dockerfiles and
// Docker Compose files. `dockwarden lsp` serves the Language Server Protocol
// over stdio for editors; `dockwarden check` runs the same engine for CI.
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `dockwarden finds container-security mistakes in Dockerfiles and Compose files.

Usage:
  dockwarden lsp [--stdio]            serve the Language Server Protocol over stdio
  dockwarden check [flags] [PATH...]  analyse files and folders (default ".")
  dockwarden fix [flags] [PATH...]    apply the safe fixes (--unsafe: also the preferred ones)
  dockwarden rules                    list the rules
  dockwarden version                  print the version

Run "dockwarden check --help" or "dockwarden fix --help" for their flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "lsp":
		return runLSP(args[1:], stdin, stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "fix":
		return runFix(args[1:], stdout, stderr)
	case "rules":
		return runRules(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "dockwarden %s\n", version)
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "dockwarden: unknown command %q\n\n%s", args[0], usage)
	return 2
}
