package check

import (
	"math/rand"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/tomlfile"
)

// Random outputs for TestInspectOrder: links of every kind, good and
// broken, in odd HTML.
var randTargets = []string{
	"/fzzf/", "/fzzf/news/a/", "/fzzf/news/a/#x", "#x", "#y", "#%E4%B8%80", "#一", "#%zz", "../b/", "b/", "../a/", "p.png",
	"https://example.gov.cn/fzzf/news/b/", "https://EXAMPLE.gov.cn/fzzf/zz/", "https://other.cn/", "http://example.gov.cn#x",
	"https://example.gov.cn#y", "mailto:a@b", "/other/", "/fzzf", "", " ", "#", "#top", "a b", "%zz", "/fzzf/news/a/?q=1",
	"//example.gov.cn/fzzf/x/", "?q#x", "?q", "javascript:void(0)", "&amp;x", "/fzzf/news/a/#&#x4e00;", "x.html#q",
	"/fzzf/news/b/#%E4%B8%80", "/fzzf/news/b/#一", "/fzzf/news/", "/fzzf/news", "/fzzf/files/x.txt", "/fzzf/files/y.txt",
	"https://user@example.gov.cn/fzzf/news/a/#x", "https://example.gov.cn:8080/fzzf/", "HTTPS://example.gov.cn/fzzf/news/b/#x",
	"/fzzf/news/a/index.html", "/fzzf/news/a/index.html#x", "/fzzf/tags/%E6%B3%95/", "/fzzf/tags/法/", "news/a/", "./", "..",
	"/fzzf/x/y/z.html", "z.html", "../../index.html", "/fzzf/%", "/fzzf/a%2Fb/", " /fzzf/news/a/ ", "/fzzf/news/a/\u3000",
	"1:x", ":x", "a:b://c", "/#x", "/fzzf/#x", "/fzzf/#main", "#main", "#m&amp;n", "x", "hall.png", "nothere.png",
	"/fzzf/news/a/hall.png", "files/x.txt", "0; url=/fzzf/zz/", "0;url=/fzzf/news/", "presentation", "none", "true",
	"refresh", "Refresh", "/fzzf/news/b/#工作安排", "/fzzf/news/b/#%e5%b7%a5%e4%bd%9c%e5%ae%89%e6%8e%92", "\x01x", "#\x01", "w.html#x", "w.html", "other.html#y", "/fzzf/x/y/w.html#x", "z.html#一", "#%E4%B8", "#a%00b",
}

var randTags = []string{"a", "A", "area", "link", "img", "IMG", "script", "style", "textarea", "video", "source", "meta",
	"form", "object", "iframe", "div", "p", "input", "h2", "span", "audio", "track", "embed", "Script", "TEXTAREA"}

var randAttrs = []string{"href", "HREF", "src", "id", "ID", "name", "alt", "role", "aria-hidden", "http-equiv", "content",
	"poster", "data", "action", "class", "title", "Alt", "Http-Equiv", "data-id", "ida"}

var randIDs = []string{"x", "y", "一", "main", "工作安排", "m&amp;n", "m&n", "", " ", "a\x00b", "&#x4e00;"}

func randHTML(r *rand.Rand) string {
	var b strings.Builder
	n := r.Intn(40)
	for i := 0; i < n; i++ {
		switch r.Intn(12) {
		case 0:
			b.WriteString([]string{"text ", "正文。", " > ", "a<b", "\n", "<", "< p>", "&lt;a href=x&gt;"}[r.Intn(8)])
		case 1:
			b.WriteString([]string{"<!-- <a href=\"/fzzf/zz/\"> -->", "<!DOCTYPE html>", "</p>", "</a x='>'>", "<?x?>", "</SCRIPT>", "</script>", "</style>", "<!---->", "</textarea >"}[r.Intn(10)])
		default:
			b.WriteString("<" + randTags[r.Intn(len(randTags))])
			for k := r.Intn(4); k > 0; k-- {
				b.WriteString([]string{" ", "\n", "  ", "/", "\t"}[r.Intn(5)])
				b.WriteString(randAttrs[r.Intn(len(randAttrs))])
				if r.Intn(8) == 0 {
					continue
				}
				b.WriteString([]string{"=", " = ", "="}[r.Intn(3)])
				v := randTargets[r.Intn(len(randTargets))]
				if r.Intn(3) == 0 {
					v = randIDs[r.Intn(len(randIDs))]
				}
				switch r.Intn(4) {
				case 0:
					b.WriteString("'" + strings.ReplaceAll(v, "'", "") + "'")
				case 1:
					if !strings.ContainsAny(v, " \t\n>") && v != "" {
						b.WriteString(v)
						break
					}
					fallthrough
				default:
					b.WriteString("\"" + strings.ReplaceAll(v, "\"", "") + "\"")
				}
			}
			if r.Intn(30) == 0 {
				b.WriteString(" x=\"unterminated")
			}
			b.WriteString([]string{">", " >", "/>", ">"}[r.Intn(4)])
		}
	}
	return b.String()
}

