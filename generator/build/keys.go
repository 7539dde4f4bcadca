package build

import (
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"math"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"fzzf/generator/config"
	"fzzf/generator/content"
	"fzzf/generator/parallel"
	"fzzf/generator/site"
)

// keys computes, for each output of each page, a digest of everything its
// layouts can show; an output whose key equals the last build's is not
// rendered again. What a page shows is decided here, once, by these rules:
//
//   - every page: the theme and config (all outputs depend on them), the
//     site's skeleton (the home page, every section and taxonomy as a link:
//     URL, title, kind, weight, params), and all of its own fields: title,
//     dates, HTML, summary, TOC, params, source file, terms, Data;
//   - its ancestors, column and section, its terms and its subsections
//     (or a taxonomy's terms) as list entries;
//   - a paginated list (section, term): the entries of its pager page and
//     the pager's numbers; a list that is not paginated: all its entries;
//   - the home page: every regular and generated page as a list entry;
//   - a generated page: everything its Data reaches, other pages as list
//     entries.
//
// A list entry is what a list shows of a page: URL, title, kind, dates,
// weight, summary, reading time, params, draft/preview, source bytes, its
// terms and section as links, counts of its pages, and its Data (pages in
// it as links). A layout that shows more than this about other pages (a
// "related articles" box reading .Site.Regular on every page, say) needs a
// rule here; the property test in package serve compares incremental
// builds with full builds and catches a missing one.
//
// # Cost
//
// Keys are computed for every output of every build, so they are made
// cheap, in three ways:
//
//   - Across builds, by position in site.All (pageMemo): what a page's
//     digests read of the page itself is kept with the digests; when the
//     page at the same position has the same fields (the same strings,
//     slices and maps, as unchanged pages do, since parsed pages, front
//     matter and Markdown output are shared between builds and never
//     changed in place), its digests are taken over without reading or
//     hashing any of it. Other pages' digests and Data are combined anew
//     in every build.
//   - Across builds, by address (sums): long strings and byte slices that
//     survive from build to build (a source file, a page's HTML) are
//     hashed once.
//   - Within a build (valueMemo): Data and Params are digested by
//     reflection, and the digest of every pointer, slice or map they reach
//     whose graph is acyclic is kept for the rest of the build. A page of
//     indicators and the indexes listing them share the indicators'
//     structs; each is hashed once per build instead of once per output
//     that shows it.
//
// Each page's link and entry digests are computed once per build, on all
// cores, and looked up by position.
type keys struct {
	seed     maphash.Seed
	sums     *sums
	site     *site.Site
	skeleton uint64
	all      []*site.Page       // site.All
	index    map[*site.Page]int // position in all
	pages    []pageMemo         // by position
	refs     []uint64           // a page as a link, by position
	entries  []uint64           // a page as a list entry, by position
	memo     valueMemo
}

// newKeys computes the link and entry digests of every page of s. last
// are the page memos of the last build (see pageMemo); this build's go
// into spare when it is large enough (the memos of the build before).
func newKeys(seed maphash.Seed, sm *sums, theme uint64, s *site.Site, last, spare []pageMemo) *keys {
	k := &keys{seed: seed, sums: sm, site: s}
	all := s.All()
	k.all = all
	k.index = make(map[*site.Page]int, len(all))
	for i, p := range all {
		k.index[p] = i
	}
	// What each page is by itself first (links need no other page), then
	// entries, which include the links of sections and terms.
	if cap(spare) >= len(all) {
		k.pages = spare[:len(all)] // every field is set below
	} else {
		k.pages = make([]pageMemo, len(all))
	}
	k.refs = make([]uint64, len(all))
	inChunks(len(all), func(i int) {
		m := &k.pages[i]
		m.self, m.body = selfOf(all[i]), bodyOf(all[i])
		var prev *pageMemo
		if i < len(last) {
			prev = &last[i]
		}
		if prev != nil && prev.self.same(&m.self) {
			m.ref, m.entrySelf = prev.ref, prev.entrySelf
		} else {
			m.ref, m.entrySelf = k.linkDigest(&m.self), k.entrySelfDigest(&m.self)
		}
		if prev != nil && prev.body.same(&m.body) {
			m.bodySum = prev.bodySum
		} else {
			m.bodySum = k.bodyDigest(&m.body)
		}
		k.refs[i] = m.ref
	})
	k.entries = make([]uint64, len(all))
	inChunks(len(all), func(i int) { k.entries[i] = k.entryFrom(all[i], k.pages[i].ref, k.pages[i].entrySelf) })
	var h maphash.Hash
	h.SetSeed(seed)
	writeUint(&h, theme)
	writeUint(&h, k.refOrCompute(s.Home))
	for _, p := range s.Sections {
		writeUint(&h, k.refOrCompute(p))
	}
	for _, p := range s.Taxonomies {
		writeUint(&h, k.refOrCompute(p))
	}
	k.skeleton = h.Sum64()
	return k
}

