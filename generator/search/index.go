package search

import (
	"runtime"
	"slices"
	"strings"
	"sync"
)

// indexer inverts documents into posting lists. Han terms are keyed by
// their code points, words by an interned number, so the hot path does
// one map lookup per term occurrence and allocates nothing.
type indexer struct {
	keys  map[uint64]int32  // term key -> term number
	words map[string]uint64 // word -> term key
	wordS []string          // word key -> word
	terms []uint64          // term number -> term key
	lists [][]uint32        // term number -> postings, doc<<3 | flags
	uni   []int32           // Han code point -> term number + 1 of its unigram
	doc   docSet            // terms of the current doc and their field flags
	buf   []byte            // current word
}

// maxHan bounds the code points classOf counts as Han.
const maxHan = 0x3134F

// hanKey marks the key of a Han term: hanKey | first<<21 | second, with
// second 0 for a unigram (code points are below 2^21).
const hanKey = 1 << 62

func newIndexer() *indexer {
	return &indexer{keys: map[uint64]int32{}, words: map[string]uint64{}, uni: make([]int32, maxHan+1)}
}

// buildIndex indexes docs (in doc id order) on up to four goroutines, each
// taking a contiguous range of ids, and merges their postings in id order.
// The result does not depend on the number of goroutines.
func buildIndex(docs []Doc) *indexer {
	workers := max(1, min(runtime.GOMAXPROCS(0), 4, len(docs)/500))
	parts := make([]*indexer, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			x := newIndexer()
			for id := len(docs) * w / workers; id < len(docs)*(w+1)/workers; id++ {
				x.index(id, docs[id])
			}
			parts[w] = x
		})
	}
	wg.Wait()
	x := parts[0]
	for _, y := range parts[1:] {
		x.merge(y)
	}
	return x
}

// merge appends the postings of y, whose doc ids all follow those of x.
func (x *indexer) merge(y *indexer) {
	for m, key := range y.terms {
		if key&hanKey == 0 {
			key = x.wordKey(y.wordS[key])
		}
		n := x.number(key)
		x.lists[n] = append(x.lists[n], y.lists[m]...)
	}
}

// wordKey returns the term key of word w, interning it.
func (x *indexer) wordKey(w string) uint64 {
	key, ok := x.words[w]
	if !ok {
		key = uint64(len(x.wordS))
		x.words[w] = key
		x.wordS = append(x.wordS, w)
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
	} else if n, ok := x.keys[key]; ok {
		return n
	}
	n := int32(len(x.terms))
	if unigram {
		x.uni[key>>21&(1<<21-1)] = n + 1
	} else {
		x.keys[key] = n
	}
	x.terms = append(x.terms, key)
	x.lists = append(x.lists, nil)
	return n
}

// add records that the current doc has term key in the flagged field.
func (x *indexer) add(key uint64, flag uint32) {
	x.doc.add(key, flag)
}

// field indexes the terms of s in the flagged field of the current doc.
// It produces the same terms as docTerms in the tests: words, Han
// unigrams and Han bigrams.
func (x *indexer) field(s string, flag uint32) {
	var prevHan rune
	wordClass := classSep
	flush := func() {
		if len(x.buf) == 0 {
			return
		}
		key, ok := x.words[string(x.buf)]
		if !ok {
			key = x.wordKey(string(x.buf))
		}
		x.add(key, flag)
		x.buf = x.buf[:0]
	}
	for _, r := range s {
		r = normRune(r)
		c := classOf(r)
		if c != wordClass {
			flush()
			wordClass = c
		}
		switch c {
		case classHan:
			x.add(hanKey|uint64(r)<<21, flag)
			if prevHan != 0 {
				x.add(hanKey|uint64(prevHan)<<21|uint64(r), flag)
			}
			prevHan = r
		case classDigit, classAlpha:
			prevHan = 0
			if len(x.buf) < maxWordLen {
				x.buf = append(x.buf, byte(r))
			}
		default:
			prevHan = 0
		}
	}
	flush()
	for _, t := range docNumbers(s) {
		x.add(x.wordKey(t), flag)
	}
}

