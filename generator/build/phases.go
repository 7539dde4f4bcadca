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
	on    bool
	last  time.Time
	start time.Time
	lines []string
}

func newPhases() *phases {
	now := time.Now()
	return &phases{on: os.Getenv("FZZF_TIMINGS") != "", last: now, start: now}
}

func (p *phases) mark(name string) {
	if !p.on {
		return
	}
	now := time.Now()
	p.lines = append(p.lines, fmt.Sprintf("%-16s %7.1f ms", name, float64(now.Sub(p.last).Microseconds())/1000))
	p.last = now
}

func (p *phases) report() {
	if !p.on {
		return
	}
	p.lines = append(p.lines, fmt.Sprintf("%-16s %7.1f ms", "total", float64(time.Since(p.start).Microseconds())/1000))
	fmt.Fprintln(os.Stderr, "build phases:\n  "+strings.Join(p.lines, "\n  "))
}
