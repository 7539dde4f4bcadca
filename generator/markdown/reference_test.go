package markdown

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"math/rand"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// This file keeps the straightforward implementations that the faster code
// in this package replaced, and checks on many generated pages that both
// give exactly the same result.

// newReference returns a Renderer set up as before the speed work: goldmark's
// own table cell renderer with the align class set as an attribute in the
// AST transformer, text written through html.Writer only, heading ids as
// attributes by parser.WithAutoHeadingID, and every block parsed by
// goldmark's inline parser.
func newReference(opts Options) *refRenderer {
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(
			util.Prioritized(parser.NewCodeSpanParser(), 100),
			util.Prioritized(parser.NewLinkParser(), 200),
			util.Prioritized(parser.NewAutoLinkParser(), 300),
			util.Prioritized(parser.NewRawHTMLParser(), 400),
			util.Prioritized(cjkEmphasisParser{}, 500),
		),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	var htmlOpts []renderer.Option
	if opts.Unsafe {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(refFixups{}, 1000)),
		),
		goldmark.WithRendererOptions(htmlOpts...),
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			cjkStrikethrough{},
			extension.Linkify,
			extension.TaskList,
			extension.Footnote,
			extension.CJK,
			refLineBreaks{},
		),
	)
	return &refRenderer{md: md}
}

// refRenderer is the former Renderer.
type refRenderer struct {
	md goldmark.Markdown
}

// refHeadingIDs is the former headingIDs, a goldmark parser.IDs.
type refHeadingIDs struct {
	used map[string]bool
}

var _ parser.IDs = (*refHeadingIDs)(nil)

func (h *refHeadingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slug(value)
	id := base
	for n := 1; h.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	h.used[id] = true
	return []byte(id)
}

func (h *refHeadingIDs) Put(value []byte) {
	h.used[string(value)] = true
}

func (r *refRenderer) parse(src []byte) ast.Node {
	pc := parser.NewContext(parser.WithIDs(&refHeadingIDs{used: map[string]bool{}}))
	return r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
}

// Render is the former Renderer.Render.
func (r *refRenderer) Render(in Input) (*Doc, error) {
	src := in.Source
	root := r.parse(src)

	marker := moreMarker(root, src)
	a := newAnalyzer(src, in.ResolveLink, marker == nil)
	a.basePath = in.BasePath

	w := getWriter(nil)
	defer putWriter(w)
	doc := &Doc{}
	summaryEnd := -1
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		if c == marker {
			summaryEnd = w.Len()
			a.endSummary()
			continue
		}
		if err := ast.Walk(c, a.visit); err != nil {
			return nil, fmt.Errorf("analyse markdown: %w", err)
		}
		if err := r.md.Renderer().Render(w, src, c); err != nil {
			return nil, fmt.Errorf("render markdown: %w", err)
		}
	}

	doc.HTML = w.String()
	doc.TOC = a.toc
	doc.Problems = a.problems
	doc.Chars = a.count.n
	doc.ReadingMinutes = max(1, (doc.Chars+CharsPerMinute-1)/CharsPerMinute)
	if summaryEnd >= 0 {
		doc.SummaryHTML = doc.HTML[:summaryEnd]
		doc.Summary = a.summary.String()
	} else {
		doc.Summary = refCutSummary(a.summary.String(), SummaryLength)
		if doc.Summary != "" {
			doc.SummaryHTML = "<p>" + stdhtml.EscapeString(doc.Summary) + "</p>"
		}
	}
	return doc, nil
}

// Inline is the former Renderer.Inline.
func (r *refRenderer) Inline(src string) (string, error) {
	source := []byte(src)
	root := r.parse(source)
	var nodes ast.Node = root
	if p, ok := root.FirstChild().(*ast.Paragraph); ok && root.ChildCount() == 1 {
		nodes = p
	}
	w := getWriter(nil)
	defer putWriter(w)
	for c := nodes.FirstChild(); c != nil; c = c.NextSibling() {
		if err := r.md.Renderer().Render(w, source, c); err != nil {
			return "", fmt.Errorf("render markdown: %w", err)
		}
	}
	return string(bytes.TrimRight(w.Bytes(), "\n")), nil
}

// refFixups is the former fixups: the align class is set as an attribute.
type refFixups struct{}

var refAlignClasses = [...][]byte{
	east.AlignLeft:   []byte("align-left"),
	east.AlignRight:  []byte("align-right"),
	east.AlignCenter: []byte("align-center"),
}

func (refFixups) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *east.TableCell:
			if n.Alignment != east.AlignNone {
				n.SetAttributeString("class", refAlignClasses[n.Alignment])
			}
		case *ast.Link, *ast.AutoLink, *ast.Image, *ast.CodeSpan, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if !n.IsRaw() && hasURLStart(n.Segment.Value(source)) {
				mergeFollowingText(n)
				texts = append(texts, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		linkifyText(t, source)
	}
}

// refTextRenderer is the former textRenderer: all text goes through
// html.Writer.
type refTextRenderer struct{ html.Config }

type refLineBreaks struct{}

func (refLineBreaks) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&refTextRenderer{Config: html.NewConfig()}, 100)))
}

func (r *refTextRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindText, r.renderText)
}

func (r *refTextRenderer) renderText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	value := n.Segment.Value(source)
	if n.IsRaw() {
		r.Writer.RawWrite(w, value)
	} else {
		r.Writer.Write(w, value)
	}
	switch {
	case n.HardLineBreak() || n.SoftLineBreak() && r.HardWraps:
		if r.XHTML {
			_, _ = w.WriteString("<br />\n")
		} else {
			_, _ = w.WriteString("<br>\n")
		}
	case n.SoftLineBreak():
		before, ok1 := lastRuneBefore(n, source)
		after, ok2 := firstRuneAfter(n, source)
		if !ok1 || !ok2 || !breakJoins(before, after) {
			_ = w.WriteByte('\n')
		}
	}
	return ast.WalkContinue, nil
}

