// Package privacy finds private and secret data in text that the build is
// about to publish, so that the build can refuse to publish it (DESIGN.md §5,
// NORMS.md item 15).
//
// A Scanner reports four kinds of finding:
//
//   - Mobile: a mainland mobile number 1[3-9]xxxxxxxxx standing alone, also
//     written in groups (138 1234 5678, 138-1234-5678, 138-12345678) or with a
//     country prefix (+8613812345678, 008613812345678, +86 138 1234 5678).
//   - IDNumber: an 18-character resident ID number (GB 11643-1999) whose
//     check character (mod 11-2, last character 0-9 or X/x) is right and whose
//     birth date (characters 7-14) is a real date between 1900 and 2099; also
//     written in groups 6-8-4. An 18-digit run that fails either test is not
//     an ID number.
//   - BankCard: a Luhn-valid card number of 16 to 19 digits issued under a
//     prefix used by cards in China (first digit 3, 4, 5, 6 or 9: UnionPay 62,
//     Visa 4, Mastercard 5, JCB 35, older domestic debit cards 60 and 9), also
//     written in groups of four separated by spaces or hyphens. A number that
//     is a valid ID number is reported as an ID number only.
//   - SecretMarker: the 密级 and internal markers 绝密, 机密, 注意保密, 内部资料,
//     and 秘密 followed (after optional spaces) by ★ or ☆, as a character or an
//     HTML entity (秘密★, 秘密 ☆, 秘密&#9733;). 秘密 alone is an ordinary word
//     (商业秘密) and is not reported.
//
// # What "standing alone" means
//
// Digits are ASCII 0-9 or full-width ０-９. A number is a maximal run of digits;
// it stands alone when it does not touch an ASCII letter or underscore (so
// hashes, asset fingerprints and identifiers such as art_13812345678 or
// 0x13812345678 are not numbers) and is not part of a decimal (3.13812345678,
// coordinates). A longer digit run never contains a shorter finding: the
// 12-digit run 138123456789 is not a mobile number. Groups are digit runs
// joined by exactly one space or hyphen, the same separator throughout.
//
// Digits in URLs are digits: a URL is published text, and a mobile number in
// a query string is as public as one in prose. A page or document id that
// happens to look like a mobile number is therefore reported; put it on the
// allow-list if it really is an id.
//
// A run of exactly 11 digits followed directly by a unit of quantity (元, 万,
// 亿, 亩, 平方, 公顷, 吨, 千, 米) is an amount, not a mobile number
// (13500000000元).
//
// Landlines (0374-2961234), dates (20230315, 2023-03-15), document numbers
// (许自规〔2022〕133号) and masked forms (138****1234, 35*************123) are
// not findings: they are too short, start with 0, or the stars break the run.
//
// # Markers inside words
//
// A marker is reported wherever it occurs, also inside longer words and
// phrases: 保守国家机密 and 商业机密 are findings. The scan cannot tell a 密级
// marking from prose about secrecy, and a false alarm costs an editor a
// rewording (保守国家秘密) while a miss publishes a classified document. The
// finding's message says so.
//
// # Speed
//
// Scan makes one pass over the bytes with no regular expressions
// (nextCandidate). On amd64 with AVX2 it reads 32 bytes at a time
// (skipAVX2, in assembly) and stops only at 密 and 内, at full-width digits
// and at digit runs that may start a finding: a run of 11 digits or more,
// or one that goes on in a chain of runs (see quietChain, which passes
// over chains such as dates that can hold none). Elsewhere it reads eight
// bytes at a time (nextCandidateSWAR) and stops at digits, at 0xEF
// (full-width digits) and at 0x86, a byte shared by 密 and 内 that is far
// rarer in Chinese text than their lead bytes; digit runs too short to
// matter, and 0xEF and 0x86 bytes that start no digit or marker, are
// passed over without leaving that loop. Line and column numbers are
// worked out only for findings. Text is expected to be UTF-8 (as
// html/template and encoding/json write it); Chinese written as \uXXXX
// escapes or numeric character references is not decoded.
package privacy

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
)

