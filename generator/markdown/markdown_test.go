package markdown

import (
	"strings"
	"testing"
)

// render renders src with default options and fails the test on error.
func render(t *testing.T, src string) *Doc {
	t.Helper()
	return renderWith(t, New(Options{}), Input{Source: []byte(src)})
}

func renderWith(t *testing.T, r *Renderer, in Input) *Doc {
	t.Helper()
	doc, err := r.Render(in)
	if err != nil {
		t.Fatalf("Render(%q): %v", in.Source, err)
	}
	return doc
}

func TestSlug(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"一、总体要求", "一总体要求"},
		{"总体要求", "总体要求"},
		{"Go 语言 2.0", "go-语言-20"},
		{"（三）工作 机制", "三工作-机制"},
		{"Hello,  World!", "hello-world"},
		{"  leading and trailing  ", "leading-and-trailing"},
		{"snake_case-and--dash", "snake-case-and-dash"},
		{"全角　空格", "全角-空格"},
		{"第〇条", "第〇条"},
		{"ＡＢＣ全角", "ＡＢＣ全角"}, // non-ASCII letters keep their case
		{"①报送材料", "①报送材料"},
		{"！！", "section"},
		{"…", "section"},
		{"", "section"},
		{"2023年12月", "2023年12月"},
	}
	for _, tt := range tests {
		if got := Slug([]byte(tt.in)); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeadingIDsAndTOC(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Heading
	}{
		{
			name: "chinese",
			src:  "## 一、总体要求\n\n### （一）指导思想\n",
			want: []Heading{{2, "一总体要求", "一、总体要求"}, {3, "一指导思想", "（一）指导思想"}},
		},
		{
			name: "mixed",
			src:  "## Go 语言 2.0\n",
			want: []Heading{{2, "go-语言-20", "Go 语言 2.0"}},
		},
		{
			name: "duplicates",
			src:  "## 工作要求\n\n## 工作要求\n\n## 工作要求\n",
			want: []Heading{{2, "工作要求", "工作要求"}, {2, "工作要求-1", "工作要求"}, {2, "工作要求-2", "工作要求"}},
		},
		{
			name: "literal suffix collides",
			src:  "## x\n\n## x\n\n## x-1\n",
			want: []Heading{{2, "x", "x"}, {2, "x-1", "x"}, {2, "x-1-1", "x-1"}},
		},
		{
			name: "punctuation only",
			src:  "## ！！\n\n## ……\n",
			want: []Heading{{2, "section", "！！"}, {2, "section-1", "……"}},
		},
		{
			name: "levels outside 2..4 skipped",
			src:  "# 标题\n\n## 二\n\n### 三\n\n#### 四\n\n##### 五\n",
			want: []Heading{{2, "二", "二"}, {3, "三", "三"}, {4, "四", "四"}},
		},
		{
			name: "inline markup in heading",
			src:  "## **重点**任务 `go build`\n",
			want: []Heading{{2, "重点任务-go-build", "重点任务 go build"}},
		},
		{
			name: "setext",
			src:  "工作机制\n--------\n",
			want: []Heading{{2, "工作机制", "工作机制"}},
		},
	}
	r := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := renderWith(t, r, Input{Source: []byte(tt.src)})
			if !equalHeadings(doc.TOC, tt.want) {
				t.Fatalf("TOC = %+v, want %+v", doc.TOC, tt.want)
			}
			for _, h := range tt.want {
				if !strings.Contains(doc.HTML, `id="`+h.ID+`"`) {
					t.Errorf("HTML lacks id %q:\n%s", h.ID, doc.HTML)
				}
			}
			// Stable: a second render of the same input gives the same ids.
			again := renderWith(t, r, Input{Source: []byte(tt.src)})
			if again.HTML != doc.HTML {
				t.Errorf("second render differs:\n%s\n---\n%s", doc.HTML, again.HTML)
			}
		})
	}
}

