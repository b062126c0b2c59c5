package main

import (
	"fmt"
	"io"
)

// runLSP serves LSP over stdin/stdout (placeholder).
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "dockwarden: lsp is not built yet")
	return 1
}
