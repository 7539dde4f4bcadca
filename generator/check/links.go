package check

import (
	"bytes"
	"hash/maphash"
	"html"
	"net/url"
	"path"
	"strings"
	"sync"
)

// What a link is, as problems name it.
const (
	whatLink uint8 = iota
	whatImage
	whatStylesheet
	whatScript
	whatSource
	whatVideo
	whatAudio
	whatTrack
	whatIframe
	whatEmbed
	whatObject
	whatForm
	whatRedirect
	whatLoc
)

var whats = [...]string{
	whatLink:       "link",
	whatImage:      "image",
	whatStylesheet: "stylesheet or feed link",
	whatScript:     "script",
	whatSource:     "source source",
	whatVideo:      "video source",
	whatAudio:      "audio source",
	whatTrack:      "track source",
	whatIframe:     "iframe source",
	whatEmbed:      "embed source",
	whatObject:     "object source",
	whatForm:       "form source",
	whatRedirect:   "redirect",
	whatLoc:        "loc",
}

// linkAttrs are the attributes that hold links, per tag, and what they are.
var linkAttrs = [...][]struct {
	key  attrKey
	what uint8
}{
	tagA:      {{attrHref, whatLink}},
	tagArea:   {{attrHref, whatLink}},
	tagLink:   {{attrHref, whatStylesheet}},
	tagImg:    {{attrSrc, whatImage}},
	tagScript: {{attrSrc, whatScript}},
	tagSource: {{attrSrc, whatSource}},
	tagVideo:  {{attrSrc, whatVideo}, {attrPoster, whatVideo}},
	tagAudio:  {{attrSrc, whatAudio}},
	tagTrack:  {{attrSrc, whatTrack}},
	tagIframe: {{attrSrc, whatIframe}},
	tagEmbed:  {{attrSrc, whatEmbed}},
	tagObject: {{attrData, whatObject}},
	tagForm:   {{attrAction, whatForm}},
}

// The link table holds every link target once, as a key: a byte saying
// what the link is, then the link as written (character references
// replaced) or, for a relative link, which means something else in each
// folder, "\x00" + folder + "\x00" + link. Outputs hold the numbers of
// their keys. It is split in shards so that outputs inspected at the same
// time rarely wait for each other.
const (
	shardBits = 5
	numShards = 1 << shardBits
)

type shard struct {
	mu   sync.Mutex
	ids  []slot   // key -> number: open addressing by hash, len a power of two
	used int      // slots of ids in use
	keys []string // number>>shardBits -> key
}

// slot is one entry of shard.ids: the hash of a key and its number>>shardBits
// plus one (0: an empty slot). The hash saves hashing the key again and
// most key comparisons; the key is still compared before a slot is taken.
type slot struct {
	h uint64
	i uint32
}

// reset empties the shard, leaving room for about n keys.
func (sh *shard) reset(n int) {
	size := 16
	for size*3 < n*4 {
		size *= 2
	}
	sh.ids, sh.used, sh.keys = make([]slot, size), 0, nil
}

// grow doubles the room of sh.ids.
func (sh *shard) grow() {
	old := sh.ids
	sh.ids = make([]slot, 2*max(len(old), 8))
	mask := uint64(len(sh.ids) - 1)
	for _, e := range old {
		if e.i == 0 {
			continue
		}
		p := (e.h >> shardBits) & mask
		for sh.ids[p].i != 0 {
			p = (p + 1) & mask
		}
		sh.ids[p] = e
	}
}

// key returns the link table key of link l (trimmed: t) in output f, in
// sc.buf.
func (sc *scratch) key(f *file, l found, t []byte) []byte {
	sc.buf = append(sc.buf[:0], l.what)
	if !dirFree(t) {
		sc.buf = append(sc.buf, 0)
		sc.buf = append(sc.buf, path.Dir(f.path)...)
		sc.buf = append(sc.buf, 0)
	}
	sc.buf = append(sc.buf, l.raw...)
	return sc.buf
}

// splitKey returns what a link table key holds.
func splitKey(key string) (what uint8, link, dir string) {
	what, link = key[0], key[1:]
	if link != "" && link[0] == 0 {
		dir, link, _ = strings.Cut(link[1:], "\x00")
	}
	return what, link, dir
}