func equalHeadings(a, b []Heading) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTableAlignmentClasses(t *testing.T) {
	doc := render(t, "| 指标 | 进度 | 分值 | 备注 |\n|:--|:-:|--:|---|\n| 1 | 已完成 | 3 | 无 |\n")
	for _, want := range []string{
		`<th class="align-left">指标</th>`,
		`<th class="align-center">进度</th>`,
		`<th class="align-right">分值</th>`,
		`<th>备注</th>`,
		`<td class="align-left">1</td>`,
		`<td class="align-center">已完成</td>`,
		`<td class="align-right">3</td>`,
		`<td>无</td>`,
	} {
		if !strings.Contains(doc.HTML, want) {
			t.Errorf("HTML lacks %s:\n%s", want, doc.HTML)
		}
	}
	for _, bad := range []string{"style=", "align=\""} {
		if strings.Contains(doc.HTML, bad) {
			t.Errorf("HTML contains %s:\n%s", bad, doc.HTML)
		}
	}
}

func TestRawHTML(t *testing.T) {
	src := "<script>alert(1)</script>\n\n文字<span class=\"x\">内联</span>\n"
	tests := []struct {
		name    string
		unsafe  bool
		want    []string
		notWant []string
	}{
		{
			name:    "default omits",
			want:    []string{"<!-- raw HTML omitted -->", "内联"},
			notWant: []string{"<script", "alert(1)", "<span"},
		},
		{
			name:   "unsafe keeps",
			unsafe: true,
			want:   []string{"<script>alert(1)</script>", `<span class="x">内联</span>`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := renderWith(t, New(Options{Unsafe: tt.unsafe}), Input{Source: []byte(src)})
			for _, w := range tt.want {
				if !strings.Contains(doc.HTML, w) {
					t.Errorf("HTML lacks %q:\n%s", w, doc.HTML)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(doc.HTML, w) {
					t.Errorf("HTML contains %q:\n%s", w, doc.HTML)
				}
			}
		})
	}
}

func TestExtensions(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "task list",
			src:  "- [ ] 未完成\n- [x] 已完成\n",
			want: []string{
				`<li><input disabled="" type="checkbox"> 未完成</li>`,
				`<li><input checked="" disabled="" type="checkbox"> 已完成</li>`,
			},
		},
		{
			name: "footnote",
			src:  "正文[^1]。\n\n[^1]: 脚注内容。\n",
			want: []string{`<sup id="fnref:1"><a href="#fn:1"`, `<div class="footnotes"`, `<li id="fn:1">`, "脚注内容。"},
		},
		{
			name: "strikethrough",
			src:  "~~旧方法~~新方法，~~deleted~~ text\n",
			want: []string{"<del>旧方法</del>新方法", "<del>deleted</del> text"},
		},
		{
			name: "linkify after space",
			src:  "see https://www.gov.cn/ now\n",
			want: []string{`<a href="https://www.gov.cn/">https://www.gov.cn/</a> now`},
		},
		{
			name: "table",
			src:  "| a | b |\n|---|---|\n| 1 | 2 |\n",
			want: []string{"<table>", "<td>2</td>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := render(t, tt.src)
			for _, w := range tt.want {
				if !strings.Contains(doc.HTML, w) {
					t.Errorf("HTML lacks %q:\n%s", w, doc.HTML)
				}
			}
		})
	}
}

