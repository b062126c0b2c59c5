package server

import "github.com/dockwarden/dockwarden/analysis/document"

// ApplyChanges exposes applyChanges to the external tests: a change is a
// range (nil for a full replacement) and its text.
func ApplyChanges(doc *document.Document, changes []TestChange) ([]byte, bool) {
	events := make([]changeEvent, len(changes))
	for i, c := range changes {
		events[i] = changeEvent{Range: c.Range, Text: c.Text}
	}
	return applyChanges(doc, events)
}

// TestChange is changeEvent for the external tests.
type TestChange = changeEvent

// Stopping is closed when Serve begins to stop the session's work, which
// it then waits for.
func Stopping(s *Server) <-chan struct{} { return s.life.Done() }
