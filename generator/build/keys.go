package build

import (
	"encoding/binary"
	"hash/maphash"
	"reflect"
	"sort"
	"sync"
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
type keys struct {
	seed     maphash.Seed
	sums     *sums
	site     *site.Site
	skeleton uint64
	ref      map[*site.Page]uint64 // a page as a link
	entry    map[*site.Page]uint64 // a page as a list entry
}

func newKeys(seed maphash.Seed, sm *sums, theme uint64, s *site.Site) *keys {
	k := &keys{seed: seed, sums: sm, site: s}
	all := s.All()
	k.ref = make(map[*site.Page]uint64, len(all))
	for _, p := range all {
		k.ref[p] = k.refOf(p)
	}
	entries := make([]uint64, len(all))
	parallel.For(len(all), func(i int) { entries[i] = k.entryOf(all[i]) })
	k.entry = make(map[*site.Page]uint64, len(all))
	for i, p := range all {
		k.entry[p] = entries[i]
	}
	h := k.hash()
	writeUint(h, theme)
	writeUint(h, k.ref[s.Home])
	for _, p := range s.Sections {
		writeUint(h, k.ref[p])
	}
	for _, p := range s.Taxonomies {
		writeUint(h, k.ref[p])
	}
	k.skeleton = h.Sum64()
	return k
}

func (k *keys) hash() *maphash.Hash {
	h := new(maphash.Hash)
	h.SetSeed(k.seed)
	return h
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

// refOf digests a page as a link: breadcrumbs, navigation, term links.
func (k *keys) refOf(p *site.Page) uint64 {
	h := k.hash()
	writeStr(h, p.Kind)
	writeStr(h, p.URL)
	writeStr(h, p.Title)
	writeStr(h, p.Description)
	writeStr(h, p.Dir)
	writeStr(h, p.Taxonomy)
	writeUint(h, uint64(p.Weight))
	k.value(h, reflect.ValueOf(p.Params), nil, map[uintptr]bool{})
	return h.Sum64()
}

// refOrCompute returns a page's link digest, also for pages that are not
// part of the site's page list.
func (k *keys) refOrCompute(p *site.Page) uint64 {
	if v, ok := k.ref[p]; ok {
		return v
	}
	return k.refOf(p)
}

// entryOf digests a page as an entry of a list.
func (k *keys) entryOf(p *site.Page) uint64 {
	h := k.hash()
	writeUint(h, k.refOrCompute(p))
	writeTime(h, p.Date)
	writeTime(h, p.Lastmod)
	writeBool(h, p.Draft)
	writeBool(h, p.Preview)
	writeStr(h, string(p.Summary))
	writeStr(h, p.PlainSummary)
	writeUint(h, uint64(p.ReadingMinutes))
	writeUint(h, uint64(len(p.Pages)))
	writeUint(h, uint64(len(p.Sections)))
	writeStr(h, p.ResourceDir)
	k.source(h, p.Source)
	if p.Section != nil {
		writeUint(h, k.refOrCompute(p.Section))
	}
	k.terms(h, p, k.refOrCompute)
	k.value(h, reflect.ValueOf(p.Data), k.refOrCompute, map[uintptr]bool{})
	return h.Sum64()
}

func (k *keys) entryOrCompute(p *site.Page) uint64 {
	if v, ok := k.entry[p]; ok {
		return v
	}
	return k.entryOf(p)
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
	names := make([]string, 0, len(p.Terms))
	for t := range p.Terms {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		writeStr(h, t)
		for _, tp := range p.Terms[t] {
			writeUint(h, of(tp))
		}
	}
}

// output is the key of one output of p: the page itself, or pager page pg
// of a paginated list.
func (k *keys) output(p *site.Page, pg *site.Pager) uint64 {
	h := k.hash()
	writeUint(h, k.skeleton)
	// The page itself, everything.
	writeUint(h, k.entryOrCompute(p))
	writeUint(h, k.sums.string(string(p.Content)))
	for _, t := range p.TOC {
		writeUint(h, uint64(t.Level))
		writeStr(h, t.ID)
		writeStr(h, t.Text)
	}
	for _, a := range p.Aliases {
		writeStr(h, a)
	}
	for _, l := range p.Layouts {
		writeStr(h, l)
	}
	if p.Source != nil {
		writeStr(h, p.Source.Front.Type)
	}
	k.terms(h, p, k.entryOrCompute)
	k.value(h, reflect.ValueOf(p.Data), k.entryOrCompute, map[uintptr]bool{})
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
		for _, e := range k.site.Regular {
			writeUint(h, k.entryOrCompute(e))
		}
		for _, e := range k.site.Generated {
			writeUint(h, k.entryOrCompute(e))
		}
	}
	return h.Sum64()
}

var (
	pageType    = reflect.TypeOf((*site.Page)(nil))
	siteType    = reflect.TypeOf((*site.Site)(nil))
	configType  = reflect.TypeOf((*config.Config)(nil))
	contentType = reflect.TypeOf((*content.Page)(nil))
	timeType    = reflect.TypeOf(time.Time{})
)

// value digests any value a page's Data or Params holds. Pages in it count
// through page (as a link or an entry); the site and config are covered by
// the skeleton; pointers are followed once.
func (k *keys) value(h *maphash.Hash, v reflect.Value, page func(*site.Page) uint64, seen map[uintptr]bool) {
	if !v.IsValid() {
		h.WriteByte(0)
		return
	}
	switch v.Type() {
	case pageType:
		if v.IsNil() || page == nil {
			h.WriteByte(1)
			return
		}
		writeUint(h, page((*site.Page)(v.UnsafePointer())))
		return
	case siteType, configType:
		h.WriteByte(2)
		return
	case contentType:
		if !v.IsNil() {
			k.source(h, (*content.Page)(v.UnsafePointer()))
		}
		return
	case timeType:
		if v.CanInterface() {
			writeTime(h, v.Interface().(time.Time))
			return
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
		writeStr(h, reflect.ValueOf(v.Float()).String())
		writeUint(h, uint64(int64(v.Float()*1e9)))
	case reflect.String:
		writeStr(h, v.String())
	case reflect.Pointer:
		if v.IsNil() {
			h.WriteByte(3)
			return
		}
		if seen[v.Pointer()] {
			h.WriteByte(4)
			return
		}
		seen[v.Pointer()] = true
		k.value(h, v.Elem(), page, seen)
	case reflect.Interface:
		if v.IsNil() {
			h.WriteByte(5)
			return
		}
		writeStr(h, v.Elem().Type().String())
		k.value(h, v.Elem(), page, seen)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			k.value(h, v.Field(i), page, seen)
		}
	case reflect.Slice, reflect.Array:
		writeUint(h, uint64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			k.value(h, v.Index(i), page, seen)
		}
	case reflect.Map:
		writeUint(h, uint64(v.Len()))
		type kv struct {
			key uint64
			val reflect.Value
		}
		var items []kv
		iter := v.MapRange()
		for iter.Next() {
			kh := k.hash()
			k.value(kh, iter.Key(), page, map[uintptr]bool{})
			items = append(items, kv{kh.Sum64(), iter.Value()})
		}
		sort.Slice(items, func(i, j int) bool { return items[i].key < items[j].key })
		for _, it := range items {
			writeUint(h, it.key)
			k.value(h, it.val, page, seen)
		}
	default:
		// Functions and channels: their type is all a layout can use.
		writeStr(h, v.Type().String())
	}
}

// sums memoizes the digests of large byte slices and strings that are
// shared between builds (a source file's bytes, a page's HTML), by the
// address of their data: reused data is not hashed again. Each entry keeps
// its data alive, so an address cannot be reused for other bytes while
// its entry exists; entries unused in a build are dropped after it.
type sums struct {
	seed       maphash.Seed
	mu         sync.Mutex
	prev, next map[unsafe.Pointer]sumEntry
}

type sumEntry struct {
	n    int
	sum  uint64
	keep any
}

func newSums(seed maphash.Seed) *sums {
	return &sums{seed: seed, prev: map[unsafe.Pointer]sumEntry{}, next: map[unsafe.Pointer]sumEntry{}}
}

// rotate starts a new build.
func (s *sums) rotate() {
	s.prev, s.next = s.next, map[unsafe.Pointer]sumEntry{}
}

func (s *sums) lookup(p unsafe.Pointer, n int) (uint64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.next[p]
	if !ok {
		e, ok = s.prev[p]
		if ok {
			s.next[p] = e
		}
	}
	return e.sum, ok && e.n == n
}

func (s *sums) store(p unsafe.Pointer, n int, sum uint64, keep any) {
	s.mu.Lock()
	s.next[p] = sumEntry{n, sum, keep}
	s.mu.Unlock()
}

func (s *sums) bytes(b []byte) uint64 {
	if len(b) < 256 {
		return maphash.Bytes(s.seed, b)
	}
	p := unsafe.Pointer(unsafe.SliceData(b))
	if v, ok := s.lookup(p, len(b)); ok {
		return v
	}
	v := maphash.Bytes(s.seed, b)
	s.store(p, len(b), v, b)
	return v
}

func (s *sums) string(str string) uint64 {
	if len(str) < 256 {
		return maphash.String(s.seed, str)
	}
	p := unsafe.Pointer(unsafe.StringData(str))
	if v, ok := s.lookup(p, len(str)); ok {
		return v
	}
	v := maphash.String(s.seed, str)
	s.store(p, len(str), v, str)
	return v
}
