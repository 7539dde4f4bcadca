package main

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/content"
	"fzzf/generator/corpus"
	"fzzf/generator/search"
	"fzzf/generator/site"
	"fzzf/generator/tomlfile"
)

const searchConfig = `title = "测试站点"
baseURL = "https://example.gov.cn/fzzf/"
[identity]
sponsor = "测试主办单位"
contact = "0374-1234567"
siteCode = "4110000001"
icp = "豫ICP备12345678号"
police = "豫公网安备41100202000001号"
[sections.news]
title = "创建动态"
`

// dataPage is an extension that adds a generated page with no body, like
// an indicator page.
type dataPage struct{}

func (dataPage) Schemas() map[string]content.Schema { return nil }
func (dataPage) Extend(_ fs.FS, s *site.Site) error {
	top := &site.Page{URL: s.Config.RelURL("indicators/"), Title: "创建指标", Layouts: []string{"_default/single.html"}}
	if err := s.Add(top, "test"); err != nil {
		return err
	}
	return s.Add(&site.Page{URL: s.Config.RelURL("indicators/21/"), Title: "第21项 行政规范性文件合法性审核", Parent: top,
		Description: "由政策法规科牵头，落实合法性审核机制。", Layouts: []string{"_default/single.html"},
		Date: time.Date(2023, 5, 10, 0, 0, 0, 0, tomlfile.China)}, "test")
}

func buildSearchSite(t *testing.T) map[string][]byte {
	t.Helper()
	fsys := fstest.MapFS{
		"config.toml":            {Data: []byte(searchConfig)},
		"content/news/_index.md": {Data: []byte("+++\ntitle = \"创建动态\"\n+++\n")},
		"content/news/review.md": {Data: []byte("+++\ntitle = \"召开专题会议\"\ndate = 2023-03-15\n+++\n会议研究了**行政**复议案件办理，以及&lt;审批规则&gt;工作。\n\n## 下一步安排\n\n- 完善台账\n")},
		"content/news/plan.md":   {Data: []byte("+++\ntitle = \"关于印发创建工作方案的通知（许自规〔2022〕133号）\"\ndate = 2022-08-29\n+++\n印发方案。\n")},
		"content/news/cite.md":   {Data: []byte("+++\ntitle = \"学习方案\"\ndate = 2022-09-01\n+++\n学习许自规〔2022〕133号文件和许自规〔2022〕134号文件。\n")},
	}
	sink := &build.MemSink{}
	exts := append([]build.Extension{dataPage{}}, searchExtensions(nil)...)
	asOf := time.Date(2023, 6, 1, 0, 0, 0, 0, tomlfile.China)
	if _, err := build.Build(fsys, build.Options{AsOf: asOf, Extensions: exts}, sink); err != nil {
		t.Fatal(err)
	}
	return sink.Files
}

