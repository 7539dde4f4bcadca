package serve

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// softLimit is the memory the preview server asks the Go runtime to stay
// under. The server holds the whole site in memory, twice while a change
// to a layout renders every page again (the old site is served meanwhile);
// left to its default pacing, the collector lets the heap grow to twice
// what was live at its last cycle, well past what the site needs. With a
// soft limit it collects sooner instead, once the process nears it.
const softLimit = 900 << 20

// limitMemory sets the runtime's soft memory limit after a build:
// softLimit, or 1.5 times the heap live at the last collection when that
// is more, so that a larger site does not keep the collector running all
// the time. It only ever raises the limit it set before, since the last
// collection may be older than the build that grew the heap. A limit given
// with GOMEMLIMIT is left as it is.
//
// The factor is a trade: during a layout change the server holds two
// sites at once, so on a site whose live heap is above ~600 MB the
// collector works harder (the runtime caps it at about half the CPU)
// for the second or two of that rebuild. A larger factor (2.5 was tried)
// let the 10,000-page corpus grow to 1.2 GiB on a layout change, past the
// 1 GiB the server should stay under.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	limit := int64(softLimit)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		if live := int64(sample[0].Value.Uint64()); live+live/2 > limit {
			limit = live + live/2
		}
	}
	if cur := debug.SetMemoryLimit(-1); cur != math.MaxInt64 && cur > limit {
		limit = cur // ours from an earlier build: never lower it
	}
	debug.SetMemoryLimit(limit)
}
