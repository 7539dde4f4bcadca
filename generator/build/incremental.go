package build

import (
	"bytes"
	"hash/maphash"
	"io/fs"
	"sync"
	"sync/atomic"
	"time"

	"fzzf/generator/content"
	"fzzf/generator/diag"
	"fzzf/generator/parallel"
	"fzzf/generator/privacy"
	"fzzf/generator/render"
	"fzzf/generator/site"
)

// Builder builds the same site again and again, as the preview server does
// after every save, and reuses what the changes did not touch. Its output
// is byte-identical to Build's for the same files. A build still runs
// every step, over every page, but each step takes over its last result
// for a page whose inputs are the same:
//
//   - parse: a file whose bytes are the same keeps its parsed page, the
//     very same *content.Page (never changed by the build);
//   - assemble: site.AssemblyCache keeps what site.New works out for each
//     such page alone (publication, URL, aliases, terms);
//   - Markdown: site.ContentCache keeps each page's HTML while its body is
//     the same and its links resolve as before;
//   - privacy scans of sources and of page outputs are kept with the parse
//     and the output;
//   - pages: an output whose key (keys.go: a digest of everything its
//     layouts show) is the last build's is not rendered again, and the same
//     bytes are put into the sink (the preview server's inspectors cache
//     their checks by those bytes);
//   - sitemap.xml is kept while no page's address or date changed.
//
// What is taken over is found by position where it can be (the pages of
// a build mostly come in the order of the last build's) and checked to be
// for the same thing before use; by name otherwise. What is only read
// during a build's parallel steps needs no lock. So a one-page edit at
// 10,000 pages costs a few walks over the pages, not their work.
//
// Config, seeds, layouts, theme and static files are inputs of everything:
// when one of them changes, the caches are dropped and the next build is a
// full one (for layouts, of the page outputs only).
type Builder struct {
	opts Options
	// extensions makes fresh extensions for each build, so extensions
	// that keep state (inspectors) start clean every time.
	extensions func() []Extension

	mu    sync.Mutex // one build at a time
	cache *cache
}

// NewBuilder returns a Builder. extensions, when not nil, is called before
// every build for that build's extensions (opts.Extensions is used
// otherwise).
func NewBuilder(opts Options, extensions func() []Extension) *Builder {
	return &Builder{opts: opts, extensions: extensions, cache: newCache()}
}

// Build builds the site in fsys into sink, like the package's Build.
// fsys should be a snapshot that does not change during the call.
func (b *Builder) Build(fsys fs.FS, sink render.Sink) (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	opts := b.opts
	if b.extensions != nil {
		opts.Extensions = b.extensions()
	}
	return build(fsys, opts, sink, b.cache)
}

// Stats says how much of the last build was reused.
type Stats struct {
	Parsed, ParseReused    int  // Markdown files
	Rendered, RenderReused int  // page outputs
	Full                   bool // caches were dropped: config, seeds or theme changed
}

// Stats returns the figures of the last build.
func (b *Builder) Stats() Stats {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.cache.last
}

// cache is what a Builder keeps between builds.
//
// The last build's entries are only read during a build (by many
// goroutines, without a lock); the entries a build uses are collected
// apart and replace them once the build is done with them, so the caches
// never hold files that are gone. Every entry is checked to be for the
// same input before it is used, so a build that fails half way leaves
// nothing wrong behind.
type cache struct {
	seed maphash.Seed
	sums *sums

	global uint64 // digest of config, seeds and options
	theme  uint64 // digest of layouts, theme and static files

	parsed       map[string]*parseEntry // content-relative path -> last parse
	assembly     *site.AssemblyCache    // what site.New worked out per page
	content      *site.ContentCache     // Markdown output
	outputs      *pageOutputs           // page outputs of the last build
	pages, spare []pageMemo             // what keys took from each page; the build before's, to reuse
	scans        map[string]*scanEntry  // other output path -> last privacy scan
	sitemapEntry sitemapEntry

	mu         sync.Mutex // guards nextScans
	nextParsed map[string]*parseEntry
	nextScans  map[string]*scanEntry

	files int // outputs of the last build, to size maps

	stats, last Stats
}

type parseEntry struct {
	data []byte
	page *content.Page
	err  error
	scan *scanEntry // of page.Src, once asked for
}

// outputEntry is a rendered page output. Its scan is made once, by the
// first build that puts it (outputs reused later are the same bytes).
type outputEntry struct {
	data []byte
	scan scanResult
}

// scanResult is the privacy scan of a page output, once made.
type scanResult struct {
	done  bool
	found []privacy.Finding
}

type scanEntry struct {
	data  []byte
	found []privacy.Finding
}

// pageOutputs are the page outputs of a build, in the order of site.All:
// page i's are slots[start[i]:start[i+1]]. A build finds the last one's
// output at the same place, which is where it is unless pages came or
// went; else by path, in a map made when first needed.
type pageOutputs struct {
	slots []outputSlot
	start []int

	once   sync.Once
	byPath map[string]*outputSlot
}

