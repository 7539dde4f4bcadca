package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"fzzf/generator/corpus"
)

// BenchmarkCommandBuild10000 runs `generator build` as editors do, with all
// of this portal's extensions (publication checks, search index), on the
// 10,000-page corpus. BENCH_DIR=/dev/shm takes the disk out of the figure.
// The core pipeline alone is measured in generator/build.
func BenchmarkCommandBuild10000(b *testing.B) {
	base := os.Getenv("BENCH_DIR")
	dir, err := os.MkdirTemp(base, "cmdbench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	if err := corpus.Write(dir, corpus.Options{Pages: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	args := []string{"build", "--source", dir, "--dest", filepath.Join(dir, "public"), "--as-of", "2024-01-01", "--quiet"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := run(args, io.Discard, os.Stderr); code != 0 {
			b.Fatalf("build exited %d", code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/10000, "µs/page")
}