func randXML(r *rand.Rand) string {
	var b strings.Builder
	for i := r.Intn(10); i > 0; i-- {
		el := []string{"loc", "link", "guid"}[r.Intn(3)]
		b.WriteString("<" + el + ">" + randTargets[r.Intn(len(randTargets))] + "</" + el + ">\n")
		if r.Intn(10) == 0 {
			b.WriteString("<loc>")
		}
	}
	return b.String()
}

// TestInspectOrder inspects random outputs (odd HTML, broken and good
// links of every kind) in build order, in reverse and from several
// goroutines: the problems must not depend on the order.
func TestInspectOrder(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":         {Data: []byte(config)},
		"content/news/a.md":   page("甲", "2023-03-01", "[乙](../b/) p.png hall.png /fzzf/zz/ #x\n![](nothere.png)\n[x](x.html#q)\n"),
		"content/news/b.md":   page("乙", "2023-03-02", "## 工作安排\n\n[甲](a.md#不存在) %zz 一\n"),
		"content/files/x.txt": {Data: []byte("附件")},
	}
	rec := &recorder{}
	asOf, _ := time.ParseInLocation("2006-01-02", "2023-06-01", tomlfile.China)
	res, err := build.Build(fsys, build.Options{AsOf: asOf, Extensions: []build.Extension{rec}}, &build.MemSink{})
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"index.html", "news/a/index.html", "news/b/index.html", "news/index.html", "files/x.txt", "news/a/p.png",
		"index.xml", "news/index.xml", "x/y/z.html", "css/site.css", "news/a/hall.png", "tags/法/index.html", "a/b/index.html",
		"z.htm", "x/y/w.html", "news/a/other.html", "sitemap.xml"}
	sources := []string{"", "content/news/a.md", "content/news/b.md", "content/files/x.txt", "content/none.md"}
	type out struct{ path, source, data string }
	run := func(outs []out, order func(n int, inspect func(i int))) string {
		c := New()
		if err := c.Extend(fsys, res.Site); err != nil {
			t.Fatal(err)
		}
		order(len(outs), func(i int) { c.Inspect(outs[i].path, outs[i].source, []byte(outs[i].data)) })
		var b strings.Builder
		for _, p := range c.Problems() {
			b.WriteString(p.Error() + "\n")
		}
		return b.String()
	}
	forward := func(n int, inspect func(int)) {
		for i := 0; i < n; i++ {
			inspect(i)
		}
	}
	backward := func(n int, inspect func(int)) {
		for i := n - 1; i >= 0; i-- {
			inspect(i)
		}
	}
	together := func(n int, inspect func(int)) {
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Go(func() { inspect(i) })
		}
		wg.Wait()
	}
	problems := 0
	for it := 0; it < 300; it++ {
		r := rand.New(rand.NewSource(int64(it)))
		var outs []out
		for _, p := range paths {
			if r.Intn(4) == 0 {
				continue
			}
			data := "<a href='/fzzf/zz/'>"
			switch {
			case strings.HasSuffix(p, ".xml"):
				data = randXML(r)
			case strings.HasSuffix(p, ".html"), strings.HasSuffix(p, ".htm"):
				data = randHTML(r)
			}
			outs = append(outs, out{p, sources[r.Intn(len(sources))], data})
		}
		want := run(outs, forward)
		problems += strings.Count(want, "\n")
		for _, order := range []func(int, func(int)){backward, together} {
			if got := run(outs, order); got != want {
				t.Fatalf("case %d: problems depend on the order of outputs:\n%s\nand\n%s", it, want, got)
			}
		}
	}
	if problems < 1000 {
		t.Errorf("only %d problems in all: the random outputs are too tame", problems)
	}
}