// Kind names what a finding is.
type Kind string

// The kinds of finding.
const (
	Mobile       Kind = "mobile"
	IDNumber     Kind = "id-number"
	BankCard     Kind = "bank-card"
	SecretMarker Kind = "secret-marker"
)

// Finding is one piece of private or secret data in scanned text.
type Finding struct {
	// Line is the 1-based line number.
	Line int
	// Col is the 1-based column in characters (Unicode code points, not
	// bytes), as an editor shows it for Chinese text.
	Col int
	// Kind says what was found.
	Kind Kind
	// Excerpt is the match with the digits masked (138****5678), or the
	// marker as written. It never holds a whole number.
	Excerpt string
}

// Message describes the finding in English and says what to do about it.
func (f Finding) Message() string {
	switch f.Kind {
	case Mobile:
		return fmt.Sprintf("personal mobile number %s (not on the allow-list in config.toml [privacy] allow): "+
			"remove it or mask it (138****5678); if it is a public office number, add it to the allow-list", f.Excerpt)
	case IDNumber:
		return fmt.Sprintf("resident ID number %s (valid check digit and birth date): "+
			"remove it or mask it (41**************23)", f.Excerpt)
	case BankCard:
		return fmt.Sprintf("bank card number %s (Luhn-valid): remove it or mask it (6222 **** **** 1234); "+
			"if it is a public account for payments, add it to the allow-list in config.toml [privacy] allow", f.Excerpt)
	case SecretMarker:
		return fmt.Sprintf("secrecy marker %q: classified or internal material must not be published; "+
			"remove the document, or if this is ordinary prose reword it (保守国家机密 → 保守国家秘密)", f.Excerpt)
	}
	return fmt.Sprintf("%s %s", f.Kind, f.Excerpt)
}

// Scanner finds private and secret data. A Scanner is safe for concurrent
// use by multiple goroutines.
type Scanner struct {
	allow map[string]struct{}
}

// New returns a Scanner that lets the numbers in allow pass. Numbers are
// compared by their digits only, so "0374-2961234", "0374 2961234" and
// "03742961234" are the same entry; an entry written with a +86 or 0086
// prefix also allows the number without it. Entries without digits are
// ignored.
func New(allow []string) *Scanner {
	s := &Scanner{allow: make(map[string]struct{}, len(allow))}
	for _, a := range allow {
		d := digitsOf(a)
		if d == "" {
			continue
		}
		s.allow[d] = struct{}{}
		switch {
		case len(d) == 13 && strings.HasPrefix(d, "86"):
			s.allow[d[2:]] = struct{}{}
		case len(d) == 15 && strings.HasPrefix(d, "0086"):
			s.allow[d[4:]] = struct{}{}
		}
	}
	return s
}

// digitsOf returns the ASCII and full-width digits of s as ASCII digits.
func digitsOf(s string) string {
	b := []byte(s)
	var out []byte
	for i := 0; i < len(b); {
		if d, w := digitAt(b, i); w > 0 {
			out = append(out, d)
			i += w
			continue
		}
		i++
	}
	return string(out)
}

// Scan returns the findings in text in the order they occur, or nil if
// there are none.
func (s *Scanner) Scan(text []byte) []Finding {
	sc := scan{s: s, text: text}
	n := len(text)
	for i := 0; ; {
		i = nextCandidate(text, i)
		if i >= n {
			break
		}
		switch class[text[i]] {
		case classDigit:
			i = sc.numbers(i)
		case class86:
			// 0x86 is the last byte of 密 (E5 AF 86) and the middle byte of
			// 内 (E5 86 85); it is far rarer than either lead byte.
			switch {
			case i >= 2 && text[i-2] == 0xE5 && text[i-1] == 0xAF:
				i = sc.marker(i - 2)
			case i >= 1 && i+1 < n && text[i-1] == 0xE5 && text[i+1] == 0x85:
				i = sc.marker(i - 1)
			default:
				i++
			}
		case classEF:
			if i+2 < n && text[i+1] == 0xBC && text[i+2]-0x90 < 10 {
				i = sc.numbers(i)
			} else {
				i++
			}
		}
	}
	if len(sc.hits) == 0 {
		return nil
	}
	return locate(text, sc.hits)
}

