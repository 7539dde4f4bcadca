package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets NORMS.md 12 requires.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// browser is one headless Chromium with a fresh profile and one tab.
type browser struct {
	ctx     context.Context
	origin  string
	mu      sync.Mutex
	outside []string // requests to anything but the test server
}

func newBrowser(t *testing.T, s *site, axe []byte) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); acancel() })
	b := &browser{ctx: ctx, origin: s.origin}
	if err := chromedp.Do(ctx); err != nil {
		need(t, false, "Chromium does not start: %v", err)
	}
	if err := chromedp.Listen(ctx, b.event); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	// axe-core in every page, before the page's own scripts.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: string(axe)}); err != nil {
		t.Fatal(err)
	}
	return b
}

// event records requests that leave the site.
func (b *browser) event(ev any) {
	e, ok := ev.(*network.EventRequestWillBeSent)
	if !ok {
		return
	}
	u := e.Request.URL
	if strings.HasPrefix(u, b.origin+"/") || strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "about:") {
		return
	}
	b.mu.Lock()
	b.outside = append(b.outside, u)
	b.mu.Unlock()
}

// run runs actions with a time limit.
func (b *browser) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression (awaiting a promise) into out.
func (b *browser) eval(t *testing.T, what, expr string, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if out != nil {
		if err := json.Unmarshal(v, out); err != nil {
			t.Fatalf("%s: decode %s: %v", what, v, err)
		}
	}
}

func (b *browser) open(t *testing.T, u string, width, height int64) {
	t.Helper()
	b.do(t, "open "+u, chromedp.EmulateViewport(width, height), chromedp.Navigate(u))
}

// violation is what the tests print of an axe-core violation.
type violation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

func (v violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)", v.ID, v.Help)
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&b, "\n      … %d more", len(v.Nodes)-3)
			break
		}
		fmt.Fprintf(&b, "\n      %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
	}
	return b.String()
}

// axe runs axe-core on the open page.
func (b *browser) axe(t *testing.T, where string) []violation {
	t.Helper()
	tags, _ := json.Marshal(axeTags)
	var vs []violation
	b.eval(t, "axe on "+where, `axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}, resultTypes: ["violations"]}).then(r => r.violations)`, &vs)
	return vs
}

// TestPortal builds the demo site and checks it in Chromium.
func TestPortal(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: builds the demo site and drives Chromium")
	}
	chromium(t)
	axe := axeScript(t)
	s := buildSite(t)
	b := newBrowser(t, s, axe)
	start := time.Now()

	t.Run("axe", func(t *testing.T) { testAxe(t, s, b) })
	t.Run("reflow", func(t *testing.T) { testReflow(t, s, b) })
	t.Run("keyboard", func(t *testing.T) { testKeyboard(t, s, b) })
	t.Run("aids", func(t *testing.T) { testAids(t, s, b) })
	t.Run("weight", func(t *testing.T) { testWeight(t, s, b) })
	t.Run("search", func(t *testing.T) { testSearch(t, s, b) })
	t.Run("screenshots", func(t *testing.T) { testScreenshots(t, s, b) })

	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.outside) > 0 {
		t.Errorf("pages requested %d addresses outside the site, e.g. %s", len(b.outside), b.outside[0])
	}
	t.Logf("%d pages in sitemap.xml, browser checks took %s", len(s.pages), time.Since(start).Round(time.Second))
}

// TestMarkdown checks the theme on Markdown the demo content does not use
// (task lists, wide tables, code, quotes, footnotes, long addresses):
// axe-core in both modes and no sideways scrolling.
func TestMarkdown(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: builds a site and drives Chromium")
	}
	chromium(t)
	axe := axeScript(t)
	s := buildFixture(t, "markdown")
	b := newBrowser(t, s, axe)
	t.Run("axe", func(t *testing.T) { testAxe(t, s, b) })
	t.Run("reflow", func(t *testing.T) { testReflow(t, s, b) })
	b.open(t, s.URL("news/all/"), 1280, 900)
	var names []string
	b.eval(t, "checkbox names", `[...document.querySelectorAll("input[type=checkbox]")].map(e => e.getAttribute("aria-label"))`, &names)
	want := []string{"已完成：已完成自查自评", "未完成：正在整改存在的问题", "未完成：尚未开始的工作"}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("task list checkboxes are named %q, want %q", names, want)
	}
	if len(b.outside) > 0 {
		t.Errorf("pages requested addresses outside the site: %v", b.outside)
	}
}