// pageMemo is what keys keep of a page for the next build, by its position
// in site.All: what its digests read of the page itself (not of other
// pages, nor Data, which are digested in every build) and the digests
// made of it. When the page at the same position in the next build has
// the same self and body, its digests are taken over instead of hashed
// again.
//
// Strings compare with ==, which does not read them when they are the
// same string (as they are when unchanged: a title from the parse cache, a
// summary from the Markdown cache). Slices, maps and content pages compare
// by address: the memo holds them, so an address cannot have been reused
// for something else, and the build never changes them in place (parsed
// pages, front matter and Markdown output are shared between builds).
type pageMemo struct {
	self           pageSelf
	ref, entrySelf uint64
	body           pageBody
	bodySum        uint64 // digest of body
}

// pageSelf is everything a page's link and entry digests read of the page
// itself.
type pageSelf struct {
	kind, url, title, description, dir, taxonomy string
	weight                                       int
	params                                       map[string]any
	date, lastmod                                time.Time
	draft, preview                               bool
	summary, plainSummary                        string
	readingMinutes, pages, sections              int
	resourceDir                                  string
	source                                       *content.Page
}

func selfOf(p *site.Page) pageSelf {
	return pageSelf{
		kind: p.Kind, url: p.URL, title: p.Title, description: p.Description, dir: p.Dir, taxonomy: p.Taxonomy,
		weight: p.Weight, params: p.Params, date: p.Date, lastmod: p.Lastmod, draft: p.Draft, preview: p.Preview,
		summary: string(p.Summary), plainSummary: p.PlainSummary, readingMinutes: p.ReadingMinutes,
		pages: len(p.Pages), sections: len(p.Sections), resourceDir: p.ResourceDir, source: p.Source,
	}
}

func (a *pageSelf) same(b *pageSelf) bool {
	return a.kind == b.kind && a.url == b.url && a.title == b.title && a.description == b.description &&
		a.dir == b.dir && a.taxonomy == b.taxonomy && a.weight == b.weight && sameMap(a.params, b.params) &&
		a.date == b.date && a.lastmod == b.lastmod && a.draft == b.draft && a.preview == b.preview &&
		a.summary == b.summary && a.plainSummary == b.plainSummary && a.readingMinutes == b.readingMinutes &&
		a.pages == b.pages && a.sections == b.sections && a.resourceDir == b.resourceDir && a.source == b.source
}

// pageBody is what a page's own outputs show of it besides its entry:
// its HTML, table of contents, aliases, layouts and front-matter type.
type pageBody struct {
	content          string
	toc              []site.Heading
	aliases, layouts []string
	source           *content.Page
}

func bodyOf(p *site.Page) pageBody {
	return pageBody{content: string(p.Content), toc: p.TOC, aliases: p.Aliases, layouts: p.Layouts, source: p.Source}
}

func (a *pageBody) same(b *pageBody) bool {
	return a.content == b.content && sameSlice(a.toc, b.toc) && sameSlice(a.aliases, b.aliases) &&
		sameSlice(a.layouts, b.layouts) && a.source == b.source
}