func TestCJKLineBreaks(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"第一行\n第二行\n", "<p>第一行第二行</p>\n"},
		{"第一行。\n第二行\n", "<p>第一行。第二行</p>\n"},
		{"English\nline\n", "<p>English\nline</p>\n"},
		{"中文\nEnglish\n", "<p>中文\nEnglish</p>\n"},
		{"硬换行  \n下一行\n", "<p>硬换行<br>\n下一行</p>\n"},
		// Full-width punctuation (U+FFxx) joins too.
		{"为贯彻落实纲要，\n制定方案：\n（一）任务\n", "<p>为贯彻落实纲要，制定方案：（一）任务</p>\n"},
		{"Chinese，\nEnglish\n", "<p>Chinese，English</p>\n"},
		// Across inline markup.
		{"推进\n**放管服**改革\n", "<p>推进<strong>放管服</strong>改革</p>\n"},
		{"见[方案](https://a.cn/)\n第二行\n", "<p>见<a href=\"https://a.cn/\">方案</a>第二行</p>\n"},
		{"链接：\nhttps://a.cn/ 结束\n", "<p>链接：<a href=\"https://a.cn/\">https://a.cn/</a> 结束</p>\n"},
		{"English\n**bold**\n", "<p>English\n<strong>bold</strong></p>\n"},
		// Latin punctuation keeps the break: a space in the browser.
		{"end.\nNext\n", "<p>end.\nNext</p>\n"},
		// Hangul uses spaces between words.
		{"한국어\n문장\n", "<p>한국어\n문장</p>\n"},
	}
	for _, tt := range tests {
		if got := render(t, tt.src).HTML; got != tt.want {
			t.Errorf("%q: HTML = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestEmphasis pins the CJK-friendly emphasis decision (see the package
// comment): these would all stay literal asterisks under plain CommonMark.
func TestEmphasis(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		// CJK punctuation inside the delimiters, CJK text outside.
		{"这是**“政策”**文件", "<p>这是<strong>“政策”</strong>文件</p>\n"},
		{"成语**「刻舟求剑」**的意思", "<p>成语<strong>「刻舟求剑」</strong>的意思</p>\n"},
		{"**真，**她说", "<p><strong>真，</strong>她说</p>\n"},
		{"**该星号会被识别。**这是因为", "<p><strong>该星号会被识别。</strong>这是因为</p>\n"},
		{"*斜体（带括号）。*继续", "<p><em>斜体（带括号）。</em>继续</p>\n"},
		{"~~旧方法（已废弃）。~~这个", "<p><del>旧方法（已废弃）。</del>这个</p>\n"},
		{"**重要提示（Important）：**请注意", "<p><strong>重要提示（Important）：</strong>请注意</p>\n"},
		// Unchanged CommonMark behaviour.
		{"**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>\n"},
		{"foo**bar**baz", "<p>foo<strong>bar</strong>baz</p>\n"},
		{"snake_case_name", "<p>snake_case_name</p>\n"},
		{"a * b * c", "<p>a * b * c</p>\n"},
		{"**\"quoted\"**text", "<p>**&quot;quoted&quot;**text</p>\n"},
		{"__强调__", "<p><strong>强调</strong></p>\n"},
	}
	for _, tt := range tests {
		if got := render(t, tt.src).HTML; got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

// TestCJKAutolink pins the decision to link bare addresses right after
// Chinese text.
func TestCJKAutolink(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"链接：https://www.gov.cn/zhengce/", `<p>链接：<a href="https://www.gov.cn/zhengce/">https://www.gov.cn/zhengce/</a></p>` + "\n"},
		{"详见https://www.gov.cn/zhengce/。谢谢", `<p>详见<a href="https://www.gov.cn/zhengce/">https://www.gov.cn/zhengce/</a>。谢谢</p>` + "\n"},
		{"网址www.gov.cn，欢迎", `<p>网址<a href="http://www.gov.cn">www.gov.cn</a>，欢迎</p>` + "\n"},
		{"见http://a.gov.cn/x_y/z.html.", `<p>见<a href="http://a.gov.cn/x_y/z.html">http://a.gov.cn/x_y/z.html</a>.</p>` + "\n"},
		{"（见https://a.gov.cn/(1)）", `<p>（见<a href="https://a.gov.cn/(1)">https://a.gov.cn/(1)</a>）</p>` + "\n"},
		{"甲https://a.cn/乙https://b.cn/丙", `<p>甲<a href="https://a.cn/">https://a.cn/</a>乙<a href="https://b.cn/">https://b.cn/</a>丙</p>` + "\n"},
		// Not links: no host dot, code, already a link, ASCII before.
		{"协议https://localhost", "<p>协议https://localhost</p>\n"},
		{"`见https://a.gov.cn/`", "<p><code>见https://a.gov.cn/</code></p>\n"},
		{"[见https://a.gov.cn/](https://b.gov.cn/)", `<p><a href="https://b.gov.cn/">见https://a.gov.cn/</a></p>` + "\n"},
		{"a:https://a.gov.cn/", "<p>a:https://a.gov.cn/</p>\n"},
	}
	for _, tt := range tests {
		if got := render(t, tt.src).HTML; got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

func TestLinks(t *testing.T) {
	pages := map[string]string{
		"plan.md":            "/fzzf/policies/plan/",
		"../news/2022-08.md": "/fzzf/news/2022-08/",
		"政策解读/一号文件.md":       "/fzzf/interpretations/yihao/",
	}
	var asked []string
	resolve := func(p string) (string, bool) {
		asked = append(asked, p)
		u, ok := pages[p]
		return u, ok
	}
	tests := []struct {
		name     string
		src      string
		want     []string
		problems []Problem
		asked    []string
	}{
		{
			name:  "resolved",
			src:   "见[方案](plan.md)。",
			want:  []string{`<a href="/fzzf/policies/plan/">方案</a>`},
			asked: []string{"plan.md"},
		},
		{
			name:  "fragment kept",
			src:   "见[总体要求](plan.md#一总体要求)。",
			want:  []string{`<a href="/fzzf/policies/plan/#%E4%B8%80%E6%80%BB%E4%BD%93%E8%A6%81%E6%B1%82">总体要求</a>`},
			asked: []string{"plan.md"},
		},
		{
			name:  "relative and chinese paths",
			src:   "[新闻](../news/2022-08.md) [解读](政策解读/一号文件.md)",
			want:  []string{`href="/fzzf/news/2022-08/"`, `href="/fzzf/interpretations/yihao/"`},
			asked: []string{"../news/2022-08.md", "政策解读/一号文件.md"},
		},
		{
			name:  "reference link",
			src:   "见[方案][p]。\n\n[p]: plan.md \"工作方案\"\n",
			want:  []string{`<a href="/fzzf/policies/plan/" title="工作方案">方案</a>`},
			asked: []string{"plan.md"},
		},
		{
			name: "left alone",
			src: "[a](https://example.gov.cn/x.md) [b](//abs/x.md) [c](#plan.md) " +
				"[d](mailto:x@y.md) [e](plan.html) ![图](plan.md) <https://x.cn/y.md>",
			want: []string{`href="https://example.gov.cn/x.md"`, `href="//abs/x.md"`, `href="#plan.md"`,
				`href="mailto:x@y.md"`, `href="plan.html"`, `src="plan.md"`},
		},
		{
			name:     "missing",
			src:      "第一行\n\n第三行有[坏链接](../x.md)。\n",
			want:     []string{`<a href="../x.md">坏链接</a>`},
			problems: []Problem{{3, `link to missing page "../x.md"`}},
			asked:    []string{"../x.md"},
		},
		{
			name: "two missing on different lines",
			src:  "# 标题\n\n段落开头\n[甲](a.md#x)在第四行，\n接着 [乙](b/c.md) 在第五行。\n\n- 列表\n- [丙](plan.md)\n",
			problems: []Problem{
				{4, `link to missing page "a.md"`},
				{5, `link to missing page "b/c.md"`},
			},
			asked: []string{"a.md", "b/c.md", "plan.md"},
		},
		{
			name:     "missing in table and with empty text",
			src:      "| 甲 | 乙 |\n|---|---|\n| 1 | [链接](gone.md) |\n\n段落\n[](empty.md)\n![](x.png)[](after-image.md)\n",
			problems: []Problem{{3, `link to missing page "gone.md"`}, {6, `link to missing page "empty.md"`}, {7, `link to missing page "after-image.md"`}},
			asked:    []string{"gone.md", "empty.md", "after-image.md"},
		},
	}
	r := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked = nil
			doc := renderWith(t, r, Input{Source: []byte(tt.src), ResolveLink: resolve})
			for _, w := range tt.want {
				if !strings.Contains(doc.HTML, w) {
					t.Errorf("HTML lacks %s:\n%s", w, doc.HTML)
				}
			}
			if len(doc.Problems) != len(tt.problems) {
				t.Fatalf("Problems = %+v, want %+v", doc.Problems, tt.problems)
			}
			for i := range tt.problems {
				if doc.Problems[i] != tt.problems[i] {
					t.Errorf("Problems[%d] = %+v, want %+v", i, doc.Problems[i], tt.problems[i])
				}
			}
			if strings.Join(asked, "|") != strings.Join(tt.asked, "|") {
				t.Errorf("ResolveLink called with %q, want %q", asked, tt.asked)
			}
		})
	}
}

func TestLinksWithoutResolver(t *testing.T) {
	doc := render(t, "[方案](plan.md#一)\n")
	if !strings.Contains(doc.HTML, `href="plan.md#%E4%B8%80"`) || len(doc.Problems) != 0 {
		t.Fatalf("HTML = %s, Problems = %+v", doc.HTML, doc.Problems)
	}
}

func TestSummaryMoreMarker(t *testing.T) {
	src := "## 导语\n\n第一段**重点**。\n\n第二段。\n<!--more-->\n\n正文继续。\n"
	for _, unsafe := range []bool{false, true} {
		doc := renderWith(t, New(Options{Unsafe: unsafe}), Input{Source: []byte(src)})
		wantSummaryHTML := "<h2 id=\"导语\">导语</h2>\n<p>第一段<strong>重点</strong>。</p>\n<p>第二段。</p>\n"
		if doc.SummaryHTML != wantSummaryHTML {
			t.Errorf("unsafe=%v: SummaryHTML = %q, want %q", unsafe, doc.SummaryHTML, wantSummaryHTML)
		}
		if doc.Summary != "第一段重点。第二段。" {
			t.Errorf("unsafe=%v: Summary = %q", unsafe, doc.Summary)
		}
		if want := wantSummaryHTML + "<p>正文继续。</p>\n"; doc.HTML != want {
			t.Errorf("unsafe=%v: HTML = %q, want %q", unsafe, doc.HTML, want)
		}
		if strings.Contains(doc.HTML, "more") || strings.Contains(doc.HTML, "omitted") {
			t.Errorf("unsafe=%v: marker leaked into HTML: %q", unsafe, doc.HTML)
		}
	}
}

func TestAutomaticSummary(t *testing.T) {
	sentence := "许昌市自然资源和规划局深入推进法治政府建设示范创建工作。" // 28 runes
	long := strings.Repeat("法治", 70)           // 140 runes, no sentence end
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "short text whole",
			src:  "## 标题跳过\n\n短文。\n没有句号的结尾",
			want: "短文。没有句号的结尾",
		},
		{
			name: "long paragraph cut at last 。",
			src:  strings.Repeat(sentence, 5), // 140 runes; 4 sentences = 112 fit
			want: strings.Repeat(sentence, 4),
		},
		{
			name: "closing quote kept",
			src:  strings.Repeat("一", 100) + "。”" + strings.Repeat("二", 40),
			want: strings.Repeat("一", 100) + "。”",
		},
		{
			name: "exclamation and question marks",
			src:  strings.Repeat("问", 50) + "？" + strings.Repeat("叹", 50) + "！" + strings.Repeat("尾", 40),
			want: strings.Repeat("问", 50) + "？" + strings.Repeat("叹", 50) + "！",
		},
		{
			name: "ascii ! needs a following space",
			src:  strings.Repeat("a", 50) + "!b " + strings.Repeat("c", 20) + "! " + strings.Repeat("d", 80),
			want: strings.Repeat("a", 50) + "!b " + strings.Repeat("c", 20) + "!",
		},
		{
			name: "no sentence end",
			src:  long,
			want: strings.Repeat("法治", 60) + "……",
		},
		{
			name: "markup removed and whitespace collapsed",
			src:  "第一段有**粗体**和[链接](https://x.cn)  和 `代码`。\n\n```\ncode block skipped\n```\n\n| 表 | 格 |\n|---|---|\n| 跳 | 过 |\n\n- 列表项\n- second   item\n",
			want: "第一段有粗体和链接 和 代码。列表项 second item",
		},
		{
			name: "escapes and entities resolved",
			src:  "1\\*2 &amp; 3 &lt;b&gt;",
			want: "1*2 & 3 <b>",
		},
		{
			name: "empty",
			src:  "",
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := render(t, tt.src)
			if doc.Summary != tt.want {
				t.Errorf("Summary = %q (%d runes)\n want %q", doc.Summary, len([]rune(doc.Summary)), tt.want)
			}
			wantHTML := ""
			if tt.want != "" {
				wantHTML = "<p>" + escape(tt.want) + "</p>"
			}
			if doc.SummaryHTML != wantHTML {
				t.Errorf("SummaryHTML = %q, want %q", doc.SummaryHTML, wantHTML)
			}
		})
	}
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func TestReadingTime(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		chars   int
		minutes int
	}{
		{"empty", "", 0, 1},
		{"han only, punctuation not counted", "法治政府，建设示范！", 8, 1},
		{"ascii words count one each", "Go is fun 2023", 4, 1},
		{"mixed", "使用 Go 1.26 构建", 7, 1}, // 使 用 Go 1 26 构 建
		{"markup not counted", "## 标题\n\n**粗体** [链接](https://example.com/long/path)", 6, 1},
		{"headings tables and code counted", "# 一\n\n| 二 | 三 |\n|---|---|\n| 四 | 五 |\n\n```\nfmt Println\n```\n", 7, 1},
		{"exactly 400", strings.Repeat("字", 400), 400, 1},
		{"401 rounds up", strings.Repeat("字", 401), 401, 2},
		{"words across lines", strings.Repeat("word\n", 801), 801, 3},
		{"other scripts", "かなカナ한국 café", 7, 1},
		{"han outside the fast path, hexagram symbol not counted", "一龥㐀〇々䷀", 5, 1},
		{"full-width letters form a word", "Ｇｏ语言１２", 4, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := render(t, tt.src)
			if doc.Chars != tt.chars || doc.ReadingMinutes != tt.minutes {
				t.Errorf("Chars, ReadingMinutes = %d, %d; want %d, %d", doc.Chars, doc.ReadingMinutes, tt.chars, tt.minutes)
			}
		})
	}
}

