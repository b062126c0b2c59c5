// Package interrupt names the signals that ask a command-line program to
// stop, so that dockwarden fix can finish or roll back the file it is
// writing before it exits. It is the one package besides internal/fsroot
// that imports syscall, for the name of SIGTERM, and nothing else.
package interrupt

import (
	"os"
	"syscall"
)

// Signals are the signals that ask a program to stop: SIGINT (Ctrl-C) and
// SIGTERM (kill, a CI job cancelled, a container stopped).
var Signals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// ExitCode is the exit status a shell gives a program stopped by sig:
// 128 plus the signal's number (130 for SIGINT, 143 for SIGTERM).
func ExitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}