// sameSlice reports whether a and b are the same slice of the same array.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && unsafe.SliceData(a) == unsafe.SliceData(b)
}

// sameMap reports whether a and b are the same map.
func sameMap(a, b map[string]any) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

func writeUint(h *maphash.Hash, v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	h.Write(b[:])
}

func writeStr(h *maphash.Hash, s string) {
	writeUint(h, uint64(len(s)))
	h.WriteString(s)
}

func writeTime(h *maphash.Hash, t time.Time) {
	writeUint(h, uint64(t.UnixNano()))
	if t.IsZero() {
		h.WriteByte(0)
	}
	writeStr(h, t.Location().String())
}

func writeBool(h *maphash.Hash, b bool) {
	if b {
		h.WriteByte(1)
	} else {
		h.WriteByte(0)
	}
}

// How pages found in Data or Params count in a digest.
type mode uint8

const (
	pagesAsNothing mode = iota // that there is one (a link's Params)
	pagesAsLinks               // their link digest (a list entry's Data)
	pagesAsEntries             // their list-entry digest (the page's own Data)
)

// linkDigest digests a page as a link: breadcrumbs, navigation, term
// links.
func (k *keys) linkDigest(s *pageSelf) uint64 {
	var h maphash.Hash
	h.SetSeed(k.seed)
	writeStr(&h, s.kind)
	writeStr(&h, s.url)
	writeStr(&h, s.title)
	writeStr(&h, s.description)
	writeStr(&h, s.dir)
	writeStr(&h, s.taxonomy)
	writeUint(&h, uint64(s.weight))
	k.value(&h, reflect.ValueOf(s.params), pagesAsNothing)
	return h.Sum64()
}

// entrySelfDigest digests what a list entry shows of a page itself.
func (k *keys) entrySelfDigest(s *pageSelf) uint64 {
	var h maphash.Hash
	h.SetSeed(k.seed)
	writeTime(&h, s.date)
	writeTime(&h, s.lastmod)
	writeBool(&h, s.draft)
	writeBool(&h, s.preview)
	writeUint(&h, k.sums.string(s.summary))
	writeUint(&h, k.sums.string(s.plainSummary))
	writeUint(&h, uint64(s.readingMinutes))
	writeUint(&h, uint64(s.pages))
	writeUint(&h, uint64(s.sections))
	writeStr(&h, s.resourceDir)
	k.source(&h, s.source)
	return h.Sum64()
}

// bodyDigest digests a page's body.
func (k *keys) bodyDigest(b *pageBody) uint64 {
	var h maphash.Hash
	h.SetSeed(k.seed)
	writeUint(&h, k.sums.string(b.content))
	writeUint(&h, uint64(len(b.toc)))
	for _, t := range b.toc {
		writeUint(&h, uint64(t.Level))
		writeStr(&h, t.ID)
		writeStr(&h, t.Text)
	}
	writeUint(&h, uint64(len(b.aliases)))
	for _, a := range b.aliases {
		writeStr(&h, a)
	}
	writeUint(&h, uint64(len(b.layouts)))
	for _, l := range b.layouts {
		writeStr(&h, l)
	}
	if b.source != nil {
		writeStr(&h, b.source.Front.Type)
	}
	return h.Sum64()
}

// refOrCompute returns a page's link digest, also for pages that are not
// part of the site's page list.
func (k *keys) refOrCompute(p *site.Page) uint64 {
	if i, ok := k.index[p]; ok {
		return k.refs[i]
	}
	s := selfOf(p)
	return k.linkDigest(&s)
}

// entryFrom digests a page as an entry of a list, given its link and
// entrySelf digests.
func (k *keys) entryFrom(p *site.Page, ref, self uint64) uint64 {
	var h maphash.Hash
	h.SetSeed(k.seed)
	writeUint(&h, ref)
	writeUint(&h, self)
	if p.Section != nil {
		writeUint(&h, k.refOrCompute(p.Section))
	}
	k.terms(&h, p, k.refOrCompute)
	k.value(&h, reflect.ValueOf(p.Data), pagesAsLinks)
	return h.Sum64()
}

