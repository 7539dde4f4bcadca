package check

import (
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/site"
	"fzzf/generator/tomlfile"
)

// memoSite builds the fixture of TestInspectOrder with the given base URL.
func memoSite(t *testing.T, baseURL string) (fstest.MapFS, *site.Site) {
	t.Helper()
	fsys := fstest.MapFS{
		"config.toml":         {Data: []byte(strings.Replace(config, "https://example.gov.cn/fzzf/", baseURL, 1))},
		"content/news/a.md":   page("甲", "2023-03-01", "[乙](../b/) p.png hall.png /fzzf/zz/ #x\n![](nothere.png)\n[x](x.html#q)\n"),
		"content/news/b.md":   page("乙", "2023-03-02", "## 工作安排\n\n[甲](a.md#不存在) %zz 一\n"),
		"content/files/x.txt": {Data: []byte("附件")},
	}
	asOf, _ := time.ParseInLocation("2006-01-02", "2023-06-01", tomlfile.China)
	res, err := build.Build(fsys, build.Options{AsOf: asOf}, &build.MemSink{})
	if err != nil {
		t.Fatal(err)
	}
	return fsys, res.Site
}

// TestMemoMatchesFresh runs a sequence of builds whose outputs change at
// random between builds (outputs added, removed, changed, passed again as
// the same slice or as a copy, given another source; urls.txt changed; the
// base URL changed) through one checker per build sharing a memo, and
// through a fresh checker without one: the problems must be the same.
func TestMemoMatchesFresh(t *testing.T) {
	type site2 struct {
		fsys fstest.MapFS
		s    *site.Site
	}
	var sites []site2
	for _, base := range []string{"https://example.gov.cn/fzzf/", "https://other.gov.cn/fzzf/"} {
		fsys, s := memoSite(t, base)
		sites = append(sites, site2{fsys, s})
	}
	paths := []string{"index.html", "news/a/index.html", "news/b/index.html", "news/index.html", "files/x.txt", "news/a/p.png",
		"index.xml", "news/index.xml", "x/y/z.html", "css/site.css", "news/a/hall.png", "tags/法/index.html", "a/b/index.html",
		"z.htm", "x/y/w.html", "news/a/other.html", "sitemap.xml", "fzzf/news/a/index.html", "news/zz/index.html"}
	sources := []string{"", "content/news/a.md", "content/news/b.md", "content/files/x.txt", "content/none.md"}
	registry := []string{"2023-01-01 /news/a/", "2023-01-01 /news/zz/", "2023-05-01 /x/y/z.html", "2023-07-01 /a/b/",
		"2023-01-01 /tags/%E6%B3%95/", "2023-01-01 /gone/ retired 2023-04-01 合并", "2023-01-01 /z.htm", "bad line"}

	type out struct {
		path, source string
		data         []byte
	}
	content := func(r *rand.Rand, p string) []byte {
		switch {
		case strings.HasSuffix(p, ".xml"):
			return []byte(randXML(r))
		case strings.HasSuffix(p, ".html"), strings.HasSuffix(p, ".htm"):
			if r.Intn(2) == 0 {
				return []byte(linkHTML(r))
			}
			return []byte(randHTML(r))
		}
		return []byte("<a href='/fzzf/zz/'>" + fmt.Sprint(r.Intn(3)))
	}
	problemsOf := func(c *Checker) string {
		var b strings.Builder
		for _, p := range c.Problems() {
			b.WriteString(p.Error() + "\n")
		}
		return b.String()
	}

	m := &Memo{}
	r := rand.New(rand.NewSource(1))
	cur := map[string]out{}
	which := 0
	var reused, scanned, problems, resets int
	for b := 0; b < 600; b++ {
		// Change the outputs.
		next := map[string]out{}
		for _, p := range paths {
			o, had := cur[p]
			x := r.Intn(20)
			switch {
			case !had:
				if x < 12 {
					next[p] = out{p, sources[r.Intn(len(sources))], content(r, p)}
				}
			case x == 0:
				// gone
			case x == 1:
				next[p] = out{p, o.source, content(r, p)}
			case x == 2:
				next[p] = out{p, o.source, append([]byte(nil), o.data...)}
			case x == 3:
				next[p] = out{p, sources[r.Intn(len(sources))], o.data}
			case x == 4:
				// The same length, other ids and links.
				swapped := []byte(strings.NewReplacer("x", "y", "y", "x", "a", "b", "b", "a").Replace(string(o.data)))
				next[p] = out{p, o.source, swapped}
			default:
				next[p] = o
			}
		}
		cur = next
		if r.Intn(8) == 0 {
			var lines []string
			for _, l := range registry {
				if r.Intn(2) == 0 {
					lines = append(lines, l)
				}
			}
			data := []byte(strings.Join(lines, "\n"))
			for _, st := range sites {
				if r.Intn(5) == 0 {
					delete(st.fsys, RegistryFile)
				} else {
					st.fsys[RegistryFile] = &fstest.MapFile{Data: data}
				}
			}
		}
		if r.Intn(40) == 0 {
			which = 1 - which
		}
		if r.Intn(60) == 0 {
			m.limit = 1 // start over next time, as when the link table grew too big
			resets++
		}
		st := sites[which]
		var outs []out
		for _, p := range paths {
			if o, ok := cur[p]; ok {
				outs = append(outs, o)
			}
		}

		fresh := New()
		errFresh := fresh.Extend(st.fsys, st.s)
		memo := New()
		memo.Memo = m
		errMemo := memo.Extend(st.fsys, st.s)
		if fmt.Sprint(errFresh) != fmt.Sprint(errMemo) {
			t.Fatalf("build %d: Extend: %v, with the memo %v", b, errFresh, errMemo)
		}
		if errFresh != nil {
			continue // a broken registry: the build stops here
		}
		for _, o := range outs {
			fresh.Inspect(o.path, o.source, o.data)
		}
		// In random order, one at a time or all at once.
		var wg sync.WaitGroup
		together := r.Intn(2) == 0
		for _, i := range r.Perm(len(outs)) {
			if together {
				wg.Go(func() { memo.Inspect(outs[i].path, outs[i].source, outs[i].data) })
			} else {
				memo.Inspect(outs[i].path, outs[i].source, outs[i].data)
			}
		}
		wg.Wait()
		want, got := problemsOf(fresh), problemsOf(memo)
		if got != want {
			t.Fatalf("build %d: with the memo:\n%s\nwithout:\n%s", b, got, want)
		}
		problems += strings.Count(want, "\n")
		reused += m.Reused
		scanned += m.Scanned
	}
	t.Logf("%d outputs reused, %d scanned, %d problems, %d resets", reused, scanned, problems, resets)
	if reused < 3*scanned || problems < 1000 || resets < 3 {
		t.Errorf("the test is too tame: %d outputs reused, %d scanned, %d problems, %d resets", reused, scanned, problems, resets)
	}
}

