package check

import (
	"bytes"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/content"
	"fzzf/generator/corpus"
	"fzzf/generator/diag"
	"fzzf/generator/site"
	"fzzf/generator/tomlfile"
)

// recorder is an Inspector that keeps every output of a build, so that a
// benchmark can run a Checker over them again and again.
type recorder struct {
	mu   sync.Mutex
	outs []recorded
}

type recorded struct {
	out, source string
	data        []byte
}

func (r *recorder) Schemas() map[string]content.Schema { return nil }
func (r *recorder) Extend(fs.FS, *site.Site) error     { return nil }
func (r *recorder) Problems() []*diag.Problem          { return nil }
func (r *recorder) Inspect(out, source string, data []byte) {
	r.mu.Lock()
	r.outs = append(r.outs, recorded{out, source, data})
	r.mu.Unlock()
}

// builtSite is a corpus built in memory once per test binary, with its
// outputs in the order the build wrote them (pages first, then feeds,
// sitemap and static files).
type builtSite struct {
	fsys  fs.FS
	site  *site.Site
	outs  []recorded
	bytes int64
}

var (
	benchOnce sync.Once
	bench     *builtSite
	benchErr  error
)

// benchPages is the size of the benchmark corpus: CHECK_BENCH_PAGES, or
// 10,000 pages (about 15,500 outputs).
func benchPages() int {
	if n, err := strconv.Atoi(os.Getenv("CHECK_BENCH_PAGES")); err == nil && n > 0 {
		return n
	}
	return 10000
}

func benchSite(b *testing.B) *builtSite {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "checkbench")
		if err != nil {
			benchErr = err
			return
		}
		defer os.RemoveAll(dir)
		if benchErr = corpus.Write(dir, corpus.Options{Pages: benchPages(), Seed: 1}); benchErr != nil {
			return
		}
		// Read the corpus into memory, so nothing depends on the folder.
		fsys := os.DirFS(dir)
		mem := map[string][]byte{}
		benchErr = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			mem[p] = data
			return err
		})
		if benchErr != nil {
			return
		}
		memfs := fstest.MapFS{}
		for p, data := range mem {
			memfs[p] = &fstest.MapFile{Data: data}
		}
		rec := &recorder{}
		asOf, _ := time.ParseInLocation("2006-01-02", "2024-01-01", tomlfile.China)
		res, err := build.Build(memfs, build.Options{AsOf: asOf, Extensions: []build.Extension{rec}}, &build.MemSink{})
		if err != nil {
			benchErr = err
			return
		}
		bench = &builtSite{fsys: memfs, site: res.Site, outs: rec.outs}
		for _, o := range rec.outs {
			bench.bytes += int64(len(o.data))
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return bench
}

// BenchmarkInspect measures the checker over every output of the
// 10,000-page corpus (built once, in memory): Extend, Inspect of each
// output on one goroutine, then Problems. It reports the heap the checker
// keeps after Inspect (what it holds for 15,500 outputs until Problems).
//
//	go test ./generator/check -run '^$' -bench Inspect -benchtime 5x
//
// CHECK_BENCH_PAGES=2000 makes a smaller corpus.
func BenchmarkInspect(b *testing.B) {
	bs := benchSite(b)
	run := func() *Checker {
		c := New()
		if err := c.Extend(bs.fsys, bs.site); err != nil {
			b.Fatal(err)
		}
		for _, o := range bs.outs {
			c.Inspect(o.out, o.source, o.data)
		}
		return c
	}
	before := liveHeap()
	c := run()
	kept := liveHeap() - before
	runtime.KeepAlive(c)
	c = nil

	b.SetBytes(bs.bytes)
	b.ReportAllocs()
	cpu := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if ps := run().Problems(); len(ps) != 0 {
			b.Fatalf("%d problems, first: %v", len(ps), ps[0])
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(bs.outs)), "outputs")
	b.ReportMetric(float64(kept)/(1<<20), "MiB-kept")
}

// liveHeap returns the bytes in use on the heap after a collection.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// BenchmarkInspectParallel runs Inspect from as many goroutines as there
// are cores, as the build does.
func BenchmarkInspectParallel(b *testing.B) {
	bs := benchSite(b)
	b.SetBytes(bs.bytes)
	b.ReportAllocs()
	cpu := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := New()
		if err := c.Extend(bs.fsys, bs.site); err != nil {
			b.Fatal(err)
		}
		var wg sync.WaitGroup
		work := make(chan recorded)
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for o := range work {
					c.Inspect(o.out, o.source, o.data)
				}
			}()
		}
		for _, o := range bs.outs {
			work <- o
		}
		close(work)
		wg.Wait()
		if ps := c.Problems(); len(ps) != 0 {
			b.Fatalf("%d problems, first: %v", len(ps), ps[0])
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
}

// BenchmarkReinspect measures what the checker costs the preview server
// after an edit of one page of the 10,000-page corpus: a new checker with
// the session's memo inspects every output again, all of them the same
// slices as in the last build except the edited page, then runs Problems.
//
//	go test ./generator/check -run '^$' -bench Reinspect -benchtime 20x
func BenchmarkReinspect(b *testing.B) {
	bs := benchSite(b)
	edited := -1
	for i, o := range bs.outs {
		if strings.HasPrefix(o.out, "news/") && strings.HasSuffix(o.out, "/index.html") && o.source != "" {
			edited = i
			break
		}
	}
	if edited < 0 {
		b.Fatal("no news page in the corpus")
	}
	versions := [2][]byte{bs.outs[edited].data, bytes.Replace(bs.outs[edited].data, []byte("</main>"), []byte("<p>改</p></main>"), 1)}
	m := &Memo{}
	run := func(i int) {
		c := New()
		c.Memo = m
		if err := c.Extend(bs.fsys, bs.site); err != nil {
			b.Fatal(err)
		}
		for j, o := range bs.outs {
			data := o.data
			if j == edited {
				data = versions[i%2]
			}
			c.Inspect(o.out, o.source, data)
		}
		if ps := c.Problems(); len(ps) != 0 {
			b.Fatalf("%d problems, first: %v", len(ps), ps[0])
		}
	}
	run(0) // the first build of the session
	b.ReportAllocs()
	cpu := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run(i + 1)
		if m.Scanned != 1 {
			b.Fatalf("%d outputs scanned, want 1", m.Scanned)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(bs.outs)), "outputs")
}