func (k *keys) entryOrCompute(p *site.Page) uint64 {
	if i, ok := k.index[p]; ok {
		return k.entries[i]
	}
	s := selfOf(p)
	return k.entryFrom(p, k.linkDigest(&s), k.entrySelfDigest(&s))
}

func (k *keys) source(h *maphash.Hash, src *content.Page) {
	if src == nil {
		h.WriteByte(0)
		return
	}
	writeStr(h, src.File)
	writeUint(h, k.sums.bytes(src.Src))
	for _, f := range src.Files {
		writeStr(h, f)
	}
}

func (k *keys) terms(h *maphash.Hash, p *site.Page, of func(*site.Page) uint64) {
	if len(p.Terms) == 0 {
		return
	}
	var buf [4]string
	names := buf[:0]
	for t := range p.Terms {
		names = append(names, t)
	}
	slices.Sort(names)
	for _, t := range names {
		writeStr(h, t)
		for _, tp := range p.Terms[t] {
			writeUint(h, of(tp))
		}
	}
}

// entryAt is entryOrCompute for a page expected at position i of
// site.All.
func (k *keys) entryAt(i int, p *site.Page) uint64 {
	if i < len(k.all) && k.all[i] == p {
		return k.entries[i]
	}
	return k.entryOrCompute(p)
}

// output is the key of one output of page i of site.All: the page itself,
// or pager page pg of a paginated list.
func (k *keys) output(i int, pg *site.Pager) uint64 {
	p := k.all[i]
	var hh maphash.Hash
	h := &hh
	h.SetSeed(k.seed)
	writeUint(h, k.skeleton)
	// The page itself, everything.
	writeUint(h, k.entries[i])
	writeUint(h, k.pages[i].bodySum)
	k.terms(h, p, k.entryOrCompute)
	k.value(h, reflect.ValueOf(p.Data), pagesAsEntries)
	// Where it sits.
	for _, a := range p.Ancestors() {
		writeUint(h, k.entryOrCompute(a))
	}
	if c := p.Column(); c != nil {
		writeUint(h, k.entryOrCompute(c))
	}
	for _, sp := range p.Sections {
		writeUint(h, k.entryOrCompute(sp))
	}
	// What it lists.
	if pg != nil {
		writeUint(h, uint64(pg.Number))
		writeUint(h, uint64(pg.Total))
		writeUint(h, uint64(pg.TotalItems))
		for _, s := range []string{pg.URL, pg.Prev, pg.Next, pg.First, pg.Last} {
			writeStr(h, s)
		}
		for _, e := range pg.Pages {
			writeUint(h, k.entryOrCompute(e))
		}
	} else {
		for _, e := range p.Pages {
			writeUint(h, k.entryOrCompute(e))
		}
	}
	if p.Kind == site.KindHome {
		// site.All lists the regular pages after the home page and the
		// sections, and the generated ones before the special pages.
		at := 1 + len(k.site.Sections)
		for j, e := range k.site.Regular {
			writeUint(h, k.entryAt(at+j, e))
		}
		at = len(k.all) - len(k.site.Special) - len(k.site.Generated)
		for j, e := range k.site.Generated {
			writeUint(h, k.entryAt(at+j, e))
		}
	}
	return h.Sum64()
}

// inChunks calls f(i) for every i in [0, n) on all cores, handing out
// runs of indexes rather than single ones: the calls are short.
func inChunks(n int, f func(i int)) {
	const size = 64
	parallel.For((n+size-1)/size, func(c int) {
		for i := c * size; i < min(n, (c+1)*size); i++ {
			f(i)
		}
	})
}

var (
	pageType    = typeID(reflect.TypeFor[*site.Page]())
	siteType    = typeID(reflect.TypeFor[*site.Site]())
	configType  = typeID(reflect.TypeFor[*config.Config]())
	contentType = typeID(reflect.TypeFor[*content.Page]())
	timeType    = typeID(reflect.TypeFor[time.Time]())
	anyMapType  = reflect.TypeFor[map[string]any]()
)

