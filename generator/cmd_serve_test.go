package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/tomlfile"
)

// TestIncrementalPortal checks the preview server's incremental builds on
// the real portal (this repository's content, seeds and theme, with every
// extension of extensions.go): after each edit the incremental result must
// equal a full build byte for byte. Package serve tests the same property
// with random edits on a small fixture; this test guards the rules of
// build/keys.go against what the portal's layouts and extensions show.
func TestIncrementalPortal(t *testing.T) {
	files := fstest.MapFS{}
	root := os.DirFS("..")
	for _, dir := range []string{"config.toml", "content", "seeds", "layouts", "static", "themes"} {
		_ = fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := fs.ReadFile(root, p)
			if err != nil {
				t.Fatal(err)
			}
			files[p] = &fstest.MapFile{Data: data}
			return nil
		})
	}
	var pages []string
	for p := range files {
		if strings.HasPrefix(p, "content/") && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			pages = append(pages, p)
		}
	}
	sort.Strings(pages)
	if len(pages) < 3 {
		t.Skip("the portal has fewer than 3 content pages")
	}
	asOf, _ := time.ParseInLocation("2006-01-02", "2023-06-30", tomlfile.China)
	for _, drafts := range []bool{true, false} {
		t.Run(fmt.Sprintf("drafts=%v", drafts), func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, f := range files {
				fsys[p] = &fstest.MapFile{Data: f.Data}
			}
			opts := build.Options{AsOf: asOf, Drafts: drafts, BaseURL: "http://127.0.0.1:1313/fzzf/"}
			b := build.NewBuilder(opts, extensions)
			edits := []struct {
				what string
				do   func()
			}{
				{"nothing", func() {}},
				{"body of " + pages[0], func() { appendTo(fsys, pages[0], "\n新增一段正文。\n") }},
				{"title of " + pages[1], func() { replaceIn(fsys, pages[1], "title = \"", "title = \"改") }},
				{"new page", func() {
					fsys["content/news/zz-new.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"新动态\"\ndate = 2023-06-29\nunits = [\"政策法规科\"]\n+++\n新动态正文。\n")}
				}},
				{"body of " + pages[len(pages)-1], func() { appendTo(fsys, pages[len(pages)-1], "\n又一段。\n") }},
				{"delete the new page", func() { delete(fsys, "content/news/zz-new.md") }},
				{"template", func() {
					for p := range fsys {
						if strings.HasSuffix(p, "_default/single.html") {
							appendTo(fsys, p, "{{/* changed */}}\n")
						}
					}
				}},
			}
			good := 0
			for _, e := range edits {
				e.do()
				var inc, full build.MemSink
				_, incErr := b.Build(fsys, &inc)
				opts.Extensions = extensions()
				_, fullErr := build.Build(fsys, opts, &full)
				if (incErr == nil) != (fullErr == nil) || incErr != nil && incErr.Error() != fullErr.Error() {
					t.Fatalf("after %s: incremental error %v, full error %v", e.what, incErr, fullErr)
				}
				if fullErr != nil {
					t.Logf("after %s: both builds fail: %v", e.what, fullErr)
					good--
				}
				good++
				var diffs []string
				for p, w := range full.Files {
					if g, ok := inc.Files[p]; !ok || !bytes.Equal(g, w) {
						diffs = append(diffs, p)
					}
				}
				for p := range inc.Files {
					if _, ok := full.Files[p]; !ok {
						diffs = append(diffs, "extra "+p)
					}
				}
				sort.Strings(diffs)
				if len(diffs) > 0 {
					t.Fatalf("after %s: %d outputs differ from a full build, e.g. %v", e.what, len(diffs), diffs[:min(5, len(diffs))])
				}
			}
			if good < len(edits)/2 {
				t.Errorf("only %d of %d builds succeeded: the comparison says little", good, len(edits))
			}
		})
	}
}

func appendTo(fsys fstest.MapFS, p, text string) {
	fsys[p] = &fstest.MapFile{Data: append(append([]byte(nil), fsys[p].Data...), text...)}
}

func replaceIn(fsys fstest.MapFS, p, old, new string) {
	fsys[p] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[p].Data), old, new, 1))}
}