// number returns the number of a link table key (whose hash is h) and the
// key as kept, adding it if it is new.
func (c *Checker) number(key []byte, h uint64) (uint32, string) {
	s := h % numShards
	sh := &c.links[s]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if (sh.used+1)*4 > len(sh.ids)*3 {
		sh.grow()
	}
	mask := uint64(len(sh.ids) - 1)
	p := (h >> shardBits) & mask
	for {
		e := &sh.ids[p]
		if e.i == 0 {
			break
		}
		if e.h == h && sh.keys[e.i-1] == string(key) {
			return (e.i-1)<<shardBits | uint32(s), sh.keys[e.i-1]
		}
		p = (p + 1) & mask
	}
	sh.keys = append(sh.keys, string(key))
	sh.ids[p] = slot{h, uint32(len(sh.keys))}
	sh.used++
	return uint32(len(sh.keys)-1)<<shardBits | uint32(s), sh.keys[len(sh.keys)-1]
}

type recentKey struct {
	key string
	n   uint32
}

// found is a link of the output being inspected.
type found struct {
	raw  []byte // as written, character references replaced
	what uint8
}

// scratch is what Inspect collects of one output before filing it.
type scratch struct {
	ids    []byte   // as in file.ids
	nulIDs []string // as in file
	links  []found  // in document order
	noAlt  []string // src of each image without alt text
	arena  []byte   // attribute values with character references replaced

	broken  []occurrence // found while filing the links
	targets []uint32     // link table numbers of the links
	buf     []byte       // a link table key or a fragment being built
	path    []byte       // an output path being built

	tag    tag    // the tag being scanned
	gen    uint64 // Checker.gen that recent belongs to
	recent [2048]recentKey
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// release returns sc to the pool, keeping no reference to the output.
func (sc *scratch) release() {
	clear(sc.links)
	clear(sc.noAlt)
	clear(sc.nulIDs)
	sc.nulIDs = sc.nulIDs[:0]
	clear(sc.broken)
	sc.ids, sc.links, sc.noAlt, sc.arena = sc.ids[:0], sc.links[:0], sc.noAlt[:0], sc.arena[:0]
	sc.broken, sc.targets = sc.broken[:0], sc.targets[:0]
	scratchPool.Put(sc)
}

// unescaped returns v with its character references replaced, in place
// when it has none.
func (sc *scratch) unescaped(v []byte) []byte {
	if bytes.IndexByte(v, '&') < 0 {
		return v
	}
	start, value := len(sc.arena), v
	for len(v) > 0 {
		i := bytes.IndexByte(v, '&')
		if i < 0 {
			sc.arena = append(sc.arena, v...)
			break
		}
		if !bytes.HasPrefix(v[i:], []byte("&amp;")) {
			// Any other reference: leave it to package html.
			sc.arena = append(sc.arena[:start], html.UnescapeString(string(value))...)
			break
		}
		sc.arena = append(sc.arena, v[:i+1]...)
		v = v[i+len("&amp;"):]
	}
	return sc.arena[start:len(sc.arena):len(sc.arena)]
}

func (sc *scratch) addID(v []byte) {
	v = sc.unescaped(v)
	if len(v) == 0 {
		return
	}
	if bytes.IndexByte(v, 0) >= 0 {
		sc.nulIDs = append(sc.nulIDs, string(v))
		return
	}
	if len(sc.ids) == 0 {
		sc.ids = append(sc.ids, 0)
	}
	sc.ids = append(sc.ids, v...)
	sc.ids = append(sc.ids, 0)
}

// visit records the ids, links and images without alt text of one tag.
func (sc *scratch) visit(t *tag) {
	if v, ok := t.raw(attrID); ok {
		sc.addID(v)
	}
	if t.kind == tagOther {
		return
	}
	if t.kind == tagA {
		if v, ok := t.raw(attrName); ok {
			sc.addID(v)
		}
	}
	if int(t.kind) < len(linkAttrs) {
		for _, a := range linkAttrs[t.kind] {
			if v, ok := t.raw(a.key); ok {
				sc.links = append(sc.links, found{sc.unescaped(v), a.what})
			}
		}
	}
	switch t.kind {
	case tagMeta:
		if he, ok := t.attr(attrHTTPEquiv); ok && strings.EqualFold(he, "refresh") {
			content, _ := t.attr(attrContent)
			if _, u, ok := strings.Cut(content, "url="); ok {
				sc.links = append(sc.links, found{[]byte(strings.TrimSpace(u)), whatRedirect})
			}
		}
	case tagImg:
		if !sc.hasAlt(t) {
			src, _ := t.attr(attrSrc)
			sc.noAlt = append(sc.noAlt, src)
		}
	}
}

// hasAlt reports whether an img has alt text, or alt="" and is marked as
// decoration.
func (sc *scratch) hasAlt(t *tag) bool {
	alt, ok := t.raw(attrAlt)
	if !ok {
		return false
	}
	if len(bytes.TrimSpace(sc.unescaped(alt))) > 0 {
		return true
	}
	role, _ := t.attr(attrRole)
	hidden, _ := t.attr(attrAriaHidden)
	return role == "presentation" || role == "none" || hidden == "true"
}

// addLink files link l of output f. A link to a place in f itself is
// judged at once, a problem going to sc.broken (with no file number yet);
// every other link goes to the link table and sc.targets, for Problems.
func (c *Checker) addLink(sc *scratch, f *file, l found) {
	t := bytes.TrimSpace(l.raw)
	if len(t) == 0 || string(t) == "#" || string(t) == "#top" {
		return
	}
	if bytes.IndexByte(t, '#') >= 0 {
		self := false
		switch {
		case t[0] == '#':
			var ok bool
			if sc.buf, ok = unescapeFragment(sc.buf[:0], t[1:]); ok && f.hasID(string(sc.buf)) {
				return // the usual case: #main, #小节
			}
			self = true
		case t[0] == '/' && (len(t) == 1 || t[1] != '/'):
			// A path: the fragment is of another output (or this one
			// by name, which is the same for every output).
		case c.otherHost(t):
		default:
			u, err := url.Parse(string(t))
			self = err != nil || u.Path == ""
		}
		if self {
			if msg := c.checkLink(f.path, string(l.raw), whats[l.what], func(rel string) *file {
				if rel == f.path {
					return f
				}
				return nil
			}); msg != "" {
				sc.broken = append(sc.broken, occurrence{0, string(l.raw), msg})
			}
			return
		}
	}
	key := sc.key(f, l, t)
	h := maphash.Bytes(c.seed, key)
	if sc.gen != c.gen {
		sc.recent, sc.gen = [len(sc.recent)]recentKey{}, c.gen
	}
	// Most links are on every page: sc remembers recent ones.
	r := &sc.recent[(h>>shardBits)%uint64(len(sc.recent))]
	if r.key == string(key) && r.key != "" {
		if r.n != good {
			sc.targets = append(sc.targets, r.n)
		}
		return
	}
	if ok, cache := c.good(f, t, l.raw, sc); ok {
		if cache {
			r.n, r.key = good, string(key)
		}
		return
	}
	r.n, r.key = c.number(key, h)
	sc.targets = append(sc.targets, r.n)
}

// good is the number in scratch.recent of a link known to be good.
const good = ^uint32(0)

// good reports whether a link of f (l.raw, trimmed: t), which does not
// name a place in f, is known to be good before every output is in: a
// link to f itself, or to an output that is in already (outputs are never
// taken back; the sitemap and feeds are written after the pages they link
// to, so look there for them), or a link to another site that parses (see
// checkLink). cache reports whether the link is good wherever it is in
// this build, so other outputs may take it as good too.
//
// With a memo, what is kept of an output must not depend on the other
// outputs (a later build may reuse it without them), so only links to f
// itself and to other sites are good, and the first are not cached.
func (c *Checker) good(f *file, t, raw []byte, sc *scratch) (ok, cache bool) {
	if rel, ok := c.quickPath(sc.path[:0], raw); ok {
		// Not cached: such links are mostly seen once (a page's canonical
		// link to itself, the sitemap's and feeds' links to pages), and
		// caching them would only push out links seen on every page.
		sc.path = rel
		if string(rel) == f.path {
			return true, false
		}
		return c.memo == nil && !f.html && c.written(rel), false
	}
	if !c.otherHost(t) {
		return false, false
	}
	if plainURL(t) {
		return true, true
	}
	u, err := url.Parse(string(t))
	return err == nil && c.elsewhere(u), true
}

// plainURL reports whether url.Parse surely takes t: an http or https URL
// with a host name of letters, digits, dots and hyphens, an optional port,
// and a path, query and fragment of visible ASCII with well-formed
// percent escapes (outside the query, which url.Parse leaves as it is).
func plainURL(t []byte) bool {
	rest, ok := bytes.CutPrefix(t, []byte("https://"))
	if !ok {
		if rest, ok = bytes.CutPrefix(t, []byte("http://")); !ok {
			return false
		}
	}
	i := 0
	for i < len(rest) && (rest[i] == '.' || rest[i] == '-' || '0' <= rest[i] && rest[i] <= '9' ||
		'a' <= rest[i] && rest[i] <= 'z' || 'A' <= rest[i] && rest[i] <= 'Z') {
		i++
	}
	if i == 0 {
		return false
	}
	if i < len(rest) && rest[i] == ':' {
		for i++; i < len(rest) && '0' <= rest[i] && rest[i] <= '9'; i++ {
		}
	}
	if i < len(rest) && rest[i] != '/' && rest[i] != '?' && rest[i] != '#' {
		return false
	}
	query, fragment := false, false
	for ; i < len(rest); i++ {
		switch c := rest[i]; {
		case c <= ' ' || c >= 0x7f:
			return false
		case c == '#' && !fragment:
			query, fragment = false, true
		case c == '?' && !fragment:
			query = true
		case c == '%' && !query:
			if i+2 >= len(rest) || unhex(rest[i+1]) < 0 || unhex(rest[i+2]) < 0 {
				return false
			}
		}
	}
	return true
}

// unescapeFragment appends to buf the fragment url.Parse makes of "#"+b
// (or the path it makes of b, when b has no scheme, host, query or
// fragment), and reports whether it is one (false: a bad percent escape).
func unescapeFragment[T string | []byte](buf []byte, b T) ([]byte, bool) {
	for len(b) > 0 {
		i := 0
		for i < len(b) && b[i] != '%' {
			i++
		}
		buf = append(buf, b[:i]...)
		if i == len(b) {
			break
		}
		if i+2 >= len(b) {
			return buf, false
		}
		hi, lo := unhex(b[i+1]), unhex(b[i+2])
		if hi < 0 || lo < 0 {
			return buf, false
		}
		buf = append(buf, byte(hi<<4|lo))
		b = b[i+3:]
	}
	return buf, true
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return int(c - 'A' + 10)
	}
	return -1
}

