package markdown

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// fallbackID is the id of a heading whose text has no letter or digit.
const fallbackID = "section"

// headingIDs gives out the heading ids of one page (see headingParser), so
// ids are unique within a page and the same input always gives the same
// ids.
type headingIDs struct {
	used map[string]bool
}

// generate returns the id for a heading whose (last) line is value, as a
// goldmark parser.IDs Generate would: see Slug for the rule; duplicates get
// the suffixes -1, -2, ….
func (h *headingIDs) generate(value []byte) string {
	base := Slug(value)
	id := base
	for n := 1; h.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	h.used[id] = true
	return id
}

// Put reserves an id written by the author.
func (h *headingIDs) Put(value []byte) {
	h.used[string(value)] = true
}

// Slug turns heading text into an anchor id. Unicode letters, numbers
// (including 〇 and ①) and combining marks are kept, ASCII letters are
// lowercased; runs of white space, '-' and '_' become a single '-'; every
// other character (punctuation such as 、，。.: and symbols) is dropped
// without a separator. Leading and trailing '-' are trimmed. A result
// without any letter or number becomes "section".
//
//	"一、总体要求"     -> "一总体要求"
//	"Go 语言 2.0"     -> "go-语言-20"
//	"（三）工作 机制" -> "三工作-机制"
func Slug(value []byte) string {
	// The result is at most as long as value; most headings fit in
	// stack, and string(out) below copies it anyway.
	var stack [128]byte
	out := stack[:0]
	if len(value) > len(stack) {
		out = make([]byte, 0, len(value))
	}
	sep := false
	for i := 0; i < len(value); {
		r, size := rune(value[i]), 1
		if r >= utf8.RuneSelf {
			r, size = decodeRune(value[i:])
		}
		i += size
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
		case r >= 0x4E00 && r <= 0x9FFF:
			// CJK Unified Ideographs, all letters (Lo): the common case.
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r == ' ' || r == '\t' || r == '-' || r == '_' || r == '\n' || r == '\r':
			sep = true
			continue
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)):
		case r >= utf8.RuneSelf && unicode.IsSpace(r):
			sep = true
			continue
		default:
			continue
		}
		if sep && len(out) > 0 {
			out = append(out, '-')
		}
		sep = false
		out = utf8.AppendRune(out, r)
	}
	if len(out) == 0 {
		return fallbackID
	}
	return string(out)
}
