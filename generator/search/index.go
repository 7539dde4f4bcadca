package search

import (
	"html"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// indexer inverts documents into encoded posting lists. Han unigrams are
// numbered through a table indexed by code point, bigrams and words
// through an open-addressing table of integer keys, and each term's
// postings are appended, already encoded, to its own byte slice as each
// document ends. The hot path does one array or table lookup per term
// occurrence and allocates nothing.
type indexer struct {
	table keyTable          // bigram and word keys -> term number
	words map[string]uint64 // word -> word key
	wordS []string          // word key - 1 -> word
	uni   []int32           // Han code point -> term number + 1 of its unigram

	terms []uint64    // term number -> key
	enc   [][]byte    // term number -> encoded postings (see appendVarint)
	state []termState // term number -> where indexing is

	// The current document.
	id       int32   // its doc id, when indexed (index)
	stamp    int32   // counts analysed documents; termState.seen of its terms
	docTerms []int32 // terms of the current doc, in order of first occurrence
	flag     uint8   // field being indexed
	prevHan  rune    // previous rune if it was Han, else 0
	class    int     // class of the previous rune
	buf      []byte  // current word
	num      docNumberState

	// Stored text of the current doc, for snippets.
	text      []byte
	textRunes int
	textSpace bool
}

// termState is what the indexer tracks of a term, kept together so a
// term occurrence touches one cache line.
type termState struct {
	seen  int32 // stamp of the last doc analysed that has the term
	last  int32 // doc id of the last posting (0 before the first)
	count int32 // number of postings
	flags uint8 // field flags in the current doc
}

// maxHan bounds the code points classOf counts as Han.
const maxHan = 0x3134F

// hanKey marks the key of a Han term: hanKey | first<<21 | second, with
// second 0 for a unigram (code points are below 2^21). Word keys are
// their index in wordS plus one, so no key is zero.
const hanKey = 1 << 62

func newIndexer() *indexer {
	return &indexer{words: map[string]uint64{}, uni: make([]int32, maxHan+1)}
}

// indexed is the result of indexing: term postings and stored texts.
type indexed struct {
	*indexer
	texts []string // doc id -> stored text for snippets
}

// buildIndex indexes docs (in doc id order) on up to four goroutines, each
// taking a contiguous range of ids, and merges their postings in id order.
// The result does not depend on the number of goroutines.
func buildIndex(docs []Doc) indexed {
	workers := max(1, min(runtime.GOMAXPROCS(0), 4, len(docs)/500))
	parts := make([]*indexer, workers)
	texts := make([]string, len(docs))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			x := newIndexer()
			for id := len(docs) * w / workers; id < len(docs)*(w+1)/workers; id++ {
				texts[id] = x.index(id, &docs[id])
			}
			parts[w] = x
		})
	}
	wg.Wait()
	x := parts[0]
	for _, y := range parts[1:] {
		x.merge(y)
	}
	return indexed{indexer: x, texts: texts}
}

// merge appends the postings of y, whose doc ids all follow those of x.
// The first posting of each of y's lists is re-encoded as a gap from x's
// last posting of the term.
func (x *indexer) merge(y *indexer) {
	for m, key := range y.terms {
		if key&hanKey == 0 {
			key = x.wordKey(y.wordS[key-1])
		}
		n := x.number(key)
		ys := y.enc[m]
		v, size := readVarint(ys)
		doc := int32(v >> 3)
		st := &x.state[n]
		x.enc[n] = appendVarint(x.enc[n], int(doc-st.last)<<3|v&7)
		x.enc[n] = append(x.enc[n], ys[size:]...)
		st.last = y.state[m].last
		st.count += y.state[m].count
	}
}

// wordKey returns the term key of word w, interning it.
func (x *indexer) wordKey(w string) uint64 {
	key, ok := x.words[w]
	if !ok {
		x.wordS = append(x.wordS, w)
		key = uint64(len(x.wordS))
		x.words[w] = key
	}
	return key
}

