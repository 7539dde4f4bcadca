package site

import (
	"bytes"
	"hash/maphash"
	"sync"

	"fzzf/generator/diag"
	"fzzf/generator/markdown"
	"fzzf/generator/parallel"
)

// ContentCache keeps the Markdown output of each page between builds of
// the same site (the preview server), so RenderContentCached renders again
// only pages whose body changed or whose links now resolve differently.
// One cache serves one Markdown set-up: make a new one when the Markdown
// options or the base path change.
type ContentCache struct {
	mu      sync.Mutex
	entries map[string]*contentEntry // content-relative path -> last render
	seed    maphash.Seed
	table   uint64 // digest of the link table the entries were made with
}

type contentEntry struct {
	body  []byte
	links []linkResult
	doc   *markdown.Doc
	why   string
	err   error
}

// linkResult is one link resolution made while rendering a page.
type linkResult struct {
	target, url, why string
	ok               bool
}

// NewContentCache returns an empty cache.
func NewContentCache() *ContentCache {
	return &ContentCache{entries: map[string]*contentEntry{}, seed: maphash.MakeSeed()}
}

// RenderContentCached is RenderContent with a cache: a page whose body is
// byte-identical to the last render and whose links all resolve as they did
// then gets the same HTML, summary and TOC without rendering. The result is
// the same as RenderContent's.
func (s *Site) RenderContentCached(md *markdown.Renderer, c *ContentCache) error {
	var pages []*Page
	for _, p := range s.All() {
		if p.Source != nil {
			pages = append(pages, p)
		}
	}
	problems := make([][]*diag.Problem, len(pages))
	fresh := make([]*contentEntry, len(pages))
	// While no Markdown file changed its URL or publication, every link
	// resolves as before and need not be checked one by one.
	table := s.linkTable(c.seed)
	sameTable := table == c.table
	parallel.For(len(pages), func(i int) {
		p := pages[i]
		c.mu.Lock()
		e := c.entries[p.Source.Path]
		c.mu.Unlock()
		if e == nil || !bytes.Equal(e.body, p.Source.Body) || !sameTable && !s.linksValid(e, p) {
			e = &contentEntry{body: p.Source.Body}
			e.doc, e.why, e.err = s.renderDoc(md, p, func(target, u string, ok bool, why string) {
				e.links = append(e.links, linkResult{target, u, why, ok})
			})
		}
		fresh[i] = e
		problems[i] = s.applyDoc(p, e.doc, e.why, e.err)
	})
	// Keep only the pages of this build, so the cache does not grow with
	// deleted files.
	entries := make(map[string]*contentEntry, len(pages))
	for i, p := range pages {
		entries[p.Source.Path] = fresh[i]
	}
	c.mu.Lock()
	c.entries = entries
	c.table = table
	c.mu.Unlock()
	var list diag.List
	for _, ps := range problems {
		list.Add(ps...)
	}
	return list.Err()
}

// linksValid reports whether every link of a cached render resolves as
// it did then.
func (s *Site) linksValid(e *contentEntry, p *Page) bool {
	for _, l := range e.links {
		u, ok, why := s.ResolveLink(p.Source.Path, l.target)
		if u != l.url || ok != l.ok || why != l.why {
			return false
		}
	}
	return true
}

// linkTable digests what links between Markdown files resolve against:
// each file's URL, or why it is not published. The digest does not depend
// on map order.
func (s *Site) linkTable(seed maphash.Seed) uint64 {
	var sum uint64
	for path, p := range s.byPath {
		sum += maphash.String(seed, path+"\x00"+p.URL)
	}
	for path, why := range s.hidden {
		sum += maphash.String(seed, path+"\x01"+why)
	}
	return sum + uint64(len(s.byPath))<<32 + uint64(len(s.hidden))
}