// otherHost reports whether t is a URL of the form scheme://host... whose
// host is plainly not the site's own (such a link never names an output).
func (c *Checker) otherHost(t []byte) bool {
	i := bytes.Index(t, []byte("://"))
	if i <= 0 || t[0] == '/' || !dirFree(t[:i+1]) {
		return false
	}
	host := t[i+3:]
	if j := bytes.IndexAny(host, "/?#"); j >= 0 {
		host = host[:j]
	}
	if bytes.ContainsAny(host, "@%") {
		return false
	}
	return !bytes.EqualFold(host, []byte(c.ownHost))
}

// dirFree reports whether a link (trimmed) means the same from every
// output: an absolute path or a URL with a scheme.
func dirFree(t []byte) bool {
	if len(t) == 0 {
		return false
	}
	if t[0] == '/' {
		return true
	}
	for i, c := range t {
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return false
			}
		case c == ':':
			return i > 0
		default:
			return false
		}
	}
	return false
}

// between calls fn with the trimmed text between each open and the next
// close in data.
func between(data []byte, open, close string, fn func(text []byte)) {
	o, e := []byte(open), []byte(close)
	for from := 0; ; {
		i := bytes.Index(data[from:], o)
		if i < 0 {
			return
		}
		i += from + len(o)
		j := bytes.Index(data[i:], e)
		if j < 0 {
			return
		}
		fn(bytes.TrimSpace(data[i : i+j]))
		from = i
	}
}
