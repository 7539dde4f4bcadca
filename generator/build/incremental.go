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
// after every save, and reuses what the changes did not touch: parsed
// files (by content), Markdown output (by body and link targets), rendered
// pages (by a digest of everything their layouts show, see keys.go),
// sitemap.xml and privacy scans. Its output is byte-identical to Build's for
// the same files.
//
// Config, seeds, layouts, theme and static files are inputs of everything:
// when one of them changes, the caches are dropped and the next build is a
// full one.
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
type cache struct {
	seed maphash.Seed
	sums *sums

	global uint64 // digest of config, seeds and options
	theme  uint64 // digest of layouts, theme and static files

	mu           sync.Mutex
	parsed       map[string]*parseEntry  // content file -> last parse
	content      *site.ContentCache      // Markdown output
	outputs      map[string]*outputEntry // output path -> last render of a page
	scans        map[string]*scanEntry   // output path -> last privacy scan
	sources      map[string]*scanEntry   // content file -> last privacy scan
	sitemapEntry outputEntry

	// Entries seen in this build; they replace the maps above at the end,
	// so the caches never hold files that are gone.
	nextParsed  map[string]*parseEntry
	nextOutputs map[string]*outputEntry
	nextScans   map[string]*scanEntry
	nextSources map[string]*scanEntry

	stats, last Stats
}

type parseEntry struct {
	data []byte
	page *content.Page
	err  error
}

type outputEntry struct {
	key  uint64
	data []byte
}

type scanEntry struct {
	data  []byte
	found []privacy.Finding
}

func newCache() *cache {
	seed := maphash.MakeSeed()
	c := &cache{seed: seed, sums: newSums(seed)}
	c.reset()
	return c
}

func (c *cache) reset() {
	c.parsed = map[string]*parseEntry{}
	c.content = site.NewContentCache()
	c.outputs = map[string]*outputEntry{}
	c.scans = map[string]*scanEntry{}
	c.sources = map[string]*scanEntry{}
	c.sitemapEntry = outputEntry{}
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
		c.outputs = map[string]*outputEntry{}
		c.sitemapEntry = outputEntry{}
		c.stats.Full = true
	}
	c.global, c.theme = g, th
	c.nextParsed = map[string]*parseEntry{}
	c.nextOutputs = map[string]*outputEntry{}
	c.nextScans = map[string]*scanEntry{}
	c.nextSources = map[string]*scanEntry{}
}

// finish keeps this build's entries for the next one.
func (c *cache) finish() {
	c.parsed, c.outputs, c.scans, c.sources = c.nextParsed, c.nextOutputs, c.nextScans, c.nextSources
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

// parse parses a content file, or returns a copy of the page parsed from
// the same bytes in the last build.
func (c *cache) parse(parser *content.Parser, file, rel string, data []byte) (*content.Page, error) {
	c.mu.Lock()
	e := c.parsed[file]
	c.mu.Unlock()
	if e == nil || !bytes.Equal(e.data, data) {
		e = &parseEntry{data: data}
		e.page, e.err = parser.Parse(file, rel, data)
		c.mu.Lock()
		c.stats.Parsed++
		c.mu.Unlock()
	} else {
		c.mu.Lock()
		c.stats.ParseReused++
		c.mu.Unlock()
	}
	c.mu.Lock()
	c.nextParsed[file] = e
	c.mu.Unlock()
	if e.page == nil {
		return nil, e.err
	}
	// The build attaches bundle files to the page: give it its own copy.
	p := *e.page
	p.Files = nil
	return &p, e.err
}

func (c *cache) scanSource(scanner *privacy.Scanner, p *content.Page) []privacy.Finding {
	e := c.sources[p.File]
	if e == nil || !bytes.Equal(e.data, p.Src) {
		e = &scanEntry{data: p.Src, found: scanner.Scan(p.Src)}
	}
	c.nextSources[p.File] = e
	return e.found
}

func (c *cache) scanOutput(scanner *privacy.Scanner, out string, data []byte) []privacy.Finding {
	c.mu.Lock()
	e := c.scans[out]
	c.mu.Unlock()
	if e == nil || !bytes.Equal(e.data, data) {
		e = &scanEntry{data: data, found: scanner.Scan(data)}
	}
	c.mu.Lock()
	c.nextScans[out] = e
	c.mu.Unlock()
	return e.found
}

// renderPages is Renderer.Pages that renders only the outputs whose key
// changed and passes the others on from the last build.
func (c *cache) renderPages(r *render.Renderer, sink render.Sink) error {
	c.sums.rotate()
	k := newKeys(c.seed, c.sums, c.theme, r.Site)
	pages := r.Site.All()
	errs := make([]error, len(pages))
	var rendered, reused atomic.Int64
	parallel.Each(len(pages), func() *bytes.Buffer { return new(bytes.Buffer) }, func(buf *bytes.Buffer, i int) {
		p := pages[i]
		for _, pg := range r.Pagers(p) {
			u := p.URL
			if pg != nil {
				u = pg.URL
			}
			out := site.OutPath(r.Site.Config, u)
			key := k.output(p, pg)
			c.mu.Lock()
			e := c.outputs[out]
			c.mu.Unlock()
			if e == nil || e.key != key {
				_, data, err := r.Render(p, pg, buf)
				if err != nil {
					errs[i] = err
					return
				}
				e = &outputEntry{key: key, data: data}
				rendered.Add(1)
			} else {
				reused.Add(1)
			}
			c.mu.Lock()
			c.nextOutputs[out] = e
			c.mu.Unlock()
			if err := sink.Put(out, p.File(), e.data); err != nil {
				errs[i] = err
				return
			}
		}
	})
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
		h.WriteString(p.Permalink())
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
		c.sitemapEntry = outputEntry{key: key, data: cap.data}
	}
	return sink.Put("sitemap.xml", "", c.sitemapEntry.data)
}

type captureSink struct{ data []byte }

func (s *captureSink) Put(_, _ string, data []byte) error {
	s.data = data
	return nil
}