// refCounterWrite is the former counter.write.
func refCounterWrite(c *counter, v []byte) {
	for i := 0; i < len(v); {
		b := v[i]
		if b < utf8.RuneSelf {
			i++
			if b|0x20 >= 'a' && b|0x20 <= 'z' || b >= '0' && b <= '9' {
				if !c.inWord {
					c.n++
					c.inWord = true
				}
			} else {
				c.inWord = false
			}
			continue
		}
		if i+2 < len(v) && (b >= 0xE5 && b <= 0xE9 || b == 0xE4 && v[i+1] >= 0xB8) &&
			v[i+1]&0xC0 == 0x80 && v[i+2]&0xC0 == 0x80 {
			i += 3
			c.n++
			c.inWord = false
			continue
		}
		r, size := utf8.DecodeRune(v[i:])
		i += size
		switch {
		case isIdeograph(r):
			c.n++
			c.inWord = false
		case r >= 0x2000 && r <= 0x303F:
			c.inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !c.inWord {
				c.n++
				c.inWord = true
			}
		default:
			c.inWord = false
		}
	}
}

// genPage returns a random page of Chinese Markdown built from fragments
// that exercise the edge cases of the replaced code.
func genPage(rng *rand.Rand) []byte {
	words := []string{
		"许昌市", "自然资源", "法治政府", "建设", "，", "。", "：", "；", "！", "？", "（", "）",
		"“政策”", "「刻舟求剑」", "《纲要》", "、", "……", "——", " ", "  ", "\t", "Go", "2.0", "abc",
		"ＡＢＣ", "１２３", "한국어", "かな", "カナ", "🙂", "々", "〇", "\u3000", "\u200b", "①",
		"&amp;", "&copy;", "&#x4e2d;", "&#20013;", "&nosuch;", "&", "&#;", "\\*", "\\\\", "\\ ", "\\中",
		"<", ">", "\"", "'", "\x00", "a<b>c", "5 > 3", "AT&T", "1<2", "\\&amp;",
		"**重点**", "**“政策”**文件", "**真，**她", "*强调*", "_下划_", "__粗__", "~~删除~~", "~单~",
		"`代码`", "`a<b`", "``x ` y``", "<span>内联</span>", "<br>", "<!-- 注释 -->",
		"https://www.gov.cn/", "链接：https://zrzy.xuchang.gov.cn/fzzf/。", "见www.example.com。",
		"中https://a.b/c_d_e?x=1&amp;y=2)", "（http://x.cn/a(b)）", "<https://auto.link/>", "<mailto:a@b.cn>",
		"a@b.cn", " www.gov.cn ", "ftp://f.cn/x", "中文https://nohost", "词http://例子.cn",
		"[工作方案](../policies/plan.md#二创建任务)", "[缺失](missing.md)", "[外链](https://x.cn/a.md)",
		"[根](/files/a.pdf)", "[锚](#一总体要求)", "[**粗体链接**](plan.md)", "[空]()", "![图](/img/a.png)",
		"![图2](b.png \"标题\")", "[带标题](../policies/plan.md \"t&amp;\")", "[x](javascript:alert(1))",
		"[y](JAVASCRIPT:alert(1))", "[z](data:image/png;base64,xx)", "[^1]", "[^注]",
	}
	word := func() string { return words[rng.Intn(len(words))] }
	line := func() string {
		var b strings.Builder
		for n := 1 + rng.Intn(8); n > 0; n-- {
			b.WriteString(word())
		}
		return b.String()
	}
	headings := []string{"一、总体要求", "总体要求", "（一）指导思想", "Go 语言 2.0", "！！", "重复", "重复", "a&amp;b", "`代码`标题"}
	var b strings.Builder
	for blocks := 1 + rng.Intn(14); blocks > 0; blocks-- {
		switch rng.Intn(14) {
		case 0, 1:
			fmt.Fprintf(&b, "%s %s\n\n", strings.Repeat("#", 1+rng.Intn(5)), headings[rng.Intn(len(headings))])
		case 2:
			cols := 1 + rng.Intn(4)
			aligns := []string{"---", ":--", ":-:", "--:", " :---: ", "---", ":--", ":-:", "--:", " :---: ",
				": -", "::", "-:-", "\t-\t", " - ", "", ":", "-- :", "-x-", "- -"}
			if rng.Intn(3) == 0 {
				b.WriteString(line() + "\n") // a table after paragraph text
			}
			if rng.Intn(4) == 0 {
				b.WriteString("    ") // indented by 4: no delimiter row
			}
			b.WriteString("|")
			for c := 0; c < cols; c++ {
				b.WriteString(" " + line() + " |")
			}
			b.WriteString("\n")
			if rng.Intn(5) != 0 {
				b.WriteString("|")
			}
			delimCols := cols
			if rng.Intn(5) == 0 {
				delimCols += rng.Intn(2) - rng.Intn(2)
			}
			for c := 0; c < delimCols; c++ {
				a := aligns[rng.Intn(10)]
				if rng.Intn(8) == 0 {
					a = aligns[rng.Intn(len(aligns))]
				}
				b.WriteString(a + "|")
			}
			b.WriteString("\n")
			for r := rng.Intn(4); r > 0; r-- {
				b.WriteString("|")
				for c := 0; c < cols+rng.Intn(2)-rng.Intn(2); c++ {
					cell := line()
					if rng.Intn(5) == 0 {
						cell = "`a\\|b` c\\|d"
					}
					b.WriteString(" " + cell + " |")
				}
				b.WriteString("\n")
			}
			b.WriteString("\n")
		case 3:
			for i := 1 + rng.Intn(3); i > 0; i-- {
				marks := []string{"- [ ] ", "- [x] ", "- ", "1. ", "* [X] "}
				b.WriteString(marks[rng.Intn(len(marks))] + line() + "\n")
			}
			b.WriteString("\n")
		case 4:
			fmt.Fprintf(&b, "[^%s]: %s\n\n", []string{"1", "注", "x"}[rng.Intn(3)], line())
		case 5:
			b.WriteString("```go\n" + line() + "\n<b>&amp;</b>\n```\n\n")
		case 6:
			b.WriteString("<div class=\"x\">\n" + line() + "\n</div>\n\n")
		case 7:
			if rng.Intn(2) == 0 {
				b.WriteString("<!--more-->\n\n")
			}
		case 8:
			b.WriteString("> " + line() + "\n> " + line() + "\n\n")
		default:
			for i := 1 + rng.Intn(4); i > 0; i-- {
				b.WriteString(line())
				switch rng.Intn(4) {
				case 0:
					b.WriteString("  ")
				case 1:
					b.WriteString("\\")
				}
				b.WriteString("\n")
			}
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

func refResolve(p string) (string, bool) {
	if strings.Contains(p, "missing") {
		return "", false
	}
	return "/fzzf/" + strings.TrimSuffix(p, ".md") + "/", true
}

// TestReferenceEquivalence renders many generated pages with New and with
// newReference and requires identical Docs.
func TestReferenceEquivalence(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	for _, unsafe := range []bool{false, true} {
		r, ref := New(Options{Unsafe: unsafe}), newReference(Options{Unsafe: unsafe})
		rng := rand.New(rand.NewSource(1))
		for i := 0; i < n; i++ {
			src := genPage(rng)
			if i%2 == 1 {
				src = genBlocksPage(rng)
			}
			in := Input{Source: src, ResolveLink: refResolve, BasePath: "/fzzf/"}
			if i%3 == 0 {
				in.ResolveLink, in.BasePath = nil, ""
			}
			want, err1 := ref.Render(in)
			got, err2 := r.Render(in)
			if fmt.Sprint(err1) != fmt.Sprint(err2) {
				t.Fatalf("errors differ: %v vs %v", err1, err2)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("unsafe=%v: Render differs for\n%q\n got: %#v\nwant: %#v", unsafe, src, got, want)
			}
			ig, e1 := r.Inline(string(src))
			iw, e2 := ref.Inline(string(src))
			if ig != iw || fmt.Sprint(e1) != fmt.Sprint(e2) {
				t.Fatalf("Inline differs for %q:\n got: %q\nwant: %q", src, ig, iw)
			}
		}
	}
}

// TestCounterEquivalence checks counter.write against the former version
// on every rune (alone and between letters) and on random byte strings,
// invalid UTF-8 included.
func TestCounterEquivalence(t *testing.T) {
	check := func(v []byte) {
		t.Helper()
		for _, inWord := range []bool{false, true} {
			got, want := counter{inWord: inWord}, counter{inWord: inWord}
			run := got.writeRun(v)
			refCounterWrite(&want, v)
			if got != want {
				t.Fatalf("counter.write(%q) from inWord=%v = %+v, want %+v", v, inWord, got, want)
			}
			if want := textRun(v); run != want {
				t.Fatalf("counter.writeRun(%q) = %d, want textRun %d", v, run, want)
			}
		}
	}
	var buf []byte
	for r := rune(0); r <= unicode.MaxRune; r++ {
		buf = utf8.AppendRune(buf[:0], r)
		check(buf)
		buf = append(append(append(buf[:0], 'a'), string(r)...), 'b')
		check(buf)
		// In a run of Han characters, where counter.write takes two at
		// a time: first and second of a pair, and after a pair.
		for _, at := range []int{1, 2, 3} {
			buf = append(bytes.Repeat([]byte("中"), at), string(r)...)
			buf = append(buf, "中中中中"...)
			check(buf)
		}
	}
	// Han runs of every length with the bytes of a Han character (and of
	// its neighbours in the code space) cut or changed inside them.
	for n := 0; n < 12; n++ {
		for _, tail := range [][]byte{{0xE4}, {0xE4, 0xB8}, {0xE4, 0xB7, 0xBF}, {0xE9, 0xBF}, {0xEA, 0x80, 0x80},
			{0xE5, 0x80, 0xC0}, {0xE5, 0xC0, 0x80}, {0xE5, 0x7F, 0x80}, {0xE3, 0x80, 0x85}, []byte("，a")} {
			buf = append(bytes.Repeat([]byte("中"), n), tail...)
			check(buf)
			check(append(buf, "中中中"...))
		}
	}
	rng := rand.New(rand.NewSource(2))
	pieces := [][]byte{{0xE4}, {0xB8}, {0xE9, 0xBF}, {0xEF, 0xBC}, {0xE3, 0x80}, {0x80}, {0xFF}, []byte("中"), []byte("，"), []byte("ａ"), []byte("Ａ"), []byte("々"), []byte("a"), []byte("1"), []byte(" "),
		[]byte("一"), []byte("鿿"), []byte("㐀"), []byte("䷀"), []byte("ꀀ"), []byte("许昌市自然资源"), []byte("中文"),
		[]byte("&"), []byte("\\"), []byte("<"), []byte(">"), []byte(`"`), {0}}
	for i := 0; i < 200000; i++ {
		buf = buf[:0]
		for k := rng.Intn(8 + i%17); k > 0; k-- {
			if rng.Intn(3) == 0 {
				buf = append(buf, byte(rng.Intn(256)))
			} else {
				buf = append(buf, pieces[rng.Intn(len(pieces))]...)
			}
		}
		check(buf)
	}
}

// TestReferenceGolden compares New with newReference on the benchmark page.
func TestReferenceGolden(t *testing.T) {
	r, ref := New(Options{}), newReference(Options{})
	for _, src := range [][]byte{benchPage(), bytes.Repeat(benchPage(), 3)} {
		got, _ := r.Render(Input{Source: src, ResolveLink: resolveBench})
		want, _ := ref.Render(Input{Source: src, ResolveLink: resolveBench})
		if !reflect.DeepEqual(got, want) {
			t.Fatal("bench page renders differently")
		}
	}
}

// TestTableDelimAlignment compares tableDelimAlignment with the regular
// expressions of goldmark's table extension on every short column.
func TestTableDelimAlignment(t *testing.T) {
	res := []struct {
		re *regexp.Regexp
		a  east.Alignment
	}{
		{regexp.MustCompile(`^\s*\:\-+\s*$`), east.AlignLeft},
		{regexp.MustCompile(`^\s*\-+\:\s*$`), east.AlignRight},
		{regexp.MustCompile(`^\s*\:\-+\:\s*$`), east.AlignCenter},
		{regexp.MustCompile(`^\s*\-+\s*$`), east.AlignNone},
	}
	alphabet := []byte(" \t\n\r\f\v-:x")
	col := make([]byte, 0, 7)
	var walk func(depth int)
	walk = func(depth int) {
		want, wantOK := east.AlignNone, false
		for _, r := range res {
			if r.re.Match(col) {
				want, wantOK = r.a, true
				break
			}
		}
		got, ok := tableDelimAlignment(col)
		if got != want || ok != wantOK {
			t.Fatalf("tableDelimAlignment(%q) = %v, %v; want %v, %v", col, got, ok, want, wantOK)
		}
		if depth == 0 {
			return
		}
		for _, c := range alphabet {
			col = append(col, c)
			walk(depth - 1)
			col = col[:len(col)-1]
		}
	}
	walk(6)
}

// TestIsDangerousURL compares isDangerousURL with goldmark's.
func TestIsDangerousURL(t *testing.T) {
	parts := []string{"javascript:", "JavaScript:", "vbscript:", "VBSCRIPT:", "file:", "data:", "DATA:",
		"data:image/", "Data:Image/", "png;", "PNG;", "gif;", "jpeg;", "webp;", "svg;", "j", "a", ":", "/",
		"\u212a", "\u0130", "\xff", "\xe2", "é", "https://x.cn/", "x", "%20", ""}
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < 200000; i++ {
		var b []byte
		for k := rng.Intn(4); k >= 0; k-- {
			b = append(b, parts[rng.Intn(len(parts))]...)
		}
		if rng.Intn(4) == 0 && len(b) > 0 { // cut anywhere, also inside a rune
			b = b[:rng.Intn(len(b))]
		}
		if got, want := isDangerousURL(b), html.IsDangerousURL(b); got != want {
			t.Fatalf("isDangerousURL(%q) = %v, want %v", b, got, want)
		}
	}
}

// TestIsSpace checks isSpace against unicode.IsSpace on every rune.
func TestIsSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune+1; r++ {
		if isSpace(r) != unicode.IsSpace(r) {
			t.Fatalf("isSpace(%U) = %v", r, isSpace(r))
		}
	}
}

// genBlocksPage returns a random page that stresses the block structure
// around text that is plain (see plainLines) or nearly so: paragraphs and
// headings of Chinese text with one special byte here and there, setext
// headings, link reference definitions, tight, loose and nested lists,
// block quotes with lazy continuation lines, footnotes holding headings,
// tables, indentation, tabs, trailing spaces and CRLF line ends.
func genBlocksPage(rng *rand.Rand) []byte {
	plain := []string{"许昌市", "自然资源", "法治政府", "建设", "，", "。", "「刻舟求剑」", "《纲要》", "abc", "Go",
		"123", "ＡＢＣ", "\u3000", "\u00a0", "é", "\x00", "\x7f", "\x01", "한국어", "🙂", "重复"}
	special := []string{" ", "  ", "\t", "*", "_", "**", "[", "]", "\\", "`", "<", ">", "&", "!", ":", "www.", "@",
		"http://x.cn", "https://a.b/c", "~", "~~", "|", "#", "-", "=", "(", ")", "\\\n", "  \n", "\r", "\v", "\f",
		"a@b.cn", "[^1]", "[ref]", "[x](y.md)", "[缺失](missing.md)"}
	for c := byte(0x21); c < 0x7f; c++ { // every ASCII punctuation character alone
		if util.IsPunct(c) {
			special = append(special, string(c), string(c), string(c))
		}
	}
	// Line starts that linkify looks at.
	leads := []string{"http://x.cn/a", "https://x.cn", "ftp://f.cn/", "www.x.cn", "HTTP://x.cn", "http:", "www",
		"foo@x.cn", "hello", "fine", "world", "a.b", "x-y", "1.", "2)", "#", "-", "+", ">", "=", "%", "&amp;"}
	text := func() string {
		var b strings.Builder
		if rng.Intn(8) == 0 {
			b.WriteString(leads[rng.Intn(len(leads))])
		}
		for n := 1 + rng.Intn(6); n > 0; n-- {
			if rng.Intn(12) == 0 {
				b.WriteString(special[rng.Intn(len(special))])
			} else {
				b.WriteString(plain[rng.Intn(len(plain))])
			}
		}
		return b.String()
	}
	nl := func() string {
		if rng.Intn(15) == 0 {
			return "\r\n"
		}
		return "\n"
	}
	indent := func() string {
		return []string{"", "", "", "", " ", "  ", "   ", "\t"}[rng.Intn(8)]
	}
	para := func(prefix string) string {
		var b strings.Builder
		for n := 1 + rng.Intn(4); n > 0; n-- {
			b.WriteString(prefix + indent() + text())
			if rng.Intn(10) == 0 {
				b.WriteString([]string{" ", "  ", "\t", "\\"}[rng.Intn(4)])
			}
			b.WriteString(nl())
		}
		return b.String()
	}
	var b strings.Builder
	for blocks := 1 + rng.Intn(12); blocks > 0; blocks-- {
		switch rng.Intn(16) {
		case 0, 1, 2:
			b.WriteString(para(""))
		case 3:
			fmt.Fprintf(&b, "%s%s %s%s", indent(), strings.Repeat("#", 1+rng.Intn(7)), text(),
				[]string{"", "", " #", " ##", "#", " "}[rng.Intn(6)])
			b.WriteString(nl())
		case 4:
			b.WriteString([]string{"#", "##\n", "## ##", "# \n", "#\t#"}[rng.Intn(5)] + "\n")
		case 5:
			b.WriteString(para("") + []string{"===", "---", " ---", "= =", "----  "}[rng.Intn(5)] + nl())
		case 6:
			fmt.Fprintf(&b, "%s[%s]: %s\n", indent(), []string{"ref", "x", "重复"}[rng.Intn(3)],
				[]string{"/url", "<a b>", "/u \"t\"", ""}[rng.Intn(4)])
			if rng.Intn(2) == 0 {
				b.WriteString(para(""))
			}
		case 7, 8:
			mark := []string{"- ", "* ", "1. ", "+ ", "- [ ] "}[rng.Intn(5)]
			loose := rng.Intn(3) == 0
			for n := 1 + rng.Intn(4); n > 0; n-- {
				b.WriteString(mark + text() + nl())
				switch rng.Intn(6) {
				case 0:
					b.WriteString("  " + text() + nl()) // continuation line
				case 1:
					b.WriteString("  - " + text() + nl()) // nested item
				case 2:
					b.WriteString(text() + nl()) // lazy continuation
				case 3:
					b.WriteString("\n  " + text() + nl()) // second paragraph
				}
				if loose {
					b.WriteString("\n")
				}
			}
		case 9:
			b.WriteString(para("> "))
			if rng.Intn(2) == 0 {
				b.WriteString(text() + nl()) // lazy continuation
			}
		case 10:
			fmt.Fprintf(&b, "[^%d]: %s\n", 1+rng.Intn(2), []string{"# 重复", text(), "## " + text()}[rng.Intn(3)])
			if rng.Intn(2) == 0 {
				b.WriteString("    " + text() + "\n")
			}
			if rng.Intn(2) == 0 {
				fmt.Fprintf(&b, "\n%s[^%d]\n", text(), 1+rng.Intn(3))
			}
		case 11:
			fmt.Fprintf(&b, "| %s | %s |\n|---|:-:|\n| %s | %s |\n| %s |\n", text(), text(), text(), text(), text())
		case 12:
			b.WriteString("    " + text() + "\n")
		case 13:
			b.WriteString("<!--more-->\n")
		default:
			b.WriteString(text() + "\n")
		}
		if rng.Intn(4) != 0 {
			b.WriteString(nl())
		}
	}
	return []byte(b.String())
}

// dumpAST writes the tree below n: every node's kind, position and
// attributes, the lines of blocks and the segment and flags of texts.
// headingID gives the id of a heading (an attribute in the old set-up).
func dumpAST(b *strings.Builder, n ast.Node, depth int, headingID func(*ast.Heading) string) {
	fmt.Fprintf(b, "%s%s pos=%d", strings.Repeat(" ", depth), n.Kind(), n.Pos())
	if n.Type() == ast.TypeBlock {
		fmt.Fprintf(b, " blank=%v", n.HasBlankPreviousLines())
	}
	for _, a := range n.Attributes() {
		if _, ok := n.(*ast.Heading); ok && string(a.Name) == "id" && headingID == nil {
			continue // the old set-up's id, written below
		}
		if _, ok := n.(*east.TableCell); ok && string(a.Name) == "class" {
			continue // the old set-up's align class (the new one renders it)
		}
		fmt.Fprintf(b, " %s=%q", a.Name, fmt.Sprint(a.Value))
	}
	switch n := n.(type) {
	case *ast.Text:
		fmt.Fprintf(b, " seg=%+v soft=%v hard=%v raw=%v", n.Segment, n.SoftLineBreak(), n.HardLineBreak(), n.IsRaw())
	case *ast.Heading:
		if headingID != nil {
			fmt.Fprintf(b, " id=%q", headingID(n))
		} else {
			fmt.Fprintf(b, " id=%q", attrString(n, "id"))
		}
	}
	if n.Type() == ast.TypeBlock {
		fmt.Fprintf(b, " lines=%+v", n.Lines().Sliced(0, n.Lines().Len()))
	}
	dumpFields(b, n)
	b.WriteByte('\n')
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		dumpAST(b, c, depth+1, headingID)
	}
}

// dumpFields writes the exported fields a node type adds to its embedded
// base (Heading.Level, List.IsTight, TableCell.Alignment, Link.Destination
// and so on).
func dumpFields(b *strings.Builder, n ast.Node) {
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return
	}
	dumpStruct(b, v.Elem())
}

