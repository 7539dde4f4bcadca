package search

import (
	"bytes"
	"errors"
	"fmt"
	"math/bits"
	"strings"
)

// Posting lists are stored as strings of variable-length integers in a
// 64-character alphabet that needs no escaping in JSON. The alphabet has
// no digits, so an encoded list never contains a run of digits that the
// build's privacy scan would take for a phone or ID number. Each
// integer holds 5 bits per character, least significant group first; a
// character whose value has bit 32 set is followed by more groups.
//
// A posting is (doc id gap)*8 + field flags, where the gap is the first
// doc id itself for the first posting and the difference to the previous
// doc id after that (ids ascend). Common terms cost about one byte per
// document that contains them, and a term in more than about a sixth of
// the documents is written in the dense form below when that is shorter.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_.~!*()$,;:"

// Field flags of a posting.
const (
	flagBody    = 1
	flagHeading = 2
	flagTitle   = 4
)

// Field weights: a term's score in a document is the sum of the weights
// of the fields it occurs in, so one title hit outweighs a heading hit
// plus a body hit. They are written to meta.json for search.js.
const (
	weightTitle   = 16
	weightHeading = 4
	weightBody    = 1
)

var alphabetIndex = func() [128]int8 {
	var t [128]int8
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = int8(i)
	}
	return t
}()

// bodyGap is, for each character that encodes a whole posting of flags
// flagBody, its doc id gap plus one; 0 for other characters.
var bodyGap = func() (t [256]uint8) {
	for gap := 0; gap*8+flagBody < 32; gap++ {
		t[alphabet[gap*8+flagBody]] = uint8(gap + 1)
	}
	return t
}()

// posting is a doc id with the fields a term occurs in.
type posting struct {
	doc   int
	flags int
}

// appendVarint appends v in the alphabet encoding.
func appendVarint(b []byte, v int) []byte {
	for v >= 32 {
		b = append(b, alphabet[32|v&31])
		v >>= 5
	}
	return append(b, alphabet[v])
}

var errBadPostings = errors.New("malformed posting list")

// readVarint decodes the first integer of b and returns it and its length
// in bytes (0 if b holds no complete integer).
func readVarint(b []byte) (v, size int) {
	shift := 0
	for i, c := range b {
		d := int(alphabetIndex[c&127])
		v |= (d & 31) << shift
		if d&32 == 0 {
			return v, i + 1
		}
		shift += 5
	}
	return 0, 0
}

// decodeSparse appends the postings of a sparse list built by the indexer
// (well formed by construction) to ps.
func decodeSparse(ps []posting, b []byte) []posting {
	doc := 0
	for len(b) > 0 {
		v, size := readVarint(b)
		doc += v >> 3
		ps = append(ps, posting{doc: doc, flags: v & 7})
		b = b[size:]
	}
	return ps
}

// A dense posting list is denseMark, a bitmap of the docs that have the
// term, denseMark again and the sparse list of the postings whose flags
// are not flagBody alone (title and heading hits). The bitmap holds 6
// docs per character: doc i is bit i%6 of the value of character i/6,
// and it ends at the last doc. A term in most documents costs a sixth of
// a character per document instead of about one.
const denseMark = '+'

// appendDense appends the dense form of ps (ascending, non-empty) to b.
func appendDense(b []byte, ps []posting) []byte {
	b = append(b, denseMark)
	last := ps[len(ps)-1].doc
	start := len(b)
	for range last/6 + 1 {
		b = append(b, 0)
	}
	for _, p := range ps {
		b[start+p.doc/6] |= 1 << (p.doc % 6)
	}
	for i := start; i < len(b); i++ {
		b[i] = alphabet[b[i]]
	}
	b = append(b, denseMark)
	prev := 0
	for _, p := range ps {
		if p.flags != flagBody {
			b = appendVarint(b, (p.doc-prev)*8+p.flags)
			prev = p.doc
		}
	}
	return b
}

// finalList returns the encoding a term's postings are written with: enc,
// their sparse list, or the dense form (appendDense) when that is
// shorter. last is the doc id of the last posting.
func finalList(enc []byte, last int) []byte {
	// The dense form costs at least its bitmap.
	if last/6+3 >= len(enc) {
		return enc
	}
	if d := denseFromSparse(enc, last); len(d) < len(enc) {
		return d
	}
	return enc
}

