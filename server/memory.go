package server

import (
	"runtime"
	"runtime/debug"
	"sync"
)

// The first analysis of a large document allocates several times what it
// keeps: 17 MB for the 300-service compose file of the benchmarks, of
// which 5 MB stay. With Go's default collection target (GOGC=100) the
// heap grows to twice what is live at each collection, and those
// analyses, not typing, set the server's peak memory. While one runs, the
// target is lowered to coldGCPercent; keystrokes, which allocate 1 to 2 MB
// each, keep the default, so typing pays for no extra collections.

// coldGCPercent is the collection target of a cold analysis.
const coldGCPercent = 25

// coldSize is the size from which an analysis without a warm cache is
// cold: a smaller document allocates too little to matter.
const coldSize = 64 << 10

// A gcTarget lowers the collection target while cold analyses run. Its
// zero value is ready to use.
type gcTarget struct {
	mu    sync.Mutex
	cold  int // cold analyses running
	saved int // the target before the first of them
}

// lower lowers the target until the returned function is called, unless
// collection is off (GOGC=off) or already at most coldGCPercent.
func (g *gcTarget) lower() (restore func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cold == 0 {
		g.saved = debug.SetGCPercent(coldGCPercent)
		if g.saved < 0 || g.saved <= coldGCPercent {
			debug.SetGCPercent(g.saved)
			return func() {}
		}
	}
	g.cold++
	return func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.cold--; g.cold == 0 {
			// Collect what the analysis left before the target goes
			// back up: the next goal is twice what is live then, and the
			// last collection may have seen the analysis's garbage live.
			// The diagnostics are out already; nobody waits for this.
			runtime.GC()
			debug.SetGCPercent(g.saved)
		}
	}
}