func dumpStruct(b *strings.Builder, v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && !strings.HasPrefix(f.Name, "Base") {
			dumpStruct(b, v.Field(i)) // such as ast.Link's baseLink
			continue
		}
		if f.Anonymous || !f.IsExported() {
			continue
		}
		switch x := v.Field(i).Interface().(type) {
		case []byte:
			fmt.Fprintf(b, " %s=%q", f.Name, x)
		case ast.Node:
			fmt.Fprintf(b, " %s=%T", f.Name, x)
		default:
			fmt.Fprintf(b, " %s=%#v", f.Name, x)
		}
	}
}

// TestParseEquivalence parses generated pages with New and with
// newReference and requires the same syntax trees (heading ids included).
func TestParseEquivalence(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	r, ref := New(Options{}), newReference(Options{})
	rng := rand.New(rand.NewSource(4))
	var plain, prefix int
	for i := 0; i < n; i++ {
		var src []byte
		if i%4 == 0 {
			src = genPage(rng)
		} else {
			src = genBlocksPage(rng)
		}
		p, q := checkParse(t, r, ref, src)
		plain, prefix = plain+p, prefix+q
	}
	if plain < n {
		t.Fatalf("only %d plain blocks in %d pages: the generator misses the fast path", plain, n)
	}
	if prefix < n/4 {
		t.Fatalf("only %d blocks with a plain start in %d pages: the generator misses that fast path", prefix, n)
	}
}