// setAids sets the reading aids for the next pages, as site.js stores them.
func (b *browser) setAids(t *testing.T, s *site, aids string) {
	t.Helper()
	b.open(t, s.URL("404.html"), 1280, 900)
	b.eval(t, "set aids", `localStorage.setItem("fzzf-aids", `+jsString(aids)+`), 1`, nil)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// quick reports whether FZZF_BROWSER_QUICK=1 asks for a sample of pages
// (up to three of each page type) instead of every page, for quick runs
// while editing the theme.
func quick() bool { return os.Getenv("FZZF_BROWSER_QUICK") == "1" }

func testAxe(t *testing.T, s *site, b *browser) {
	pages := s.pages
	if quick() {
		pages = sample(pages, 3)
	}
	for _, m := range []struct{ name, aids string }{{"default", ""}, {"high-contrast", "aid-contrast"}} {
		b.setAids(t, s, m.aids)
		for _, p := range append(append([]string(nil), pages...), "404.html") {
			b.open(t, s.URL(p), 1280, 900)
			var cls string
			b.eval(t, "html class", `document.documentElement.className`, &cls)
			if m.aids != "" && !strings.Contains(cls, m.aids) {
				t.Fatalf("%s: html class %q, want %s", p, cls, m.aids)
			}
			for _, v := range b.axe(t, p) {
				t.Errorf("%s [%s]: %s", "/fzzf/"+p, m.name, v)
			}
		}
		t.Logf("axe-core, %s mode: %d pages", m.name, len(pages)+1)
	}
	b.setAids(t, s, "")
}

// testReflow checks that no page scrolls sideways at 320 px, nor at 640 px
// with large text and wide line spacing (1280 px at 200% zoom, and then
// some; on a sample of each page type).
func testReflow(t *testing.T, s *site, b *browser) {
	for _, c := range []struct {
		width int64
		aids  string
		pages []string
	}{{320, "", s.pages}, {640, "aid-large aid-spacing", sample(s.pages, 3)}} {
		if quick() {
			c.pages = sample(c.pages, 3)
		}
		b.setAids(t, s, c.aids)
		for _, p := range append(append([]string(nil), c.pages...), "404.html") {
			b.open(t, s.URL(p), c.width, 800)
			var r struct {
				Scroll, Client int
				Culprit        string
			}
			b.eval(t, "width of "+p, `(() => {
				const d = document.documentElement, w = d.clientWidth;
				let culprit = "";
				if (d.scrollWidth > w) {
					for (const el of document.body.querySelectorAll("*")) {
						const r = el.getBoundingClientRect();
						if (r.right > w + 1) { culprit = el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " right=" + Math.round(r.right); }
					}
				}
				return {Scroll: d.scrollWidth, Client: w, Culprit: culprit};
			})()`, &r)
			if r.Scroll > r.Client {
				t.Errorf("/fzzf/%s at %d px (%s): scrolls sideways, %d px wide; e.g. %s", p, c.width, c.aids, r.Scroll, r.Culprit)
			}
		}
	}
	b.setAids(t, s, "")
}

// testKeyboard checks that Tab reaches the skip link first, that it moves
// focus to the main content, and that focus is visible.
func testKeyboard(t *testing.T, s *site, b *browser) {
	b.open(t, s.URL("news/"), 1280, 900)
	b.do(t, "tab", chromedp.KeyEvent("\t"))
	var first struct {
		Class   string
		Outline string
		Bg      string
	}
	b.eval(t, "focused", `(() => { const e = document.activeElement, cs = getComputedStyle(e);
		return {Class: e.className, Outline: cs.outlineStyle, Bg: cs.backgroundColor}; })()`, &first)
	if first.Class != "skip-link" {
		t.Errorf("first Tab focuses %q, want the skip link", first.Class)
	}
	if first.Bg == "rgba(0, 0, 0, 0)" && first.Outline == "none" {
		t.Errorf("the focused skip link shows no focus style")
	}
	b.do(t, "enter", chromedp.KeyEvent("\r"))
	var id string
	b.eval(t, "after skip", `document.activeElement.id`, &id)
	if id != "main" {
		t.Errorf("the skip link moves focus to %q, want main", id)
	}
}

// testAids switches the reading aids with the keyboard and checks that
// they stay on across pages and go off again.
func testAids(t *testing.T, s *site, b *browser) {
	b.setAids(t, s, "")
	b.open(t, s.URL(""), 1280, 900)
	type state struct {
		Class, Pressed, Font, Stored string
		LineHeight                   float64
	}
	read := func(what string) state {
		var st state
		b.eval(t, what, `(() => { const h = document.documentElement, cs = getComputedStyle(document.body);
			return {Class: h.className, Pressed: [...document.querySelectorAll("button[data-aid]")].map(b => b.getAttribute("aria-pressed")).join(","),
			Font: getComputedStyle(h).fontSize, Stored: localStorage.getItem("fzzf-aids") || "",
			LineHeight: parseFloat(cs.lineHeight) / parseFloat(cs.fontSize)}; })()`, &st)
		return st
	}
	// Keyboard only: focus the button, press Enter (大字号), Space (高对比).
	b.do(t, "press 大字号", chromedp.Focus(chromedp.CSS(`button[data-aid="aid-large"]`)), chromedp.KeyEvent("\r"))
	b.do(t, "press 高对比", chromedp.Focus(chromedp.CSS(`button[data-aid="aid-contrast"]`)), chromedp.KeyEvent(" "))
	b.do(t, "press 行距", chromedp.Focus(chromedp.CSS(`button[data-aid="aid-spacing"]`)), chromedp.KeyEvent("\r"))
	st := read("aids on")
	if st.Pressed != "true,true,true" || st.Font != "20px" {
		t.Errorf("after pressing the aids: pressed %s, font %s; want true,true,true and 20px", st.Pressed, st.Font)
	}
	for _, p := range []string{"news/", s.pages[len(s.pages)-1]} {
		b.open(t, s.URL(p), 1280, 900)
		st = read("aids on " + p)
		for _, c := range []string{"aid-large", "aid-contrast", "aid-spacing"} {
			if !strings.Contains(st.Class, c) {
				t.Errorf("/fzzf/%s: %s did not persist (html class %q)", p, c, st.Class)
			}
		}
		if st.Pressed != "true,true,true" || st.Font != "20px" || st.LineHeight < 2 {
			t.Errorf("/fzzf/%s: pressed %s, font %s, line height %.2f; want true,true,true, 20px, ≥ 2", p, st.Pressed, st.Font, st.LineHeight)
		}
	}
	for _, c := range []string{"aid-large", "aid-contrast", "aid-spacing"} {
		b.do(t, "release "+c, chromedp.Focus(chromedp.CSS(`button[data-aid="`+c+`"]`)), chromedp.KeyEvent("\r"))
	}
	b.open(t, s.URL("policies/"), 1280, 900)
	st = read("aids off")
	if st.Class != "" || st.Pressed != "false,false,false" || st.Stored != "" || st.LineHeight < 1.3 {
		t.Errorf("after releasing the aids: class %q, pressed %s, stored %q, line height %.2f", st.Class, st.Pressed, st.Stored, st.LineHeight)
	}
}

// testWeight checks the home page stays at most 150 KB with its CSS and
// JavaScript (content images aside), uncompressed.
func testWeight(t *testing.T, s *site, b *browser) {
	b.open(t, s.URL(""), 1280, 900)
	var r struct {
		Total int
		Files []string
	}
	b.eval(t, "weight", `(() => { const es = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
		.filter(e => e.initiatorType !== "img");
		return {Total: es.reduce((n, e) => n + (e.decodedBodySize || 0), 0), Files: es.map(e => e.name + " " + e.decodedBodySize)}; })()`, &r)
	if r.Total == 0 || r.Total > 150*1024 {
		t.Errorf("home page weighs %d bytes (limit 150 KB): %v", r.Total, r.Files)
	}
	t.Logf("home page: %d bytes uncompressed in %d files", r.Total, len(r.Files))
}

// searchCase is one query and a page it must find.
type searchCase struct {
	q, want string // want: site path below basePath
	first   bool   // want must be the first result
}

var searchCases = []searchCase{
	{q: "许自规〔2022〕133号", want: "policies/plan/", first: true},
	{q: "工作台账", want: "responses/2022-10-ledger/"},
	{q: "动员部署", want: "news/2022-08-mobilisation/"},
}

// testSearch runs Chinese queries through the search page, typed into the
// form and as a link (?q=), and checks results show title, column, date
// and a highlighted snippet.
func testSearch(t *testing.T, s *site, b *browser) {
	if !contains(s.pages, "search/") {
		t.Fatal("the site has no search page at /fzzf/search/")
	}
	type result struct {
		URL, Title, Section, Date, Snippet string
	}
	collect := `new Promise((ok, fail) => { const t0 = Date.now(); (function poll() {
		const c = document.querySelector("[data-search-results]");
		if (c && c.getAttribute("aria-busy") === "false") {
			ok([...c.querySelectorAll(".search-result")].map(li => ({
				URL: new URL(li.querySelector("a").href).pathname,
				Title: li.querySelector("a").textContent,
				Section: (li.querySelector(".search-result-section") || {}).textContent || "",
				Date: (li.querySelector("time") || {}).textContent || "",
				Snippet: li.querySelector(".search-result-snippet").innerHTML})));
		} else if (Date.now() - t0 > 10000) { fail(new Error("no results after 10 s: " + (c ? c.innerHTML : "no container"))); }
		else setTimeout(poll, 50); })(); })`
	for i, c := range searchCases {
		if i == 0 {
			// Typed into the form on the search page, submitted with Enter.
			b.open(t, s.URL("search/"), 1280, 900)
			b.do(t, "type "+c.q, chromedp.SendKeys(chromedp.CSS("#q"), c.q), chromedp.KeyEvent("\r"))
		} else {
			b.open(t, s.URL("search/?q=")+c.q, 1280, 900)
		}
		var rs []result
		b.eval(t, "results of "+c.q, collect, &rs)
		at := -1
		for k, r := range rs {
			if r.URL == basePath+c.want {
				at = k
			}
			if r.Title == "" || r.Section == "" || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(r.Date) {
				t.Errorf("%s: result %d lacks a title, column or date: %+v", c.q, k, r)
			}
		}
		switch {
		case at < 0:
			t.Errorf("search %s: %s not among %d results %v", c.q, c.want, len(rs), rs)
		case c.first && at != 0:
			t.Errorf("search %s: %s is result %d, want the first", c.q, c.want, at+1)
		case !strings.Contains(rs[at].Snippet, "<mark>"):
			t.Errorf("search %s: snippet of %s has no <mark>: %s", c.q, c.want, rs[at].Snippet)
		}
		var loc, value string
		b.eval(t, "address", `location.search`, &loc)
		b.eval(t, "box", `document.querySelector("#q").value`, &value)
		if !strings.Contains(loc, "q=") || value != c.q {
			t.Errorf("search %s: address %q and box %q should hold the query", c.q, loc, value)
		}
		var vs []violation
		vs = b.axe(t, "search results "+c.q)
		for _, v := range vs {
			t.Errorf("search results for %s: %s", c.q, v)
		}
		t.Logf("search %s: %d results, %s at %d", c.q, len(rs), c.want, at+1)
	}
}

// testScreenshots writes full-page screenshots for people to look at.
func testScreenshots(t *testing.T, s *site, b *browser) {
	dir := filepath.Join(s.root, "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shots := []struct{ name, page string }{{"home", ""}, {"indicator", ""}, {"progress", ""}}
	for _, p := range s.pages {
		if shots[1].page == "" && regexp.MustCompile(`^indicators/\d+/$`).MatchString(p) {
			shots[1].page = p
		}
	}
	if contains(s.pages, "progress/") {
		shots[2].page = "progress/"
	}
	for i, sh := range shots {
		if i > 0 && sh.page == "" {
			t.Logf("no %s page in this build: no screenshot", sh.name)
			continue
		}
		for _, w := range []int64{1280, 375} {
			b.open(t, s.URL(sh.page), w, 800)
			ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			cancel()
			if err != nil {
				t.Fatalf("screenshot of %s: %v", sh.name, err)
			}
			f := filepath.Join(dir, fmt.Sprintf("%s-%d.png", sh.name, w))
			if err := os.WriteFile(f, png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
