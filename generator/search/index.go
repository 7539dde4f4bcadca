package search

import (
	"bytes"
	"encoding/binary"
	"html"
	"math/bits"
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
// document ends. The entry of a term in either table also holds its doc
// mark, which tells whether the current document had the term before and
// where its fields are, so the hot path touches one entry per term
// occurrence and allocates nothing.
type indexer struct {
	table keyTable          // bigram and word keys -> term number, doc mark
	words map[string]uint64 // word -> word key
	wordS []string          // word key - 1 -> word
	uni   []uniSlot         // Han code point -> unigram term number + 1, doc mark

	terms []uint64   // term number -> key
	lists []termList // term number -> postings

	// The current document. A term's doc mark is base plus its index in
	// docTerms if the current document has the term, and less than base
	// if not: each document's base follows the marks of the one before.
	id       int32       // its doc id, when indexed (index)
	hi       int32       // bound of the doc ids to index, if known (0 if not)
	base     int32       // doc mark of the current doc's first term
	docTerms []termFlags // terms of the current doc and their fields, in order of first occurrence
	flag     uint8       // field being indexed
	prevHan  rune        // previous rune if it was Han, else 0
	class    int         // class of the previous rune
	buf      []byte      // current word
	arena    []byte      // where posting lists are taken from (grow)
	flagged  []flagList  // term number -> flagged postings of its bitmap (termList)
	num      docNumberState

	// Stored text of the current doc, for snippets.
	text      []byte
	textRunes int
	textSpace bool
}

// termList is a term's postings as indexing builds them: a sparse list,
// or once the term proves frequent a bitmap of its docs, which costs an
// eighth of a byte a doc instead of about a byte a posting. A bitmap
// keeps the postings with flags other than flagBody alone in the
// indexer's flagged lists, and tells no more: the length of the sparse
// list of its postings does not depend on their flags (bitmapSparseLen).
type termList struct {
	enc  []byte // sparse: encoded postings (see appendVarint); bitmap: see acc
	last int32  // doc id of the last posting (0 before the first)
	lo   int32  // bitmap: lo+1, lo being a multiple of 64; sparse: 0
	// acc holds the bits of the docs from the 64 of last's, bit d%64 for
	// doc d; the bits of the docs before are in enc, bit (d-lo)%64 of
	// the little-endian word at enc[(d-lo)/64*8:]. A word is stored
	// whole when the docs move past it, so adding a posting reads and
	// writes only the term's list.
	acc uint64
}

// flagList is the sparse list of the postings of a term in a bitmap whose
// flags are not flagBody alone (the first as a gap from doc 0) and the
// doc id of its last.
type flagList struct {
	enc  []byte
	last int32
}

// promoteBytes is the length from which a term's sparse list may turn
// into a bitmap, if the bitmap would take at most twice its bytes.
// Tests change it: the index does not depend on it.
var promoteBytes = 64

// uniSlot is the entry of a Han code point: its unigram's term number
// plus one (0 if it has none yet) and the term's doc mark.
type uniSlot struct {
	n, mark int32
}

// maxDocBase bounds indexer.base: past it, every doc mark is reset.
const maxDocBase = 1 << 30

// maxHan bounds the code points classOf counts as Han.
const maxHan = 0x3134F

// hanKey marks the key of a Han term: hanKey | first<<21 | second, with
// second 0 for a unigram (code points are below 2^21). Word keys are
// their index in wordS plus one, so no key is zero, except the keys of
// short words (shortKey).
const hanKey = 1 << 62

// shortKey marks the key of a word of up to 7 letters and digits, which
// holds the word itself: shortKey | its bytes, the first in the lowest.
// Such words need no interning.
const shortKey = 1 << 61

// maxShortWord is the length of the longest short word.
const maxShortWord = 7

// shortWordKey returns the key of w, a word of letters and digits of at
// most maxShortWord bytes.
func shortWordKey(w []byte) uint64 {
	k := uint64(shortKey)
	for i, c := range w {
		k |= uint64(c) << (8 * i)
	}
	return k
}

func newIndexer() *indexer {
	return &indexer{words: map[string]uint64{}, uni: make([]uniSlot, maxHan+1), base: 1, table: keyTable{slots: make([]keySlot, 1<<12)}}
}

// indexed is the result of indexing: term postings and stored texts.
// The postings of a term are in the lists of the parts, the indexers
// of consecutive ranges of doc ids; finalPostings joins them.
type indexed struct {
	*indexer          // parts[0], with the terms of the other parts added
	texts    []string // doc id -> stored text for snippets
	parts    []*indexer
	local    [][]int32 // local[w][n] is the number of term n in parts[w] (w > 0), -1 if it has none
}

// buildIndex indexes docs (in doc id order) on up to four goroutines, each
// taking a contiguous range of ids, and numbers the terms of the later
// ranges after those of the first, in id order. The result does not
// depend on the number of goroutines.
func buildIndex(docs []Doc) indexed {
	workers := max(1, min(runtime.GOMAXPROCS(0), 4, len(docs)/500))
	parts := make([]*indexer, workers)
	texts := make([]string, len(docs))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			x := newIndexer()
			x.hi = int32(len(docs) * (w + 1) / workers)
			for id := len(docs) * w / workers; id < int(x.hi); id++ {
				texts[id] = x.index(id, &docs[id])
			}
			parts[w] = x
		})
	}
	wg.Wait()
	return join(parts, texts)
}

