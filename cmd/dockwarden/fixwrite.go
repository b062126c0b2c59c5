package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"

	"github.com/dockwarden/dockwarden/internal/fsroot"
	"github.com/dockwarden/dockwarden/internal/interrupt"
	"github.com/dockwarden/dockwarden/report"
)

// A fixWriter writes fixed files back and stands between them and SIGINT
// or SIGTERM. Each file is rewritten in place through fsroot.Rewrite, so
// it keeps its owner, group, mode and hard links; it is read again just
// before the write and left alone when it changed since it was analysed.
// A signal that arrives while a file is being written waits until it is
// written; one that arrives while a file is being prepared leaves that
// file as it was. Either way the backup copy is removed and the process
// exits with the signal's status (130 for SIGINT, 143 for SIGTERM).
type fixWriter struct {
	stderr io.Writer
	sigs   chan os.Signal

	mu      sync.Mutex      // held while a file is opened or written
	pending *fsroot.Rewrite // opened, not yet written
	shown   string          // pending's path as shown
}

// newFixWriter starts listening for the signals; stop ends it.
func newFixWriter(stderr io.Writer) *fixWriter {
	w := &fixWriter{stderr: stderr, sigs: make(chan os.Signal, 1)}
	signal.Notify(w.sigs, interrupt.Signals...)
	go w.await()
	return w
}

// await waits for a signal, then for the file being written, and exits.
func (w *fixWriter) await() {
	sig, ok := <-w.sigs
	if !ok {
		return
	}
	w.mu.Lock() // never released: the process ends here
	if w.pending != nil {
		w.pending.Abort()
		fmt.Fprintf(w.stderr, "dockwarden fix: %s: not written\n", report.TerminalSafe(w.shown))
	}
	fmt.Fprintf(w.stderr, "dockwarden fix: stopped by %v: the files fixed so far keep their fixes, no other file was changed\n", sig)
	os.Exit(interrupt.ExitCode(sig))
}

// stop stops listening for the signals.
func (w *fixWriter) stop() {
	signal.Stop(w.sigs)
	close(w.sigs)
}

// replace writes text over the file src, which was analysed as old.
func (w *fixWriter) replace(src source, old, text []byte) error {
	w.mu.Lock()
	rw, err := src.root.OpenRewrite(src.name, old)
	if err == nil {
		w.pending, w.shown = rw, src.shown
	}
	w.mu.Unlock()
	if err != nil {
		return err
	}
	pauseForTest(src.shown)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending = nil
	return rw.Commit(text)
}

// writeError says why a fixed file was not written.
func writeError(shown string, err error) string {
	switch {
	case errors.Is(err, fsroot.ErrReadOnly):
		return fmt.Sprintf("%s: read-only (no write permission), so it is not fixed; make it writable to fix it", shown)
	case errors.Is(err, fsroot.ErrChanged):
		return fmt.Sprintf("%s: conflict: %v; it is left as it is: run dockwarden fix again", shown, err)
	}
	return pathError(shown, err).Error()
}

// testPauseEnv, when set, makes fix stop before writing each file, say so
// on stderr and wait for a line on stdin: the tests edit the file or send
// a signal at that very moment, deterministically. It does nothing else.
const testPauseEnv = "DOCKWARDEN_TEST_PAUSE_BEFORE_WRITE"

var stdinLines = sync.OnceValue(func() *bufio.Reader { return bufio.NewReader(os.Stdin) })

func pauseForTest(shown string) {
	if os.Getenv(testPauseEnv) == "" {
		return
	}
	fmt.Fprintf(os.Stderr, "dockwarden fix: paused before writing %s\n", report.TerminalSafe(shown))
	stdinLines().ReadString('\n')
}
