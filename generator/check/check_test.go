package check

import (
	"bytes"
	"fmt"
	"math/rand"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/diag"
	"fzzf/generator/tomlfile"
)

func TestScanTags(t *testing.T) {
	src := `<!DOCTYPE html>
<!-- <a href="comment.html"> -->
<a href="/x/" class=big>X</a>
<img
  src='p.png' alt="">
<script>var s = "<a href='in-script'>";</script>
<A HREF="Y.html?a=1&amp;b=2" title="a &amp; b" href="second.html">
<input disabled id=q>
<STYLE>a::after { content: "<a href='in-style'>" }</sTyLe>
<script>var k = "İK<a href='in-script-2'>";</SCRIPT><a name="n" id="" href='after'>
<video src=v.mp4 poster="p.jpg"></video><meta http-equiv=Refresh content="0; url=/new/">
`
	var got []string
	scanTags([]byte(src), new(tag), func(tg *tag) {
		var b strings.Builder
		b.WriteString(strings.ToLower(string(tg.name)))
		for _, k := range []struct {
			key  attrKey
			name string
		}{{attrHref, "href"}, {attrSrc, "src"}, {attrAlt, "alt"}, {attrID, "id"}, {attrName, "name"}, {attrPoster, "poster"}, {attrHTTPEquiv, "http-equiv"}, {attrContent, "content"}} {
			if v, ok := tg.attr(k.key); ok {
				b.WriteString(" " + k.name + "=" + v)
			}
		}
		fmt.Fprintf(&b, " @%d", 1+strings.Count(src[:tg.pos], "\n"))
		got = append(got, b.String())
	})
	want := []string{
		"a href=/x/ @3",
		"img src=p.png alt= @4",
		"script @6",
		"a href=Y.html?a=1&b=2 @7",
		"input id=q @8",
		"style @9",
		"script @10",
		"a href=after id= name=n @10",
		"video src=v.mp4 poster=p.jpg @11",
		"meta http-equiv=Refresh content=0; url=/new/ @11",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("scanTags:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Cut-off input ends the scan without a panic.
	for _, cut := range []string{"<script", "<script>", "<a href=\"x", "<a href=x", "<!--", "</a", "<", "<img src=a.png"} {
		n := 0
		scanTags([]byte(cut), new(tag), func(*tag) { n++ })
	}
}

func TestRegistryParseEncode(t *testing.T) {
	in := "# comment\n2023-03-16 /news/b/\n\n2023-03-15 /news/a/ retired 2023-05-01 合并 至第二条\n2023-03-01 /tags/法治%20宣传/\n"
	r, err := ParseRegistry([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Entries) != 3 || r.Entries[0].Path != "/news/a/" || r.Entries[0].Note != "合并 至第二条" || r.Entries[0].Line != 4 {
		t.Fatalf("parsed %+v", r.Entries)
	}
	out := r.Encode()
	if !strings.HasSuffix(string(out), "2023-03-15 /news/a/ retired 2023-05-01 合并 至第二条\n2023-03-16 /news/b/\n2023-03-01 /tags/法治%20宣传/\n") {
		t.Errorf("encoded:\n%s", out)
	}
	again, err := ParseRegistry(out)
	if err != nil || string(again.Encode()) != string(out) {
		t.Errorf("encode is not stable: %v\n%s", err, again.Encode())
	}
	for _, bad := range []struct{ in, want string }{
		{"2023-03-01\n", "urls.txt:1: want:"},
		{"2023/03/01 /a/\n", "urls.txt:1: first-published day"},
		{"\n2023-03-01 a/\n", "urls.txt:2: path \"a/\" must start with /"},
		{"2023-03-01 /a/ gone\n", "urls.txt:1: after the path"},
		{"2023-03-01 /a/ retired 2023-13-01\n", "urls.txt:1: retired day"},
		{"2023-03-01 /a/\n2023-03-02 /a/\n", "urls.txt:2: path /a/ is listed twice (also on line 1)"},
	} {
		_, err := ParseRegistry([]byte(bad.in))
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseRegistry(%q) = %v, want %q", bad.in, err, bad.want)
		}
	}
}

const config = `title = "测试"
baseURL = "https://example.gov.cn/fzzf/"
[identity]
sponsor = "测试主办单位"
contact = "0374-1234567"
siteCode = "4110000001"
icp = "豫ICP备12345678号"
police = "豫公网安备41100202000001号"
`

func page(title, date, body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("+++\ntitle = \"" + title + "\"\ndate = " + date + "\n+++\n" + body)}
}

func problems(t *testing.T, fsys fstest.MapFS) []string {
	t.Helper()
	asOf, _ := time.ParseInLocation("2006-01-02", "2023-06-01", tomlfile.China)
	_, err := build.Build(fsys, build.Options{AsOf: asOf, Extensions: []build.Extension{New()}}, &build.MemSink{})
	if err == nil {
		return nil
	}
	var out []string
	for _, p := range err.(*diag.List).Problems() {
		out = append(out, p.Error())
	}
	return out
}

func TestLinks(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":         {Data: []byte(config)},
		"content/news/a.md":   page("甲", "2023-03-01", "[乙](../b/)、[外部](https://www.gov.cn/x/)、[本站绝对](https://example.gov.cn/fzzf/news/b/)、[邮件](mailto:a@b.cn)、[电话](tel:0374)\n"),
		"content/news/b.md":   page("乙", "2023-03-02", "## 小节\n\n[甲](a.md#不存在)\n"),
		"content/news/c.md":   page("丙", "2023-03-03", "[站外](https://example.gov.cn/other/)\n\n[本站缺失](https://example.gov.cn/fzzf/news/zz/)\n"),
		"content/news/d.md":   page("丁", "2023-03-04", "[相对](../b/#小节)\n"),
		"content/files/x.txt": {Data: []byte("附件")},
	}
	got := strings.Join(problems(t, fsys), "\n")
	for _, want := range []string{
		`content/news/b.md:7: broken anchor "/fzzf/news/a/#不存在": /fzzf/news/a/ has no element with id "不存在"`,
		`content/news/c.md:5: link "https://example.gov.cn/other/" leaves the site's base path /fzzf/`,
		`content/news/c.md:7: broken link "https://example.gov.cn/fzzf/news/zz/": the site has no /news/zz/`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing problem %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "a.md") || strings.Contains(got, "d.md") {
		t.Errorf("good links reported:\n%s", got)
	}
}