// number returns the term number of key, adding the term if it is new.
func (x *indexer) number(key uint64) int32 {
	unigram := key&hanKey != 0 && key&(1<<21-1) == 0
	if unigram {
		if n := x.uni[key>>21&(1<<21-1)]; n > 0 {
			return n - 1
		}
	} else if n, ok := x.table.get(key); ok {
		return n
	}
	n := int32(len(x.terms))
	if unigram {
		x.uni[key>>21&(1<<21-1)] = n + 1
	} else {
		x.table.put(key, n)
	}
	x.terms = append(x.terms, key)
	x.enc = append(x.enc, nil)
	x.state = append(x.state, termState{})
	return n
}

// add records that the current doc has term key in the current field.
func (x *indexer) add(key uint64) {
	x.addNumber(x.number(key))
}

func (x *indexer) addNumber(n int32) {
	st := &x.state[n]
	if st.seen != x.stamp {
		st.seen, st.flags = x.stamp, x.flag
		x.docTerms = append(x.docTerms, n)
		return
	}
	st.flags |= x.flag
}

// han adds the unigram of r and, after another Han rune, their bigram.
func (x *indexer) han(r rune) {
	n := x.uni[r]
	if n == 0 {
		n = x.number(hanKey|uint64(r)<<21) + 1
	}
	x.addNumber(n - 1)
	if x.prevHan != 0 {
		x.add(hanKey | uint64(x.prevHan)<<21 | uint64(r))
	}
	x.prevHan = r
}

// flushWord adds the current word, if any.
func (x *indexer) flushWord() {
	if len(x.buf) == 0 {
		return
	}
	key, ok := x.words[string(x.buf)]
	if !ok {
		key = x.wordKey(string(x.buf))
	}
	x.add(key)
	x.buf = x.buf[:0]
}

// feed indexes the runes of s in the current field, continuing the words
// and Han runs of the text fed before. It produces the same terms as
// docTerms in the tests: words, Han unigrams and bigrams, and document
// numbers.
func (x *indexer) feed(s string) {
	for _, r := range s {
		r = normRune(r)
		c := classOf(r)
		if c != x.class {
			x.flushWord()
			x.class = c
		}
		switch c {
		case classHan:
			x.han(r)
		case classDigit, classAlpha:
			x.prevHan = 0
			if len(x.buf) < maxWordLen {
				x.buf = append(x.buf, byte(r))
			}
		default:
			x.prevHan = 0
		}
		if t, ok := x.num.next(r); ok {
			x.add(x.wordKey(t))
		}
	}
}

// brk ends the current word and Han run, as a separator would.
func (x *indexer) brk() {
	x.flushWord()
	x.class = classSep
	x.prevHan = 0
	x.num.reset()
}

// field indexes the plain text s as a whole field.
func (x *indexer) field(s string, flag uint8) {
	x.flag = flag
	x.brk()
	x.feed(s)
	x.brk()
}

// index adds a document, which must come after the ones indexed before
// in doc id order, and returns its stored text.
func (x *indexer) index(id int, d *Doc) string {
	text := x.analyse(d)
	x.id = int32(id)
	for _, n := range x.docTerms {
		st := &x.state[n]
		x.enc[n] = appendVarint(x.enc[n], int(x.id-st.last)<<3|int(st.flags))
		st.last = x.id
		st.count++
	}
	return text
}

// analyse tokenizes d without adding it to any posting list: afterwards
// x.docTerms holds its terms in order of first occurrence and
// x.state[n].flags the fields term n occurs in. It returns d's stored
// text. New terms are added to the term table.
func (x *indexer) analyse(d *Doc) string {
	x.stamp++
	x.docTerms = x.docTerms[:0]
	x.text, x.textRunes, x.textSpace = x.text[:0], 0, false
	x.field(d.Title, flagTitle)
	for _, h := range d.Headings {
		x.field(h, flagHeading)
	}
	x.field(d.Body, flagBody)
	x.store(d.Body)
	if d.HTML != "" {
		x.store("\n")
		x.flag = flagBody
		x.brk()
		x.html(d.HTML)
		x.brk()
	}
	return x.storedText()
}

// html indexes the text of rendered HTML: tags removed, entities decoded.
// Block tags separate words; inline tags do not, so
// "<strong>政策</strong>解读" stays one Han run.
func (x *indexer) html(h string) {
	text := func(s string) {
		if strings.IndexByte(s, '&') >= 0 {
			s = html.UnescapeString(s)
		}
		x.feed(s)
		x.store(s)
	}
	for len(h) > 0 {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			text(h)
			return
		}
		text(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			return
		}
		if blockTag(h[i+1 : i+j]) {
			x.brk()
			x.store("\n")
		}
		h = h[i+j+1:]
	}
}