// checkParse requires the same syntax tree from r and ref for src and
// returns how many blocks were plain and how many had a plain start.
func checkParse(t *testing.T, r *Renderer, ref *refRenderer, src []byte) (plain, prefix int) {
	t.Helper()
	var want, got strings.Builder
	dumpAST(&want, ref.parse(src), 0, nil)
	root, ps := r.parse(src)
	cursor := 0
	dumpAST(&got, root, 0, func(h *ast.Heading) string {
		id, ok := ps.headingID(h, &cursor)
		if !ok {
			return "(none)"
		}
		return id
	})
	for _, b := range ps.plain {
		if b.prefix != nil {
			prefix++
		} else {
			plain++
		}
	}
	putParseState(ps)
	if got.String() != want.String() {
		t.Fatalf("trees differ for %q:\n got:\n%s\nwant:\n%s", src, got.String(), want.String())
	}
	return plain, prefix
}

// TestHeadingEdgeCases compares the trees of ATX headings that end
// early, at the end of the input, in containers and with closing
// sequences (see headingParser.Open).
func TestHeadingEdgeCases(t *testing.T) {
	r, ref := New(Options{}), newReference(Options{})
	heads := []string{"#", "##", "######", "#######", "# ", "#\t", "# a", "#a", "## 标题 ##", "## 标题##",
		"## ##", "### ### ", "# # #", "#  许昌市  #  ", "## a \\#", "###### x ######", "   ## 缩进", "    # code",
		"# [链接](a.md) ###", "## **粗** #"}
	for _, h := range heads {
		for _, src := range []string{h, h + "\n", h + "\n正文", "正文\n" + h, "> " + h, "- " + h, "- a\n\n  " + h + "\n"} {
			checkParse(t, r, ref, []byte(src))
		}
	}
}

