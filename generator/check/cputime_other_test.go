//go:build !unix

package check

// cpuTime returns 0: the benchmarks report CPU time on Unix only.
func cpuTime() int64 { return 0 }
