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
	mu    sync.Mutex
	last  *contentEntries // of the last build
	seed  maphash.Seed
	table uint64 // digest of the link table the entries were made with
}

// contentEntries are the entries of a build's pages that have a source, in
// the order of All. The next build finds a page's entry at the same place
// unless pages came or went; else by path, in a map made when first needed.
type contentEntries struct {
	list   []*contentEntry
	once   sync.Once
	byPath map[string]*contentEntry
}

// find returns the entry of page i whose content path is path, or nil.
func (c *contentEntries) find(i int, path string) *contentEntry {
	if i < len(c.list) && c.list[i].path == path {
		return c.list[i]
	}
	c.once.Do(func() {
		c.byPath = make(map[string]*contentEntry, len(c.list))
		for _, e := range c.list {
			c.byPath[e.path] = e
		}
	})
	return c.byPath[path]
}

type contentEntry struct {
	path  string // content-relative
	body  []byte
	links []linkResult
	doc   *markdown.Doc
	why   string
	err   error
	made  made // what pages got from doc, reused while the page is
}

// linkResult is one link resolution made while rendering a page.
type linkResult struct {
	target, url, why string
	ok               bool
}

// NewContentCache returns an empty cache.
func NewContentCache() *ContentCache {
	return &ContentCache{seed: maphash.MakeSeed(), last: &contentEntries{}}
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
	// The entries are only read while pages are rendered; one build at a
	// time uses a cache.
	c.mu.Lock()
	last := c.last
	c.mu.Unlock()
	parallel.For(len(pages), func(i int) {
		p := pages[i]
		e := last.find(i, p.Source.Path)
		if e == nil || !bytes.Equal(e.body, p.Source.Body) || !sameTable && !s.linksValid(e, p) {
			e = &contentEntry{path: p.Source.Path, body: p.Source.Body}
			e.doc, e.why, e.err = s.renderDoc(md, p, func(target, u string, ok bool, why string) {
				e.links = append(e.links, linkResult{target, u, why, ok})
			})
		}
		fresh[i] = e
		problems[i] = s.applyDoc(p, e.doc, e.why, e.err, &e.made)
	})
	// Keep only the pages of this build, so the cache does not grow with
	// deleted files.
	c.mu.Lock()
	c.last = &contentEntries{list: fresh}
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
	var h maphash.Hash
	h.SetSeed(seed)
	for path, p := range s.byPath {
		h.Reset()
		h.WriteString(path)
		h.WriteByte(0)
		h.WriteString(p.URL)
		sum += h.Sum64()
	}
	for path, why := range s.hidden {
		h.Reset()
		h.WriteString(path)
		h.WriteByte(1)
		h.WriteString(why)
		sum += h.Sum64()
	}
	return sum + uint64(len(s.byPath))<<32 + uint64(len(s.hidden))
}