// TestContextReuse renders pages that leave state in goldmark's parse
// context (a failed search for the end of an HTML comment, link reference
// definitions, footnotes) and then pages that would be misread with that
// state, all with one Renderer on one goroutine, so that the parse state
// and its context are reused (see resetContext).
func TestContextReuse(t *testing.T) {
	first := []string{
		"前文 <!-- 未结束的注释\n" + strings.Repeat("许昌市自然资源和规划局。\n", 20),
		"[重复]: https://x.cn/a\n\n[^1]: 脚注\n\n正文[^1]。",
		"<?x 未结束\n\n<!x 未结束\n\n<![CDATA[ 未结束\n",
	}
	second := []string{
		"a <!-- 注释 --> b",
		"见[重复]与[^1]。",
		"<?x y?> <!x y> <![CDATA[ y ]]>",
	}
	for _, unsafe := range []bool{false, true} {
		r, ref := New(Options{Unsafe: unsafe}), newReference(Options{Unsafe: unsafe})
		for i := 0; i < 20; i++ {
			for _, src := range append(first[i%len(first):i%len(first)+1], second...) {
				in := Input{Source: []byte(src)}
				want, _ := ref.Render(in)
				got, _ := r.Render(in)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("unsafe=%v: Render(%q) after %q:\n got: %#v\nwant: %#v", unsafe, src, first[i%len(first)], got, want)
				}
			}
		}
	}
}