// Tags that separate the kinds of things written by value.
const (
	tagInvalid byte = iota
	tagPage         // a *site.Page, by mode
	tagSite         // the site or config: covered by the skeleton
	tagNil          // a nil pointer, slice, map or interface
	tagSeen         // a target met before in this digest, on a cycle
	tagIface        // an interface: its dynamic type, then its value
	tagRef          // a pointer, slice or map target: its digest
)

// memoMin is the number of values below which a target's digest is not
// memoized: hashing it again costs less than keeping it.
const memoMin = 16

// target identifies what a pointer, slice or map refers to: its address,
// its type (a struct and its first field share an address), and for a
// slice its length.
type target struct {
	p unsafe.Pointer
	t unsafe.Pointer // typeID
	n int
}

// typeID identifies a type by its runtime descriptor, the pointer a
// reflect.Type holds: one per type, and cheaper to hash and compare than
// the interface.
func typeID(t reflect.Type) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1]
}

type memoKey struct {
	target
	mode mode
}

// valueMemo holds the digests of targets whose graph is acyclic, for one
// build (Data and Params are not changed while keys are computed). It is
// split by address, so that the goroutines computing keys seldom wait for
// one another.
type valueMemo struct {
	shards [64]struct {
		mu sync.RWMutex
		m  map[memoKey]uint64
	}
}

func (m *valueMemo) shard(k memoKey) int { return int(uintptr(k.p)>>4) % len(m.shards) }

func (m *valueMemo) get(k memoKey) (uint64, bool) {
	s := &m.shards[m.shard(k)]
	s.mu.RLock()
	d, ok := s.m[k]
	s.mu.RUnlock()
	return d, ok
}

func (m *valueMemo) put(k memoKey, d uint64) {
	s := &m.shards[m.shard(k)]
	s.mu.Lock()
	if s.m == nil {
		s.m = map[memoKey]uint64{}
	}
	s.m[k] = d
	s.mu.Unlock()
}

// value digests any value a page's Data or Params holds into h. Pages in
// it count as mode says; the site and config are covered by the skeleton.
func (k *keys) value(h *maphash.Hash, v reflect.Value, m mode) {
	w := walk{k: k, mode: m}
	w.value(h, v)
}

// walk is one digest of a value by reflection.
//
// A pointer, slice or map target is written as the digest of what it
// holds, computed with a hasher of its own. When that digest did not
// depend on where the walk came from, the target is memoized for the
// build: the next walk that reaches it, in any output, writes the same
// digest without looking inside. It does not depend on the way in when
// the target's graph has no cycle: then no target inside it can be met
// again while inside it.
//
// Cycles are cut by marking targets seen: a target is seen while the walk
// is inside it (path), and stays seen when it turned out to be on a cycle
// (cyclic); meeting it again writes tagSeen and which target it is (see
// seen), since what it holds is in this digest already. A digest
// that met tagSeen is not memoized, nor is any target around it (the
// mark stands for content outside it). So the memo only ever holds
// digests of acyclic graphs, each the same whichever walk computed it, and
// every digest is the same whether or not the memo had it: keys do not
// depend on which goroutine got where first.
type walk struct {
	k      *keys
	mode   mode
	path   []target       // the targets the walk is inside
	cyclic map[target]int // targets it left that turned out to be on a cycle, numbered in order
	count  int            // values visited, to tell big targets from small ones
}

// seen reports whether t is marked seen (the walk is inside it, or it was
// on a cycle) and which one it is: its depth on the path, or its number
// among the cyclic targets. Writing that with tagSeen tells two different
// targets met again apart. The walk's order does not depend on the memo
// (targets around a cycle are never memoized), so neither does the number.
func (w *walk) seen(t target) (uint64, bool) {
	for i, p := range w.path {
		if p == t {
			return uint64(i), true
		}
	}
	if n, ok := w.cyclic[t]; ok {
		return 1<<40 + uint64(n), true
	}
	return 0, false
}