// nextCandidate returns the offset of the first byte at or after text[i]
// that Scan has to look into, or len(text). With AVX2 (see skipAVX2) it
// passes over 32 bytes at a time that hold no 密 or 内, no full-width
// digit and no digit run that could start a finding, and over chains of
// runs that can hold none (quietChain); the rest of the text, and all of
// it without AVX2, goes to nextCandidateSWAR.
func nextCandidate(text []byte, i int) int {
	if useAVX2 {
		// skipAVX2 reads two bytes back.
		for ; i < 2 && i < len(text); i++ {
			if class[text[i]] != classNone {
				return i
			}
		}
		for i+34 <= len(text) {
			j, flags := skipAVX2(text, i)
			if flags == 0 {
				// nextCandidateSWAR must start at the start of a run:
				// back up to the start of one that goes on at j.
				for j > i && text[j-1]-'0' < 10 {
					j--
				}
				i = j
				break
			}
			f := j + bits.TrailingZeros32(flags)
			if c := text[f]; c == 0x86 || c == 0xEF {
				return f // the marker or full-width digit test passed
			}
			// A digit: nothing was flagged before it since i, so the run
			// it is in starts at or after i and starts a chain.
			s := f
			for s > i && text[s-1]-'0' < 10 {
				s--
			}
			p := quietChain(text, s)
			if p == 0 {
				return s
			}
			i = p
		}
	}
	return nextCandidateSWAR(text, i)
}

// nextCandidateSWAR is nextCandidate without AVX2. It passes over what
// Scan would pass over at once: a short digit run (see shortRun), a 0x86 that
// is not in 密 or 内, a 0xEF that does not start a full-width digit.
//
// It reads eight bytes at a time (see candidates), and passes over eight
// bytes whose digit runs are all short and end inside them. A digit in
// the first of the eight never continues a run from before them: the
// eight before ended without a digit, or i is where a run or something
// that is not a digit ended.
func nextCandidateSWAR(text []byte, i int) int {
	n := len(text)
	for i+8 <= n {
		x := binary.LittleEndian.Uint64(text[i:])
		digit, other := candidates(x)
		if digit|other == 0 {
			i += 8
			continue
		}
		if other == 0 && digit>>63 == 0 && digit&(separators(x)>>8) == 0 {
			// Every run ends inside x, followed by a byte that does not
			// continue it: shortRun would pass over each.
			i += 8
			continue
		}
		i += bits.TrailingZeros64(digit|other) / 8
		switch text[i] {
		case 0x86:
			if i >= 2 && text[i-2] == 0xE5 && text[i-1] == 0xAF || i >= 1 && i+1 < n && text[i-1] == 0xE5 && text[i+1] == 0x85 {
				return i
			}
			i++
		case 0xEF:
			if i+2 < n && text[i+1] == 0xBC && text[i+2]-0x90 < 10 {
				return i
			}
			i++
		default: // a digit
			p := shortRun(text, i)
			if p == 0 {
				return i
			}
			i = p
		}
	}
	for i < n && class[text[i]] == 0 {
		i++
	}
	return i
}

// SWAR constants: the low seven bits and the high bit of each byte.
const (
	lo7 = 0x7f7f7f7f7f7f7f7f
	hi  = 0x8080808080808080
)

