// Package build is the pipeline from a site's source folder to its output,
// in one readable function (Build):
//
//	config → content files → parse (all cores) → assemble (URLs, sections,
//	taxonomies) → Markdown (all cores) → layouts → pages (all cores) →
//	feeds, sitemap, robots.txt, aliases, static files → privacy scan
//
// Outputs go to a Sink: the disk build writes into a fresh folder beside the
// destination and swaps it in only when everything succeeded (Run); the
// preview server keeps them in memory.
//
// A Builder runs the same pipeline again and again for the preview server,
// reusing parsed files, assembly, Markdown output, rendered pages and scans
// whose inputs did not change (incremental.go says how); keys.go decides
// what each page's output depends on. Its output is byte-identical to
// Build's. FZZF_TIMINGS=1 prints the time of each step of every build.
package build

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"

	"fzzf/generator/config"
	"fzzf/generator/content"
	"fzzf/generator/diag"
	"fzzf/generator/markdown"
	"fzzf/generator/parallel"
	"fzzf/generator/privacy"
	"fzzf/generator/render"
	"fzzf/generator/site"
	"fzzf/generator/tomlfile"
)

// Options are a build's inputs besides the source files.
type Options struct {
	BaseURL string    // overrides config.toml's baseURL when not empty
	AsOf    time.Time // the day built for; zero means today in China
	Drafts  bool      // include drafts, future and expired pages

	// Extensions add what a particular portal needs: typed front matter,
	// pages and files made from data. They run in order.
	Extensions []Extension
}

// Extension adds to a build. Schemas are merged into the content parser
// (keyed by section); Extend runs after the site is assembled and before
// Markdown is rendered, so the pages it adds are rendered like any other.
type Extension interface {
	Schemas() map[string]content.Schema
	Extend(fsys fs.FS, s *site.Site) error
}

// Finisher is an Extension that also runs after Markdown is rendered and
// before layouts: it can use every page's HTML, e.g. to build a search
// index into s.Files.
type Finisher interface {
	Finish(s *site.Site) error
}

// Inspector is an Extension that sees every output file as it is written
// (from several goroutines at once) and reports problems at the end, e.g.
// broken links. Problems of error severity fail the build.
type Inspector interface {
	Inspect(outPath, source string, data []byte)
	Problems() []*diag.Problem
}

// transientInspector is an Inspector that may say it keeps nothing of the
// data it is given (see render.TransientSink).
type transientInspector interface {
	Transient() bool
}

// Result describes a finished build.
type Result struct {
	Site     *site.Site
	Pages    int // pages with their own URL
	Files    int // files written
	Warnings []*diag.Problem
}

// Today returns the current day in China.
func Today() time.Time {
	y, m, d := time.Now().In(tomlfile.China).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, tomlfile.China)
}

// Build builds the site whose source is fsys into sink. It returns every
// problem found, all together, as a *diag.List.
func Build(fsys fs.FS, opts Options, sink render.Sink) (*Result, error) {
	return build(fsys, opts, sink, nil)
}

