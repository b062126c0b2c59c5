package server

import "sync"

// The server works off its read loop: each open document has its analysis
// loop, a request that touches the disk is answered from its own goroutine
// (cancel.go), and requests to the client (settings, file watchers) wait
// for their answers elsewhere. Serve waits for all of it before it
// returns, so that no file of the workspace is still open and nothing is
// still written to the client once the session is over: on Windows a file
// or folder held open cannot be deleted or renamed, and a program that
// embeds the server may remove the workspace as soon as Serve returns.

// background counts the work under way: the goroutines the server starts
// and the message the read loop is handling. Its zero value is ready.
type background struct {
	mu      sync.Mutex
	stopped bool
	wg      sync.WaitGroup
}

// enter counts one piece of work begun by the caller, unless the session
// is stopping; the caller calls leave when it is done.
func (b *background) enter() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped {
		return false
	}
	b.wg.Add(1)
	return true
}

func (b *background) leave() { b.wg.Done() }

// do runs f in a new goroutine, unless the session is stopping; it reports
// whether f runs.
func (b *background) do(f func()) bool {
	if !b.enter() {
		return false
	}
	go func() {
		defer b.leave()
		f()
	}()
	return true
}

// stop refuses new work and waits for the work under way. Whatever waits
// on the client or on the settings must have been told to give up first
// (Server.end), or stop waits for it too.
func (b *background) stop() {
	b.mu.Lock()
	b.stopped = true
	b.mu.Unlock()
	b.wg.Wait()
}
