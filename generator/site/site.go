// Package site assembles parsed content into the site that is rendered:
// which pages are published as of a date, their URLs, sections, taxonomies,
// pagination and the links between pages.
//
// Assembly happens in two steps. New decides what exists and where (URLs,
// sections, terms) and reports duplicate URLs; RenderContent then turns each
// page's Markdown into HTML, resolving links between Markdown files to the
// URLs New assigned.
package site

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"fzzf/generator/config"
	"fzzf/generator/content"
	"fzzf/generator/diag"
	"fzzf/generator/parallel"
	"fzzf/generator/tomlfile"
)

// Kinds of page.
const (
	KindHome     = "home"
	KindSection  = "section"
	KindPage     = "page"
	KindTaxonomy = "taxonomy" // the list of a taxonomy's terms, e.g. /tags/
	KindTerm     = "term"     // the pages of one term, e.g. /tags/行政审批/
	Kind404      = "404"
)

// Options are the inputs of a build that are not files.
type Options struct {
	AsOf   time.Time // the day the site is built for, China time
	Drafts bool      // include drafts, future and expired pages (preview)
}

// Page is anything that gets its own URL.
type Page struct {
	Site   *Site
	Kind   string
	Source *content.Page // nil for generated pages

	Title       string
	Description string
	URL         string // site path including the base path, e.g. /fzzf/news/a/
	Date        time.Time
	Lastmod     time.Time
	Weight      int
	Draft       bool
	Preview     bool // only visible because of --drafts: draft, future or expired
	Section     *Page
	Parent      *Page
	Params      map[string]any

	Content        template.HTML
	Summary        template.HTML
	PlainSummary   string
	TOC            []Heading
	ReadingMinutes int

	Pages    []*Page // a list's own entries: a section's pages, a term's pages
	Sections []*Page // a section's subsections, a taxonomy's terms
	Terms    map[string][]*Page
	Aliases  []string // site paths that redirect here
	Taxonomy string   // for taxonomy and term pages: "tags", "units"
	Dir      string   // for sections: the content folder, e.g. "news/2023"

	// Layouts, when set, are the layouts tried for a generated page
	// before the ones its kind would use, e.g. "indicators/single.html".
	Layouts []string
	// Data is what a generated page shows (an indicator, a unit, a month
	// of progress), for its layout to use as .Data.
	Data        any
	ResourceDir string // for bundles: the content folder whose files sit beside the page
}

// Heading is one entry of a page's table of contents.
type Heading struct {
	Level    int
	ID, Text string
}

// Site is the assembled site.
type Site struct {
	Config     *config.Config
	AsOf       time.Time
	Drafts     bool // a preview: drafts, future and expired pages included
	Home       *Page
	Regular    []*Page // every published regular page, newest first
	Sections   []*Page // every section, by URL
	Taxonomies []*Page // one per configured taxonomy
	Special    []*Page // 404 and others rendered once
	Generated  []*Page // pages made from data by extensions, by URL
	Files      []File  // other outputs made from data (open data, JSON)

	byURL  map[string]*Page
	byPath map[string]*Page // content-relative path of the source -> page
	hidden map[string]string
}

// New assembles the site from parsed pages. Problems are duplicate URLs,
// bad url keys and the like; they come back all together.
func New(cfg *config.Config, pages []*content.Page, opts Options) (*Site, error) {
	return NewCached(cfg, pages, opts, nil)
}

// AssemblyCache keeps, from one NewCached call to the next for the same
// site (the preview server's builds), what New works out for each content
// page on its own: whether it is published as of the day, its URL, aliases
// and terms. The build's parse cache gives an unchanged file the same
// *content.Page, never changed, so its entry can be taken over; entries
// are looked up by position, as files mostly stay in the same order.
type AssemblyCache struct {
	key   string      // what entries also depend on: base path, taxonomies, cut-off, drafts
	last  []assembled // by position in the pages of the last call
	terms []*termIDs  // by taxonomy

	// The published regular pages of the last call (indexes into its
	// pages), in file order and in list order.
	published, order []int
}

