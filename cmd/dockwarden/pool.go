package main

import (
	"runtime"
	"sync"
)

// inOrder calls work(i) for every i in [0, n) on GOMAXPROCS goroutines and
// deliver(i, result) on the caller's goroutine in the order of i, each as
// soon as it and every one before it are done. At most twice as many
// results as workers are computed ahead of the next one to deliver, so
// that a slow file holds back only that many finished ones. When deliver
// returns an error no new work starts and inOrder returns that error.
func inOrder[T any](n int, work func(i int) T, deliver func(i int, result T) error) error {
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	window := 2 * workers
	// slots[i%window] carries result i: result i+window is started only
	// once result i was delivered, so they never share a slot.
	slots := make([]chan T, window)
	for i := range slots {
		slots[i] = make(chan T, 1)
	}
	ahead := make(chan struct{}, window) // a token per result started and not delivered
	jobs := make(chan int)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				slots[i%window] <- work(i)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range n {
			select {
			case ahead <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case jobs <- i:
			case <-stop:
				return
			}
		}
	}()
	var err error
	for i := 0; i < n && err == nil; i++ {
		result := <-slots[i%window]
		err = deliver(i, result)
		<-ahead
	}
	close(stop)
	// Let the workers finish what they started: a slot holds one result,
	// so none of them blocks.
	for range jobs {
	}
	wg.Wait()
	return err
}