// value writes v and reports whether what it wrote depends on the walk's
// way in (it met a target marked seen).
func (w *walk) value(h *maphash.Hash, v reflect.Value) (cyclic bool) {
	w.count++
	if !v.IsValid() {
		h.WriteByte(tagInvalid)
		return false
	}
	var id unsafe.Pointer // the types below are pointers but time.Time
	if k := v.Kind(); k == reflect.Pointer || k == reflect.Struct {
		id = typeID(v.Type())
	}
	switch id {
	case pageType:
		h.WriteByte(tagPage)
		if v.IsNil() {
			h.WriteByte(0)
			return false
		}
		p := (*site.Page)(v.UnsafePointer())
		switch w.mode {
		case pagesAsLinks:
			writeUint(h, w.k.refOrCompute(p))
		case pagesAsEntries:
			writeUint(h, w.k.entryOrCompute(p))
		default:
			h.WriteByte(1)
		}
		return false
	case siteType, configType:
		h.WriteByte(tagSite)
		return false
	case contentType:
		if !v.IsNil() {
			w.k.source(h, (*content.Page)(v.UnsafePointer()))
		}
		return false
	case timeType:
		if v.CanInterface() {
			t, _ := reflect.TypeAssert[time.Time](v)
			writeTime(h, t)
			return false
		}
	}
	switch v.Kind() {
	case reflect.Bool:
		writeBool(h, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		writeUint(h, uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		writeUint(h, v.Uint())
	case reflect.Float32, reflect.Float64:
		writeUint(h, math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		writeUint(h, math.Float64bits(real(c)))
		writeUint(h, math.Float64bits(imag(c)))
	case reflect.String:
		writeStr(h, v.String())
	case reflect.Interface:
		if v.IsNil() {
			h.WriteByte(tagNil)
			return false
		}
		h.WriteByte(tagIface)
		writeStr(h, v.Elem().Type().String())
		return w.value(h, v.Elem())
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if w.value(h, v.Field(i)) {
				cyclic = true
			}
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if w.value(h, v.Index(i)) {
				cyclic = true
			}
		}
	case reflect.Pointer, reflect.Slice, reflect.Map:
		if v.IsNil() {
			h.WriteByte(tagNil)
			return false
		}
		if v.Kind() != reflect.Pointer && v.Len() == 0 {
			h.WriteByte(tagNil + 128) // empty, not nil
			return false
		}
		t := target{p: v.UnsafePointer(), t: typeID(v.Type())}
		if v.Kind() == reflect.Slice {
			t.n = v.Len()
		}
		return w.target(h, t, v)
	default:
		// Functions, channels, unsafe pointers: their type is all a
		// layout can use.
		writeStr(h, v.Type().String())
	}
	return cyclic
}

// target writes the digest of what a pointer, slice or map holds.
func (w *walk) target(h *maphash.Hash, t target, v reflect.Value) (cyclic bool) {
	key := memoKey{t, w.mode}
	if d, ok := w.k.memo.get(key); ok {
		h.WriteByte(tagRef)
		writeUint(h, d)
		return false
	}
	if which, ok := w.seen(t); ok {
		h.WriteByte(tagSeen)
		writeUint(h, which)
		return true
	}
	w.path = append(w.path, t)
	start := w.count
	var sub maphash.Hash
	sub.SetSeed(w.k.seed)
	switch v.Kind() {
	case reflect.Pointer:
		cyclic = w.value(&sub, v.Elem())
	case reflect.Slice:
		writeUint(&sub, uint64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			if w.value(&sub, v.Index(i)) {
				cyclic = true
			}
		}
	case reflect.Map:
		cyclic = w.mapEntries(&sub, v)
	}
	d := sub.Sum64()
	w.path = w.path[:len(w.path)-1]
	if cyclic {
		if w.cyclic == nil {
			w.cyclic = map[target]int{}
		}
		w.cyclic[t] = len(w.cyclic)
	} else if w.count-start >= memoMin {
		w.k.memo.put(key, d)
	}
	h.WriteByte(tagRef)
	writeUint(h, d)
	return cyclic
}

// mapEntries writes a map's entries in an order that does not depend on
// map iteration: by key for map[string]any (Params), by the digest of the
// key otherwise.
func (w *walk) mapEntries(h *maphash.Hash, v reflect.Value) (cyclic bool) {
	writeUint(h, uint64(v.Len()))
	if v.Type() == anyMapType && v.CanInterface() {
		m, _ := reflect.TypeAssert[map[string]any](v)
		names := make([]string, 0, len(m))
		for name := range m {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			writeStr(h, name)
			if w.value(h, reflect.ValueOf(m[name])) {
				cyclic = true
			}
		}
		return cyclic
	}
	type item struct {
		key uint64
		val reflect.Value
	}
	items := make([]item, 0, v.Len())
	iter := v.MapRange()
	for iter.Next() {
		// A key is digested on its own, so its digest does not depend
		// on the walk.
		var kh maphash.Hash
		kh.SetSeed(w.k.seed)
		w.k.value(&kh, iter.Key(), w.mode)
		items = append(items, item{kh.Sum64(), iter.Value()})
	}
	slices.SortFunc(items, func(a, b item) int { return cmp.Compare(a.key, b.key) })
	for _, it := range items {
		writeUint(h, it.key)
		if w.value(h, it.val) {
			cyclic = true
		}
	}
	return cyclic
}

// sums memoizes the digests of large byte slices and strings that are
// shared between builds (a source file's bytes, a page's HTML), by the
// address of their data: reused data is not hashed again. Each entry keeps
// its data alive, so an address cannot be reused for other bytes while
// its entry exists; entries unused in a build are dropped after it.
//
// The entries are only read while keys are computed, so finding one takes
// no lock; new ones go to a map of their own until the keys are done
// (rotate). Entries no build used lately are dropped now and then.
type sums struct {
	seed maphash.Seed
	gen  uint32                       // the current build
	prev map[unsafe.Pointer]*sumEntry // read-only during a build
	new  int                          // entries added since the last pruning

	mu    sync.Mutex
	fresh map[unsafe.Pointer]*sumEntry
}

type sumEntry struct {
	n    int
	sum  uint64
	keep any
	used atomic.Uint32 // the last build that used it
}

func newSums(seed maphash.Seed) *sums {
	return &sums{seed: seed, gen: 1, prev: map[unsafe.Pointer]*sumEntry{}, fresh: map[unsafe.Pointer]*sumEntry{}}
}

// rotate ends a build's use of the sums: its new entries join the others,
// and once enough were added, the entries this build did not use go.
func (s *sums) rotate() {
	for p, e := range s.fresh {
		e.used.Store(s.gen)
		s.prev[p] = e
	}
	s.new += len(s.fresh)
	if s.new > 256 { // a few hundred saves: old versions of what changed
		for p, e := range s.prev {
			if e.used.Load() != s.gen {
				delete(s.prev, p)
			}
		}
		s.new = 0
	}
	s.gen++
	clear(s.fresh)
}

func (s *sums) lookup(p unsafe.Pointer, n int, keep any, hash func() uint64) uint64 {
	if e := s.prev[p]; e != nil && e.n == n {
		if e.used.Load() != s.gen {
			e.used.Store(s.gen)
		}
		return e.sum
	}
	s.mu.Lock()
	e := s.fresh[p]
	s.mu.Unlock()
	if e != nil && e.n == n {
		return e.sum
	}
	e = &sumEntry{n: n, sum: hash(), keep: keep}
	s.mu.Lock()
	s.fresh[p] = e
	s.mu.Unlock()
	return e.sum
}

func (s *sums) bytes(b []byte) uint64 {
	if len(b) < 256 {
		return maphash.Bytes(s.seed, b)
	}
	return s.lookup(unsafe.Pointer(unsafe.SliceData(b)), len(b), b, func() uint64 { return maphash.Bytes(s.seed, b) })
}

func (s *sums) string(str string) uint64 {
	if len(str) < 256 {
		return maphash.String(s.seed, str)
	}
	return s.lookup(unsafe.Pointer(unsafe.StringData(str)), len(str), str, func() uint64 { return maphash.String(s.seed, str) })
}
