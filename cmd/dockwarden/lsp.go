package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server"
)

// runLSP serves the Language Server Protocol on stdin and stdout. Logs go
// to stderr: stdout carries nothing but protocol messages.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dockwarden lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Some clients append --stdio to every server they start; stdio is the
	// only transport there is.
	fs.Bool("stdio", true, "serve over stdin and stdout (the default and only transport)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dockwarden lsp: unexpected argument %q\n", fs.Arg(0))
		return 2
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