// index adds a document; docs must come in doc id order.
func (x *indexer) index(id int, d Doc) {
	x.doc.reset()
	x.field(d.Title, flagTitle)
	for _, h := range d.Headings {
		x.field(h, flagHeading)
	}
	x.field(d.Body, flagBody)
	for _, i := range x.doc.order {
		n := x.number(x.doc.keys[i])
		x.lists[n] = append(x.lists[n], uint32(id)<<3|x.doc.flags[i])
	}
}

// term returns the text of term number n.
func (x *indexer) term(n int) string {
	key := x.terms[n]
	if key&hanKey == 0 {
		return x.wordS[key]
	}
	first, second := rune(key>>21&(1<<21-1)), rune(key&(1<<21-1))
	if second == 0 {
		return string(first)
	}
	return string([]rune{first, second})
}

// shards returns the JSON of 2^bits posting shards: an object of term to
// encoded postings, keys sorted. Terms need no JSON escaping.
func (x *indexer) shards(bits int) [][]byte {
	groups := make([][]int, 1<<bits)
	texts := make([]string, len(x.terms))
	for n := range x.terms {
		texts[n] = x.term(n)
		s := shardOf(texts[n], bits)
		groups[s] = append(groups[s], n)
	}
	out := make([][]byte, len(groups))
	for s, g := range groups {
		slices.SortFunc(g, func(a, b int) int { return strings.Compare(texts[a], texts[b]) })
		b := []byte{'{'}
		for i, n := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, texts[n]...)
			b = append(b, '"', ':', '"')
			b = appendPostings(b, x.lists[n])
			b = append(b, '"')
		}
		out[s] = append(b, '}')
	}
	return out
}

// postingBytes estimates the total size of all shards.
func (x *indexer) postingBytes() int {
	total := 0
	for n, ps := range x.lists {
		k := x.terms[n]
		switch {
		case k&hanKey == 0:
			total += len(x.wordS[k])
		case k&(1<<21-1) == 0:
			total += 3
		default:
			total += 6
		}
		total += 6
		prev := 0
		for _, p := range ps {
			doc := int(p >> 3)
			for v := (doc-prev)*8 + int(p&7); v >= 32; v >>= 5 {
				total++
			}
			total++
			prev = doc
		}
	}
	return total
}

// appendPostings encodes packed postings (doc<<3 | flags, ascending).
func appendPostings(b []byte, ps []uint32) []byte {
	prev := 0
	for _, p := range ps {
		doc := int(p >> 3)
		b = appendVarint(b, (doc-prev)*8+int(p&7))
		prev = doc
	}
	return b
}

// docSet is an open-addressing set of term keys with field flags, reset
// in constant time between docs by bumping a generation number.
type docSet struct {
	keys  []uint64
	flags []uint32
	gen   []uint32
	order []int32 // used slots, in insertion order
	cur   uint32
}

func (d *docSet) reset() {
	d.cur++
	d.order = d.order[:0]
	if len(d.keys) == 0 {
		d.grow(1 << 12)
	}
}

func (d *docSet) grow(size int) {
	old := *d
	d.keys = make([]uint64, size)
	d.flags = make([]uint32, size)
	d.gen = make([]uint32, size)
	d.order = d.order[:0]
	d.cur = 1
	for _, i := range old.order {
		d.add(old.keys[i], old.flags[i])
	}
}

func (d *docSet) add(key uint64, flag uint32) {
	if 2*len(d.order) >= len(d.keys) {
		d.grow(2 * len(d.keys))
	}
	mask := uint64(len(d.keys) - 1)
	h := key * 0x9E3779B97F4A7C15
	for i := h >> 32 & mask; ; i = (i + 1) & mask {
		if d.gen[i] != d.cur {
			d.gen[i], d.keys[i], d.flags[i] = d.cur, key, flag
			d.order = append(d.order, int32(i))
			return
		}
		if d.keys[i] == key {
			d.flags[i] |= flag
			return
		}
	}
}
