package main

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/content"
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