// blockTag reports whether the tag (its text between < and >) starts or
// ends a block, so the text on either side must not run together.
func blockTag(tag string) bool {
	tag = strings.TrimPrefix(tag, "/")
	if k := strings.IndexAny(tag, " \t\n/"); k >= 0 {
		tag = tag[:k]
	}
	if len(tag) > 10 {
		return false
	}
	var lower [10]byte
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	switch string(lower[:len(tag)]) {
	case "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr",
		"tr", "td", "th", "table", "thead", "tbody", "blockquote", "pre", "dl", "dt", "dd",
		"section", "figure", "figcaption":
		return true
	}
	return false
}

// store appends s to the current doc's stored text, white space
// collapsed, until it holds storedRunes runes.
func (x *indexer) store(s string) {
	if x.textRunes > storedRunes {
		return
	}
	for _, r := range s {
		if isSpace(r) {
			x.textSpace = len(x.text) > 0
			continue
		}
		if x.textSpace {
			x.text = append(x.text, ' ')
			x.textRunes++
			x.textSpace = false
		}
		if x.textRunes >= storedRunes {
			// Mark the cut, so a snippet that reaches it ends in "…".
			x.text = append(x.text, "…"...)
			x.textRunes++
			return
		}
		x.text = utf8.AppendRune(x.text, r)
		x.textRunes++
	}
}

func (x *indexer) storedText() string { return string(x.text) }

// isSpace is unicode.IsSpace for the runes text can hold.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// term returns the text of term number n.
func (x *indexer) term(n int) string {
	return string(x.appendTerm(nil, n))
}

// appendTerm appends the text of term number n to b.
func (x *indexer) appendTerm(b []byte, n int) []byte {
	key := x.terms[n]
	if key&hanKey == 0 {
		return append(b, x.wordS[key-1]...)
	}
	b = utf8.AppendRune(b, rune(key>>21&(1<<21-1)))
	if second := rune(key & (1<<21 - 1)); second != 0 {
		b = utf8.AppendRune(b, second)
	}
	return b
}

// finalPostings returns the encoding each term is written with: the
// sparse list built while indexing, or the dense form when it is shorter
// (see finalList). Terms are handed out in chunks to up to four
// goroutines: the long lists of common terms cluster at low numbers.
func (x *indexer) finalPostings() [][]byte {
	out := make([][]byte, len(x.enc))
	const chunk = 256
	forEach((len(out)+chunk-1)/chunk, func(c int) {
		for n := c * chunk; n < min(len(out), (c+1)*chunk); n++ {
			out[n] = finalList(x.enc[n], int(x.state[n].last))
		}
	})
	return out
}

// forEach calls work(i) for every i in [0, n) on up to four goroutines,
// handing out one i at a time.
func forEach(n int, work func(i int)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), 4, n))
	if workers == 1 {
		for i := range n {
			work(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				work(i)
			}
		})
	}
	wg.Wait()
}

// termTexts returns the texts of all terms in one buffer: term n is
// texts[offs[n]:offs[n+1]].
func (x *indexer) termTexts() (texts []byte, offs []int) {
	offs = make([]int, len(x.terms)+1)
	for n := range x.terms {
		texts = x.appendTerm(texts, n)
		offs[n+1] = len(texts)
	}
	return texts, offs
}

// shardGroups returns the terms that have postings in each of 2^bits
// shards, sorted by text, the order shards list them in.
func shardGroups(lists [][]byte, bits int, texts []byte, offs []int) [][]int32 {
	groups := make([][]int32, 1<<bits)
	for n := range lists {
		if len(lists[n]) > 0 {
			s := hashBytes(texts[offs[n]:offs[n+1]]) & (1<<bits - 1)
			groups[s] = append(groups[s], int32(n))
		}
	}
	forEach(len(groups), func(s int) {
		slices.SortFunc(groups[s], func(a, b int32) int {
			return strings.Compare(string(texts[offs[a]:offs[a+1]]), string(texts[offs[b]:offs[b+1]]))
		})
	})
	return groups
}