// join numbers the terms of parts[1:], whose doc ids follow those of
// parts[0] in order, after those of parts[0], as merging the postings
// of each part in turn would.
func join(parts []*indexer, texts []string) indexed {
	x := parts[0]
	ix := indexed{indexer: x, texts: texts, parts: parts, local: make([][]int32, len(parts))}
	for w, y := range parts[1:] {
		fwd := make([]int32, len(y.terms))
		for m, key := range y.terms {
			if key&(hanKey|shortKey) == 0 {
				key = x.wordKey(y.wordS[key-1])
			}
			fwd[m] = x.number(key)
		}
		ix.local[w+1] = fwd
	}
	for w := range parts[1:] {
		fwd := ix.local[w+1]
		local := make([]int32, len(x.terms))
		for n := range local {
			local[n] = -1
		}
		for m, n := range fwd {
			local[n] = int32(m)
		}
		ix.local[w+1] = local
	}
	return ix
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
	if key&hanKey != 0 && key&(1<<21-1) == 0 {
		return x.uniSlot(rune(key>>21&(1<<21-1))).n - 1
	}
	return x.slot(key).n
}

// newTerm adds the term of key and returns its number.
func (x *indexer) newTerm(key uint64) int32 {
	n := int32(len(x.terms))
	x.terms = append(x.terms, key)
	x.lists = append(x.lists, termList{})
	return n
}

// uniSlot returns the entry of Han rune r, adding its unigram if new.
func (x *indexer) uniSlot(r rune) *uniSlot {
	u := &x.uni[r]
	if u.n == 0 {
		u.n = x.newTerm(hanKey|uint64(r)<<21) + 1
	}
	return u
}

// slot returns the table entry of key (not a unigram's), adding the term
// if new. The entry stays valid until the next term is added.
func (x *indexer) slot(key uint64) *keySlot {
	if s := x.table.get(key); s != nil {
		return s
	}
	return x.table.put(key, x.newTerm(key))
}

// mark records that the current doc has term n, whose doc mark is *mark,
// in the current field.
func (x *indexer) mark(n int32, mark *int32) {
	if i := *mark - x.base; i >= 0 {
		x.docTerms[i].flags |= x.flag
		return
	}
	*mark = x.base + int32(len(x.docTerms))
	x.docTerms = append(x.docTerms, termFlags{n, x.flag})
}

// add records that the current doc has the term of key (not a
// unigram's) in the current field.
func (x *indexer) add(key uint64) {
	s := x.slot(key)
	x.mark(s.n, &s.mark)
}

