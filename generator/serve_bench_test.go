package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/corpus"
	"fzzf/generator/serve"
	"fzzf/generator/tomlfile"
)

// BenchmarkServeEdit10000 is the preview server as editors run it (`generator
// serve`, with this portal's extensions and their memos) on the 10,000-page
// corpus: the time from saving one page's body or title (or a layout) to the reload
// event reaching a connected page, median and worst, and the memory the
// server holds.
// BENCH_DIR=/dev/shm takes the disk out of the figure.
//
//	go test ./generator/ -run '^$' -bench ServeEdit10000 -benchtime 20x
func BenchmarkServeEdit10000(b *testing.B) {
	base := os.Getenv("BENCH_DIR")
	dir, err := os.MkdirTemp(base, "servebench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	if err := corpus.Write(dir, corpus.Options{Pages: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	srv, err := serve.New(serve.Options{
		Source: dir, Port: 0,
		Build:      build.Options{AsOf: time.Date(2024, 1, 1, 0, 0, 0, 0, tomlfile.China), Drafts: true},
		Extensions: sessionExtensions(),
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	b.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case <-srv.Ready():
	case <-time.After(2 * time.Minute):
		b.Fatal("first build took more than 2 minutes")
	}
	events := listen(b, ctx, srv.URL())
	b.Run("body", func(b *testing.B) {
		rel := filepath.Join(dir, "content", "news", "p05002.md")
		saves(b, events, rel, func(orig []byte, i int) []byte {
			return fmt.Appendf(orig, "\n第%d次修改的正文。\n", i)
		})
	})
	b.Run("title", func(b *testing.B) {
		// A title shows on lists, term pages, feeds and in the search index.
		rel := filepath.Join(dir, "content", "notices", "p05003.md")
		saves(b, events, rel, func(orig []byte, i int) []byte {
			return bytes.Replace(orig, []byte(`title = "`), fmt.Appendf(nil, `title = "第%d稿`, i), 1)
		})
	})
	b.Run("template", func(b *testing.B) {
		// A site layout that overrides the theme's: every page renders again.
		single, err := os.ReadFile("../themes/default/layouts/_default/single.html")
		if err != nil {
			b.Fatal(err)
		}
		rel := filepath.Join(dir, "layouts", "_default", "single.html")
		if err := os.MkdirAll(filepath.Dir(rel), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(rel, single, 0o644); err != nil {
			b.Fatal(err)
		}
		waitReload(events)
		saves(b, events, rel, func(orig []byte, i int) []byte {
			return fmt.Appendf(orig, "{{/* 第%d次修改 */}}\n", i)
		})
	})
}

// saves changes the file rel b.N times, each time waiting for the reload
// event, and reports the time from the write to the event, median and
// worst, plus the memory the server holds.
func saves(b *testing.B, events <-chan string, rel string, change func(orig []byte, i int) []byte) {
	orig, err := os.ReadFile(rel)
	if err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := os.WriteFile(rel, change(orig, i), 0o644); err != nil {
			b.Fatal(err)
		}
		waitReload(events)
		times = append(times, time.Since(start))
		time.Sleep(50 * time.Millisecond) // an editor does not save twice in a burst
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

func waitReload(events <-chan string) {
	for ev := range events {
		if ev == "reload" {
			return
		}
	}
}

// listen connects to the server's live-reload events like a page does and
// passes on each event's name.
func listen(b *testing.B, ctx context.Context, siteURL string) <-chan string {
	u := strings.TrimSuffix(siteURL, "/")
	u = u[:strings.LastIndex(u, "/")] + "/__preview/events"
	req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	out := make(chan string, 100)
	ready := make(chan struct{})
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		first := true
		for sc.Scan() {
			line := sc.Text()
			if first && strings.HasPrefix(line, "retry:") {
				first = false
				close(ready)
			}
			if name, ok := strings.CutPrefix(line, "event: "); ok {
				out <- name
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		b.Fatal("no events stream")
	}
	return out
}