type outputSlot struct {
	url, out string // the output's site path and file
	key      uint64
	entry    *outputEntry
}

// at returns output j of page i if it has the site path url.
func (o *pageOutputs) at(i, j int, url string) *outputSlot {
	if i+1 < len(o.start) && o.start[i]+j < o.start[i+1] && o.slots[o.start[i]+j].url == url {
		return &o.slots[o.start[i]+j]
	}
	return nil
}

// find returns the output written to out, or nil.
func (o *pageOutputs) find(out string) *outputSlot {
	o.once.Do(func() {
		o.byPath = make(map[string]*outputSlot, len(o.slots))
		for i := range o.slots {
			o.byPath[o.slots[i].out] = &o.slots[i]
		}
	})
	return o.byPath[out]
}

func newCache() *cache {
	seed := maphash.MakeSeed()
	c := &cache{seed: seed, sums: newSums(seed)}
	c.reset()
	return c
}

func (c *cache) reset() {
	c.parsed = map[string]*parseEntry{}
	c.assembly = new(site.AssemblyCache)
	c.content = site.NewContentCache()
	c.outputs = &pageOutputs{}
	c.pages, c.spare = nil, nil
	c.scans = map[string]*scanEntry{}
	c.sitemapEntry = sitemapEntry{}
}

// begin starts a build: it drops every cache if the config, seeds or
// options changed, and the rendered pages if the theme changed.
func (c *cache) begin(fsys fs.FS, opts Options) {
	c.stats = Stats{}
	g := c.digestFiles(fsys, []string{"config.toml", "seeds"})
	var h maphash.Hash
	h.SetSeed(c.seed)
	h.WriteString(opts.BaseURL)
	h.WriteString(opts.AsOf.Format(time.RFC3339))
	if opts.Drafts {
		h.WriteByte(1)
	}
	writeUint(&h, g)
	g = h.Sum64()
	th := c.digestFiles(fsys, []string{"layouts", "static", "themes"})
	if g != c.global {
		c.reset()
		c.stats.Full = true
	} else if th != c.theme {
		c.outputs = &pageOutputs{}
		c.sitemapEntry = sitemapEntry{}
		c.stats.Full = true
	}
	c.global, c.theme = g, th
	c.nextParsed = make(map[string]*parseEntry, len(c.parsed))
	c.nextScans = make(map[string]*scanEntry, len(c.scans))
}

// finish keeps this build's entries for the next one.
func (c *cache) finish() {
	c.parsed, c.scans = c.nextParsed, c.nextScans
	c.last = c.stats
}

// digestFiles hashes the names and bytes of the files at the given paths
// (files or folders, walked in order); missing paths count as empty.
func (c *cache) digestFiles(fsys fs.FS, roots []string) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	for _, root := range roots {
		_ = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil
			}
			h.WriteString(p)
			h.WriteByte(0)
			writeUint(&h, uint64(len(data)))
			h.Write(data)
			return nil
		})
	}
	return h.Sum64()
}

// parse parses a content file, or returns the page parsed from the same
// bytes in the last build. It only reads the cache (it runs on all cores):
// keepParsed records what was used.
func (c *cache) parse(parser *content.Parser, file, rel string, data []byte) (*parseEntry, bool) {
	// The bytes of an unchanged file are usually the very same slice (the
	// preview server's snapshot), which bytes.Equal sees at once.
	if e := c.parsed[rel]; e != nil && bytes.Equal(e.data, data) {
		return e, true
	}
	e := &parseEntry{data: data}
	e.page, e.err = parser.Parse(file, rel, data)
	return e, false
}

// keepParsed records the entries of this build's content files (by
// content-relative path).
func (c *cache) keepParsed(rels []string, entries []*parseEntry, reused []bool) {
	for i, e := range entries {
		if e == nil {
			continue
		}
		c.nextParsed[rels[i]] = e
		if reused[i] {
			c.stats.ParseReused++
		} else {
			c.stats.Parsed++
		}
	}
}

// pageOf returns the page of a parse entry for this build. Pages are
// shared between builds, except bundles, to which the build attaches
// their files: those get a copy.
func pageOf(e *parseEntry) *content.Page {
	if e.page == nil || !e.page.Bundle {
		return e.page
	}
	p := *e.page
	p.Files = nil
	return &p
}

// scanSource returns the findings in a page's source, made once per parse
// of its file.
func (c *cache) scanSource(scanner *privacy.Scanner, p *content.Page) []privacy.Finding {
	e := c.nextParsed[p.Path]
	if e == nil || e.page == nil || !bytes.Equal(e.page.Src, p.Src) {
		return scanner.Scan(p.Src) // not a content file of this build
	}
	if e.scan == nil {
		e.scan = &scanEntry{data: p.Src, found: scanner.Scan(p.Src)}
	}
	return e.scan.found
}

