package markdown

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"
)

// plainText accumulates text with white space collapsed to single spaces.
// A line or block break becomes a space unless breakJoins says otherwise,
// matching how the HTML is displayed.
type plainText struct {
	buf   []byte
	runes int
	limit int  // stop after this many runes; 0 means no limit
	space bool // white space is pending
	brk   bool // a line or block break is pending
	last  rune
}

func (p *plainText) reset() {
	p.buf = p.buf[:0]
	p.runes, p.space, p.brk, p.last = 0, false, false, 0
}

// String returns the collected text.
func (p *plainText) String() string { return string(p.buf) }

// softBreak records a line or block break.
func (p *plainText) softBreak() {
	if p.runes > 0 {
		p.brk = true
	}
}

func (p *plainText) write(v []byte) {
	// The state lives in local variables, stored once at the end: through
	// p every rune would load and store it (and storing the buffer costs a
	// write barrier while the GC runs).
	buf, runes, space, brk, last := p.buf, p.runes, p.space, p.brk, p.last
	limit := p.limit
	if limit <= 0 {
		limit = int(^uint(0) >> 1)
	}
	for i := 0; i < len(v) && runes < limit; {
		r, size := rune(v[i]), 1
		if r >= utf8.RuneSelf {
			r, size = decodeRune(v[i:])
		}
		i += size
		if r <= '\u3000' && isSpace(r) { // isSpace is false above U+3000
			if runes > 0 {
				space = true
			}
			continue
		}
		if space || brk {
			if space || !breakJoins(last, r) {
				buf = append(buf, ' ')
				runes++
			}
			space, brk = false, false
		}
		if size == 3 {
			// A valid encoding: AppendRune would write the same bytes.
			buf = append(buf, v[i-3], v[i-2], v[i-1])
		} else if size > 1 {
			buf = append(buf, v[i-size:i]...)
		} else {
			buf = utf8.AppendRune(buf, r)
		}
		runes++
		last = r
	}
	p.buf, p.runes, p.space, p.brk, p.last = buf, runes, space, brk, last
}

// decodeRune is utf8.DecodeRune(v) for len(v) > 0, with the three-byte
// forms of U+1000..U+CFFF and U+E000..U+FFFF (all Chinese text) decoded
// here: for a lead byte 0xE1..0xEC or 0xEE..0xEF any two continuation
// bytes make a valid rune.
func decodeRune(v []byte) (rune, int) {
	if len(v) >= 3 {
		b, b1, b2 := v[0], v[1], v[2]
		if b-0xE1 <= 0xEF-0xE1 && b != 0xED && b1&0xC0 == 0x80 && b2&0xC0 == 0x80 {
			return rune(b&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F), 3
		}
	}
	return utf8.DecodeRune(v)
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
	}
	if r > '\u3000' { // the last white space character; Chinese text is above
		return false
	}
	return unicode.IsSpace(r)
}

// counter counts characters for the reading time: every Han character
// (and kana and Hangul) counts one, every run of other letters and digits
// counts one; punctuation, symbols and spaces count nothing.
type counter struct {
	n      int
	inWord bool
}

// boundary ends the current word (at line and block breaks).
func (c *counter) boundary() { c.inWord = false }

func (c *counter) write(v []byte) {
	c.writeRun(v)
}