// candidates returns, for eight bytes read little-endian, a word with the
// high bit set of each byte that is an ASCII digit (digit), and one of
// each byte that is 0x86 or 0xEF (other): the bytes of class other than
// classNone. No sum carries from one byte into the next.
func candidates(x uint64) (digit, other uint64) {
	y := x & lo7
	// y+0x50 reaches 0x80 from '0' on, y+0x46 from ':' on.
	digit = (y + 0x5050505050505050) &^ (y + 0x4646464646464646) &^ x
	// y^c+lo7 stays below 0x80 only where y is c: 0x86 and 0xEF less the
	// high bit.
	other = ^((y ^ 0x0606060606060606 + lo7) & (y ^ 0x6f6f6f6f6f6f6f6f + lo7)) & x
	return digit & hi, other & hi
}

// separators returns, for eight bytes read little-endian, a word with the
// high bit set of each byte that is a space, '-', 'X' or 'x' (what may
// continue a digit run besides 0xEF, see shortRun).
func separators(x uint64) uint64 {
	y := x & lo7
	not := (y ^ 0x2020202020202020 + lo7) & (y ^ 0x2d2d2d2d2d2d2d2d + lo7) & (y | 0x2020202020202020 ^ 0x7878787878787878 + lo7)
	return ^not &^ x & hi
}

// quietChain returns the offset after the chain of digit groups at
// text[i], an ASCII digit, as numbers would, if the chain is of ASCII
// digits and can hold no finding: no group has 11 digits or more or is
// followed by a check character, no group of 3 or 6 digits is followed by
// another (a 3-8, 3-4-4 or 6-8-4 window), and a first group of 4 digits is
// not followed by three more (4-4-4-4). Otherwise it returns 0.
func quietChain(text []byte, i int) int {
	p, groups, first := i, 0, 0
	for {
		s := p
		for p < len(text) && text[p]-'0' < 10 {
			p++
		}
		n := p - s
		if n >= 11 {
			return 0
		}
		if groups == 0 {
			first = n
		}
		groups++
		if p >= len(text) {
			return p
		}
		switch text[p] {
		case 'X', 'x', 0xEF:
			return 0
		case ' ', '-':
		default:
			return p
		}
		if p+1 >= len(text) {
			return p
		}
		if c := text[p+1]; c == 0xEF {
			return 0
		} else if c-'0' >= 10 {
			return p
		}
		if n == 3 || n == 6 || first == 4 && groups >= 3 {
			return 0
		}
		p++
	}
}

// Byte classes for the main loop: every byte that may start a finding.
const (
	classNone = iota
	classDigit
	class86 // a byte of 密 and 内
	classEF // lead byte of full-width digits
)

var class = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit
	}
	t[0x86] = class86
	t[0xEF] = classEF
	return t
}()

// hit is a finding before its line and column are known.
type hit struct {
	off     int
	kind    Kind
	excerpt string
}

// maxDigits is the longest number any rule looks at (a 19-digit card).
const maxDigits = 19

// group is one run of digits within a chain of runs.
type group struct {
	start, end int // byte offsets; end is after the last digit or the X
	n          int // number of digits (may exceed maxDigits)
	d          [maxDigits]byte
	x          bool // followed by the ID check character X/x
	gluedL     bool // touches a letter, underscore or decimal point on the left
	gluedR     bool // ... on the right
	sep        byte // separator to the next group, 0 for the last group
	plus       bool // preceded by '+'
}

func (g *group) digits() []byte { return g.d[:min(g.n, maxDigits)] }

// scan is the state of one Scan call.
type scan struct {
	s    *Scanner
	text []byte
	hits []hit
}

// digitAt reports the digit at b[i] as an ASCII digit and its width in
// bytes, or width 0 if there is no digit at i.
func digitAt(b []byte, i int) (byte, int) {
	if i >= len(b) {
		return 0, 0
	}
	c := b[i]
	if c-'0' < 10 {
		return c, 1
	}
	if c == 0xEF && i+2 < len(b) && b[i+1] == 0xBC && b[i+2]-0x90 < 10 {
		return '0' + b[i+2] - 0x90, 3
	}
	return 0, 0
}