// build is Build, reusing the work of earlier builds kept in c when c is
// not nil (see Builder). Both paths run the same steps in the same order;
// c only skips work whose inputs are unchanged.
func build(fsys fs.FS, opts Options, sink render.Sink, c *cache) (*Result, error) {
	if opts.AsOf.IsZero() {
		opts.AsOf = Today()
	}
	tm := newPhases()
	defer tm.report()
	cfg, err := config.Load(fsys, opts.BaseURL)
	if err != nil {
		return nil, err
	}
	var list diag.List
	list.Add(cfg.IdentityProblems()...)

	parser := &content.Parser{Schemas: map[string]content.Schema{}}
	for _, ext := range opts.Extensions {
		for k, v := range ext.Schemas() {
			parser.Schemas[k] = v
		}
	}
	if c != nil {
		c.begin(fsys, opts)
	}
	pages, plain, err := readContent(fsys, parser, c)
	if err != nil {
		list.AddErr(content.Dir, err)
		return nil, &list
	}
	tm.mark("read and parse")
	var assembly *site.AssemblyCache
	if c != nil {
		assembly = c.assembly
	}
	s, err := site.NewCached(cfg, pages, site.Options{AsOf: opts.AsOf, Drafts: opts.Drafts}, assembly)
	if err != nil {
		list.AddErr("", err)
		return nil, &list
	}
	tm.mark("assemble")
	for _, ext := range opts.Extensions {
		if err := ext.Extend(fsys, s); err != nil {
			list.AddErr("", err)
		}
	}
	tm.mark("extend")
	if err := list.Err(); err != nil {
		return nil, err
	}
	md := markdown.New(markdown.Options{Unsafe: cfg.Markdown.Unsafe})
	if c != nil {
		err = s.RenderContentCached(md, c.content)
	} else {
		err = s.RenderContent(md)
	}
	if err != nil {
		list.AddErr("", err)
	}
	tm.mark("markdown")
	for _, ext := range opts.Extensions {
		if f, ok := ext.(Finisher); ok {
			if err := f.Finish(s); err != nil {
				list.AddErr("", err)
			}
		}
	}
	tm.mark("finish")
	theme, err := render.LoadTheme(fsys, cfg.Theme, nil)
	if err != nil {
		list.AddErr("", err)
		return nil, &list
	}
	assets, statics, err := render.PrepareStatics(theme)
	if err != nil {
		list.AddErr("", err)
		return nil, &list
	}
	theme.SetFuncs(render.Funcs(cfg, assets, md.Inline))
	if err := list.Err(); err != nil {
		return nil, err
	}

	scanner := privacy.New(cfg.Privacy.Allow)
	scan := &scanSink{next: sink, scanner: scanner, known: map[string]bool{}, cache: c}
	if c != nil {
		scan.paths = make(map[string]string, c.files)
	}
	for _, ext := range opts.Extensions {
		if in, ok := ext.(Inspector); ok {
			scan.inspectors = append(scan.inspectors, in)
		}
	}
	tm.mark("theme")
	list.Add(scanSources(s, scanner, scan.known, c)...)
	tm.mark("scan sources")
	r := &render.Renderer{Site: s, Theme: theme, Sink: scan, Assets: assets}
	pagesStep, sitemapStep := r.Pages, r.Sitemap
	if c != nil {
		pagesStep = func() error { return c.renderPages(r, scan) }
		sitemapStep = func() error { return c.sitemap(r, scan) }
	}
	steps := []struct {
		name string
		run  func() error
	}{
		{"pages", pagesStep},
		{"feeds", r.Feeds},
		{"sitemap", sitemapStep},
		{"robots", r.Robots},
		{"aliases", r.Aliases},
		{"statics", func() error { return copyStatics(scan, statics) }},
		{"content files", func() error { return copyContentFiles(fsys, scan, s, plain) }},
		{"data files", func() error { return writeFiles(scan, s.Files) }},
	}
	for _, step := range steps {
		if err := step.run(); err != nil {
			list.AddErr("", err)
		}
		tm.mark(step.name)
	}
	list.Add(scan.problems()...)
	for _, in := range scan.inspectors {
		list.Add(in.Problems()...)
	}
	tm.mark("inspect")
	if c != nil {
		c.files = scan.count()
		c.finish()
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	return &Result{Site: s, Pages: len(s.All()), Files: scan.count(), Warnings: list.Warnings()}, nil
}

// readContent lists content/, parses every Markdown file on all cores and
// returns the pages plus the plain files to copy.
func readContent(fsys fs.FS, parser *content.Parser, c *cache) ([]*content.Page, []string, error) {
	files, err := content.Walk(fsys)
	if err != nil {
		return nil, nil, err
	}
	mdFiles, _, plain := content.Classify(files)
	pages := make([]*content.Page, len(mdFiles))
	errs := make([]error, len(mdFiles))
	var entries []*parseEntry
	var reused []bool
	if c != nil {
		entries, reused = make([]*parseEntry, len(mdFiles)), make([]bool, len(mdFiles))
	}
	parallel.For(len(mdFiles), func(i int) {
		rel := mdFiles[i]
		file := content.Dir + "/" + rel
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			errs[i] = diag.Errorf(file, 0, "read: %v", err)
			return
		}
		if c != nil {
			e, ok := c.parse(parser, file, rel, data)
			entries[i], reused[i] = e, ok
			pages[i], errs[i] = pageOf(e), e.err
		} else {
			pages[i], errs[i] = parser.Parse(file, rel, data)
		}
	})
	if c != nil {
		c.keepParsed(mdFiles, entries, reused)
	}
	var list diag.List
	var out []*content.Page
	for i, p := range pages {
		if errs[i] != nil {
			list.AddErr(content.Dir+"/"+mdFiles[i], errs[i])
			continue
		}
		out = append(out, p)
	}
	content.AttachBundleFiles(out, plain)
	return out, plain, list.Err()
}

