package search

// The indexer as it was before its hot path was rewritten for speed,
// kept as the reference that TestIndexerDifferential compares the
// indexer with. Do not optimise it: it is the definition.

import (
	"html"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
)

// refIndexer inverts documents into encoded posting lists. Han unigrams are
// numbered through a table refIndexed by code point, bigrams and words
// through an open-addressing table of integer keys, and each term's
// postings are appended, already encoded, to its own byte slice as each
// document ends. The hot path does one array or table lookup per term
// occurrence and allocates nothing.
type refIndexer struct {
	table refKeyTable       // bigram and word keys -> term number
	words map[string]uint64 // word -> word key
	wordS []string          // word key - 1 -> word
	uni   []int32           // Han code point -> term number + 1 of its unigram

	terms []uint64       // term number -> key
	enc   [][]byte       // term number -> encoded postings (see appendVarint)
	state []refTermState // term number -> where indexing is

	// The current document.
	id       int32   // its doc id, when refIndexed (index)
	stamp    int32   // counts analysed documents; refTermState.seen of its terms
	docTerms []int32 // terms of the current doc, in order of first occurrence
	flag     uint8   // field being refIndexed
	prevHan  rune    // previous rune if it was Han, else 0
	class    int     // class of the previous rune
	buf      []byte  // current word
	num      refDocNumberState

	// Stored text of the current doc, for snippets.
	text      []byte
	textRunes int
	textSpace bool
}

// refTermState is what the refIndexer tracks of a term, kept together so a
// term occurrence touches one cache line.
type refTermState struct {
	seen  int32 // stamp of the last doc analysed that has the term
	last  int32 // doc id of the last posting (0 before the first)
	count int32 // number of postings
	flags uint8 // field flags in the current doc
}

func newRefIndexer() *refIndexer {
	return &refIndexer{words: map[string]uint64{}, uni: make([]int32, maxHan+1)}
}

// refIndexed is the result of indexing: term postings and stored texts.
type refIndexed struct {
	*refIndexer
	texts []string // doc id -> stored text for snippets
}

// refBuildIndex indexes docs (in doc id order) on up to four goroutines, each
// taking a contiguous range of ids, and merges their postings in id order.
// The result does not depend on the number of goroutines.
func refBuildIndex(docs []Doc) refIndexed {
	workers := max(1, min(runtime.GOMAXPROCS(0), 4, len(docs)/500))
	parts := make([]*refIndexer, workers)
	texts := make([]string, len(docs))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			x := newRefIndexer()
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
	return refIndexed{refIndexer: x, texts: texts}
}

// merge appends the postings of y, whose doc ids all follow those of x.
// The first posting of each of y's lists is re-encoded as a gap from x's
// last posting of the term.
func (x *refIndexer) merge(y *refIndexer) {
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
func (x *refIndexer) wordKey(w string) uint64 {
	key, ok := x.words[w]
	if !ok {
		x.wordS = append(x.wordS, w)
		key = uint64(len(x.wordS))
		x.words[w] = key
	}
	return key
}

// number returns the term number of key, adding the term if it is new.
func (x *refIndexer) number(key uint64) int32 {
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
	x.state = append(x.state, refTermState{})
	return n
}

// add records that the current doc has term key in the current field.
func (x *refIndexer) add(key uint64) {
	x.addNumber(x.number(key))
}

func (x *refIndexer) addNumber(n int32) {
	st := &x.state[n]
	if st.seen != x.stamp {
		st.seen, st.flags = x.stamp, x.flag
		x.docTerms = append(x.docTerms, n)
		return
	}
	st.flags |= x.flag
}

// han adds the unigram of r and, after another Han rune, their bigram.
func (x *refIndexer) han(r rune) {
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
func (x *refIndexer) flushWord() {
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
func (x *refIndexer) feed(s string) {
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
func (x *refIndexer) brk() {
	x.flushWord()
	x.class = classSep
	x.prevHan = 0
	x.num.reset()
}

// field indexes the plain text s as a whole field.
func (x *refIndexer) field(s string, flag uint8) {
	x.flag = flag
	x.brk()
	x.feed(s)
	x.brk()
}

// index adds a document, which must come after the ones refIndexed before
// in doc id order, and returns its stored text.
func (x *refIndexer) index(id int, d *Doc) string {
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
func (x *refIndexer) analyse(d *Doc) string {
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
func (x *refIndexer) html(h string) {
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
		if refBlockTag(h[i+1 : i+j]) {
			x.brk()
			x.store("\n")
		}
		h = h[i+j+1:]
	}
}

// refBlockTag reports whether the tag (its text between < and >) starts or
// ends a block, so the text on either side must not run together.
func refBlockTag(tag string) bool {
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
func (x *refIndexer) store(s string) {
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

// term returns the text of term number n.
func (x *refIndexer) term(n int) string {
	return string(x.appendTerm(nil, n))
}

// appendTerm appends the text of term number n to b.
func (x *refIndexer) appendTerm(b []byte, n int) []byte {
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
func (x *refIndexer) finalPostings() [][]byte {
	out := make([][]byte, len(x.enc))
	const chunk = 256
	forEach((len(out)+chunk-1)/chunk, func(c int) {
		for n := c * chunk; n < min(len(out), (c+1)*chunk); n++ {
			out[n] = finalList(x.enc[n], int(x.state[n].last))
		}
	})
	return out
}

// refKeyTable is an open-addressing hash table from non-zero uint64 keys to
// term numbers.
type refKeyTable struct {
	slots []refKeySlot
	n     int
}

type refKeySlot struct {
	key uint64
	val int32
}

func (t *refKeyTable) slot(key uint64) uint64 {
	return (key * 0x9E3779B97F4A7C15) >> 32
}

func (t *refKeyTable) get(key uint64) (int32, bool) {
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

func (t *refKeyTable) put(key uint64, val int32) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots, t.n = make([]refKeySlot, max(1<<12, 2*len(old))), 0
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
	t.slots[i] = refKeySlot{key, val}
	t.n++
}

// refDocNumberState finds document numbers (see docNumbers) in a stream of
// folded runes: an opening bracket, exactly four digits, a closing
// bracket, one or more digits and 号.
type refDocNumberState struct {
	state int // 0 idle, 1 in the year, 2 in the number
	year  [4]byte
	ny    int
	num   []byte
	term  []byte
}

func (s *refDocNumberState) reset() { s.state = 0 }

// next takes the next folded rune and returns the term of a document
// number that ends with it.
func (s *refDocNumberState) next(r rune) (string, bool) {
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
func (x *refIndexer) storedText() string { return string(x.text) }