func TestSearchIndex(t *testing.T) {
	files := buildSearchSite(t)
	for _, f := range []string{"search/index.html", "search/meta.json", "search/search.js"} {
		if _, ok := files[f]; !ok {
			t.Errorf("missing output %s", f)
		}
	}
	for _, c := range []struct {
		q, first, section string
		n                 int
	}{
		// Inline markup must not split a Han run: 行政复议 spans <strong>.
		{"行政复议", "/fzzf/news/review/", "创建动态", 1},
		{"审批规则", "/fzzf/news/review/", "创建动态", 1}, // entities decoded
		{"下一步", "/fzzf/news/review/", "创建动态", 1},  // headings indexed
		{"许自规〔2022〕133号", "/fzzf/news/plan/", "创建动态", 2},
		// A generated page: its title and description, under its top page.
		{"合法性审核", "/fzzf/indicators/21/", "创建指标", 1},
		{"政策法规科", "/fzzf/indicators/21/", "创建指标", 1},
	} {
		rs, err := search.Query(files, c.q, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != c.n || rs[0].URL != c.first || rs[0].Section != c.section {
			t.Errorf("query %s: got %d results %+v, want %d with %s (%s) first", c.q, len(rs), rs, c.n, c.first, c.section)
		}
	}
	// The search page itself and the home page are not results.
	for _, q := range []string{"站内搜索", "测试站点"} {
		rs, _ := search.Query(files, q, 0)
		for _, r := range rs {
			if r.URL == "/fzzf/search/" || r.URL == "/fzzf/" {
				t.Errorf("query %s finds %s", q, r.URL)
			}
		}
	}
}

func TestSearchPage(t *testing.T) {
	files := buildSearchSite(t)
	page := string(files["search/index.html"])
	for _, want := range []string{
		`<form class="search-form" role="search" action="/fzzf/search/" method="get">`,
		`<input id="q" name="q" type="search"`,
		`data-search-index="/fzzf/search/" aria-live="polite"`,
		`<script src="/fzzf/search/search.js?v=`,
		`共收录 6 个页面`, // 3 news, the news column, 2 generated
		`<noscript>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks %s", want)
		}
	}
	if strings.Contains(page, `id="site-q"`) {
		t.Errorf("search page repeats the header search box")
	}
	other := string(files["news/review/index.html"])
	if !strings.Contains(other, `<form class="site-search" role="search" aria-label="站内搜索" action="/fzzf/search/" method="get">`) {
		t.Errorf("pages lack the header search box")
	}
}

// TestGeneratedPageMeta checks the head metadata of pages made from data
// (NORMS.md 2): a top page is a column (list), a dated page below it an
// item, both named after their column.
func TestGeneratedPageMeta(t *testing.T) {
	files := buildSearchSite(t)
	for page, wants := range map[string][]string{
		"indicators/index.html": {`<meta name="ColumnName" content="创建指标">`, `<meta name="ColumnType" content="信息列表">`},
		"indicators/21/index.html": {`<meta name="ColumnName" content="创建指标">`, `<meta name="ArticleTitle" content="第21项 行政规范性文件合法性审核">`,
			`<meta name="PubDate" content="2023-05-10 00:00">`, `<meta name="ContentSource" content="测试主办单位">`},
		"news/review/index.html": {`<meta name="ColumnName" content="创建动态">`, `<meta name="PubDate" content="2023-03-15 00:00">`},
	} {
		html := string(files[page])
		for _, w := range wants {
			if !strings.Contains(html, w) {
				t.Errorf("%s lacks %s", page, w)
			}
		}
		if strings.Contains(html, `name="ArticleTitle"`) == strings.Contains(html, `name="ColumnType"`) {
			t.Errorf("%s must be either a list or an item", page)
		}
	}
}

// TestSearchMemo builds a site, then changes, adds, re-dates and removes
// pages and rebuilds as the preview server does (incremental builder,
// search memo) after each change: every output must equal a one-off
// build's of the same files.
func TestSearchMemo(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":            {Data: []byte(searchConfig)},
		"content/news/_index.md": {Data: []byte("+++\ntitle = \"创建动态\"\n+++\n")},
	}
	page := func(title, date, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\ntitle = \"" + title + "\"\ndate = " + date + "\n+++\n" + body + "\n")}
	}
	// 40 pages: three record files, dates in both orders of their names.
	for i := range 40 {
		fsys[fmt.Sprintf("content/news/p%02d.md", i)] = page(fmt.Sprintf("第%d次专题会议", i),
			fmt.Sprintf("2023-%02d-%02d", 1+i%12, 1+(i*7)%28), fmt.Sprintf("会议研究了行政复议案件办理第%d项工作。\n\n## 下一步安排\n\n- 完善台账%d\n", i, i%5))
	}
	asOf := time.Date(2024, 1, 1, 0, 0, 0, 0, tomlfile.China)
	m := &memo{}
	preview := build.NewBuilder(build.Options{AsOf: asOf}, func() []build.Extension {
		return append([]build.Extension{dataPage{}}, searchExtensions(m)...)
	})
	steps := []struct {
		name   string
		change func()
	}{
		{"first build", func() {}},
		{"no change", func() {}},
		{"edit a body", func() {
			fsys["content/news/p07.md"] = page("第7次专题会议", "2023-08-22", "会议改为研究政务公开和耕地保护工作。")
		}},
		{"edit a title", func() {
			fsys["content/news/p11.md"] = page("关于规范性文件的通知（许自规〔2023〕12号）", "2023-12-22", "印发通知。")
		}},
		{"add the newest page", func() {
			fsys["content/news/new.md"] = page("最新动态", "2023-12-31", "示范市创建通过验收。")
		}},
		{"re-date a page", func() {
			fsys["content/news/p03.md"] = page("第3次专题会议", "2022-01-01", "会议研究了行政复议案件办理第3项工作。")
		}},
		{"remove a page", func() { delete(fsys, "content/news/p20.md") }},
		{"add and edit", func() {
			fsys["content/news/another.md"] = page("又一动态", "2023-06-15", "又一条动态。")
			fsys["content/news/p30.md"] = page("第30次专题会议", "2023-07-03", "会议取消。")
		}},
		{"remove a word from every page but one", func() {
			fsys["content/news/p01.md"] = page("第1次专题会议", "2023-02-08", "独有词汇只在这里。")
		}},
		{"back again", func() { fsys["content/news/p01.md"] = page("第1次专题会议", "2023-02-08", "会议。") }},
	}
	for _, st := range steps {
		st.change()
		got := &build.MemSink{}
		if _, err := preview.Build(fsys, got); err != nil {
			t.Fatalf("%s: preview build: %v", st.name, err)
		}
		want := &build.MemSink{}
		exts := append([]build.Extension{dataPage{}}, searchExtensions(nil)...)
		if _, err := build.Build(fsys, build.Options{AsOf: asOf, Extensions: exts}, want); err != nil {
			t.Fatalf("%s: build: %v", st.name, err)
		}
		if m.search.index == nil {
			t.Fatalf("%s: the memo holds no index", st.name)
		}
		var diff []string
		for _, p := range slices.Sorted(maps.Keys(want.Files)) {
			if !bytes.Equal(got.Files[p], want.Files[p]) {
				diff = append(diff, p)
			}
		}
		for p := range got.Files {
			if _, ok := want.Files[p]; !ok {
				diff = append(diff, "extra "+p)
			}
		}
		if len(diff) > 0 {
			t.Errorf("%s: preview differs from a one-off build in %q", st.name, diff)
		}
		if _, ok := want.Files["search/d/2.json"]; !ok {
			t.Fatalf("%s: want three record files", st.name)
		}
	}
}

// errStop ends a build after the Finish step.
var errStop = errors.New("stop")

// siteCatcher keeps the site of a build and stops it after Finish.
type siteCatcher struct{ s *site.Site }

func (*siteCatcher) Schemas() map[string]content.Schema { return nil }
func (*siteCatcher) Extend(fs.FS, *site.Site) error     { return nil }
func (c *siteCatcher) Finish(s *site.Site) error {
	c.s = s
	return errStop
}

// BenchmarkSearchFinish10k measures the search step of a build (the
// finish phase) on the 10,000-page corpus with the portal's extensions:
// "build" indexes from scratch as a one-off build does; "memo/edit" is a
// preview rebuild after one page's text changed, "memo/add" one after a
// page was added or removed (which shifts doc ids). BENCH_DIR=/dev/shm
// keeps the disk out of the set-up.
//
//	go test ./generator/ -run '^$' -bench SearchFinish10k -benchtime 20x
func BenchmarkSearchFinish10k(b *testing.B) {
	dir := b.TempDir()
	if base := os.Getenv("BENCH_DIR"); base != "" {
		var err error
		if dir, err = os.MkdirTemp(base, "searchbench"); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
	}
	if err := corpus.Write(dir, corpus.Options{Pages: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"build", "memo/edit", "memo/add"} {
		b.Run(name, func(b *testing.B) {
			var m *memo
			if name != "build" {
				m = &memo{}
			}
			catch := &siteCatcher{}
			ext := searchExtensions(m)[0].(*searchExt)
			exts := append(portalExtensions(nil), publicityExtensions(nil)...)
			exts = append(exts, ext, catch)
			asOf := time.Date(2024, 1, 1, 0, 0, 0, 0, tomlfile.China)
			// The build stops after Finish (errStop).
			_, err := build.Build(os.DirFS(dir), build.Options{AsOf: asOf, Extensions: exts}, &build.MemSink{})
			s := catch.s
			if s == nil {
				b.Fatalf("the build did not reach Finish: %v", err)
			}
			// The files other extensions made come first.
			files := slices.IndexFunc(s.Files, func(f site.File) bool { return f.Source == searchSource })
			p := s.Regular[slices.IndexFunc(s.Regular, func(q *site.Page) bool { return q.Content != "" })]
			// Changes made and undone in turn.
			edited := []template.HTML{p.Content, p.Content + "<p>示范市创建工作取得新进展。</p>"}
			added := *p
			added.URL, added.Date = s.Config.RelURL("news/added/"), asOf
			regular := s.Regular
			change := func(i int) {
				if name == "memo/add" {
					s.Regular = regular
					if i%2 == 0 {
						s.Regular = append(regular[:len(regular):len(regular)], &added)
					}
					return
				}
				p.Content = edited[(i+1)%2]
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				change(i)
				s.Files = s.Files[:files]
				if err := ext.Finish(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
