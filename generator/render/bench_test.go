package render_test

import (
	"bytes"
	"io/fs"
	"os"
	"syscall"
	"testing"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/corpus"
	"fzzf/generator/render"
	"fzzf/generator/site"
	"fzzf/generator/tomlfile"
)

// BenchmarkLayouts measures executing the default theme's layouts alone
// (no Markdown, no writing): one output per iteration, cycling through
// every page of a 1,000-page corpus, pager pages included, on one
// goroutine. It is most of a full build's CPU time.
//
//	go test ./generator/render -run '^$' -bench Layouts -benchmem
func BenchmarkLayouts(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	res, err := build.Build(fsys, build.Options{AsOf: asOf(b, "2024-01-01")}, &build.MemSink{})
	if err != nil {
		b.Fatal(err)
	}
	s := res.Site
	r := newRenderer(b, fsys, s.Config.Theme, s)
	type job struct {
		p  *site.Page
		pg *site.Pager
	}
	var jobs []job
	for _, p := range s.All() {
		for _, pg := range r.Pagers(p) {
			jobs = append(jobs, job{p, pg})
		}
	}
	var buf bytes.Buffer
	var bytesOut int64
	b.ResetTimer()
	cpu0 := processCPU()
	for i := 0; i < b.N; i++ {
		j := jobs[i%len(jobs)]
		_, data, err := r.Render(j.p, j.pg, &buf)
		if err != nil {
			b.Fatal(err)
		}
		bytesOut += int64(len(data))
	}
	// CPU time, GC included, says more than ns/op on a busy machine.
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(bytesOut)/float64(b.N), "B/output")
}

// processCPU returns the user and system CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func asOf(b *testing.B, day string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", day, tomlfile.China)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// newRenderer loads the theme named theme from fsys (the built-in default
// when fsys has none) and returns a Renderer of s with no sink, its
// markdownify a no-op.
func newRenderer(tb testing.TB, fsys fs.FS, theme string, s *site.Site) *render.Renderer {
	tb.Helper()
	th, err := render.LoadTheme(fsys, theme, nil)
	if err != nil {
		tb.Fatal(err)
	}
	assets, _, err := render.PrepareStatics(th)
	if err != nil {
		tb.Fatal(err)
	}
	th.SetFuncs(render.Funcs(s.Config, assets, func(string) (string, error) { return "", nil }))
	return &render.Renderer{Site: s, Theme: th, Assets: assets}
}