type assembled struct {
	cp   *content.Page
	prep pagePrep
	ids  [][]int32 // its terms in each taxonomy
}

// termIDs numbers the terms of a taxonomy, so that pages can refer to
// them by number and New need not look names up.
type termIDs struct {
	ids   map[string]int32
	names []string
}

func (t *termIDs) id(name string) int32 {
	id, ok := t.ids[name]
	if !ok {
		id = int32(len(t.names))
		t.ids[name] = id
		t.names = append(t.names, name)
	}
	return id
}

// NewCached is New, taking over from c (when not nil) what it worked out
// for the same content pages last time. The result is New's.
func NewCached(cfg *config.Config, pages []*content.Page, opts Options, c *AssemblyCache) (*Site, error) {
	s := &Site{
		Config: cfg,
		AsOf:   opts.AsOf,
		Drafts: opts.Drafts,
		byURL:  make(map[string]*Page, len(pages)+len(pages)/4),
		byPath: make(map[string]*Page, len(pages)),
		hidden: map[string]string{},
	}
	var list diag.List
	cut := Cutoff(opts.AsOf)
	sections := map[string]*Page{} // content dir -> section page

	s.Home = &Page{Site: s, Kind: KindHome, Title: cfg.Title, Description: cfg.Description, URL: cfg.RelURL("/")}
	for _, cp := range pages {
		if cp.Kind == content.KindHome {
			s.Home.Source = cp
			s.Home.Params = cp.Front.Params
			if cp.Front.Title != "" {
				s.Home.Title = cp.Front.Title
			}
			if cp.Front.Summary != "" {
				s.Home.Description = cp.Front.Summary
			}
			s.byPath[cp.Path] = s.Home
		}
	}
	var section func(dir string) *Page
	section = func(dir string) *Page {
		if dir == "" {
			return s.Home
		}
		if sp, ok := sections[dir]; ok {
			return sp
		}
		name := path.Base(dir)
		title := cfg.SectionTitle(dir)
		if title == "" {
			title = name
		}
		sp := &Page{Site: s, Kind: KindSection, Title: title, Dir: dir, URL: cfg.RelURL("/" + dir + "/")}
		sp.Description = cfg.Sections[dir].Description
		parent := path.Dir(dir)
		if parent == "." {
			parent = ""
		}
		sp.Parent = section(parent)
		sp.Section = sp
		sections[dir] = sp
		sp.Parent.Sections = append(sp.Parent.Sections, sp)
		return sp
	}
	for _, cp := range pages {
		if cp.Kind != content.KindSection {
			continue
		}
		sp := section(cp.Dir)
		sp.Source = cp
		sp.Params = cp.Front.Params
		sp.Weight = cp.Front.Weight
		if cp.Front.Title != "" {
			sp.Title = cp.Front.Title
		}
		if cp.Front.Summary != "" {
			sp.Description = cp.Front.Summary
		}
		s.byPath[cp.Path] = sp
	}
	// Regular pages: what each one is (publication, URL, aliases) is worked
	// out on all cores; then, in file order, problems are reported and
	// sections made; then the pages are made in list order, side by side
	// in memory, since every later step walks them in that order.
	taxonomies := make([]string, 0, len(cfg.Taxonomies))
	for k := range cfg.Taxonomies {
		taxonomies = append(taxonomies, k)
	}
	sort.Strings(taxonomies)
	nt := len(taxonomies)
	prep := make([]pagePrep, len(pages))
	ids := make([][]int32, len(pages)*nt) // terms of pages[i] in taxonomies[j], at i*nt+j
	var last, next []assembled
	var numbers []*termIDs
	if c != nil {
		key := fmt.Sprint(cfg.BasePath(), taxonomies, cut.Unix(), opts.Drafts)
		if key == c.key {
			last = c.last
		} else {
			c.terms = nil
		}
		c.key = key
		next = make([]assembled, len(pages))
		numbers = c.terms
	}
	if numbers == nil {
		for range taxonomies {
			numbers = append(numbers, &termIDs{ids: map[string]int32{}})
		}
		if c != nil {
			c.terms = numbers
		}
	}
	fresh := make([]bool, len(pages))        // prepared now, not taken over
	names := make([][]string, len(pages)*nt) // terms of fresh pages, to number
	inChunks(len(pages), func(i int) {
		cp := pages[i]
		if cp.Kind != content.KindPage {
			return
		}
		if i < len(last) && last[i].cp == cp {
			prep[i] = last[i].prep
			copy(ids[i*nt:(i+1)*nt], last[i].ids)
			return
		}
		fresh[i] = true
		prep[i] = prepare(cfg, cp, cut, opts.Drafts)
		for j, key := range taxonomies {
			names[i*nt+j] = termsOf(cp, key)
		}
	})
	// One taxonomy per core numbers the fresh pages' terms.
	parallel.For(nt, func(j int) {
		for i := range pages {
			if fresh[i] {
				list := make([]int32, len(names[i*nt+j]))
				for k, name := range names[i*nt+j] {
					list[k] = numbers[j].id(name)
				}
				ids[i*nt+j] = list
			}
		}
	})
	if next != nil {
		for i, cp := range pages {
			if cp.Kind == content.KindPage {
				next[i] = assembled{cp, prep[i], ids[i*nt : (i+1)*nt]}
			}
		}
		c.last = next
	}
	var published []int // indexes into pages
	for i, cp := range pages {
		if cp.Kind != content.KindPage {
			continue
		}
		pp := &prep[i]
		if pp.hidden {
			s.hidden[cp.Path] = pp.why
			continue
		}
		if pp.err != nil {
			list.Add(pp.err)
			continue
		}
		list.Add(pp.problems...)
		section(cp.Dir)
		published = append(published, i)
	}
	// Stable, so that pages that sort alike keep file order, as
	// SortPages would. The last call's order is taken when it is still
	// that order: the same pages, each before the next.
	inFileOrder := published
	if c != nil && slices.Equal(published, c.published) && stableSorted(c.order, prep) {
		published = slices.Clone(c.order)
	} else {
		published = slices.Clone(published)
		slices.SortStableFunc(published, func(a, b int) int { return compareKeys(&prep[a].key, &prep[b].key) })
	}
	if c != nil {
		c.published, c.order = inFileOrder, published
	}
	regular := make([]Page, len(published))
	s.Regular = make([]*Page, len(published))
	inChunks(len(published), func(n int) {
		i := published[n]
		cp, pp := pages[i], &prep[i]
		fm := &cp.Front
		p := &regular[n]
		*p = Page{
			Site: s, Kind: KindPage, Source: cp,
			Title: fm.Title, Description: fm.Summary,
			Date: fm.Date, Lastmod: fm.Lastmod, Weight: fm.Weight,
			Draft: fm.Draft, Preview: pp.why != "", Params: fm.Params,
			URL: pp.key.url, Aliases: pp.aliases,
		}
		if p.Lastmod.IsZero() {
			p.Lastmod = p.Date
		}
		if cp.Bundle {
			p.ResourceDir = path.Dir(cp.Path)
		}
		p.Section = s.Home
		if cp.Dir != "" {
			p.Section = sections[cp.Dir] // made above; only read here
		}
		p.Parent = p.Section
		s.Regular[n] = p
	})
	terms := make([][]int32, 0, len(published)*nt) // ids, the same for s.Regular
	for n, i := range published {
		terms = append(terms, ids[i*nt:(i+1)*nt]...)
		p := s.Regular[n]
		p.Parent.Pages = append(p.Parent.Pages, p)
		s.byPath[pages[i].Path] = p
	}

	for _, sp := range sections {
		s.Sections = append(s.Sections, sp)
	}
	sort.Slice(s.Sections, func(i, j int) bool { return s.Sections[i].URL < s.Sections[j].URL })
	for _, sp := range append([]*Page{s.Home}, s.Sections...) {
		SortPages(sp.Pages) // in order already: filled from s.Regular
		sort.SliceStable(sp.Sections, func(i, j int) bool {
			a, b := sp.Sections[i], sp.Sections[j]
			if a.Weight != b.Weight {
				return a.Weight < b.Weight
			}
			return a.URL < b.URL
		})
		if sp.Kind == KindSection {
			for _, p := range sp.Pages {
				if p.Lastmod.After(sp.Lastmod) {
					sp.Lastmod = p.Lastmod
				}
			}
		}
	}
	if len(s.Regular) > 0 {
		s.Home.Lastmod = s.Regular[0].Lastmod
		for _, p := range s.Regular {
			if p.Lastmod.After(s.Home.Lastmod) {
				s.Home.Lastmod = p.Lastmod
			}
		}
	}

	s.buildTaxonomies(taxonomies, numbers, terms)
	s.Special = append(s.Special, &Page{Site: s, Kind: Kind404, Title: "页面未找到", URL: cfg.RelURL("/404.html")})

	for _, p := range s.All() {
		s.claim(&list, p.URL, p, "")
		for _, a := range p.Aliases {
			s.claim(&list, a, p, " (alias)")
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

func describe(p *Page) string {
	if p.Source != nil {
		return p.Source.File
	}
	switch p.Kind {
	case KindTaxonomy:
		return "the " + p.Taxonomy + " taxonomy list"
	case KindTerm:
		return "the " + p.Taxonomy + " term " + p.Title
	}
	return "the generated " + p.Kind + " page"
}

// claim records that p owns URL u; suffix qualifies how (" (alias)").
// The descriptions are only built for a clash.
func (s *Site) claim(list *diag.List, u string, p *Page, suffix string) {
	if prev, ok := s.byURL[u]; ok {
		file, line := "", 0
		if p.Source != nil {
			file, line = p.Source.File, p.Source.KeyLine("url")
		}
		list.Add(diag.Errorf(file, line, "URL %s is claimed by both %s and %s: give one of them another slug or url", u, describe(prev), describe(p)+suffix))
		return
	}
	s.byURL[u] = p
}

// File is an output made from data rather than from a layout.
type File struct {
	Path   string // output path, e.g. indicators.json
	Source string // the file it came from, for problems
	Data   []byte
}

// KindGenerated is the kind of pages that extensions make from data.
const KindGenerated = "generated"

// Add adds a generated page. Its URL must be free: a clash is an error
// naming both sources. Parent defaults to the home page.
func (s *Site) Add(p *Page, source string) error {
	p.Site = s
	if p.Kind == "" {
		p.Kind = KindGenerated
	}
	if p.Parent == nil {
		p.Parent = s.Home
	}
	if prev, ok := s.byURL[p.URL]; ok {
		return diag.Errorf(source, 0, "URL %s is claimed by both %s and %s: rename one of them", p.URL, describe(prev), source)
	}
	s.byURL[p.URL] = p
	s.Generated = append(s.Generated, p)
	sort.SliceStable(s.Generated, func(i, j int) bool { return s.Generated[i].URL < s.Generated[j].URL })
	return nil
}

// AddFile adds an output made from data; its path must be free.
func (s *Site) AddFile(f File) error {
	for _, g := range s.Files {
		if g.Path == f.Path {
			return diag.Errorf(f.Source, 0, "output %s is made twice (also from %s)", f.Path, g.Source)
		}
	}
	s.Files = append(s.Files, f)
	return nil
}

// Cutoff is the first instant after the as-of day: content dated before it
// is published.
func Cutoff(asOf time.Time) time.Time {
	y, m, d := asOf.In(tomlfile.China).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, tomlfile.China)
}

// exclusion says why a page is not published as of the cut-off, or "".
func exclusion(fm *content.FrontMatter, cut time.Time) string {
	pub := fm.PublishDate
	if pub.IsZero() {
		pub = fm.Date
	}
	switch {
	case fm.Draft:
		return "it is a draft (draft = true)"
	case !pub.IsZero() && !pub.Before(cut):
		return "it is dated after the as-of date"
	case !fm.ExpiryDate.IsZero() && !fm.ExpiryDate.After(cut.Add(-24*time.Hour)):
		return "it expired before the as-of date"
	}
	return ""
}

// pagePrep is what New works out for a regular page before making it.
type pagePrep struct {
	hidden   bool   // not published
	why      string // why it is not published (as of the cut-off), or ""
	key      sortKey
	aliases  []string
	err      *diag.Problem // a bad url: the page is left out
	problems []*diag.Problem
}

func prepare(cfg *config.Config, cp *content.Page, cut time.Time, drafts bool) pagePrep {
	fm := &cp.Front
	pp := pagePrep{why: exclusion(fm, cut)}
	if pp.why != "" && !drafts {
		pp.hidden = true
		return pp
	}
	u, err := pageURL(cfg, cp)
	if err != nil {
		pp.err = err.(*diag.Problem)
		return pp
	}
	pp.key = keyOf(fm.Weight, fm.Date, u)
	for _, a := range fm.Aliases {
		if !strings.HasPrefix(a, "/") {
			pp.problems = append(pp.problems, diag.Errorf(cp.File, cp.KeyLine("aliases"), "alias %q must be a site path starting with /", a))
			continue
		}
		pp.aliases = append(pp.aliases, cfg.RelURL(ensureSlash(a)))
	}
	// Shared by later builds (AssemblyCache), whose keys trust that an
	// unchanged slice has unchanged elements: no spare room to append into.
	pp.aliases = slices.Clip(pp.aliases)
	return pp
}

// stableSorted reports whether order (indexes into prep) is what a stable
// sort by key would give: each page before the next, or alike and before
// it in file order.
func stableSorted(order []int, prep []pagePrep) bool {
	for n := 1; n < len(order); n++ {
		a, b := order[n-1], order[n]
		if c := compareKeys(&prep[a].key, &prep[b].key); c > 0 || c == 0 && a > b {
			return false
		}
	}
	return true
}

// inChunks calls f(i) for every i in [0, n) on all cores, in runs of
// indexes: the calls are short.
func inChunks(n int, f func(i int)) {
	const size = 64
	parallel.For((n+size-1)/size, func(c int) {
		for i := c * size; i < min(n, (c+1)*size); i++ {
			f(i)
		}
	})
}

// pageURL computes a regular page's site path: url overrides, else the
// folder plus the slug (or the file name, never the Chinese title).
func pageURL(cfg *config.Config, cp *content.Page) (string, error) {
	if u := cp.Front.URL; u != "" {
		if !strings.HasPrefix(u, "/") || strings.Contains(u, "..") || strings.ContainsAny(u, "?#") {
			return "", diag.Errorf(cp.File, cp.KeyLine("url"), "url %q must be a site path such as /about/", u)
		}
		return cfg.RelURL(ensureSlash(u)), nil
	}
	name := cp.Front.Slug
	if name == "" {
		name = cp.Name
	}
	if cp.Dir == "" {
		return cfg.RelURL("/" + name + "/"), nil
	}
	return cfg.RelURL("/" + cp.Dir + "/" + name + "/"), nil
}

func ensureSlash(u string) string {
	if strings.HasSuffix(u, "/") || path.Ext(u) != "" {
		return u
	}
	return u + "/"
}

// SortPages orders pages for lists: weight first (0 last), then newest
// first, then by URL so the order never depends on scheduling.
func SortPages(ps []*Page) {
	sorted := true
	for i := 1; i < len(ps) && sorted; i++ {
		sorted = comparePages(ps[i-1], ps[i]) <= 0
	}
	if sorted {
		return
	}
	// Sort compact keys rather than pages: each comparison then reads
	// one array instead of two pages from anywhere in memory.
	type item struct {
		key sortKey
		p   *Page
	}
	items := make([]item, len(ps))
	for i, p := range ps {
		items[i] = item{keyOf(p.Weight, p.Date, p.URL), p}
	}
	slices.SortStableFunc(items, func(a, b item) int { return compareKeys(&a.key, &b.key) })
	for i := range items {
		ps[i] = items[i].p
	}
}

// sortKey is what SortPages orders by.
type sortKey struct {
	weight int
	sec    int64 // the date, as time.Time.After compares it
	nsec   int
	url    string
}

func keyOf(weight int, date time.Time, url string) sortKey {
	return sortKey{weight: weight, sec: date.Unix(), nsec: date.Nanosecond(), url: url}
}

func compareKeys(a, b *sortKey) int {
	if (a.weight == 0) != (b.weight == 0) {
		if a.weight != 0 {
			return -1
		}
		return 1
	}
	if a.weight != b.weight {
		return cmp.Compare(a.weight, b.weight)
	}
	if a.sec != b.sec {
		return cmp.Compare(b.sec, a.sec) // newest first
	}
	if a.nsec != b.nsec {
		return cmp.Compare(b.nsec, a.nsec)
	}
	return strings.Compare(a.url, b.url)
}

// comparePages is compareKeys for two pages.
func comparePages(a, b *Page) int {
	if (a.Weight == 0) != (b.Weight == 0) {
		if a.Weight != 0 {
			return -1
		}
		return 1
	}
	if a.Weight != b.Weight {
		return cmp.Compare(a.Weight, b.Weight)
	}
	if c := cmp.Compare(b.Date.Unix(), a.Date.Unix()); c != 0 {
		return c // newest first
	}
	if c := cmp.Compare(b.Date.Nanosecond(), a.Date.Nanosecond()); c != 0 {
		return c
	}
	return strings.Compare(a.URL, b.URL)
}

// All returns every page with a URL, in a stable order.
func (s *Site) All() []*Page {
	out := []*Page{s.Home}
	out = append(out, s.Sections...)
	out = append(out, s.Regular...)
	for _, t := range s.Taxonomies {
		out = append(out, t)
		out = append(out, t.Sections...)
	}
	out = append(out, s.Generated...)
	out = append(out, s.Special...)
	return out
}

// ByPath returns the page made from a content-relative Markdown path.
func (s *Site) ByPath(rel string) (*Page, bool) {
	p, ok := s.byPath[rel]
	return p, ok
}

// Hidden says why a content file is not published, or "" if it is.
func (s *Site) Hidden(rel string) string { return s.hidden[rel] }

// Has reports whether the site has a page at a path relative to the base
// path, such as "search/": for layouts that link to an optional page.
func (s *Site) Has(rel string) bool {
	_, ok := s.byURL[s.Config.RelURL(rel)]
	return ok
}

// ByURL returns the page at a site path.
func (s *Site) ByURL(u string) (*Page, bool) {
	p, ok := s.byURL[u]
	return p, ok
}

// OutPath is the file a page is written to, relative to the output folder:
// /fzzf/news/a/ becomes news/a/index.html.
func (p *Page) OutPath() string { return OutPath(p.Site.Config, p.URL) }

// OutPath maps a site path to an output file.
func OutPath(cfg *config.Config, u string) string {
	rel := strings.TrimPrefix(u, cfg.BasePath())
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if un, err := url.PathUnescape(rel); err == nil {
		rel = un
	}
	return rel
}

// Permalink is the page's absolute URL.
func (p *Page) Permalink() string { return p.Site.Config.AbsURL(p.URL) }

// IsPage reports whether the page is a regular content page (an article).
func (p *Page) IsPage() bool { return p.Kind == KindPage }

// IsList reports whether the page lists other pages.
func (p *Page) IsList() bool {
	return p.Kind == KindHome || p.Kind == KindSection || p.Kind == KindTaxonomy || p.Kind == KindTerm
}

// Updated reports whether the page changed after it was published (on a
// later day), so templates show 更新日期.
func (p *Page) Updated() bool {
	if p.Lastmod.IsZero() || p.Date.IsZero() {
		return false
	}
	y1, m1, d1 := p.Date.In(tomlfile.China).Date()
	y2, m2, d2 := p.Lastmod.In(tomlfile.China).Date()
	return y1 != y2 || m1 != m2 || d1 != d2
}

// Ancestors returns the pages from the home page down to the page's parent,
// for breadcrumbs.
func (p *Page) Ancestors() []*Page {
	n := 0
	for a := p.Parent; a != nil; a = a.Parent {
		n++
		if a == a.Parent {
			break
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]*Page, n)
	for a := p.Parent; n > 0; a = a.Parent {
		n--
		out[n] = a
	}
	return out
}

// Path is the content-relative source path, or "".
func (p *Page) Path() string {
	if p.Source == nil {
		return ""
	}
	return p.Source.Path
}

// File is the site-relative source file, or "".
func (p *Page) File() string {
	if p.Source == nil {
		return ""
	}
	return p.Source.File
}

// SectionName is the folder name of the page's top section, e.g. "news".
func (p *Page) SectionName() string {
	if p.Source != nil {
		return p.Source.Section
	}
	return ""
}

// RecursivePages returns the regular pages in a section and its subsections,
// newest first; for the home page, all of them.
func (p *Page) RecursivePages() []*Page {
	if p.Kind == KindHome {
		return p.Site.Regular
	}
	if p.Kind != KindSection {
		return p.Pages
	}
	var out []*Page
	var walk func(sp *Page)
	walk = func(sp *Page) {
		out = append(out, sp.Pages...)
		for _, c := range sp.Sections {
			walk(c)
		}
	}
	walk(p)
	SortPages(out)
	return out
}

// SectionType is the layout folder tried first for the page: its
// front-matter type, else its top section's folder name ("" at the root).
func (p *Page) SectionType() string {
	if p.Source != nil && p.Source.Front.Type != "" {
		return p.Source.Front.Type
	}
	if c := p.Column(); c != nil && c.Kind == KindSection {
		if i := strings.IndexByte(c.Dir, '/'); i >= 0 {
			return c.Dir[:i]
		}
		return c.Dir
	}
	return ""
}

// Column returns the top-level section (栏目) the page belongs to: a
// section directly under the home page, or a taxonomy; nil for the home
// page and pages at the root.
func (p *Page) Column() *Page {
	for c := p; c != nil; c = c.Parent {
		if c.Parent == p.Site.Home && (c.Kind == KindSection || c.Kind == KindTaxonomy) {
			return c
		}
		if c.Kind == KindTaxonomy {
			return c
		}
		if c == c.Parent {
			break
		}
	}
	return nil
}

// ColumnType is the ColumnType meta of a list page: the configured type of
// its column, else a generic one.
func (p *Page) ColumnType() string {
	if c := p.Column(); c != nil && c.Kind == KindSection {
		if t := p.Site.Config.Sections[c.Dir].Type; t != "" {
			return t
		}
	}
	switch p.Kind {
	case KindHome:
		return "首页"
	case KindTaxonomy, KindTerm:
		return "分类"
	}
	return "信息列表"
}

// ContentSource is the ContentSource meta and the visible 来源 of an item:
// [params] source, else the site's 主办单位.
func (p *Page) ContentSource() string {
	if s, ok := p.Params["source"].(string); ok && s != "" {
		return s
	}
	return p.Site.Config.Identity.Sponsor
}
