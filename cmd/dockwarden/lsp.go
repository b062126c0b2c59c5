package main

import (
	"context"
	"io"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server"
)

// runLSP serves the Language Server Protocol on stdin and stdout. Logs go
// to stderr: stdout carries nothing but protocol messages.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := newCommand("lsp", "dockwarden lsp [--stdio]", "Serves the Language Server Protocol on standard input and output, for editors.", 0)
	// Some clients append --stdio to every server they start; stdio is the
	// only transport there is.
	c.flags.Bool("stdio", true, "serve over stdin and stdout (the default and only transport)")
	if _, code, done := c.parse(args, stdout, stderr); done {
		return code
	}
	srv := server.New(server.Options{Rules: rules.All, Log: stderr, Version: version})
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
