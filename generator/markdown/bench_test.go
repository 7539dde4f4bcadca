package markdown

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fzzf/generator/corpus"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// benchPage generates a page of about 1,000 Chinese characters with
// headings, a list, a table, links and emphasis, like an interpretation.
func benchPage() []byte {
	const para = "许昌市自然资源和规划局围绕法治政府建设示范市创建目标，**健全依法行政制度体系**，" +
		"推进严格规范公正文明执法，\n强化行政权力制约和监督，详见[工作方案](../policies/plan.md#二创建任务)。"
	var b strings.Builder
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, "## 第%d部分：重点任务\n\n%s\n\n", i, para)
		fmt.Fprintf(&b, "### （%d）具体措施\n\n", i)
		b.WriteString("1. 完善制度建设；\n2. 加强队伍建设；\n3. 落实责任追究。\n\n")
		b.WriteString(para + "\n\n")
	}
	b.WriteString("| 指标 | 责任单位 | 进度 |\n|:--|:-:|--:|\n")
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, "| 指标%d | 政策法规科 | 已完成 |\n", i)
	}
	b.WriteString("\n原文链接：https://zrzy.xuchang.gov.cn/fzzf/。\n")
	return []byte(b.String())
}

func resolveBench(p string) (string, bool) { return "/fzzf/policies/plan/", true }

func TestBenchPageShape(t *testing.T) {
	doc := render(t, string(benchPage()))
	if doc.Chars < 800 || doc.Chars > 1300 {
		t.Errorf("bench page has %d counted characters, want about 1,000", doc.Chars)
	}
	if len(doc.TOC) != 10 {
		t.Errorf("bench page TOC has %d entries, want 10", len(doc.TOC))
	}
}

// TestConcurrentRender renders from several goroutines with one Renderer
// and checks every result equals the sequential one (run with -race to
// check for data races).
func TestConcurrentRender(t *testing.T) {
	r := New(Options{})
	in := Input{Source: benchPage(), ResolveLink: resolveBench}
	want := renderWith(t, r, in)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				got, err := r.Render(in)
				if err != nil {
					errs <- err.Error()
					return
				}
				if got.HTML != want.HTML || got.Summary != want.Summary || len(got.TOC) != len(want.TOC) {
					errs <- "concurrent render differs from sequential render"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func BenchmarkRender(b *testing.B) {
	r := New(Options{})
	in := Input{Source: benchPage(), ResolveLink: resolveBench}
	b.SetBytes(int64(len(in.Source)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGoldmarkBaseline is plain goldmark with GFM, footnotes and CJK
// on the same page, to see what this package adds.
func BenchmarkGoldmarkBaseline(b *testing.B) {
	md := baselineMarkdown()
	src := benchPage()
	var buf strings.Builder
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := md.Convert(src, &buf); err != nil {
			b.Fatal(err)
		}
	}
}

func baselineMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.CJK),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

// corpusBodies returns the bodies (front matter removed) of the first n
// pages of the benchmark corpus (package corpus, seed 1).
func corpusBodies(tb testing.TB, n int) [][]byte {
	dir := tb.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: n, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	var bodies [][]byte
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rest, ok := bytes.CutPrefix(b, []byte("+++\n")); ok {
			if i := bytes.Index(rest, []byte("\n+++\n")); i >= 0 {
				b = rest[i+len("\n+++\n"):]
			}
		}
		bodies = append(bodies, b)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return bodies
}

// BenchmarkRenderCorpus renders the bodies of 200 corpus pages per
// iteration, like the site build does.
func BenchmarkRenderCorpus(b *testing.B) {
	r := New(Options{})
	bodies := corpusBodies(b, 200)
	n := 0
	for _, body := range bodies {
		n += len(body)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			if _, err := r.Render(Input{Source: body, ResolveLink: resolveBench, BasePath: "/fzzf/"}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCounter counts the characters of the corpus page bodies.
func BenchmarkCounter(b *testing.B) {
	bodies := corpusBodies(b, 50)
	n := 0
	for _, body := range bodies {
		n += len(body)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		var c counter
		for _, body := range bodies {
			c.write(body)
		}
	}
}
