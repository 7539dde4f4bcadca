package markdown

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"regexp"
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
// AST transformer, and text written through html.Writer only.
func newReference(opts Options) *Renderer {
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
	return &Renderer{md: md}
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
			got.write(v)
			refCounterWrite(&want, v)
			if got != want {
				t.Fatalf("counter.write(%q) from inWord=%v = %+v, want %+v", v, inWord, got, want)
			}
		}
	}
	var buf []byte
	for r := rune(0); r <= unicode.MaxRune; r++ {
		buf = utf8.AppendRune(buf[:0], r)
		check(buf)
		buf = append(append(append(buf[:0], 'a'), string(r)...), 'b')
		check(buf)
	}
	rng := rand.New(rand.NewSource(2))
	pieces := [][]byte{{0xE4}, {0xB8}, {0xE9, 0xBF}, {0xEF, 0xBC}, {0xE3, 0x80}, {0x80}, {0xFF}, []byte("中"), []byte("，"), []byte("ａ"), []byte("Ａ"), []byte("々"), []byte("a"), []byte("1"), []byte(" ")}
	for i := 0; i < 200000; i++ {
		buf = buf[:0]
		for k := rng.Intn(8); k > 0; k-- {
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
