// Package notices keeps THIRD_PARTY_NOTICES at the top of the repository,
// the license texts of the Go modules compiled into dockwarden, in step with
// go.mod. It has no code of its own: its test lists the modules of
// ./cmd/dockwarden for every platform make dist builds (go list -deps),
// reads their license and notice files from the module cache, and fails
// when the file differs from what it would write. `make notices` rewrites
// it (go test ./internal/notices -update). The file ships inside every
// release archive and VS Code package.
package notices
