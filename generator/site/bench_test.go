package site

import (
	"io/fs"
	"os"
	"strings"
	"testing"

	"fzzf/generator/config"
	"fzzf/generator/content"
	"fzzf/generator/corpus"
)

// corpusPages parses the n-page benchmark corpus.
func corpusPages(b *testing.B, n int) (*config.Config, []*content.Page) {
	dir := b.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	cfg, err := config.Load(fsys, "")
	if err != nil {
		b.Fatal(err)
	}
	var parser content.Parser
	var pages []*content.Page
	err = fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		page, err := parser.Parse(p, strings.TrimPrefix(p, "content/"), data)
		pages = append(pages, page)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return cfg, pages
}

// BenchmarkNew10000 assembles the 10,000-page corpus from parsed pages, as
// a full build does:
//
//	go test ./generator/site -run '^$' -bench New10000 -benchtime 20x
func BenchmarkNew10000(b *testing.B) {
	cfg, pages := corpusPages(b, 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := New(cfg, pages, Options{AsOf: day, Drafts: true}); err != nil {
			b.Fatal(err)
		}
	}
}