// scanOutput returns the findings in an output that is not a page, from
// the last build when its bytes are the same.
func (c *cache) scanOutput(scanner *privacy.Scanner, out string, data []byte) []privacy.Finding {
	e := c.scans[out]
	if e == nil || !bytes.Equal(e.data, data) {
		e = &scanEntry{data: data, found: scanner.Scan(data)}
	}
	c.mu.Lock()
	c.nextScans[out] = e
	c.mu.Unlock()
	return e.found
}

// renderPages is Renderer.Pages that renders only the outputs whose key
// changed and passes the others on from the last build, the same bytes.
//
// It first computes every output's key (keys.go) on all cores, then
// renders what changed and puts every output into the sink, also on all
// cores. The last build's entries are only read meanwhile; this build's
// are collected by position and kept at the end.
func (c *cache) renderPages(r *render.Renderer, sink *scanSink) error {
	k := newKeys(c.seed, c.sums, c.theme, r.Site, c.pages, c.spare)
	c.pages, c.spare = k.pages, c.pages
	pages := r.Site.All()
	type output struct {
		pg       *site.Pager
		url, out string
		key      uint64
		entry    *outputEntry // the last build's if still good, then this build's
	}
	// Page i's outputs are outs[start[i]:start[i+1]].
	pagers := make([][]*site.Pager, len(pages))
	inChunks(len(pages), func(i int) { pagers[i] = r.Pagers(pages[i]) })
	start := make([]int, len(pages)+1)
	for i, list := range pagers {
		start[i+1] = start[i] + len(list)
	}
	outs := make([]output, start[len(pages)])
	inChunks(len(pages), func(i int) {
		p := pages[i]
		for j, pg := range pagers[i] {
			o := &outs[start[i]+j]
			*o = output{pg: pg, url: p.URL, key: k.output(i, pg)}
			if pg != nil {
				o.url = pg.URL
			}
			last := c.outputs.at(i, j, o.url)
			if last != nil {
				o.out = last.out // the same path, so the same file
			} else {
				o.out = site.OutPath(r.Site.Config, o.url)
				last = c.outputs.find(o.out)
			}
			if last != nil && last.key == o.key {
				o.entry = last.entry
			}
		}
	})
	c.sums.rotate()

	errs := make([]error, len(pages))
	var rendered, reused atomic.Int64
	parallel.Each(len(pages), func() *bytes.Buffer { return new(bytes.Buffer) }, func(buf *bytes.Buffer, i int) {
		p := pages[i]
		for j := start[i]; j < start[i+1]; j++ {
			o := &outs[j]
			if o.entry == nil {
				_, data, err := r.Render(p, o.pg, buf)
				if err != nil {
					errs[i] = err
					return
				}
				o.entry = &outputEntry{data: data}
				rendered.Add(1)
			} else {
				reused.Add(1)
			}
			if err := sink.put(o.out, p.File(), o.entry.data, &o.entry.scan); err != nil {
				errs[i] = err
				return
			}
		}
	})
	next := &pageOutputs{slots: make([]outputSlot, 0, len(outs)), start: make([]int, len(pages)+1)}
	for i := range pages {
		for _, o := range outs[start[i]:start[i+1]] {
			if o.entry != nil { // nil: its page failed
				next.slots = append(next.slots, outputSlot{o.url, o.out, o.key, o.entry})
			}
		}
		next.start[i+1] = len(next.slots)
	}
	c.outputs = next
	c.stats.Rendered, c.stats.RenderReused = int(rendered.Load()), int(reused.Load())
	return firstErrors(errs)
}

// firstErrors joins errors the way Renderer.Pages does: a broken layout
// fails every page that uses it, so each message is said once.
func firstErrors(errs []error) error {
	var list diag.List
	seen := map[string]bool{}
	for _, err := range errs {
		if err == nil || seen[err.Error()] {
			continue
		}
		seen[err.Error()] = true
		list.AddErr("", err)
	}
	return list.Err()
}

// sitemap writes sitemap.xml, reusing the last one when no page's address
// or date changed.
func (c *cache) sitemap(r *render.Renderer, sink render.Sink) error {
	var h maphash.Hash
	h.SetSeed(c.seed)
	for _, p := range r.SitemapPages() {
		writeStr(&h, p.URL) // the permalink is the base URL's, covered by c.global
		writeUint(&h, uint64(p.Lastmod.UnixNano()))
		writeUint(&h, uint64(p.Date.UnixNano()))
	}
	key := h.Sum64()
	if c.sitemapEntry.data == nil || c.sitemapEntry.key != key {
		var cap captureSink
		r2 := *r
		r2.Sink = &cap
		if err := r2.Sitemap(); err != nil {
			return err
		}
		c.sitemapEntry = sitemapEntry{key: key, data: cap.data}
	}
	return sink.Put("sitemap.xml", "", c.sitemapEntry.data)
}

type sitemapEntry struct {
	key  uint64
	data []byte
}

type captureSink struct{ data []byte }

func (s *captureSink) Put(_, _ string, data []byte) error {
	s.data = data
	return nil
}
