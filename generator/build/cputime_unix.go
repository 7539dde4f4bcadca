//go:build unix

package build

import "syscall"

// cpuTime returns the CPU time (user and system) of the process so far, for
// FZZF_TIMINGS: beside a phase's wall time it shows how many cores the
// phase kept busy.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