// writeRun is write, and returns what textRun(v) returns: the offset of
// the first textSpecial byte in v, or len(v). The walker renders text
// with it (see walker.text).
func (c *counter) writeRun(v []byte) int {
	// The count and the word state live in local variables: through c
	// they would be loaded and stored for every rune.
	n, inWord := c.n, c.inWord
	run := len(v)
	for i := 0; i < len(v); {
		b := v[i]
		if b < utf8.RuneSelf {
			k := asciiKinds[b]
			if k&kindSpecial != 0 && run == len(v) {
				run = i
			}
			i++
			yes := k&kindAlnum != 0
			if yes && !inWord {
				n++
			}
			inWord = yes
			continue
		}
		// Fast paths for the three-byte forms that make up nearly all
		// Chinese text. They give what the general case below gives.
		if i+2 < len(v) {
			b1, b2 := v[i+1], v[i+2]
			if b1&0xC0 == 0x80 && b2&0xC0 == 0x80 {
				switch lead := uint(b)<<8 | uint(b1); {
				case lead-0xE4B8 <= 0xE9BF-0xE4B8:
					// U+4E00..U+9FFF: Han.
					i += 3
					n++
					inWord = false
					// Han characters mostly come in runs: take the
					// following ones two at a time, six bytes from one
					// load (each a lead byte, two continuation bytes and
					// the same range test as above).
					for i+8 <= len(v) {
						x := binary.LittleEndian.Uint64(v[i:])
						if x&0x0000C0C000C0C000 != 0x0000808000808000 {
							break
						}
						l0 := uint32(x)&0xFF<<8 | uint32(x>>8)&0xFF
						l1 := uint32(x>>24)&0xFF<<8 | uint32(x>>32)&0xFF
						if l0-0xE4B8 > 0xE9BF-0xE4B8 || l1-0xE4B8 > 0xE9BF-0xE4B8 {
							break
						}
						n += 2
						i += 6
					}
					continue
				case b == 0xE2 || lead == 0xE380:
					// U+2000..U+303F: punctuation, except 々 and 〇.
					i += 3
					if b == 0xE3 && (b2 == 0x85 || b2 == 0x87) {
						n++
					}
					inWord = false
					continue
				case lead == 0xEFBC || lead == 0xEFBD && b2 < 0xA6:
					// U+FF00..U+FF65: full-width forms.
					i += 3
					yes := fullWidthAlnum[uint(b1&1)<<6|uint(b2&0x3F)]
					if yes && !inWord {
						n++
					}
					inWord = yes
					continue
				}
			}
		}
		r, size := utf8.DecodeRune(v[i:])
		i += size
		switch runeKind(r) {
		case kindIdeograph:
			n++
			inWord = false
		case kindAlnum:
			if !inWord {
				n++
			}
			inWord = true
		default:
			inWord = false
		}
	}
	c.n, c.inWord = n, inWord
	return run
}

// The kinds of rune for counter: a letter or digit (a run of them counts
// once), an ideograph (counts one) or anything else (counts nothing).
const (
	kindOther     = 0
	kindAlnum     = 1
	kindIdeograph = 2
)

// runeKind returns the kind of r as counter counts it.
func runeKind(r rune) uint8 {
	switch {
	case isIdeograph(r):
		return kindIdeograph
	case r >= 0x2000 && r <= 0x303F: // punctuation, see isIdeograph
		return kindOther
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return kindAlnum
	}
	return kindOther
}

// kindSpecial is set in asciiKinds for the textSpecial bytes (all ASCII).
const kindSpecial = 4

// asciiKinds is runeKind of every ASCII byte, with kindSpecial added for
// the textSpecial ones.
var asciiKinds = func() (t [utf8.RuneSelf]uint8) {
	for b := range t {
		t[b] = runeKind(rune(b))
		if textSpecial[b] {
			t[b] |= kindSpecial
		}
	}
	return t
}()

// fullWidthAlnum tells for U+FF00..U+FF65 whether the rune is a letter or
// digit (Ａ, ａ, １); the rest of that range is punctuation (，：（）！).
var fullWidthAlnum = func() (t [0x66]bool) {
	for i := range t {
		r := rune(0xFF00 + i)
		t[i] = unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return t
}()

// isIdeograph reports whether r counts as one character on its own: Han,
// kana or Hangul.
func isIdeograph(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs, the common case
		return true
	case r >= 0x2000 && r <= 0x303F: // general and CJK punctuation (“”…—、。《》)
		return r == 0x3005 || r == 0x3007 // 々 〇
	case r >= 0xFF00 && r <= 0xFF65: // full-width forms: ，：（）！ and Ａ１
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// cutSummary cuts plain text s to about limit runes. Text of at most limit
// runes is returned whole. Otherwise it is cut after the last sentence end
// within the first limit runes: 。！？ (with any closing quotes or brackets
// right after it) or ! ? followed by a space. Without a sentence end it is
// cut at limit runes and "……" is appended. It takes the collected bytes,
// so that the result is the only string made.
func cutSummary(s []byte, limit int) string {
	n, i := 0, 0
	end := -1
	for i < len(s) && n < limit {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = decodeRune(s[i:])
		}
		i += size
		n++
		switch r {
		case '。', '！', '？':
			end = skipClosers(s, i)
		case '!', '?':
			if i == len(s) || s[i] == ' ' {
				end = i
			}
		}
	}
	if i >= len(s) {
		return string(s)
	}
	if end > 0 {
		return string(bytes.TrimRight(s[:end], " "))
	}
	head := bytes.TrimRight(s[:i], " ")
	var b strings.Builder
	b.Grow(len(head) + len("……"))
	b.Write(head)
	b.WriteString("……")
	return b.String()
}

// skipClosers returns the offset after any closing quotes and brackets at
// s[i:].
func skipClosers(s []byte, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRune(s[i:])
		switch r {
		case '”', '’', '」', '』', '）', '》', '】', '〕', '"', '\'', ')':
			i += size
		default:
			return i
		}
	}
	return i
}
