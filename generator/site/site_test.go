package site

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"fzzf/generator/config"
	"fzzf/generator/content"
	"fzzf/generator/tomlfile"
)

func cfg(t *testing.T) *config.Config {
	c, err := config.Parse([]byte("title = \"站\"\nbaseURL = \"https://a.gov.cn/fzzf/\"\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func page(t *testing.T, rel, front string) *content.Page {
	var ps content.Parser
	p, err := ps.Parse("content/"+rel, rel, []byte("+++\n"+front+"\n+++\n正文。\n"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var day = time.Date(2023, 6, 1, 0, 0, 0, 0, tomlfile.China)

func TestURLs(t *testing.T) {
	s, err := New(cfg(t), []*content.Page{
		page(t, "news/a.md", `title = "甲"`+"\ndate = 2023-01-01"),
		page(t, "news/b.md", `title = "乙"`+"\ndate = 2023-01-02\nslug = \"bee\""),
		page(t, "news/c.md", `title = "丙"`+"\ndate = 2023-01-03\nurl = \"/special\""),
		page(t, "news/2023/d.md", `title = "丁"`+"\ndate = 2023-01-04"),
		page(t, "news/photo/index.md", `title = "戊"`+"\ndate = 2023-01-05"),
		page(t, "about.md", `title = "关于"`+"\ndate = 2023-01-06"),
	}, Options{AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range map[string]string{
		"news/a.md":           "/fzzf/news/a/",
		"news/b.md":           "/fzzf/news/bee/",
		"news/c.md":           "/fzzf/special/",
		"news/2023/d.md":      "/fzzf/news/2023/d/",
		"news/photo/index.md": "/fzzf/news/photo/",
		"about.md":            "/fzzf/about/",
	} {
		p, ok := s.ByPath(rel)
		if !ok || p.URL != want {
			t.Errorf("%s: URL %v, want %s", rel, p, want)
			continue
		}
		if _, ok := s.ByURL(want); !ok {
			t.Errorf("ByURL(%s) missing", want)
		}
	}
	news, _ := s.ByURL("/fzzf/news/")
	if len(news.Pages) != 4 || len(news.Sections) != 1 || news.Sections[0].URL != "/fzzf/news/2023/" {
		t.Errorf("news section: %d pages, sections %v", len(news.Pages), news.Sections)
	}
	if got := len(news.RecursivePages()); got != 5 {
		t.Errorf("RecursivePages = %d, want 5", got)
	}
	// Newest first.
	if news.Pages[0].Title != "戊" {
		t.Errorf("first page %q, want the newest", news.Pages[0].Title)
	}
	d, _ := s.ByPath("news/2023/d.md")
	var crumbs []string
	for _, a := range d.Ancestors() {
		crumbs = append(crumbs, a.URL)
	}
	if strings.Join(crumbs, " ") != "/fzzf/ /fzzf/news/ /fzzf/news/2023/" {
		t.Errorf("breadcrumbs = %v", crumbs)
	}
	if d.Column() != news || d.SectionType() != "news" {
		t.Errorf("column of d = %v, type %q", d.Column(), d.SectionType())
	}
	if got := OutPath(s.Config, "/fzzf/tags/%E8%A1%8C%E6%94%BF/"); got != "tags/行政/index.html" {
		t.Errorf("OutPath = %q", got)
	}
}

func TestDuplicateURLs(t *testing.T) {
	_, err := New(cfg(t), []*content.Page{
		page(t, "news/a.md", "title = \"甲\"\ndate = 2023-01-01"),
		page(t, "news/b.md", "title = \"乙\"\ndate = 2023-01-01\nslug = \"a\""),
		page(t, "news/c.md", "title = \"丙\"\ndate = 2023-01-01\nurl = \"/tags/\""),
		page(t, "news/e.md", "title = \"戊\"\ndate = 2023-01-01\naliases = [\"/news/a/\"]"),
	}, Options{AsOf: day})
	if err == nil {
		t.Fatal("duplicate URLs accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		"URL /fzzf/news/a/ is claimed by both content/news/a.md and content/news/b.md",
		"URL /fzzf/tags/ is claimed by both content/news/c.md and the tags taxonomy list",
		"content/news/e.md (alias)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

func TestAsOf(t *testing.T) {
	pages := []*content.Page{
		page(t, "news/on.md", "title = \"当天\"\ndate = 2023-06-01T23:59:00"),
		page(t, "news/next.md", "title = \"次日\"\ndate = 2023-06-02T00:00:00"),
		page(t, "news/sched.md", "title = \"定时\"\ndate = 2023-01-01\npublishDate = 2023-06-02"),
		page(t, "news/exp.md", "title = \"过期\"\ndate = 2023-01-01\nexpiryDate = 2023-06-01"),
		page(t, "news/exp2.md", "title = \"明日过期\"\ndate = 2023-01-01\nexpiryDate = 2023-06-02"),
		page(t, "news/draft.md", "title = \"草稿\"\ndate = 2023-01-01\ndraft = true"),
	}
	s, err := New(cfg(t), pages, Options{AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range s.Regular {
		got = append(got, p.Title)
	}
	if strings.Join(got, " ") != "当天 明日过期" {
		t.Errorf("published as of 2023-06-01: %v", got)
	}
	if s.Hidden("news/draft.md") == "" || s.Hidden("news/next.md") == "" || s.Hidden("news/exp.md") == "" {
		t.Error("hidden reasons missing")
	}
	s, err = New(cfg(t), pages, Options{AsOf: day, Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Regular) != len(pages) {
		t.Errorf("with drafts: %d pages, want %d", len(s.Regular), len(pages))
	}
	for _, p := range s.Regular {
		if p.Preview != (p.Title != "当天" && p.Title != "明日过期") {
			t.Errorf("%s: Preview = %v", p.Title, p.Preview)
		}
	}
}

func TestResolveLink(t *testing.T) {
	s, err := New(cfg(t), []*content.Page{
		page(t, "interpretations/a.md", "title = \"解读\"\ndate = 2023-01-01"),
		page(t, "policies/plan.md", "title = \"方案\"\ndate = 2023-01-01"),
		page(t, "policies/draft.md", "title = \"草稿\"\ndate = 2023-01-01\ndraft = true"),
		page(t, "policies/_index.md", "title = \"政策\""),
	}, Options{AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		target, url string
		ok          bool
		why         string
	}{
		{"../policies/plan.md", "/fzzf/policies/plan/", true, ""},
		{"/policies/plan.md", "/fzzf/policies/plan/", true, ""},
		{"../policies/_index.md", "/fzzf/policies/", true, ""},
		{"../policies/nope.md", "", false, ""},
		{"../policies/draft.md", "", false, "draft"},
	}
	for _, tt := range tests {
		u, ok, why := s.ResolveLink("interpretations/a.md", tt.target)
		if u != tt.url || ok != tt.ok || !strings.Contains(why, tt.why) {
			t.Errorf("ResolveLink(%q) = %q %v %q", tt.target, u, ok, why)
		}
	}
}

func TestTaxonomiesAndPaginate(t *testing.T) {
	s, err := New(cfg(t), []*content.Page{
		page(t, "news/a.md", "title = \"甲\"\ndate = 2023-01-01\ntags = [\"行政 审批\", \"普法\"]"),
		page(t, "news/b.md", "title = \"乙\"\ndate = 2023-01-02\ntags = [\"普法\", \"普法\"]\nunits = [\"政策法规科\"]"),
		page(t, "news/c.md", "title = \"丙\"\ndate = 2023-01-03"),
	}, Options{AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	tags := s.Taxonomies[0]
	if tags.Taxonomy != "tags" || len(tags.Sections) != 2 {
		t.Fatalf("tags taxonomy = %+v", tags)
	}
	if tags.Sections[0].Title != "普法" || len(tags.Sections[0].Pages) != 2 {
		t.Errorf("most used term first: %s with %d pages", tags.Sections[0].Title, len(tags.Sections[0].Pages))
	}
	if tags.Sections[1].URL != "/fzzf/tags/"+pathEscape("行政-审批")+"/" {
		t.Errorf("term URL = %s", tags.Sections[1].URL)
	}
	news, _ := s.ByURL("/fzzf/news/")
	pagers := news.Paginate(news.ListEntries(), 2)
	if len(pagers) != 2 || pagers[0].URL != "/fzzf/news/" || pagers[1].URL != "/fzzf/news/page/2/" ||
		pagers[0].Next != pagers[1].URL || pagers[1].Prev != pagers[0].URL || len(pagers[1].Pages) != 1 {
		t.Errorf("pagers = %+v %+v", pagers[0], pagers[1])
	}
}

func TestHas(t *testing.T) {
	s, err := New(cfg(t), []*content.Page{page(t, "news/a.md", "title = \"甲\"\ndate = 2023-01-01")}, Options{AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add(&Page{URL: s.Config.RelURL("search/"), Title: "搜索"}, "test"); err != nil {
		t.Fatal(err)
	}
	for rel, want := range map[string]bool{"search/": true, "/search/": true, "news/a/": true, "nope/": false} {
		if got := s.Has(rel); got != want {
			t.Errorf("Has(%q) = %v, want %v", rel, got, want)
		}
	}
}

// TestSortPages compares SortPages with the plain stable sort it replaces,
// on random pages with many ties, sorted and unsorted.
func TestSortPages(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 50; round++ {
		var ps []*Page
		for i := 0; i < 1+rng.Intn(200); i++ {
			ps = append(ps, &Page{
				Weight: []int{0, 0, 0, 1, 2, -1}[rng.Intn(6)],
				Date:   day.Add(time.Duration(rng.Intn(5)) * time.Hour).Add(time.Duration(rng.Intn(2))),
				URL:    fmt.Sprintf("/p%d/", rng.Intn(50)),
				Title:  fmt.Sprint(i), // tells equal pages apart
			})
		}
		want := append([]*Page(nil), ps...)
		sort.SliceStable(want, func(i, j int) bool {
			a, b := want[i], want[j]
			if (a.Weight == 0) != (b.Weight == 0) {
				return a.Weight != 0
			}
			if a.Weight != b.Weight {
				return a.Weight < b.Weight
			}
			if !a.Date.Equal(b.Date) {
				return a.Date.After(b.Date)
			}
			return a.URL < b.URL
		})
		for pass := 0; pass < 2; pass++ { // unsorted, then sorted already
			SortPages(ps)
			for i := range ps {
				if ps[i] != want[i] {
					t.Fatalf("round %d pass %d: position %d is %+v, want %+v", round, pass, i, ps[i], want[i])
				}
			}
		}
	}
}