// denseFromSparse is appendDense(nil, decodeSparse(nil, enc)) without
// decoding into postings first. last is the doc id of the last posting.
// It sets the bitmap's bits in machine words, then writes them 6 a
// character.
func denseFromSparse(enc []byte, last int) []byte {
	words := make([]uint64, last/64+2)
	var flagged []byte
	doc, prev := 0, 0
	// The bits of words[cw] are gathered in acc, so that setting a bit
	// does not wait for the last one to be stored.
	cw, acc := 0, uint64(0)
	for i := 0; i < len(enc); {
		// Most postings of a dense list are one character: gaps under 4
		// in the body.
		for ; i < len(enc); i++ {
			g := bodyGap[enc[i]]
			if g == 0 {
				break
			}
			doc += int(g) - 1
			if doc>>6 != cw {
				words[cw] |= acc
				cw, acc = doc>>6, 0
			}
			acc |= 1 << (doc & 63)
		}
		if i == len(enc) {
			break
		}
		v, size := readVarint(enc[i:])
		i += size
		doc += v >> 3
		if doc>>6 != cw {
			words[cw] |= acc
			cw, acc = doc>>6, 0
		}
		acc |= 1 << (doc & 63)
		if f := v & 7; f != flagBody {
			flagged = appendVarint(flagged, (doc-prev)*8+f)
			prev = doc
		}
	}
	words[cw] |= acc
	return denseBytes(words, last, flagged)
}

// denseBytes returns the dense form of the postings whose docs are the
// bits of words, last being the last of them, and whose flagged
// postings (those not of flagBody alone) are flagged. words must have a
// word past the last doc's.
func denseBytes(words []uint64, last int, flagged []byte) []byte {
	n := last/6 + 1
	b := make([]byte, n+2+len(flagged))
	b[0], b[n+1] = denseMark, denseMark
	for i := range n {
		p := i * 6
		v := words[p>>6] >> (p & 63)
		if p&63 > 58 {
			v |= words[p>>6+1] << (64 - p&63)
		}
		b[1+i] = alphabet[v&63]
	}
	copy(b[n+2:], flagged)
	return b
}

// sparseBytes returns the sparse list, of length slen, of the postings
// whose docs are the bits of words, with flags flagBody but for those in
// flagged, the sparse list of the others.
func sparseBytes(words []uint64, flagged []byte, slen int) []byte {
	b := make([]byte, 0, slen)
	fdoc, fflags := -1, 0
	if len(flagged) > 0 {
		v, size := readVarint(flagged)
		flagged = flagged[size:]
		fdoc, fflags = v>>3, v&7
	}
	prev := 0
	for k, w := range words {
		for w != 0 {
			doc := k<<6 | bits.TrailingZeros64(w)
			w &= w - 1
			f := flagBody
			if doc == fdoc {
				f = fflags
				if len(flagged) > 0 {
					v, size := readVarint(flagged)
					flagged = flagged[size:]
					fdoc, fflags = fdoc+v>>3, v&7
				} else {
					fdoc = -1
				}
			}
			b = appendVarint(b, (doc-prev)<<3|f)
			prev = doc
		}
	}
	return b
}

// encodeFinal returns the final encoding of ps (ascending doc ids; nil
// if ps is empty): the same bytes finalList chooses for their sparse
// list, but only the chosen form is written.
func encodeFinal(ps []posting) []byte {
	if len(ps) == 0 {
		return nil
	}
	sparse, flagged := 0, 0 // lengths of the sparse list and of the dense form's
	prev, prevFlagged := 0, 0
	for _, p := range ps {
		sparse += varintLen((p.doc-prev)<<3 | p.flags)
		prev = p.doc
		if p.flags != flagBody {
			flagged += varintLen((p.doc-prevFlagged)<<3 | p.flags)
			prevFlagged = p.doc
		}
	}
	last := ps[len(ps)-1].doc
	if last/6+3 < sparse && last/6+3+flagged < sparse {
		return appendDense(make([]byte, 0, last/6+3+flagged), ps)
	}
	enc := make([]byte, 0, sparse)
	prev = 0
	for _, p := range ps {
		enc = appendVarint(enc, (p.doc-prev)<<3|p.flags)
		prev = p.doc
	}
	return enc
}