func isWordByte(c byte) bool {
	return c-'0' < 10 || (c|0x20)-'a' < 26 || c == '_'
}

// wordAt reports whether b[i] is a letter, digit or underscore, counting
// full-width digits.
func wordAt(b []byte, i int) bool {
	if i < 0 || i >= len(b) {
		return false
	}
	if isWordByte(b[i]) {
		return true
	}
	_, w := digitAt(b, i)
	return w > 0
}

// numbers reads the chain of digit groups starting at text[i], records its
// findings and returns the offset after the chain.
func (sc *scan) numbers(i int) int {
	text := sc.text
	// Fast path: a short ASCII run that cannot start a chain (most digits
	// on a page: dates, counts, ids in URLs) holds no finding.
	if p := shortRun(text, i); p > 0 {
		return p
	}
	var gbuf [6]group
	gs := gbuf[:0]
	p := i
	for {
		g := group{start: p}
		if len(gs) == 0 {
			g.gluedL = p > 0 && (isWordByte(text[p-1]) || text[p-1] == '.' && p > 1 && isDigitBefore(text, p-1))
			g.plus = p > 0 && text[p-1] == '+'
		}
		for {
			d, w := digitAt(text, p)
			if w == 0 {
				break
			}
			if g.n < maxDigits {
				g.d[g.n] = d
			}
			g.n++
			p += w
		}
		if p < len(text) && (text[p] == 'X' || text[p] == 'x') && !wordAt(text, p+1) {
			g.x = true
			p++
		}
		g.end = p
		if p < len(text) {
			c := text[p]
			g.gluedR = isWordByte(c) || c == '.' && isDigitAfter(text, p+1)
			if !g.gluedR && !g.x && (c == ' ' || c == '-') {
				if _, w := digitAt(text, p+1); w > 0 {
					g.sep = c
					gs = append(gs, g)
					p++
					continue
				}
			}
		}
		gs = append(gs, g)
		break
	}
	sc.chain(gs)
	return p
}

// shortRun returns the end of the ASCII digit run at text[i] if the run has
// fewer than 11 digits and is not followed by anything that could continue
// it (a separator, X, or a full-width digit), or 0.
func shortRun(text []byte, i int) int {
	p := i
	for p < len(text) && text[p]-'0' < 10 {
		p++
	}
	if p-i >= 11 {
		return 0
	}
	if p < len(text) {
		switch text[p] {
		case ' ', '-', 'X', 'x', 0xEF:
			return 0
		}
	}
	return p
}

func isDigitBefore(b []byte, i int) bool {
	if i > 0 && b[i-1]-'0' < 10 {
		return true
	}
	return i >= 3 && b[i-3] == 0xEF && b[i-2] == 0xBC && b[i-1]-0x90 < 10
}

func isDigitAfter(b []byte, i int) bool {
	_, w := digitAt(b, i)
	return w > 0
}

