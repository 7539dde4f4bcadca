// Package parallel runs independent pieces of work on all cores: parsing,
// rendering and writing pages. Results go into slots indexed by i, so
// output never depends on scheduling.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls work(s, i) for every i in [0, n) from GOMAXPROCS goroutines,
// each with its own s from newState (a buffer, say), and returns when all
// calls are done. Indexes are handed out one at a time, since pages differ
// in size.
func Each[S any](n int, newState func() S, work func(s S, i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newState()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				work(s, i)
			}
		}()
	}
	wg.Wait()
}

// For is Each without per-goroutine state.
func For(n int, work func(i int)) {
	Each(n, func() struct{} { return struct{}{} }, func(_ struct{}, i int) { work(i) })
}