// varintLen is the length of appendVarint's encoding of v.
func varintLen(v int) int {
	return max(1, (bits.Len(uint(v))+4)/5)
}

// decodeFinal appends the postings of a final list (sparse or dense, well
// formed by construction) to ps.
func decodeFinal(ps []posting, b []byte) []posting {
	if len(b) == 0 || b[0] != denseMark {
		return decodeSparse(ps, b)
	}
	end := 1 + bytes.IndexByte(b[1:], denseMark)
	bitmap, flagged := b[1:end], b[end+1:]
	// The next flagged posting: its doc (-1 if none) and flags.
	fdoc, fflags := -1, 0
	next := func() {
		if len(flagged) == 0 {
			fdoc = -1
			return
		}
		v, size := readVarint(flagged)
		flagged = flagged[size:]
		fdoc = max(fdoc, 0) + v>>3
		fflags = v & 7
	}
	next()
	for i, c := range bitmap {
		v := int(alphabetIndex[c&127])
		for v != 0 {
			bit := bits.TrailingZeros(uint(v))
			v &= v - 1
			p := posting{doc: i*6 + bit, flags: flagBody}
			if p.doc == fdoc {
				p.flags = fflags
				next()
			}
			ps = append(ps, p)
		}
	}
	return ps
}

// decodePostings decodes a sparse or dense posting list.
func decodePostings(s string) ([]posting, error) {
	if len(s) > 0 && s[0] == denseMark {
		return decodeDense(s[1:])
	}
	return decodeList(s)
}

// decodeList decodes a sparse list: (doc gap)*8 + flags, ascending docs.
func decodeList(s string) ([]posting, error) {
	var ps []posting
	doc, v, shift := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 128 || alphabetIndex[c] < 0 || shift > 40 {
			return nil, errBadPostings
		}
		d := int(alphabetIndex[c])
		v |= (d & 31) << shift
		if d&32 != 0 {
			shift += 5
			continue
		}
		doc += v >> 3
		ps = append(ps, posting{doc: doc, flags: v & 7})
		v, shift = 0, 0
	}
	if shift != 0 {
		return nil, errBadPostings
	}
	return ps, nil
}

// decodeDense decodes the part of a dense list after its first mark.
func decodeDense(s string) ([]posting, error) {
	bitmap, rest, ok := strings.Cut(s, string(denseMark))
	if !ok {
		return nil, errBadPostings
	}
	flagged, err := decodeList(rest)
	if err != nil {
		return nil, err
	}
	var ps []posting
	j := 0
	for i := 0; i < len(bitmap); i++ {
		c := bitmap[i]
		if c >= 128 || alphabetIndex[c] < 0 {
			return nil, errBadPostings
		}
		v := int(alphabetIndex[c])
		for bit := 0; bit < 6; bit++ {
			if v&(1<<bit) == 0 {
				continue
			}
			p := posting{doc: i*6 + bit, flags: flagBody}
			if j < len(flagged) && flagged[j].doc == p.doc {
				p.flags = flagged[j].flags
				j++
			}
			ps = append(ps, p)
		}
	}
	if j != len(flagged) {
		return nil, errBadPostings
	}
	return ps, nil
}

// hashTerm is 32-bit FNV-1a over the term's UTF-8 bytes.
func hashTerm(term string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(term); i++ {
		h ^= uint32(term[i])
		h *= 16777619
	}
	return h
}

// hashBytes is hashTerm over bytes.
func hashBytes(term []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range term {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// shardOf returns the shard number of term when there are 2^bits shards.
func shardOf(term string, bits int) int {
	return int(hashTerm(term) & (1<<bits - 1))
}

// shardName is the file name of shard n: lower-case hex, zero-padded to
// the width of the largest shard number ("s/3f.json" with 8 bits).
func shardName(n, bits int) string {
	width := (bits + 3) / 4
	if width == 0 {
		width = 1
	}
	return fmt.Sprintf("s/%0*x.json", width, n)
}

// recordName is the file name of the group of stored records that holds
// doc id, with groupSize records a file.
func recordName(id, groupSize int) string {
	return fmt.Sprintf("d/%d.json", id/groupSize)
}

// escapeHTML escapes the five HTML-significant characters, exactly as
// search.js does.
func escapeHTML(s string) string {
	return htmlEscaper.Replace(s)
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")
