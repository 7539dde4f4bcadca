package search

import (
	"errors"
	"fmt"
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
