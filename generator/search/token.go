package search

import "strings"

// Tokenisation is shared, rune for rune, with search.js: any change here
// must be made there too, and TestJSParity checks that both agree.

// maxWordLen caps ASCII words (in runes); longer runs are cut to this length.
const maxWordLen = 40

// maxQueryTerms caps the distinct terms of one query, which bounds the
// number of shard files a query can fetch. Later terms are ignored.
const maxQueryTerms = 32

// normRune folds a rune for matching: full-width ASCII (U+FF01–U+FF5E) to
// ASCII, the ideographic space to a space, ASCII capitals to lower case.
// It maps one rune to one rune, so offsets in folded text are offsets in
// the original text.
func normRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		return ' '
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// Rune classes after normRune.
const (
	classSep = iota
	classDigit
	classAlpha
	classHan
)

// classOf classifies a folded rune. Han covers 〇 and the CJK Unified
// Ideographs blocks (Extension A, the main block, the compatibility block
// and Extensions B–G); everything that is not Han, an ASCII letter or an
// ASCII digit separates tokens, including 〔〕［］[] and all punctuation.
func classOf(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return classDigit
	case r >= 'a' && r <= 'z':
		return classAlpha
	case r == 0x3007,
		r >= 0x3400 && r <= 0x4DBF,
		r >= 0x4E00 && r <= 0x9FFF,
		r >= 0xF900 && r <= 0xFAFF,
		r >= 0x20000 && r <= 0x3134F:
		return classHan
	}
	return classSep
}

// segment is a maximal run of folded runes of one class: a Han run or an
// ASCII word (letters and digits form separate words: "第21项" is 第, 21, 项).
type segment struct {
	han   bool
	runes []rune
}

// segments splits s into folded Han runs and words; separators are dropped.
func segments(s string) []segment {
	var out []segment
	var cur []rune
	curClass := classSep
	flush := func() {
		if len(cur) > 0 {
			if curClass != classHan && len(cur) > maxWordLen {
				cur = cur[:maxWordLen]
			}
			out = append(out, segment{han: curClass == classHan, runes: cur})
		}
		cur = nil
	}
	for _, r := range s {
		r = normRune(r)
		c := classOf(r)
		if c != curClass {
			flush()
			curClass = c
		}
		if c != classSep {
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// queryTerms returns the distinct terms a query must match, in order of
// first appearance: words, Han bigrams of runs of two or more characters,
// a unigram for a Han run of one character, and the terms of document
// numbers (see docNumbers). At most maxQueryTerms.
func queryTerms(q string) []string {
	var terms []string
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] && len(terms) < maxQueryTerms {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	for _, seg := range segments(q) {
		if !seg.han || len(seg.runes) == 1 {
			add(string(seg.runes))
			continue
		}
		for i := 0; i+1 < len(seg.runes); i++ {
			add(string(seg.runes[i : i+2]))
		}
	}
	for _, t := range docNumbers(q) {
		add(t)
	}
	return terms
}

// docNumbers returns a term for each document number (文号) in s: an
// opening bracket, a four-digit year, a closing bracket, a number and 号,
// as in 许自规〔2022〕133号 or 许自规[2022]133号. The term is "〔2022〕133".
// Documents and queries both get it, so a query for a full 文号 finds only
// pages with that year and number next to each other, which bigrams and
// words alone cannot tell from 〔2022〕134号 … 〔2021〕133号.
func docNumbers(s string) []string {
	if !strings.Contains(s, "号") {
		return nil
	}
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = normRune(r)
	}
	var out []string
	for i := 0; i+7 < len(rs); i++ {
		if !isOpenBracket(rs[i]) || !isCloseBracket(rs[i+5]) || !allDigits(rs[i+1:i+5]) {
			continue
		}
		j := i + 6
		for j < len(rs) && classOf(rs[j]) == classDigit {
			j++
		}
		if j == i+6 || j >= len(rs) || rs[j] != '号' {
			continue
		}
		out = append(out, "〔"+string(rs[i+1:i+5])+"〕"+string(rs[i+6:j]))
		i = j
	}
	return out
}

func isOpenBracket(r rune) bool  { return r == '〔' || r == '[' || r == '(' || r == '【' }
func isCloseBracket(r rune) bool { return r == '〕' || r == ']' || r == ')' || r == '】' }

func allDigits(rs []rune) bool {
	for _, r := range rs {
		if classOf(r) != classDigit {
			return false
		}
	}
	return true
}