// chain records the findings in one chain of digit groups. A new rule
// here must be reflected in quietChain, which lets the AVX2 path pass over
// chains it says can hold no finding (the differential tests compare with
// refScan, which does not pass over them, but only on the inputs they try).
func (sc *scan) chain(gs []group) {
	last := len(gs) - 1
	// Each group on its own.
	for k := range gs {
		g := &gs[k]
		if g.gluedL || g.gluedR {
			continue
		}
		d := g.digits()
		switch {
		case g.x:
			if g.n == 17 {
				sc.id(g.start, d, true)
			}
		case g.n == 11:
			if !quantityAt(sc.text, g.end) {
				sc.mobile(g.start, d)
			}
		case g.n == 13 && g.plus && d[0] == '8' && d[1] == '6':
			sc.mobile(g.start, d[2:])
		case g.n == 15 && string(d[:4]) == "0086":
			sc.mobile(g.start, d[4:])
		case g.n == 18:
			if !sc.id(g.start, d, false) {
				sc.card(g.start, d)
			}
		case g.n >= 16 && g.n <= maxDigits:
			sc.card(g.start, d)
		}
	}
	if last == 0 {
		return
	}
	// Windows of groups: 3-4-4 and 3-8 mobiles, 6-8-4 ID numbers.
	var buf [maxDigits]byte
	for k := 0; k < len(gs); k++ {
		if gs[k].gluedL || gs[k].x {
			continue
		}
		if k+1 <= last && !gs[k+1].gluedR && !gs[k+1].x && gs[k].n == 3 && gs[k+1].n == 8 {
			d := append(append(buf[:0], gs[k].digits()...), gs[k+1].digits()...)
			sc.mobile(gs[k].start, d)
		}
		if k+2 > last || gs[k].sep != gs[k+1].sep || gs[k+1].x || gs[k+2].gluedR {
			continue
		}
		a, b, c := &gs[k], &gs[k+1], &gs[k+2]
		d := append(append(append(buf[:0], a.digits()...), b.digits()...), c.digits()...)
		switch {
		case a.n == 3 && b.n == 4 && c.n == 4 && !c.x:
			sc.mobile(a.start, d)
		case a.n == 6 && b.n == 8 && (c.n == 4 && !c.x || c.n == 3 && c.x):
			sc.id(a.start, d, c.x)
		}
	}
	// The whole chain as a card number in groups of four: 4-4-4-4[-1..4].
	if (last == 3 || last == 4) && !gs[0].gluedL && !gs[last].gluedR && !gs[last].x {
		d := buf[:0]
		for k := range gs {
			g := &gs[k]
			if g.x || g.n > 4 || k < 3 && g.n != 4 || k < last && g.sep != gs[0].sep {
				return
			}
			d = append(d, g.digits()...)
		}
		if len(d) >= 16 {
			sc.card(gs[0].start, d)
		}
	}
}

// quantities are the units that make an 11-digit run an amount.
var quantities = []string{"元", "万", "亿", "亩", "平方", "公顷", "吨", "千", "米"}

func quantityAt(b []byte, i int) bool {
	if i >= len(b) || b[i] < 0xE4 {
		return false
	}
	for _, q := range quantities {
		if len(b)-i >= len(q) && string(b[i:i+len(q)]) == q {
			return true
		}
	}
	return false
}

func (sc *scan) allowed(d []byte) bool {
	_, ok := sc.s.allow[string(d)]
	return ok
}

func (sc *scan) add(off int, k Kind, excerpt string) {
	sc.hits = append(sc.hits, hit{off: off, kind: k, excerpt: excerpt})
}

// mobile records d (11 digits) if it is a mobile number.
func (sc *scan) mobile(off int, d []byte) {
	if len(d) != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9' || sc.allowed(d) {
		return
	}
	sc.add(off, Mobile, string(d[:3])+"****"+string(d[7:]))
}

// id records d (17 digits plus the check digit, or 17 digits if x) if it is
// a valid ID number, and reports whether it is one, allowed or not.
func (sc *scan) id(off int, d []byte, x bool) bool {
	if !validID(d, x) {
		return false
	}
	if !sc.allowed(d) {
		tail := string(d[15:])
		if x {
			tail = string(d[15:17]) + "X"
		}
		sc.add(off, IDNumber, string(d[:2])+strings.Repeat("*", 13)+tail)
	}
	return true
}

// idWeights are the GB 11643 weights of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// validID reports whether d is a resident ID number: 17 digits and a check
// digit (or 17 digits and the check character X if x), with a plausible
// birth date.
func validID(d []byte, x bool) bool {
	if x && len(d) != 17 || !x && len(d) != 18 || d[0] == '0' {
		return false
	}
	sum := 0
	for k, w := range idWeights {
		sum += int(d[k]-'0') * w
	}
	check := "10X98765432"[sum%11]
	if x && check != 'X' || !x && check != d[17] {
		return false
	}
	year := num(d[6:10])
	month := num(d[10:12])
	day := num(d[12:14])
	return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month)
}

