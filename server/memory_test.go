package server

import (
	"runtime/debug"
	"testing"
)

// gcPercent reads the collection target.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestColdAnalysesLowerTheTarget checks that overlapping cold analyses
// keep the target low until the last one ends, and restore the target
// they found; that a target already low, or collection switched off, is
// left alone.
func TestColdAnalysesLowerTheTarget(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	var g gcTarget
	first := g.lower()
	second := g.lower()
	if p := gcPercent(); p != coldGCPercent {
		t.Fatalf("during cold analyses the target is %d, want %d", p, coldGCPercent)
	}
	first()
	if p := gcPercent(); p != coldGCPercent {
		t.Errorf("with one cold analysis left the target is %d, want %d", p, coldGCPercent)
	}
	second()
	if p := gcPercent(); p != 150 {
		t.Errorf("after the cold analyses the target is %d, want the 150 it was", p)
	}
	for _, was := range []int{-1, 10} {
		debug.SetGCPercent(was)
		restore := g.lower()
		if p := gcPercent(); p != was {
			t.Errorf("target %d became %d", was, p)
		}
		restore()
		if p := gcPercent(); p != was {
			t.Errorf("target %d was restored as %d", was, p)
		}
	}
}
