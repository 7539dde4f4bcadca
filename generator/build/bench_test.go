package build

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"fzzf/generator/corpus"
)

// benchBuild measures a full disk build of an n-page generated Chinese
// corpus (see package corpus): parse, render, feeds, sitemap, privacy scan,
// write and swap. Run with
//
//	go test ./generator/build -run '^$' -bench Build -benchtime 3x
//
// and record results in docs/benchmarks.md with the machine they ran on.
// BENCH_DIR puts the corpus and output elsewhere than the test's temp
// folder, e.g. BENCH_DIR=/dev/shm to take the disk out of the figures.
func benchBuild(b *testing.B, n int) {
	dir := b.TempDir()
	if base := os.Getenv("BENCH_DIR"); base != "" {
		d, err := os.MkdirTemp(base, "bench")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(d) })
		dir = d
	}
	if err := corpus.Write(dir, corpus.Options{Pages: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	dest := filepath.Join(dir, "public")
	opts := Options{AsOf: asOf("2024-01-01")}
	var res *Result
	runtime.GC()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		res, err = Run(dir, dest, opts)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/page")
	b.ReportMetric(float64(res.Files), "files")
	if _, err := os.Stat(filepath.Join(dest, "sitemap.xml")); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkBuild1000(b *testing.B)  { benchBuild(b, 1000) }
func BenchmarkBuild10000(b *testing.B) { benchBuild(b, 10000) }

// BenchmarkBuild50000 shows time per page stays flat at 5x the size; it
// takes a minute or more per run, so it runs only when asked for by name.
func BenchmarkBuild50000(b *testing.B) {
	if os.Getenv("BENCH_LARGE") == "" {
		b.Skip("set BENCH_LARGE=1 to build a 50,000-page corpus")
	}
	benchBuild(b, 50000)
}