// TestMemoReuse checks what a memo reuses: an output passed again as the
// same slice or as equal bytes is not scanned again; changed bytes or
// another source are.
func TestMemoReuse(t *testing.T) {
	fsys, s := memoSite(t, "https://example.gov.cn/fzzf/")
	page := []byte(`<main id="main"><a href="/fzzf/news/b/">乙</a><a href="#nowhere">x</a></main>`)
	run := func(m *Memo, outs map[string][]byte, source string) []string {
		c := New()
		c.Memo = m
		if err := c.Extend(fsys, s); err != nil {
			t.Fatal(err)
		}
		for p, data := range outs {
			c.Inspect(p, source, data)
		}
		var got []string
		for _, p := range c.Problems() {
			got = append(got, p.Error())
		}
		return got
	}
	m := &Memo{}
	outs := map[string][]byte{"news/a/index.html": page, "news/b/index.html": []byte("<p>乙</p>"), "css/site.css": []byte("a{}")}
	first := run(m, outs, "")
	if m.Scanned != 3 || m.Reused != 0 || len(first) != 1 {
		t.Fatalf("first build: %d scanned, %d reused, problems %q", m.Scanned, m.Reused, first)
	}
	for _, step := range []struct {
		name     string
		change   func()
		source   string
		scanned  int
		problems int
	}{
		{"same slices", func() {}, "", 0, 1},
		{"equal copies", func() {
			outs["news/a/index.html"] = append([]byte(nil), page...)
			outs["css/site.css"] = []byte("b{}") // not HTML: its bytes do not matter
		}, "", 0, 1},
		{"changed page", func() { outs["news/a/index.html"] = []byte(`<a href="/fzzf/news/b/#x">乙</a>`) }, "", 1, 1},
		{"gone target", func() { delete(outs, "news/b/index.html") }, "", 0, 1},
		{"back again", func() { outs["news/b/index.html"] = []byte(`<h2 id="x">x</h2>`) }, "", 1, 0},
		{"other source", func() {}, "content/news/a.md", 3, 0},
	} {
		step.change()
		got := run(m, outs, step.source)
		if m.Scanned != step.scanned || m.Reused != len(outs)-step.scanned || len(got) != step.problems {
			t.Errorf("%s: %d scanned, %d reused, problems %q; want %d scanned, %d problems", step.name, m.Scanned, m.Reused, got, step.scanned, step.problems)
		}
	}
}

// linkHTML is a page of links between the outputs of TestMemoMatchesFresh
// and of ids they point to: most of its links name another output.
func linkHTML(r *rand.Rand) string {
	targets := []string{"/fzzf/", "/fzzf/news/a/", "/fzzf/news/b/", "/fzzf/news/", "/fzzf/x/y/z.html", "/fzzf/a/b/", "/fzzf/z.htm",
		"/fzzf/news/zz/", "../b/", "../a/", "z.html", "w.html", "/fzzf/tags/法/", "/fzzf/files/x.txt", "/fzzf/sitemap.xml"}
	ids := []string{"x", "y", "一"}
	var b strings.Builder
	for i := r.Intn(12); i > 0; i-- {
		t := targets[r.Intn(len(targets))]
		if r.Intn(4) == 0 {
			t += "#" + ids[r.Intn(len(ids))]
		}
		fmt.Fprintf(&b, "<a href=%q>%d</a>", t, i)
		if r.Intn(4) == 0 {
			fmt.Fprintf(&b, "<h2 id=%q>%d</h2>", ids[r.Intn(len(ids))], i)
		}
	}
	return b.String()
}
