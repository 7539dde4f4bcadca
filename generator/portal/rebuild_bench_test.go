package portal_test

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"fzzf/generator/build"
	"fzzf/generator/check"
	"fzzf/generator/portal"
	"fzzf/generator/publicity"
)

// demoFS reads this repository's site source into memory.
func demoFS(tb testing.TB) fstest.MapFS {
	tb.Helper()
	root := os.DirFS("../..")
	mem := fstest.MapFS{}
	for _, top := range []string{"config.toml", "urls.txt", "content", "seeds"} {
		err := fs.WalkDir(root, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(root, p)
			if p == "urls.txt" {
				// The search page comes from package main.
				data = regexp.MustCompile(`(?m)^.* /search/\n`).ReplaceAll(data, nil)
			}
			mem[p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return mem
}

// BenchmarkDemoRebuild measures the preview server's rebuild of this
// repository's portal (with the portal, publicity and check extensions, as
// of the end of the campaign, drafts shown) after an edit of one news
// article's body: with the session's memos, as the preview server runs,
// and without them.
//
//	go test ./generator/portal -run '^$' -bench DemoRebuild -benchtime 20x
func BenchmarkDemoRebuild(b *testing.B) {
	for _, withMemo := range []bool{true, false} {
		name := "memo"
		if !withMemo {
			name = "none"
		}
		b.Run(name, func(b *testing.B) {
			fsys := demoFS(b)
			const rel = "content/news/2022-09-selfcheck.md"
			orig := string(fsys[rel].Data)
			pm, cm := &portal.Memo{}, &check.Memo{}
			exts := func() []build.Extension {
				p, c := portal.New(), check.New()
				if withMemo {
					p.Memo, c.Memo = pm, cm
				}
				return []build.Extension{p, publicity.New(), c}
			}
			bld := build.NewBuilder(build.Options{AsOf: day("2023-12-31"), Drafts: true}, exts)
			if _, err := bld.Build(fsys, &build.MemSink{}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				fsys[rel] = &fstest.MapFile{Data: []byte(strings.Replace(orig, "。", "。"+strings.Repeat(" ", i%5+1), 1))}
				if _, err := bld.Build(fsys, &build.MemSink{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
