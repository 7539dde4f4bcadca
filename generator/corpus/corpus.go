// Package corpus writes a deterministic benchmark site in Chinese: a
// config.toml and a content/ tree of Markdown pages that read like the
// bureau's own (法治政府建设, 行政审批, 自然资源), for measuring builds on
// sites of any size (DESIGN.md §7).
//
// Page i (1-based) of a corpus is content/<section>/p<iiiii>.md, where the
// pages are dealt to the sections in turn: with the default sections page 1
// is news/p00001.md, page 2 notices/p00002.md, page 3
// articles/p00003.md, page 4 news/p00004.md. Each page has TOML front
// matter (title, date, tags, units) and a body of 600 to 1,500 Han
// characters with two to four "## " headings, a bulleted list, a GFM table
// and one to three relative links to other pages of the corpus. Each section
// has an _index.md with its title.
//
// The same Options give byte-identical files with every Go release: the
// random numbers come from a generator written out in this package, and
// each page draws from its own stream, so pages are made in parallel.
package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// ConfigTOML is the config.toml of every corpus. The site's config schema
// may still change; this constant is the one place to follow it.
const ConfigTOML = `title = "法治政府建设示范市创建专栏（基准测试）"
baseURL = "https://example.gov.cn/fzzf/"

[identity]
sponsor = "示例主办单位"
contact = "0374-0000000"
siteCode = "0000000000"
icp = "豫ICP备00000000号"
police = "豫公网安备00000000000000号"

[taxonomies]
tags = "tags"
units = "units"
`

// DefaultSections are the sections of a corpus when Options.Sections is
// empty: neutral column names: the portal gives policies and
// interpretations typed front matter of their own, which a benchmark
// corpus does not carry.
var DefaultSections = []string{"news", "notices", "articles"}

// Options say what corpus to write.
type Options struct {
	// Pages is the number of pages, 0 or more.
	Pages int
	// Seed selects the corpus: the same seed gives the same files.
	Seed int64
	// Sections are the section directories; DefaultSections if empty.
	Sections []string
}

// Write writes the corpus described by opts to dir: dir/config.toml and
// dir/content/. It creates dir if needed. If dir already holds a corpus (its
// config.toml is ConfigTOML), its content/ is replaced; Write refuses to
// write into a directory that holds any other config.toml or content/, so
// it never overwrites a real site.
func Write(dir string, opts Options) error {
	c, err := newCorpus(opts)
	if err != nil {
		return err
	}
	if err := prepare(dir); err != nil {
		return err
	}
	content := filepath.Join(dir, "content")
	for _, sec := range c.sections {
		if err := os.MkdirAll(filepath.Join(content, sec), 0o755); err != nil {
			return err
		}
		title := sec
		if t, ok := sectionTitles[sec]; ok {
			title = t
		}
		index := fmt.Sprintf("+++\ntitle = %s\n+++\n\n%s栏目（基准测试示例数据）。\n", quote(title), title)
		if err := os.WriteFile(filepath.Join(content, sec, "_index.md"), []byte(index), 0o644); err != nil {
			return err
		}
	}
	if err := c.writePages(content); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "config.toml"), []byte(ConfigTOML), 0o644)
}

func newCorpus(opts Options) (*corpus, error) {
	if opts.Pages < 0 {
		return nil, fmt.Errorf("corpus: negative page count %d", opts.Pages)
	}
	sections := opts.Sections
	if len(sections) == 0 {
		sections = DefaultSections
	}
	seen := make(map[string]bool)
	for _, s := range sections {
		if s == "" || s == "." || s == ".." || strings.ContainsAny(s, `/\`) {
			return nil, fmt.Errorf("corpus: bad section name %q", s)
		}
		if seen[s] {
			return nil, fmt.Errorf("corpus: section %q given twice", s)
		}
		seen[s] = true
	}
	return &corpus{seed: opts.Seed, pages: opts.Pages, sections: sections}, nil
}

// prepare makes dir ready for a corpus: it creates it, or removes the
// content/ of an earlier corpus, or refuses if dir holds something else.
func prepare(dir string) error {
	cfg, err := os.ReadFile(filepath.Join(dir, "config.toml"))
	switch {
	case err == nil && !bytes.Equal(cfg, []byte(ConfigTOML)):
		return fmt.Errorf("corpus: %s holds a config.toml that is not a generated corpus; refusing to overwrite it", dir)
	case err == nil:
		if err := os.RemoveAll(filepath.Join(dir, "content")); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	default:
		if _, err := os.Stat(filepath.Join(dir, "content")); err == nil {
			return fmt.Errorf("corpus: %s already has a content directory; refusing to overwrite it", dir)
		}
	}
	return os.MkdirAll(dir, 0o755)
}

// writePages makes and writes the pages with one goroutine per processor.
// Page i is made from its own random stream, so the files do not depend on
// which goroutine makes them.
func (c *corpus) writePages(content string) error {
	workers := min(runtime.GOMAXPROCS(0), max(c.pages, 1))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var b strings.Builder
			for i := 1 + w; i <= c.pages; i += workers {
				b.Reset()
				c.page(&b, i)
				if err := os.WriteFile(filepath.Join(content, filepath.FromSlash(c.path(i))), []byte(b.String()), 0o644); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