// encodeShard returns the JSON of a posting shard: an object of term to
// encoded postings, keys in the order of g (sorted); text(i) is the text
// of term g[i]. Terms need no JSON escaping. It repoints each term's
// entry in lists to its postings inside the shard, so the lists take no
// memory of their own.
func encodeShard(g []int32, text func(i int) []byte, lists [][]byte) []byte {
	size := 2
	for i, n := range g {
		size += len(text(i)) + len(lists[n]) + 6
	}
	b := make([]byte, 0, size)
	b = append(b, '{')
	offs := make([]int, len(g))
	for i, n := range g {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, text(i)...)
		b = append(b, '"', ':', '"')
		offs[i] = len(b)
		b = append(b, lists[n]...)
		b = append(b, '"')
	}
	b = append(b, '}')
	for i, n := range g {
		o, l := offs[i], len(lists[n])
		lists[n] = b[o : o+l : o+l]
	}
	return b
}

// termBytes is what term n adds to the size estimate of the shards (see
// postingBytes) besides its postings.
func (x *indexer) termBytes(n int32) int {
	k := x.terms[n]
	switch {
	case k&hanKey == 0:
		return len(x.wordS[k-1]) + 6
	case k&(1<<21-1) == 0:
		return 3 + 6
	default:
		return 6 + 6
	}
}

// postingBytes estimates the total size of all shards.
func (x *indexer) postingBytes(lists [][]byte) int {
	total := 0
	for n, l := range lists {
		if len(l) > 0 {
			total += x.termBytes(int32(n)) + len(l)
		}
	}
	return total
}

// autoBits is the smallest shard bits that keep the average shard of an
// index of total posting bytes under targetShardBytes.
func autoBits(total int) int {
	bits := 0
	for total>>bits > targetShardBytes && bits < maxShardBits {
		bits++
	}
	return bits
}

// keyTable is an open-addressing hash table from non-zero uint64 keys to
// term numbers.
type keyTable struct {
	slots []keySlot
	n     int
}

type keySlot struct {
	key uint64
	val int32
}

func (t *keyTable) slot(key uint64) uint64 {
	return (key * 0x9E3779B97F4A7C15) >> 32
}

func (t *keyTable) get(key uint64) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(key) & mask; ; i = (i + 1) & mask {
		switch s := &t.slots[i]; s.key {
		case key:
			return s.val, true
		case 0:
			return 0, false
		}
	}
}

func (t *keyTable) put(key uint64, val int32) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots, t.n = make([]keySlot, max(1<<12, 2*len(old))), 0
		for _, s := range old {
			if s.key != 0 {
				t.put(s.key, s.val)
			}
		}
	}
	mask := uint64(len(t.slots) - 1)
	i := t.slot(key) & mask
	for t.slots[i].key != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = keySlot{key, val}
	t.n++
}

// docNumberState finds document numbers (see docNumbers) in a stream of
// folded runes: an opening bracket, exactly four digits, a closing
// bracket, one or more digits and 号.
type docNumberState struct {
	state int // 0 idle, 1 in the year, 2 in the number
	year  [4]byte
	ny    int
	num   []byte
	term  []byte
}

func (s *docNumberState) reset() { s.state = 0 }

// next takes the next folded rune and returns the term of a document
// number that ends with it.
func (s *docNumberState) next(r rune) (string, bool) {
	if isOpenBracket(r) {
		s.state, s.ny = 1, 0
		return "", false
	}
	digit := r >= '0' && r <= '9'
	switch s.state {
	case 1:
		switch {
		case digit && s.ny < 4:
			s.year[s.ny] = byte(r)
			s.ny++
		case !digit && s.ny == 4 && isCloseBracket(r):
			s.state, s.num = 2, s.num[:0]
		default:
			s.state = 0
		}
	case 2:
		switch {
		case digit:
			s.num = append(s.num, byte(r))
		case r == '号' && len(s.num) > 0:
			s.state = 0
			s.term = append(append(append(append(s.term[:0], "〔"...), s.year[:]...), "〕"...), s.num...)
			return string(s.term), true
		default:
			s.state = 0
		}
	}
	return "", false
}
