package build

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// phases times the steps of a build for FZZF_TIMINGS=1, printed to stderr:
// the way to see where a slow build spends its time without a profiler.
type phases struct {
	on      bool
	last    time.Time
	start   time.Time
	lastCPU int64 // process CPU time at last, in ns (0 where not measured)
	lines   []string
}

func newPhases() *phases {
	p := &phases{on: os.Getenv("FZZF_TIMINGS") != ""}
	p.last, p.start = time.Now(), time.Now()
	if p.on {
		p.lastCPU = cpuTime()
	}
	return p
}

func (p *phases) mark(name string) {
	if !p.on {
		return
	}
	now, cpu := time.Now(), cpuTime()
	wall := now.Sub(p.last)
	line := fmt.Sprintf("%-16s %7.1f ms", name, float64(wall.Microseconds())/1000)
	if cpu != 0 && wall > time.Millisecond {
		// CPU time over wall time: how many cores the phase kept busy.
		line += fmt.Sprintf("  %4.1f cores", float64(cpu-p.lastCPU)/float64(wall.Nanoseconds()))
	}
	p.lines = append(p.lines, line)
	p.last, p.lastCPU = now, cpu
}

func (p *phases) report() {
	if !p.on {
		return
	}
	p.lines = append(p.lines, fmt.Sprintf("%-16s %7.1f ms", "total", float64(time.Since(p.start).Microseconds())/1000))
	fmt.Fprintln(os.Stderr, "build phases:\n  "+strings.Join(p.lines, "\n  "))
}
