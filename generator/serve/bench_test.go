package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/corpus"
)

// benchCorpus writes the n-page benchmark corpus and starts a server on it.
func benchServer(b *testing.B, n int) *testServer {
	dir := b.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	ts := startServer(b, dir, false)
	b.Logf("first build of %d pages: %v", n, time.Since(start))
	return ts
}

// measure changes a file b.N times and reports the time from the write to
// the reload event arriving at a connected page, median and worst, plus
// the memory the server holds.
func measure(b *testing.B, ts *testServer, rel string, change func(i int, old string) string) {
	ev := ts.events(b)
	orig := ts.read(b, rel)
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		ts.write(b, rel, change(i, orig))
		waitEventWithin(b, ev, "reload", time.Minute)
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "ms-max")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MiB-heap")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "MiB-sys")
}

// BenchmarkEdit10000 measures an editor's save of one page's body or title
// on the 10,000-page corpus, from the write to the reload event:
//
//	go test ./generator/serve -run '^$' -bench Edit10000 -benchtime 20x
func BenchmarkEdit10000(b *testing.B) {
	ts := benchServer(b, 10000)
	b.Run("body", func(b *testing.B) {
		measure(b, ts, "content/news/p05002.md", func(i int, old string) string {
			return old + fmt.Sprintf("\n第%d次修改的正文。\n", i)
		})
	})
	b.Run("title", func(b *testing.B) {
		measure(b, ts, "content/notices/p05003.md", func(i int, old string) string {
			return strings.Replace(old, "title = \"", fmt.Sprintf("title = \"第%d稿", i), 1)
		})
	})
}

// BenchmarkTemplateEdit10000 measures a change to a layout (every page is
// rendered again) on the 10,000-page corpus.
//
//	go test ./generator/serve -run '^$' -bench TemplateEdit10000 -benchtime 5x
func BenchmarkTemplateEdit10000(b *testing.B) {
	ts := benchServer(b, 10000)
	single, err := os.ReadFile("../../themes/default/layouts/_default/single.html")
	if err != nil {
		b.Fatal(err)
	}
	rel := "layouts/_default/single.html"
	if err := os.MkdirAll(filepath.Join(ts.dir, "layouts/_default"), 0o755); err != nil {
		b.Fatal(err)
	}
	ts.write(b, rel, string(single))
	ts.waitFor(b, "/fzzf/", "", false)
	time.Sleep(2 * time.Second) // let the first template build pass
	measure(b, ts, rel, func(i int, old string) string {
		return old + fmt.Sprintf("{{/* 第%d次修改 */}}\n", i)
	})
}

// BenchmarkRebuild10000 is BenchmarkEdit10000 without the watcher and the
// events: one page's body is changed, the snapshot updated and the site
// rebuilt by the Builder, as Server.rebuild does. It is the one to profile
// (with enough rebuilds to outweigh writing the corpus and the first
// build), and FZZF_TIMINGS=1 prints each rebuild's phases:
//
//	go test ./generator/serve -run '^$' -bench Rebuild10000 -benchtime 100x -cpuprofile cpu.out
func BenchmarkRebuild10000(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	snap, err := loadSnapshot(dir)
	if err != nil {
		b.Fatal(err)
	}
	builder := build.NewBuilder(build.Options{AsOf: asOf("2023-06-01"), Drafts: true, BaseURL: "http://127.0.0.1:1313/fzzf/"}, nil)
	var sink build.MemSink
	if _, err := builder.Build(snap, &sink); err != nil {
		b.Fatal(err)
	}
	rel := "content/news/p05002.md"
	orig, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := string(orig) + fmt.Sprintf("\n第%d次修改的正文。\n", i)
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		snap, err = snap.update(dir, []string{rel})
		if err != nil {
			b.Fatal(err)
		}
		sink := build.MemSink{Files: make(map[string][]byte, len(sink.Files))}
		if _, err := builder.Build(snap, &sink); err != nil {
			b.Fatal(err)
		}
		if st := builder.Stats(); st.Rendered > 20 {
			b.Fatalf("rendered %d outputs for a one-page edit", st.Rendered)
		}
	}
}