// han adds the unigram of r and, after another Han rune, their bigram.
func (x *indexer) han(r rune) {
	u := x.uniSlot(r)
	x.mark(u.n-1, &u.mark)
	if x.prevHan != 0 {
		x.add(hanKey | uint64(x.prevHan)<<21 | uint64(r))
	}
	x.prevHan = r
}

// flushWord adds the current word, if any.
func (x *indexer) flushWord() {
	if len(x.buf) != 0 {
		x.addWord()
	}
}

// addWord adds the current word, which is not empty.
func (x *indexer) addWord() {
	var key uint64
	if len(x.buf) <= maxShortWord {
		key = shortWordKey(x.buf)
	} else if k, ok := x.words[string(x.buf)]; ok {
		key = k
	} else {
		key = x.wordKey(string(x.buf))
	}
	x.add(key)
	x.buf = x.buf[:0]
}

// feed indexes the runes of s in the current field, continuing the words
// and Han runs of the text fed before. It produces the same terms as
// docTerms in the tests: words, Han unigrams and bigrams, and document
// numbers. It decodes UTF-8 as range does.
func (x *indexer) feed(s string) {
	for i := 0; i < len(s); {
		r := rune(s[i])
		switch {
		case r < utf8.RuneSelf:
			i++
		case r >= 0xE1 && r <= 0xEF && r != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			// Three bytes that can be neither overlong nor a surrogate:
			// all of the BMP from U+1000 on but U+D000–U+DFFF, Han
			// included.
			r = (r&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			i += 3
			if isHanBMP(r) {
				i = x.hanRun(s, i, r)
				continue
			}
		default:
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			i += size
		}
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
		// Only an opening bracket starts a document number.
		if x.num.state != 0 || isOpenBracket(r) {
			if t, ok := x.num.next(r); ok {
				x.add(x.wordKey(t))
			}
		}
	}
}

// isHanBMP reports whether r, a rune of the BMP, is Han (classOf). Han
// runes are their own folded form (normRune).
func isHanBMP(r rune) bool {
	return uint32(r-0x4E00) <= 0x9FFF-0x4E00 || uint32(r-0x3400) <= 0x4DBF-0x3400 || r == 0x3007 || uint32(r-0xF900) <= 0xFAFF-0xF900
}

// hanRun is feed for a run of Han runes of the BMP that starts with r,
// s[i:] following r: it indexes r and the Han runes after it, and the
// runs after those that only mere separators (isPlainSep) part from it,
// and returns the index in s of the first rune that is none of these.
// hanFast does the work while it can; a rune that needs more (a new
// term, the end of a document number) goes through han.
func (x *indexer) hanRun(s string, i int, r rune) int {
	if x.class != classHan {
		x.flushWord()
		x.class = classHan
	}
	if x.num.state != 0 {
		// Only the first rune can end a document number: later ones
		// follow a Han rune, which resets the state.
		x.han(r)
		if t, ok := x.num.next(r); ok {
			x.add(x.wordKey(t))
		}
		var more bool
		if r, more = nextHan(s, i); !more {
			return i
		}
		i += 3
	}
	uni := (*[1 << 16]uniSlot)(x.uni)
	for {
		// hanFast takes at most maxFastRun runes after r, and each rune
		// adds at most two terms: room for them, so it calls nothing.
		end := min(len(s), i+3*maxFastRun)
		x.docTerms = slices.Grow(x.docTerms, 2*(1+(end-i)/3))
		var next rune
		i, x.prevHan, next = hanFast(s[:end], i, r, x.prevHan, &x.docTerms, uni, x.table.slots, x.base, x.flag)
		if next == 0 {
			// The run ended, or s[:end] did: feed goes on from i, and
			// back here if the run does.
			return i
		}
		// next has a new term.
		x.han(next)
		var more bool
		if r, more = nextHan(s, i); !more {
			return i
		}
		i += 3
	}
}

// maxFastRun bounds the runes hanFast indexes in one call, which bounds
// the room hanRun makes in docTerms for it.
const maxFastRun = 4096

// nextHan returns the rune at s[i:] if it is Han of the BMP. Han is
// neither overlong nor a surrogate, so bytes that decode to it are valid
// UTF-8.
func nextHan(s string, i int) (rune, bool) {
	if len(s)-i < 3 {
		return 0, false
	}
	c := s[i : i+3]
	w := uint32(c[0])<<16 | uint32(c[1])<<8 | uint32(c[2])
	r := rune(w>>4&0xF000 | w>>2&0xFC0 | w&0x3F)
	return r, w&0xF0C0C0 == 0xE08080 && isHanBMP(r)
}

// hanFast indexes r, a Han rune of the BMP that s[i:] follows, and the
// Han runes of the BMP and mere separators (isPlainSep) after it as feed
// would, prev being the Han rune before r (0 if none), with base, flag
// and docTerms (*terms) the indexer's, uni its code point table and
// slots its key table's. *terms must have room for two terms a rune. It
// stops at the end of s or at a rune that is none of these, or at a Han
// rune with a term the tables lack, which it returns (0 if none) with
// the last Han rune indexed (0 if a separator followed it) and the index
// in s after the runes it took. It calls nothing, so its state stays in
// registers, and has no branch on whether the doc has a term
// (markTerm), which would be mispredicted often.
func hanFast(s string, i int, r, prev rune, terms *[]termFlags, uni *[1 << 16]uniSlot, slots []keySlot, base int32, flag uint8) (int, rune, rune) {
	mask := uint64(len(slots) - 1)
	ts := *terms
	n := len(ts)
	ts = ts[:cap(ts)]
	h := s[i:]
	for {
		u := &uni[uint16(r)]
		if prev == 0 {
			// The first rune of a run: a unigram alone.
			if u.n == 0 {
				break
			}
			n = markTerm(ts, n, &u.mark, u.n-1, base, flag)
		} else {
			key := hanKey | uint64(prev)<<21 | uint64(r)
			j := (key * 0x9E3779B97F4A7C15) >> 32 & mask
			t := &slots[j]
			if t.key != key {
				for t.key != key && t.key != 0 {
					j = (j + 1) & mask
					t = &slots[j]
				}
				if t.key == 0 {
					break
				}
			}
			// The bigram's entry implies the unigram's.
			n = markTerm(ts, n, &u.mark, u.n-1, base, flag)
			n = markTerm(ts, n, &t.mark, t.n, base, flag)
		}
		prev = r
	next:
		// nextHan, by hand.
		if len(h) < 3 {
			r = 0
			break
		}
		c0, c1, c2 := h[0], h[1], h[2]
		r = rune(c0&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
		if c0&0xF0 != 0xE0 || (c1^0x80)|(c2^0x80) >= 0x40 {
			r = 0
			break
		}
		if !isHanBMP(r) {
			if !isPlainSep(r) {
				r = 0
				break
			}
			// A separator ends the run, and the next may start.
			h = h[3:]
			prev = 0
			goto next
		}
		h = h[3:]
	}
	*terms = ts[:n]
	return len(s) - len(h), prev, r
}

// isPlainSep reports whether r, decoded from three bytes of the form
// 1110xxxx 10xxxxxx 10xxxxxx and not Han, is what feed, after a Han
// rune, takes as a mere separator: it ends the Han run (prevHan 0) and
// nothing else. The class feed would set (classSep) need not be set:
// after Han and separators alike there is no word to flush, which is
// all the class decides. Most Chinese punctuation is such a rune
// (，。、；“”《》). Not such are the full-width forms, which fold to
// ASCII, and the opening brackets that start a document number. Bytes
// that are not valid UTF-8 (overlong, surrogates) decode as U+FFFD
// each, a mere separator too.
func isPlainSep(r rune) bool {
	return uint32(r-0xFF01) > 0xFF5E-0xFF01 && r != '〔' && r != '【'
}

// markTerm records in the doc terms ts[:n] that the doc has term in the
// field flag, *mark being the term's doc mark, and returns the new
// number of doc terms. It has no branches: a term the doc has gets the
// flag again (which a term that has it keeps), a new one goes at ts[n],
// which must exist.
func markTerm(ts []termFlags, n int, mark *int32, term, base int32, flag uint8) int {
	k := int(*mark - base)
	m := k >> 63 // -1 if new to the doc, else 0
	k = k&^m | n&m
	e := &ts[k]
	*e = termFlags{term, e.flags&^uint8(m) | flag}
	*mark = base + int32(k)
	return n - m
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
	doc, lists := x.id, x.lists
	for _, t := range x.docTerms {
		l := &lists[t.n]
		v := int(doc-l.last)<<3 | int(t.flags)
		switch {
		case l.lo != 0:
			// Most postings: those of frequent terms.
			if (doc^l.last)>>6 != 0 {
				l.flush()
			}
			l.acc |= 1 << (doc & 63)
			if t.flags != flagBody {
				x.addFlagged(t, doc)
			}
		case v < 32 && len(l.enc) < cap(l.enc):
			// One character, with room.
			l.enc = l.enc[:len(l.enc)+1]
			l.enc[len(l.enc)-1] = alphabet[v]
		default:
			x.addSlow(t, doc, v)
		}
		l.last = doc
	}
	return text
}

// addSlow adds the posting of doc in t, v being its encoding in the
// sparse list, when the term's list has no room for it: the list grows,
// or turns into a bitmap.
func (x *indexer) addSlow(t termFlags, doc int32, v int) {
	l := &x.lists[t.n]
	if cap(l.enc)-len(l.enc) < maxVarintLen {
		if len(l.enc) >= max(promoteBytes, 1) && x.promote(t.n, doc) {
			if (doc^l.last)>>6 != 0 {
				l.flush()
			}
			l.acc |= 1 << (doc & 63)
			if t.flags != flagBody {
				x.addFlagged(t, doc)
			}
			return
		}
		l.enc = x.grow(l.enc)
	}
	l.enc = appendVarint(l.enc, v)
}

// addFlagged adds the posting of doc in t to the flagged postings of its
// bitmap.
func (x *indexer) addFlagged(t termFlags, doc int32) {
	f := &x.flagged[t.n]
	f.enc = appendVarint(f.enc, int(doc-f.last)<<3|int(t.flags))
	f.last = doc
}

// promote turns the sparse list of term n into a bitmap if the bitmap of
// its docs up to doc would take at most twice its bytes, and reports
// whether it did.
func (x *indexer) promote(n, doc int32) bool {
	l := &x.lists[n]
	v, _ := readVarint(l.enc)
	lo := int32(v>>3) &^ 63
	if int(doc-lo)/8 > 2*len(l.enc) {
		return false
	}
	size := int(doc-lo)/64*8 + 8
	if x.hi > doc {
		size = int(x.hi-1-lo)/64*8 + 8
	}
	if int(n) >= len(x.flagged) {
		x.flagged = append(x.flagged, make([]flagList, len(x.terms)-len(x.flagged))...)
	}
	f := &x.flagged[n]
	enc := l.enc
	*l = termList{enc: make([]byte, 0, size), last: int32(v >> 3), lo: lo + 1}
	d := int32(0)
	for e := enc; len(e) > 0; {
		v, size := readVarint(e)
		e = e[size:]
		d += int32(v >> 3)
		if (d^l.last)>>6 != 0 {
			l.flush()
		}
		l.last = d
		l.acc |= 1 << (d & 63)
		if fl := v & 7; fl != flagBody {
			f.enc = appendVarint(f.enc, int(d-f.last)<<3|fl)
			f.last = d
		}
	}
	return true
}

// flush stores the bits of the bitmap's last word, whose docs are all
// added, and clears them.
func (l *termList) flush() {
	k := int(l.last-(l.lo-1)) >> 6 * 8
	if k+8 > len(l.enc) {
		if k+8 > cap(l.enc) {
			l.enc = slices.Grow(l.enc, k+8-len(l.enc))
		}
		l.enc = l.enc[:k+8]
	}
	binary.LittleEndian.PutUint64(l.enc[k:], l.acc)
	l.acc = 0
}

// maxVarintLen bounds the length of appendVarint's encoding of a
// posting: 35 bits of doc id gap and flags.
const maxVarintLen = 7

// arenaChunk is the size of the blocks the indexer takes posting lists
// from (grow).
const arenaChunk = 256 << 10

// grow returns b with room for at least maxVarintLen more bytes: twice
// its capacity, at least 16 bytes. Small lists are taken from x.arena,
// which costs less than allocating each; they are capped, so appending
// past their capacity moves them rather than overwriting the next.
func (x *indexer) grow(b []byte) []byte {
	c := max(2*cap(b), len(b)+maxVarintLen, 16)
	if c > arenaChunk/8 {
		return append(make([]byte, 0, c), b...)
	}
	if cap(x.arena)-len(x.arena) < c {
		x.arena = make([]byte, 0, arenaChunk)
	}
	o := len(x.arena)
	x.arena = x.arena[:o+c]
	return append(x.arena[o:o:o+c], b...)
}

// analyse tokenizes d without adding it to any posting list: afterwards
// x.docTerms holds its terms, in order of first occurrence, and the
// fields each occurs in. It returns d's stored text. New terms are added
// to the term table.
func (x *indexer) analyse(d *Doc) string {
	x.base += int32(len(x.docTerms))
	if x.base > maxDocBase {
		x.resetMarks()
	}
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

// resetMarks clears every doc mark, so base can start again.
func (x *indexer) resetMarks() {
	for i := range x.uni {
		x.uni[i].mark = 0
	}
	for i := range x.table.slots {
		x.table.slots[i].mark = 0
	}
	x.base = 1
}

// html indexes the text of rendered HTML: tags removed, entities decoded.
// Block tags separate words; inline tags do not, so
// "<strong>政策</strong>解读" stays one Han run. A tag ends at the first
// '>', whatever quotes it holds.
func (x *indexer) html(h string) {
	for len(h) > 0 {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			x.htmlText(h)
			return
		}
		if i > 0 {
			x.htmlText(h[:i])
		}
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

// htmlText indexes and stores a run of HTML text between tags.
func (x *indexer) htmlText(s string) {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	x.feed(s)
	x.store(s)
}

// blockTag reports whether the tag (its text between < and >) starts or
// ends a block, so the text on either side must not run together: p, div,
// li, ul, ol, h1–h6, br, hr, tr, td, th, table, thead, tbody, blockquote,
// pre, dl, dt, dd, section, figure or figcaption, in any case, followed
// by white space, '/' or nothing.
func blockTag(tag string) bool {
	if len(tag) > 0 && tag[0] == '/' {
		tag = tag[1:]
	}
	var lower [10]byte
	n := 0
	for ; n < len(tag); n++ {
		c := tag[n]
		if c == ' ' || c == '\t' || c == '\n' || c == '/' {
			break
		}
		if n == len(lower) {
			return false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[n] = c
	}
	name := lower[:n]
	switch n {
	case 1:
		return name[0] == 'p'
	case 2:
		a, b := name[0], name[1]
		switch a {
		case 'h':
			return b >= '1' && b <= '6' || b == 'r'
		case 'l':
			return b == 'i'
		case 'u', 'o':
			return b == 'l'
		case 'b':
			return b == 'r'
		case 't':
			return b == 'r' || b == 'd' || b == 'h'
		case 'd':
			return b == 'l' || b == 't' || b == 'd'
		}
		return false
	}
	switch string(name) {
	case "div", "pre", "table", "thead", "tbody", "section", "figure", "blockquote", "figcaption":
		return true
	}
	return false
}

// store appends s to the current doc's stored text, white space
// collapsed, until it holds storedRunes runes. Invalid UTF-8 is stored
// as U+FFFD, as range decodes it.
func (x *indexer) store(s string) {
	if x.textRunes > storedRunes {
		return
	}
	for i := 0; i < len(s); {
		if !x.textSpace {
			// Copy the run of ASCII and three-byte runes that are stored
			// as they are: not white space, and before the cut.
			j, n := i, x.textRunes
			for j < len(s) && n < storedRunes {
				if c := s[j]; c < utf8.RuneSelf {
					if c <= ' ' {
						break
					}
					j++
				} else if c >= 0xE3 && c <= 0xEF && c != 0xED && len(s)-j >= 3 && s[j+1]&0xC0 == 0x80 && s[j+2]&0xC0 == 0x80 &&
					(c != 0xE3 || s[j+1] != 0x80 || s[j+2] != 0x80) {
					// Valid, and not U+3000, the only space from U+3000 on.
					j += 3
				} else {
					break
				}
				n++
			}
			x.text = append(x.text, s[i:j]...)
			x.textRunes = n
			if i = j; i == len(s) {
				return
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
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
		if key&shortKey == 0 {
			return append(b, x.wordS[key-1]...)
		}
		for key &^= shortKey; key != 0; key >>= 8 {
			b = append(b, byte(key))
		}
		return b
	}
	b = utf8.AppendRune(b, rune(key>>21&(1<<21-1)))
	if second := rune(key & (1<<21 - 1)); second != 0 {
		b = utf8.AppendRune(b, second)
	}
	return b
}

// finalPostings returns the encoding each term is written with: the
// sparse list of its postings in all parts, or the dense form when it is
// shorter (see finalList). Terms are handed out in chunks to up to four
// goroutines: the long lists of common terms cluster at low numbers.
func (ix indexed) finalPostings() [][]byte {
	out := make([][]byte, len(ix.lists))
	const chunk = 256
	forEach((len(out)+chunk-1)/chunk, func(c int) {
		var j joiner
		for n := c * chunk; n < min(len(out), (c+1)*chunk); n++ {
			out[n] = j.final(ix, n)
		}
	})
	return out
}

// finalPostings is finalPostings of an indexer that indexed every doc.
func (x *indexer) finalPostings() [][]byte {
	return indexed{indexer: x, parts: []*indexer{x}}.finalPostings()
}

// joiner joins the postings of a term from the parts of an index.
type joiner struct {
	lists   []*termList
	owners  []*indexer
	terms   []int32 // the term's number in each owner
	words   []uint64
	flagged []byte
}

// gather sets j.lists to the term's lists of the parts that have it, in
// doc id order, j.owners to those parts and j.terms to its numbers in
// them, and reports whether one is a bitmap.
func (j *joiner) gather(ix indexed, n int) bool {
	j.lists, j.owners, j.terms = j.lists[:0], j.owners[:0], j.terms[:0]
	bm := false
	for w, p := range ix.parts {
		m := n
		if w > 0 {
			if m = int(ix.local[w][n]); m < 0 {
				continue
			}
		}
		if l := &p.lists[m]; len(l.enc) > 0 || l.lo != 0 {
			j.lists, j.owners, j.terms = append(j.lists, l), append(j.owners, p), append(j.terms, int32(m))
			bm = bm || l.lo != 0
		}
	}
	return bm
}

// final returns the final encoding of term n (finalPostings).
func (j *joiner) final(ix indexed, n int) []byte {
	if !j.gather(ix, n) {
		switch len(j.lists) {
		case 0:
			return nil
		case 1:
			return finalList(j.lists[0].enc, int(j.lists[0].last))
		}
		// Sparse lists: join them, the first posting of each
		// re-encoded as a gap from the last of the one before.
		size := 0
		for _, l := range j.lists {
			size += len(l.enc) + maxVarintLen
		}
		enc := make([]byte, 0, size)
		last := int32(0)
		for _, l := range j.lists {
			v, size := readVarint(l.enc)
			enc = appendVarint(enc, int(int32(v>>3)-last)<<3|v&7)
			enc = append(enc, l.enc[size:]...)
			last = l.last
		}
		return finalList(enc, int(last))
	}
	last := int(j.lists[len(j.lists)-1].last)
	words := j.words[:0]
	words = append(words, make([]uint64, last/64+2)...)
	flagged := j.flagged[:0]
	prevF := 0 // the last flagged doc of the parts so far
	for i, l := range j.lists {
		if l.lo == 0 {
			doc := 0
			for e := l.enc; len(e) > 0; {
				v, size := readVarint(e)
				e = e[size:]
				doc += v >> 3
				words[doc>>6] |= 1 << (doc & 63)
				if f := v & 7; f != flagBody {
					flagged = appendVarint(flagged, (doc-prevF)<<3|f)
					prevF = doc
				}
			}
			continue
		}
		orBitmap(words[int(l.lo-1)>>6:], l.enc)
		words[l.last>>6] |= l.acc
		if f := &j.owners[i].flagged[j.terms[i]]; len(f.enc) > 0 {
			v, size := readVarint(f.enc)
			flagged = appendVarint(flagged, (v>>3-prevF)<<3|v&7)
			flagged = append(flagged, f.enc[size:]...)
			prevF = int(f.last)
		}
	}
	j.words, j.flagged = words, flagged
	slen := bitmapSparseLen(words)
	if last/6+3+len(flagged) < slen {
		return denseBytes(words, last, flagged)
	}
	return sparseBytes(words, flagged, slen)
}

// orBitmap ors the bitmap bm, bit i%8 of bm[i/8] for bit i, into words.
func orBitmap(words []uint64, bm []byte) {
	k := 0
	for ; k+8 <= len(bm); k += 8 {
		words[k>>3] |= binary.LittleEndian.Uint64(bm[k:])
	}
	for ; k < len(bm); k++ {
		words[k>>3] |= uint64(bm[k]) << (8 * (k & 7))
	}
}

// bitmapSparseLen returns the length of the sparse list of the postings
// whose docs are the bits of words. A posting of doc d after one of doc
// p is encoded as (d-p)<<3 | flags, flags from 1 to 7, and the length of
// that depends only on d-p: 1 byte under 4, 2 under 128 (appendVarint).
func bitmapSparseLen(words []uint64) int {
	n, prev := 0, 0
	for k, w := range words {
		if w == 0 {
			continue
		}
		first := k<<6 | bits.TrailingZeros64(w)
		n += varintLen((first-prev)<<3 | 1)
		// The gaps within the word: one byte each, and a second for a
		// gap of 4 or more, which follows three clear bits.
		near := w<<1 | w<<2 | w<<3
		n += bits.OnesCount64(w) - 1 + bits.OnesCount64(w&^near) - 1
		prev = k<<6 | (63 - bits.LeadingZeros64(w))
	}
	return n
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
			return bytes.Compare(texts[offs[a]:offs[a+1]], texts[offs[b]:offs[b+1]])
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
	case k&(hanKey|shortKey) == shortKey:
		return (bits.Len64(k&^shortKey)+7)/8 + 6
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
// term numbers and doc marks.
type keyTable struct {
	slots []keySlot
	n     int
}

type keySlot struct {
	key  uint64
	n    int32 // term number
	mark int32 // doc mark (see indexer)
}

func (t *keyTable) slot(key uint64) uint64 {
	return (key * 0x9E3779B97F4A7C15) >> 32
}

// get returns the entry of key, nil if it has none.
func (t *keyTable) get(key uint64) *keySlot {
	if len(t.slots) == 0 {
		return nil
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(key) & mask; ; i = (i + 1) & mask {
		switch s := &t.slots[i]; s.key {
		case key:
			return s
		case 0:
			return nil
		}
	}
}

// put adds key, which the table must not have, with term number n and
// returns its entry. Entries move when the table grows.
func (t *keyTable) put(key uint64, n int32) *keySlot {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots, t.n = make([]keySlot, max(1<<12, 2*len(old))), 0
		for _, s := range old {
			if s.key != 0 {
				*t.insert(s.key) = s
			}
		}
	}
	s := t.insert(key)
	*s = keySlot{key: key, n: n}
	return s
}

// insert returns the free entry where key goes.
func (t *keyTable) insert(key uint64) *keySlot {
	mask := uint64(len(t.slots) - 1)
	i := t.slot(key) & mask
	for t.slots[i].key != 0 {
		i = (i + 1) & mask
	}
	t.n++
	return &t.slots[i]
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