func TestInline(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"**重要**通知", "<strong>重要</strong>通知"},
		{"见[方案](https://www.gov.cn/)", `见<a href="https://www.gov.cn/">方案</a>`},
		{"纯文本 & <b>标签</b>", "纯文本 &amp; <!-- raw HTML omitted -->标签<!-- raw HTML omitted -->"},
		{"", ""},
		{"第一段\n\n第二段", "<p>第一段</p>\n<p>第二段</p>"},
		{"- 项目", "<ul>\n<li>项目</li>\n</ul>"},
	}
	r := New(Options{})
	for _, tt := range tests {
		got, err := r.Inline(tt.src)
		if err != nil {
			t.Fatalf("Inline(%q): %v", tt.src, err)
		}
		if got != tt.want {
			t.Errorf("Inline(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestBasePath(t *testing.T) {
	r := New(Options{})
	doc, err := r.Render(Input{
		Source:   []byte("[附件](/files/a.pdf) [已有](/fzzf/x/) [外链](https://www.gov.cn/) [协议相对](//cdn.example/x) [锚](#a) [相对](b.png)\n\n![图](/img/a.png)\n"),
		BasePath: "/fzzf/",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="/fzzf/files/a.pdf"`, `href="/fzzf/x/"`, `href="https://www.gov.cn/"`, `href="//cdn.example/x"`, `href="#a"`, `href="b.png"`, `src="/fzzf/img/a.png"`} {
		if !strings.Contains(doc.HTML, want) {
			t.Errorf("HTML lacks %s:\n%s", want, doc.HTML)
		}
	}
	doc, _ = r.Render(Input{Source: []byte("[附件](/files/a.pdf)\n")})
	if !strings.Contains(doc.HTML, `href="/files/a.pdf"`) {
		t.Errorf("without BasePath the link changed: %s", doc.HTML)
	}
}