// TestCorpusEquivalence renders and parses the pages of the benchmark
// corpus with New and with newReference, all with one Renderer so that the
// parse states and their node slabs are reused.
func TestCorpusEquivalence(t *testing.T) {
	r, ref := New(Options{}), newReference(Options{})
	var plain, prefix int
	for _, src := range corpusBodies(t, 300) {
		in := Input{Source: src, ResolveLink: refResolve, BasePath: "/fzzf/"}
		want, err1 := ref.Render(in)
		got, err2 := r.Render(in)
		if fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Fatalf("errors differ: %v vs %v", err1, err2)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Render differs for\n%q\n got: %#v\nwant: %#v", src, got, want)
		}
		p, q := checkParse(t, r, ref, src)
		plain, prefix = plain+p, prefix+q
	}
	if plain < 300*10 || prefix < 300 {
		t.Fatalf("%d plain blocks and %d with a plain start in 300 corpus pages: fast paths missed", plain, prefix)
	}
}

// refParseTableDelimiter is goldmark's parseDelimiter splitting with
// bytes.Split (the former parseTableDelimiter).
func refParseTableDelimiter(line []byte) []east.Alignment {
	if !isTableDelim(line) {
		return nil
	}
	cols := bytes.Split(line, []byte{'|'})
	if util.IsBlank(cols[0]) {
		cols = cols[1:]
	}
	if len(cols) > 0 && util.IsBlank(cols[len(cols)-1]) {
		cols = cols[:len(cols)-1]
	}
	var alignments []east.Alignment
	for _, col := range cols {
		a, ok := tableDelimAlignment(col)
		if !ok {
			return nil
		}
		alignments = append(alignments, a)
	}
	return alignments
}

