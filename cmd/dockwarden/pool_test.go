package main

import (
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
)

// TestInOrder: results come in the order of their index whatever order
// the workers finish in, no more than the window run ahead of the one
// delivered, and an error from deliver stops the work.
func TestInOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var running, most atomic.Int32
	var delivered []int
	release := make([]chan struct{}, 100)
	for i := range release {
		release[i] = make(chan struct{})
	}
	// Work i waits until i-1 is delivered... except that every third one
	// finishes at once, so later results are often ready first.
	err := inOrder(100, func(i int) int {
		n := running.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		if i%3 != 0 && i > 0 {
			<-release[i-1]
		}
		running.Add(-1)
		return i * i
	}, func(i, r int) error {
		if r != i*i {
			t.Errorf("result %d delivered as %d", r, i)
		}
		delivered = append(delivered, i)
		close(release[i])
		return nil
	})
	if err != nil || len(delivered) != 100 {
		t.Fatalf("err %v, %d delivered", err, len(delivered))
	}
	for i, d := range delivered {
		if d != i {
			t.Fatalf("delivered %v", delivered)
		}
	}
	if m := most.Load(); m > 8 {
		t.Errorf("%d results computed at once, more than the window of 8", m)
	}

	stop := errors.New("stop")
	var started atomic.Int32
	err = inOrder(1000, func(i int) int { started.Add(1); return i }, func(i, _ int) error {
		if i == 10 {
			return stop
		}
		return nil
	})
	if err != stop || started.Load() > 10+8+1 {
		t.Errorf("err %v, %d started after the stop at 10", err, started.Load())
	}
	if err := inOrder(0, func(int) int { return 0 }, func(int, int) error { return errors.New("called") }); err != nil {
		t.Errorf("no items: %v", err)
	}
}
