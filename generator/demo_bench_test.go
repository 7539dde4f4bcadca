package main

import (
	"io"
	"os"
	"testing"
)

// BenchmarkDemoBuild builds this repository's own portal (seeds, ledgers,
// policies, search) as of the end of the campaign.
func BenchmarkDemoBuild(b *testing.B) {
	dest := b.TempDir()
	if base := os.Getenv("BENCH_DIR"); base != "" {
		d, err := os.MkdirTemp(base, "demo")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(d) })
		dest = d
	}
	args := []string{"build", "--source", "..", "--dest", dest + "/public", "--as-of", "2023-12-31", "--quiet"}
	for i := 0; i < b.N; i++ {
		if code := run(args, io.Discard, os.Stderr); code != 0 {
			b.Fatalf("build exited %d", code)
		}
	}
}