// TestInspectCases pins what the checker reports for links of each kind,
// given straight to Inspect.
func TestInspectCases(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":       {Data: []byte(config)},
		"content/news/a.md": page("甲", "2023-03-01", "![](nothere.png)\n[乙](../b/)\n"),
		"content/news/b.md": page("乙", "2023-03-02", "正文\n"),
	}
	asOf, _ := time.ParseInLocation("2006-01-02", "2023-06-01", tomlfile.China)
	res, err := build.Build(fsys, build.Options{AsOf: asOf}, &build.MemSink{})
	if err != nil {
		t.Fatal(err)
	}
	c := New()
	if err := c.Extend(fsys, res.Site); err != nil {
		t.Fatal(err)
	}
	for _, o := range []struct{ path, source, data string }{
		{"index.html", "", `<main id="main"><a href="#main">跳转</a><a href="#nowhere">x</a>
<link rel="canonical" href="https://example.gov.cn/fzzf/"><a href="/fzzf/news/a/#%E4%B8%80">一</a>
<a href="/fzzf/gone/">gone</a><a href="https://other.cn/%zz">bad</a>
<a href="https://zfwzgl.www.gov.cn/x?u=a&amp;b">ok</a><img src="/fzzf/p.png"><img src=d.png alt="" role=presentation>
<a href="/fzzf/news/b/#%E4%BA%8C">二</a><meta http-equiv="refresh" content="0; url=/fzzf/news/">`},
		{"news/a/index.html", "content/news/a.md", `<h2 id="一">一</h2><a href="/fzzf/gone/">x</a>
<a href="../b/">乙</a><img src="nothere.png" alt><a name="二"></a>`},
		{"news/b/index.html", "", `<a href="/fzzf/gone/">x</a><a href="../a/#一">甲</a><a href="../a/#二">甲</a>`},
		{"news/index.html", "", `<a href=a/>甲</a>`},
		{"sitemap.xml", "", "<loc>https://example.gov.cn/fzzf/news/a/</loc>\n<loc>https://example.gov.cn/fzzf/missing/</loc>"},
	} {
		c.Inspect(o.path, o.source, []byte(o.data))
	}
	var got []string
	for _, p := range c.linkProblems(false) {
		got = append(got, p.Error())
	}
	sort.Strings(got)
	want := []string{
		`broken anchor "#nowhere": /fzzf/ has no element with id "nowhere" (not in a Markdown file: made by a layout or an extension; in output index.html)`,
		`broken anchor "/fzzf/news/b/#二": /fzzf/news/b/ has no element with id "二" (not in a Markdown file: made by a layout or an extension; in output index.html)`,
		`broken image "/fzzf/p.png": the site has no /p.png (not in a Markdown file: made by a layout or an extension; in output index.html)`,
		`broken image "d.png": the site has no /d.png (not in a Markdown file: made by a layout or an extension; in output index.html)`,
		`broken link "/fzzf/gone/": the site has no /gone/ (not in a Markdown file: made by a layout or an extension; in output index.html and 2 more)`,
		`broken loc "https://example.gov.cn/fzzf/missing/": the site has no /missing/ (not in a Markdown file: made by a layout or an extension; in output sitemap.xml)`,
		`content/news/a.md:5: broken image "nothere.png": the site has no /news/a/nothere.png`,
		`content/news/a.md:5: image "nothere.png" has no alt text: describe it, e.g. ![会议现场](photo.jpg)`,
		`image "/fzzf/p.png" has no alt text: describe it, e.g. ![会议现场](photo.jpg) (not in a Markdown file: made by a layout or an extension; in output index.html)`,
		`link "https://other.cn/%zz" is not a valid URL (not in a Markdown file: made by a layout or an extension; in output index.html)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