// TestParseTableDelimiter compares parseTableDelimiter with the splitting
// version on every line of up to 7 bytes from an alphabet of delimiter row
// characters.
func TestParseTableDelimiter(t *testing.T) {
	alphabet := []byte("|-: \tx")
	line := make([]byte, 0, 7)
	var walk func(depth int)
	walk = func(depth int) {
		got, want := parseTableDelimiter(line), refParseTableDelimiter(line)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("parseTableDelimiter(%q) = %#v, want %#v", line, got, want)
		}
		if depth == 0 {
			return
		}
		for _, c := range alphabet {
			line = append(line, c)
			walk(depth - 1)
			line = line[:len(line)-1]
		}
	}
	walk(7)
}

// refPlainTextWrite is the former plainText.write.
func refPlainTextWrite(p *plainText, v []byte) {
	for i := 0; i < len(v); {
		if p.limit > 0 && p.runes >= p.limit {
			return
		}
		r, size := rune(v[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(v[i:])
		}
		i += size
		if isSpace(r) {
			if p.runes > 0 {
				p.space = true
			}
			continue
		}
		if p.space || p.brk {
			if p.space || !breakJoins(p.last, r) {
				p.buf = append(p.buf, ' ')
				p.runes++
			}
			p.space, p.brk = false, false
		}
		p.buf = utf8.AppendRune(p.buf, r)
		p.runes++
		p.last = r
	}
}

// TestPlainTextEquivalence feeds the same random pieces (invalid UTF-8,
// white space and breaks included) to plainText.write and the former
// version, with and without a limit.
func TestPlainTextEquivalence(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	pieces := [][]byte{{0xE4}, {0xB8, 0xAD}, {0xFF}, {0xEF, 0xBF, 0xBD}, []byte("中文"), []byte("，"), []byte("\u3000"),
		[]byte(" "), []byte("\n"), []byte("a"), []byte("Go 语言"), []byte("한국어"), []byte("\u200b"), []byte("🙂"),
		{0xED, 0xA0, 0x80}, {0xE0, 0x9F, 0xBF}, {0xEE, 0x80}, []byte("\u3000a")}
	for i := 0; i < 20000; i++ {
		limit := []int{0, 1, 5, 20}[rng.Intn(4)]
		got, want := plainText{limit: limit}, plainText{limit: limit}
		for k := rng.Intn(10); k > 0; k-- {
			if rng.Intn(4) == 0 {
				got.softBreak()
				want.softBreak()
				continue
			}
			var v []byte
			for j := rng.Intn(4); j >= 0; j-- {
				v = append(v, pieces[rng.Intn(len(pieces))]...)
			}
			got.write(v)
			refPlainTextWrite(&want, v)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("plainText.write(%q) gives %+v, want %+v", v, got, want)
			}
		}
	}
}

// TestRuns checks plainRun and textRun against byte-by-byte loops on
// random strings of Chinese text, ASCII and every byte value.
func TestRuns(t *testing.T) {
	slow := func(v []byte, special *[256]bool) int {
		i := 0
		for i < len(v) && !special[v[i]] {
			i++
		}
		return i
	}
	rng := rand.New(rand.NewSource(5))
	pieces := [][]byte{[]byte("许昌市"), []byte("，"), []byte("a1"), []byte("“双随机”")}
	var buf []byte
	for i := 0; i < 100000; i++ {
		buf = buf[:0]
		for k := rng.Intn(12); k > 0; k-- {
			if rng.Intn(4) == 0 {
				buf = append(buf, byte(rng.Intn(256)))
			} else {
				buf = append(buf, pieces[rng.Intn(len(pieces))]...)
			}
		}
		if got, want := plainRun(buf), slow(buf, &inlineSpecial); got != want {
			t.Fatalf("plainRun(%q) = %d, want %d", buf, got, want)
		}
		if got, want := textRun(buf), slow(buf, &textSpecial); got != want {
			t.Fatalf("textRun(%q) = %d, want %d", buf, got, want)
		}
	}
}

// TestBlockParsers checks that blockParsers is goldmark's
// parser.DefaultBlockParsers with some parsers wrapped.
func TestBlockParsers(t *testing.T) {
	got, want := blockParsers(), parser.DefaultBlockParsers()
	if len(got) != len(want) {
		t.Fatalf("%d block parsers, goldmark has %d", len(got), len(want))
	}
	for i := range want {
		v := got[i].Value
		switch w := v.(type) {
		case headingParser:
			v = w.BlockParser
		case listParser:
			v = w.BlockParser
		case paragraphParser:
			v = w.BlockParser
		case htmlBlockParser:
			v = w.BlockParser
		}
		if got[i].Priority != want[i].Priority || reflect.TypeOf(v) != reflect.TypeOf(want[i].Value) {
			t.Errorf("block parser %d is %T at %d, goldmark has %T at %d",
				i, v, got[i].Priority, want[i].Value, want[i].Priority)
		}
	}
}

