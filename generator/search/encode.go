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
// document that contains them.
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

// decodePostings is the inverse of encodePostings.
func decodePostings(s string) ([]posting, error) {
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

// hashTerm is 32-bit FNV-1a over the term's UTF-8 bytes.
func hashTerm(term string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(term); i++ {
		h ^= uint32(term[i])
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

// docName is the file name of the stored record of doc id.
func docName(id int) string {
	return fmt.Sprintf("d/%d.json", id)
}

// escapeHTML escapes the five HTML-significant characters, exactly as
// search.js does.
func escapeHTML(s string) string {
	return htmlEscaper.Replace(s)
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")