func num(d []byte) int {
	v := 0
	for _, c := range d {
		v = v*10 + int(c-'0')
	}
	return v
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// card records d if it is a bank card number.
func (sc *scan) card(off int, d []byte) {
	if len(d) < 16 || len(d) > maxDigits || !cardPrefix(d[0]) || !luhn(d) || sc.allowed(d) {
		return
	}
	n := len(d)
	sc.add(off, BankCard, string(d[:4])+strings.Repeat("*", n-8)+string(d[n-4:]))
}

func cardPrefix(c byte) bool {
	return c >= '3' && c <= '6' || c == '9'
}

// luhn reports whether the digits d pass the Luhn check.
func luhn(d []byte) bool {
	sum := 0
	double := false
	for k := len(d) - 1; k >= 0; k-- {
		v := int(d[k] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

// marker checks for a secrecy marker around text[i], the start of 密 or 内,
// and returns the offset to continue at.
func (sc *scan) marker(i int) int {
	text := sc.text
	if i+3 > len(text) {
		return i + 1
	}
	switch string(text[i : i+3]) {
	case "密":
		if i < 3 {
			return i + 3
		}
		switch string(text[i-3 : i]) {
		case "绝", "机":
			sc.add(i-3, SecretMarker, string(text[i-3:i+3]))
		case "秘":
			if end := starAfter(text, i+3); end > 0 {
				sc.add(i-3, SecretMarker, string(text[i-3:end]))
				return end
			}
		case "保":
			if i >= 9 && string(text[i-9:i-3]) == "注意" {
				sc.add(i-9, SecretMarker, "注意保密")
			}
		}
		return i + 3
	case "内":
		const rest = "部资料"
		if len(text)-i-3 >= len(rest) && string(text[i+3:i+3+len(rest)]) == rest {
			sc.add(i, SecretMarker, "内部资料")
			return i + 3 + len(rest)
		}
		return i + 3
	}
	return i + 1
}

// spaces and stars are the forms accepted between and after 秘密 in 秘密★.
var (
	spaces = []string{" ", "\t", "\u3000", "\u00a0", "&nbsp;", "&#160;", "&#xa0;"}
	stars  = []string{"★", "☆", "&#9733;", "&#9734;", "&#x2605;", "&#x2606;", "&starf;", "&star;"}
)

// starAfter returns the offset after a star that follows text[i:] after
// optional spaces, or 0 if there is none.
func starAfter(text []byte, i int) int {
	for {
		p := matchAny(text, i, spaces)
		if p == 0 {
			break
		}
		i = p
	}
	return matchAny(text, i, stars)
}

// matchAny returns the offset after the first of forms found at text[i]
// (ASCII letters compared without case), or 0.
func matchAny(text []byte, i int, forms []string) int {
	if i >= len(text) {
		return 0
	}
	for _, f := range forms {
		if text[i] != f[0] {
			continue
		}
		if len(text)-i >= len(f) && strings.EqualFold(string(text[i:i+len(f)]), f) {
			return i + len(f)
		}
	}
	return 0
}

var newline = []byte{'\n'}

// locate turns hits into findings with line and column numbers.
func locate(text []byte, hits []hit) []Finding {
	slices.SortStableFunc(hits, func(a, b hit) int { return a.off - b.off })
	out := make([]Finding, len(hits))
	line, lineStart, pos := 1, 0, 0
	for k, h := range hits {
		seg := text[pos:h.off]
		if nl := bytes.Count(seg, newline); nl > 0 {
			line += nl
			lineStart = pos + bytes.LastIndexByte(seg, '\n') + 1
		}
		pos = h.off
		out[k] = Finding{
			Line:    line,
			Col:     utf8.RuneCount(text[lineStart:h.off]) + 1,
			Kind:    h.kind,
			Excerpt: h.excerpt,
		}
	}
	return out
}