func writeFiles(sink render.Sink, files []site.File) error {
	// On all cores (the search index alone is hundreds of files), unless
	// two files share a path: which one is reported must not depend on
	// scheduling.
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if seen[f.Path] {
			for _, f := range files {
				if err := sink.Put(f.Path, f.Source, f.Data); err != nil {
					return err
				}
			}
			return nil
		}
		seen[f.Path] = true
	}
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) {
		errs[i] = sink.Put(files[i].Path, files[i].Source, files[i].Data)
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func copyStatics(sink render.Sink, statics []render.StaticFile) error {
	for _, f := range statics {
		if err := sink.Put(f.Out, f.Source, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// copyContentFiles copies the plain files under content/ to the same path in
// the output: a bundle's files land beside its page; other files (such as
// attachments) keep their folder. Files of unpublished bundles are left out.
func copyContentFiles(fsys fs.FS, sink render.Sink, s *site.Site, plain []string) error {
	var list diag.List
	for _, rel := range plain {
		owner := bundleOf(s, rel)
		if owner != "" && s.Hidden(owner) != "" {
			continue
		}
		file := content.Dir + "/" + rel
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			list.Add(diag.Errorf(file, 0, "read: %v", err))
			continue
		}
		out := rel
		if p, ok := s.ByPath(owner); ok && owner != "" {
			dir := site.OutPath(s.Config, p.URL) // .../index.html
			out = dir[:len(dir)-len("index.html")] + rel[len(p.ResourceDir)+1:]
		}
		if err := sink.Put(out, file, data); err != nil {
			list.AddErr(file, err)
		}
	}
	return list.Err()
}

// bundleOf returns the content path of the bundle index.md that owns a
// plain file, or "".
func bundleOf(s *site.Site, rel string) string {
	for d := parentDir(rel); d != ""; d = parentDir(d) {
		idx := d + "/index.md"
		if _, ok := s.ByPath(idx); ok || s.Hidden(idx) != "" {
			return idx
		}
	}
	return ""
}

func parentDir(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[:i]
		}
	}
	return ""
}

// scanSources scans the Markdown of every published page, so a private
// number is reported at its line in the file an editor can fix. known
// collects what was found, so the output scan does not report it again for
// each page, feed and list that repeats it.
func scanSources(s *site.Site, scanner *privacy.Scanner, known map[string]bool, c *cache) []*diag.Problem {
	all := s.All()
	founds := make([][]privacy.Finding, len(all))
	parallel.For(len(all), func(i int) {
		p := all[i]
		if p.Source == nil {
			return
		}
		if c != nil {
			founds[i] = c.scanSource(scanner, p.Source) // each page has its own entry
		} else {
			founds[i] = scanner.Scan(p.Source.Src)
		}
	})
	var out []*diag.Problem
	for i, p := range all {
		for _, f := range founds[i] {
			out = append(out, diag.Errorf(p.Source.File, f.Line, "publication blocked: %s", f.Message()))
			known[string(f.Kind)+" "+f.Excerpt] = true
		}
	}
	return out
}

// scanSink checks every text output for private or secret data before
// passing it on, and counts files.
type scanSink struct {
	next    render.Sink
	scanner *privacy.Scanner

	mu         sync.Mutex
	found      []*diag.Problem
	known      map[string]bool // kind+excerpt already reported
	inspectors []Inspector
	n          int
	paths      map[string]string
	cache      *cache // when not nil, remembers scan results per output
}

func (s *scanSink) Put(out, source string, data []byte) error {
	return s.put(out, source, data, nil)
}

// put is Put; when scan is not nil, it holds the scan of data made by an
// earlier build, or gets it (the Builder keeps it with a page output).
func (s *scanSink) put(out, source string, data []byte, scan *scanResult) error {
	s.mu.Lock()
	if s.paths == nil {
		s.paths = map[string]string{}
	}
	if prev, ok := s.paths[out]; ok {
		s.mu.Unlock()
		return diag.Errorf(source, 0, "output %s is written twice (also by %s): rename one of them", out, orGenerated(prev))
	}
	s.paths[out] = source
	s.n++
	s.mu.Unlock()
	for _, in := range s.inspectors {
		in.Inspect(out, source, data)
	}
	if scannable(out) {
		var found []privacy.Finding
		switch {
		case scan != nil:
			if !scan.done {
				scan.found, scan.done = s.scanner.Scan(data), true
			}
			found = scan.found
		case s.cache != nil:
			found = s.cache.scanOutput(s.scanner, out, data)
		default:
			found = s.scanner.Scan(data)
		}
		for _, f := range found {
			key := string(f.Kind) + " " + f.Excerpt
			file, line := source, 0
			if file == "" || strings.HasSuffix(file, ".md") {
				// Found in what a page became, not at a line of its source:
				// name the output too.
				file = orGenerated(source)
			} else {
				line = f.Line // a copied attachment: its lines are the output's
			}
			s.mu.Lock()
			if !s.known[key] {
				s.known[key] = true
				msg := "publication blocked: " + f.Message()
				if line == 0 {
					msg += fmt.Sprintf(" (in output %s, line %d)", out, f.Line)
				}
				s.found = append(s.found, diag.Errorf(file, line, "%s", msg))
			}
			s.mu.Unlock()
		}
	}
	return s.next.Put(out, source, data)
}

func orGenerated(s string) string {
	if s == "" {
		return "a generated file"
	}
	return s
}

func scannable(out string) bool {
	for _, ext := range []string{".html", ".xml", ".json", ".txt", ".csv", ".md", ".htm"} {
		if len(out) >= len(ext) && out[len(out)-len(ext):] == ext {
			return true
		}
	}
	return false
}

func (s *scanSink) problems() []*diag.Problem {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]*diag.Problem(nil), s.found...)
	sort.Slice(out, func(i, j int) bool { return out[i].Error() < out[j].Error() })
	return out
}

// Transient reports whether the sink is done with an output's bytes when
// Put returns, so the renderer may reuse its buffer: true when the next
// sink writes them out, no cache keeps them for the next build, and no
// inspector keeps them. (The privacy scanner copies what it reports.)
func (s *scanSink) Transient() bool {
	if t, ok := s.next.(render.TransientSink); !ok || !t.Transient() || s.cache != nil {
		return false
	}
	for _, in := range s.inspectors {
		if t, ok := in.(transientInspector); !ok || !t.Transient() {
			return false
		}
	}
	return true
}

func (s *scanSink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// Summary is the one-line summary the command prints last.
func (r *Result) Summary(elapsed time.Duration) string {
	return fmt.Sprintf("built %d pages, %d files in %d ms", r.Pages, r.Files, elapsed.Milliseconds())
}
