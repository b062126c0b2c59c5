//go:build unix

package fsroot

import "syscall"

// openNonblock keeps open(2) from waiting for a writer when the name leads
// to a FIFO; for a regular file it changes nothing (POSIX open, O_NONBLOCK).
const openNonblock = syscall.O_NONBLOCK
