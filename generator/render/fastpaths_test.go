package render_test

import (
	"bytes"
	"maps"
	"os"
	"slices"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/corpus"
	"fzzf/generator/render"
	"fzzf/generator/site"
	"fzzf/generator/tomlfile"
)

// corpusSite builds a generated corpus of n pages in memory.
func corpusSite(t *testing.T, n int) *site.Site {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: n, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	day, err := tomlDay("2024-01-01")
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.Build(os.DirFS(dir), build.Options{AsOf: day}, &build.MemSink{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Site
}

// methodsLayout calls every page method the renderer has fastexec call
// without reflection, on the dot (a View) and on pages (*site.Page), and
// names the layout file it is in.
const methodsLayout = `{{define "m"}}{{.Permalink}}|{{.IsPage}}|{{.IsList}}|{{.Updated}}|{{.ColumnType}}|{{.ContentSource}}|{{len .Ancestors}}|{{len .RecursivePages}}{{range .Ancestors}}<a href="{{.Permalink}}">{{.Title}}</a>{{end}}{{end}}` +
	`{{template "m" .}}{{with .Column}}<{{.URL}}>{{end}}
{{range .Ancestors}}[{{template "m" .}}{{with .Column}}<{{.URL}}>{{else}}no column{{end}}]{{end}}
{{range first 3 .RecursivePages}}({{template "m" .}}{{with .Column}}<{{.URL}}>{{end}}){{end}}`

// TestPageMethodsAndLayouts renders every output of a corpus with a
// layout that calls the page methods fastexec calls directly, once by
// fastexec and once by html/template: the outputs must be the same, and
// none handed back. Each output must also come from the layout Lookup
// finds for Candidates(p), which the renderer remembers per kind of page.
func TestPageMethodsAndLayouts(t *testing.T) {
	defer render.FastTemplates.Store(render.FastTemplates.Load())
	s := corpusSite(t, 300)
	src := fstest.MapFS{}
	layouts := []string{"_default/single.html", "_default/list.html", "_default/taxonomy.html", "_default/term.html", "index.html", "404.html", "news/single.html", "tags/term.html"}
	for _, name := range layouts {
		src["themes/t/layouts/"+name] = &fstest.MapFile{Data: []byte(name + "\n" + methodsLayout)}
	}
	theme, err := render.LoadTheme(src, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	theme.SetFuncs(render.Funcs(s.Config, map[string]string{}, func(string) (string, error) { return "", nil }))
	r := &render.Renderer{Site: s, Theme: theme}
	var buf bytes.Buffer
	fast0, handed0 := render.FastStats()
	outputs := 0
	for _, p := range s.All() {
		for _, pg := range r.Pagers(p) {
			outputs++
			render.FastTemplates.Store(true)
			_, fast, err := r.Render(p, pg, &buf)
			if err != nil {
				t.Fatal(err)
			}
			fast = bytes.Clone(fast)
			render.FastTemplates.Store(false)
			_, std, err := r.Render(p, pg, &buf)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(fast, std) {
				t.Fatalf("%s: fastexec gave\n%s\nhtml/template gave\n%s", p.URL, fast, std)
			}
			set, entry, err := theme.Lookup(render.Candidates(p)...)
			if err != nil {
				t.Fatal(err)
			}
			buf.Reset()
			if err := theme.Execute(set, entry, &buf, render.View{Page: p, Column: p.Column(), Pager: pg}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), std) {
				t.Fatalf("%s: rendered with another layout than Lookup(Candidates(p)...) finds:\n%s\nnot\n%s", p.URL, std, buf.Bytes())
			}
		}
	}
	fast1, handed1 := render.FastStats()
	if handed1 != handed0 {
		t.Errorf("fastexec handed %d executions back", handed1-handed0)
	}
	// A layout's first execution is html/template's.
	if fast1-fast0 < int64(outputs-len(layouts)) {
		t.Errorf("only %d of %d outputs went through fastexec", fast1-fast0, outputs)
	}
}

// recordSink keeps a copy of every output and the address of the first
// byte it was given, and says it is transient when told to.
type recordSink struct {
	transient bool
	mu        sync.Mutex
	files     map[string][]byte
	firsts    map[*byte]int
}

func (s *recordSink) Transient() bool { return s.transient }

func (s *recordSink) Put(out, _ string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[out] = bytes.Clone(data)
	if len(data) > 0 {
		s.firsts[&data[0]]++
	}
	return nil
}

// TestTransientSink: Pages gives a transient sink the same outputs as a
// sink that keeps them (which must get its own copy of each: they are
// compared with Render's), in buffers it reuses.
func TestTransientSink(t *testing.T) {
	s := corpusSite(t, 200)
	r := newRenderer(t, os.DirFS("."), "default", s) // no site layouts: the built-in default theme
	want := map[string][]byte{}
	var buf bytes.Buffer
	for _, p := range s.All() {
		for _, pg := range r.Pagers(p) {
			out, data, err := r.Render(p, pg, &buf)
			if err != nil {
				t.Fatal(err)
			}
			want[out] = data
		}
	}
	var kept build.MemSink
	r.Sink = &kept
	if err := r.Pages(); err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(kept.Files, want, bytes.Equal) {
		t.Fatalf("a sink that keeps what it is given got other outputs than Render's")
	}
	for _, transient := range []bool{false, true} {
		rec := &recordSink{transient: transient, files: map[string][]byte{}, firsts: map[*byte]int{}}
		r.Sink = rec
		if err := r.Pages(); err != nil {
			t.Fatal(err)
		}
		if !maps.EqualFunc(rec.files, want, bytes.Equal) {
			t.Fatalf("transient %v: other outputs than Render's", transient)
		}
		reused := slices.Max(slices.Collect(maps.Values(rec.firsts))) > 1
		if reused != transient {
			t.Errorf("transient %v: buffers reused: %v", transient, reused)
		}
	}
}

func tomlDay(day string) (time.Time, error) {
	return time.ParseInLocation("2006-01-02", day, tomlfile.China)
}