// TestDecodeRune compares decodeRune with package utf8 on every sequence of up to three bytes that starts with a
// non-ASCII byte.
func TestDecodeRune(t *testing.T) {
	v := make([]byte, 3)
	for b0 := 0x80; b0 < 0x100; b0++ {
		for b1 := 0; b1 < 0x100; b1++ {
			for b2 := 0; b2 < 0x100; b2++ {
				v[0], v[1], v[2] = byte(b0), byte(b1), byte(b2)
				r, size := decodeRune(v)
				wr, wsize := utf8.DecodeRune(v)
				if r != wr || size != wsize {
					t.Fatalf("decodeRune(%q) = %U, %d; want %U, %d", v, r, size, wr, wsize)
				}
				if b2 == 0 {
					r, size = decodeRune(v[:2])
					wr, wsize = utf8.DecodeRune(v[:2])
					if r != wr || size != wsize {
						t.Fatalf("decodeRune(%q) = %U, %d; want %U, %d", v[:2], r, size, wr, wsize)
					}
				}
			}
		}
		r, size := decodeRune(v[:1])
		if wr, wsize := utf8.DecodeRune(v[:1]); r != wr || size != wsize {
			t.Fatalf("decodeRune(%q) = %U, %d; want %U, %d", v[:1], r, size, wr, wsize)
		}
	}
}

// refCutSummary is the former cutSummary.
func refCutSummary(s string, limit int) string {
	n, i := 0, 0
	end := -1
	for i < len(s) && n < limit {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
		switch r {
		case '。', '！', '？':
			end = refSkipClosers(s, i)
		case '!', '?':
			if i == len(s) || s[i] == ' ' {
				end = i
			}
		}
	}
	if i >= len(s) {
		return s
	}
	if end > 0 {
		return strings.TrimRight(s[:end], " ")
	}
	return strings.TrimRight(s[:i], " ") + "……"
}

// refSkipClosers is the former skipClosers.
func refSkipClosers(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '”', '’', '」', '』', '）', '》', '】', '〕', '"', '\'', ')':
			i += size
		default:
			return i
		}
	}
	return i
}

// TestCutSummaryEquivalence compares cutSummary with the former version
// on random text of sentence ends, closers, spaces and invalid UTF-8.
func TestCutSummaryEquivalence(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	pieces := []string{"许昌市", "。", "！", "？", "!", "?", " ", "”", "」", "）", "a1", "\xE4", "\xE3\x80", "\xFF", "🙂", "é", "\xED\xA0\x80", "中文，"}
	var b strings.Builder
	for i := 0; i < 100000; i++ {
		b.Reset()
		for k := rng.Intn(40); k > 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		limit := []int{1, 5, 20, SummaryLength}[rng.Intn(4)]
		if got, want := cutSummary([]byte(s), limit), refCutSummary(s, limit); got != want {
			t.Fatalf("cutSummary(%q, %d) = %q, want %q", s, limit, got, want)
		}
	}
}

// refSlug is the former Slug.
func refSlug(value []byte) string {
	out := make([]byte, 0, len(value))
	sep := false
	for i := 0; i < len(value); {
		r, size := rune(value[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(value[i:])
		}
		i += size
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r == ' ' || r == '\t' || r == '-' || r == '_' || r == '\n' || r == '\r':
			sep = true
			continue
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)):
		case r >= utf8.RuneSelf && unicode.IsSpace(r):
			sep = true
			continue
		default:
			continue
		}
		if sep && len(out) > 0 {
			out = append(out, '-')
		}
		sep = false
		out = utf8.AppendRune(out, r)
	}
	if len(out) == 0 {
		return fallbackID
	}
	return string(out)
}

// TestSlugEquivalence compares Slug with the former version on every rune
// between other text and on random headings, long ones and invalid UTF-8
// included.
func TestSlugEquivalence(t *testing.T) {
	check := func(v []byte) {
		t.Helper()
		if got, want := Slug(v), refSlug(v); got != want {
			t.Fatalf("Slug(%q) = %q, want %q", v, got, want)
		}
	}
	var buf []byte
	for r := rune(0); r <= unicode.MaxRune; r++ {
		buf = append(append(append(buf[:0], "a "...), string(r)...), "中"...)
		check(buf)
		check(buf[2 : len(buf)-3])
	}
	rng := rand.New(rand.NewSource(8))
	pieces := []string{"一、总体要求", "Go 语言", " ", "-", "_", "（三）", "2.0", "\xE4", "\xFF", "①", "〇", "é", "\u3000", "A", "工作机制"}
	for i := 0; i < 50000; i++ {
		buf = buf[:0]
		for k := rng.Intn(4 + i%60); k > 0; k-- {
			buf = append(buf, pieces[rng.Intn(len(pieces))]...)
		}
		check(buf)
	}
}

// TestTextFastPath checks that the walker renders text nodes through
// textRenderer directly (walker.text); TestReferenceEquivalence and
// TestCorpusEquivalence compare that with ast.Walk and the renderer table.
func TestTextFastPath(t *testing.T) {
	for _, unsafe := range []bool{false, true} {
		r := New(Options{Unsafe: unsafe})
		r.nodes.table()
		if r.nodes.text == nil {
			t.Fatalf("unsafe=%v: ast.Text is not rendered by textRenderer", unsafe)
		}
	}
}

// newAnalyzer returns an analyzer set up for src (the renderer reuses one
// per parser instead).
func newAnalyzer(src []byte, resolve func(string) (string, bool), auto bool) *analyzer {
	a := new(analyzer)
	a.init(src, resolve, auto)
	return a
}
