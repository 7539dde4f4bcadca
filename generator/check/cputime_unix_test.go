//go:build unix

package check

import "syscall"

// cpuTime returns the CPU time (user and system) of the process so far, in
// nanoseconds: unlike ns/op it does not count time waiting for a core on a
// busy machine. It counts the garbage collector's work.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
