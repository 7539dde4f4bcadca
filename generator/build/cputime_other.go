//go:build !unix

package build

// cpuTime is not measured here: FZZF_TIMINGS shows wall times only.
func cpuTime() int64 { return 0 }