func TestIndexNear(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alphabet := []byte("<>\"'a\x00\xff\x3b\x3d")
	for n := 0; n < 20000; n++ {
		b := make([]byte, r.Intn(80))
		for i := range b {
			b[i] = alphabet[r.Intn(len(alphabet))]
		}
		for _, c := range []byte("<>\"'\x00\xff") {
			if got, want := indexNear(b, c), bytes.IndexByte(b, c); got != want {
				t.Fatalf("indexNear(%q, %q) = %d, want %d", b, c, got, want)
			}
		}
	}
}

// plainURL must never take a URL that url.Parse refuses.
func TestPlainURL(t *testing.T) {
	for _, s := range []string{
		"https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=0000000000&url=https%3A%2F%2Fexample.gov.cn%2F",
		"https://beian.mps.gov.cn/#/query/webSearch?code=00000000000000", "http://a.cn", "http://a.cn:8080/x#%E4%B8%80",
	} {
		if !plainURL([]byte(s)) {
			t.Errorf("plainURL(%q) = false", s)
		}
	}
	r := rand.New(rand.NewSource(1))
	parts := []string{"http://", "https://", "a", "B", ".", "-", ":", "80", "/", "?", "#", "%", "%4", "%E4", "%zz", "&", "=", "@", "[", "]", " ", "\x01", "\x7f", "一", "x"}
	taken := 0
	for n := 0; n < 200000; n++ {
		var b strings.Builder
		if n%2 == 0 {
			b.WriteString(parts[r.Intn(2)])
		}
		for k := r.Intn(10); k > 0; k-- {
			b.WriteString(parts[r.Intn(len(parts))])
		}
		s := b.String()
		if plainURL([]byte(s)) {
			taken++
			if _, err := url.Parse(s); err != nil {
				t.Fatalf("plainURL(%q) = true, but url.Parse: %v", s, err)
			}
		}
	}
	if taken < 1000 {
		t.Errorf("only %d random URLs were plain", taken)
	}
}
