package main

import (
	"context"
	"io"
	"os"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server"
)

// logEnv names a file to append the server's log to, like --log-file.
const logEnv = "DOCKWARDEN_LOG"

// runLSP serves the Language Server Protocol on stdin and stdout. stdout
// carries nothing but protocol messages, and stderr nothing but an error
// that stops the server from starting: editors such as Neovim file every
// line a server writes there as an error. The server's log goes to the
// editor (window/logMessage), and, for debugging, to --log-file or
// $DOCKWARDEN_LOG.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := newCommand("lsp", "dockwarden lsp [--stdio] [--log-file FILE]",
		"Serves the Language Server Protocol on standard input and output, for editors. The log goes\n"+
			"to the editor's log (window/logMessage); --log-file, or the environment variable "+logEnv+",\n"+
			"names a file that gets it too, for debugging.", 0)
	// Some clients append --stdio to every server they start; stdio is the
	// only transport there is.
	c.flags.Bool("stdio", true, "serve over stdin and stdout (the default and only transport)")
	logFile := c.flags.String("log-file", "", "append the server's log to `FILE` (default: $"+logEnv+", else no file)")
	if _, code, done := c.parse(args, stdout, stderr); done {
		return code
	}
	if *logFile == "" {
		*logFile = os.Getenv(logEnv)
	}
	var log io.Writer
	if *logFile != "" {
		// The one file dockwarden writes that is not a file it fixes:
		// the log its user asked for, wherever they asked.
		f, err := os.OpenFile(*logFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			c.errorf(stderr, "cannot open the log file: %v", err)
			return exitUsage
		}
		defer f.Close()
		log = f
	}
	srv := server.New(server.Options{Rules: rules.All, Log: log, Version: releaseVersion()})
	return srv.Serve(context.Background(), stdio{stdin, stdout})
}

// stdio joins the process's standard input and output into the one
// connection the server reads and writes.
type stdio struct {
	io.Reader
	io.Writer
}

// Close does nothing: the process ends when Serve returns.
func (stdio) Close() error { return nil }
