package markdown

import (
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
	// The buffer lives in a local variable: storing the slice in *p for
	// every rune costs a write barrier while the GC runs.
	buf := p.buf
	for i := 0; i < len(v); {
		if p.limit > 0 && p.runes >= p.limit {
			break
		}
		r, size := rune(v[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(v[i:])
		}
		i += size
		if isSpace(r) {
			if p.runes > 0 {
				p.space = true
			}
			continue
		}
		if p.space || p.brk {
			if p.space || !breakJoins(p.last, r) {
				buf = append(buf, ' ')
				p.runes++
			}
			p.space, p.brk = false, false
		}
		if size > 1 {
			// A valid multi-byte encoding: AppendRune would write the
			// same bytes.
			buf = append(buf, v[i-size:i]...)
		} else {
			buf = utf8.AppendRune(buf, r)
		}
		p.runes++
		p.last = r
	}
	p.buf = buf
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
	for i := 0; i < len(v); {
		b := v[i]
		if b < utf8.RuneSelf {
			i++
			c.alnum(b|0x20 >= 'a' && b|0x20 <= 'z' || b >= '0' && b <= '9')
			continue
		}
		// Fast paths for the three-byte forms that make up nearly all
		// Chinese text. They give what the general case below gives.
		if i+2 < len(v) && v[i+1]&0xC0 == 0x80 && v[i+2]&0xC0 == 0x80 {
			b1 := v[i+1]
			switch {
			case b >= 0xE5 && b <= 0xE9 || b == 0xE4 && b1 >= 0xB8:
				// U+4E00..U+9FFF: Han.
				i += 3
				c.n++
				c.inWord = false
				continue
			case b == 0xE2 || b == 0xE3 && b1 == 0x80:
				// U+2000..U+303F: punctuation, except 々 and 〇.
				i += 3
				if b == 0xE3 && (v[i-1] == 0x85 || v[i-1] == 0x87) {
					c.n++
				}
				c.inWord = false
				continue
			case b == 0xEF && (b1 == 0xBC || b1 == 0xBD && v[i+2] < 0xA6):
				// U+FF00..U+FF65: full-width forms.
				r := 0xFF00 | rune(b1&1)<<6 | rune(v[i+2]&0x3F)
				i += 3
				c.alnum(fullWidthAlnum[r-0xFF00])
				continue
			}
		}
		r, size := utf8.DecodeRune(v[i:])
		i += size
		switch {
		case isIdeograph(r):
			c.n++
			c.inWord = false
		case r >= 0x2000 && r <= 0x303F: // punctuation, see isIdeograph
			c.inWord = false
		default:
			c.alnum(unicode.IsLetter(r) || unicode.IsDigit(r))
		}
	}
}

// alnum counts a letter or digit that starts a word (a run of them counts
// once), and ends the word at anything else.
func (c *counter) alnum(yes bool) {
	if !yes {
		c.inWord = false
	} else if !c.inWord {
		c.n++
		c.inWord = true
	}
}

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
// cut at limit runes and "……" is appended.
func cutSummary(s string, limit int) string {
	n, i := 0, 0
	end := -1
	for i < len(s) && n < limit {
		r, size := utf8.DecodeRuneInString(s[i:])
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
		return s
	}
	if end > 0 {
		return strings.TrimRight(s[:end], " ")
	}
	return strings.TrimRight(s[:i], " ") + "……"
}

// skipClosers returns the offset after any closing quotes and brackets at
// s[i:].
func skipClosers(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '”', '’', '」', '』', '）', '》', '】', '〕', '"', '\'', ')':
			i += size
		default:
			return i
		}
	}
	return i
}
