package plan

import (
	"regexp"
	"strings"
	"unicode"
)

// isCJK reports whether r is a Han character or CJK/full-width punctuation.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		r >= 0x3000 && r <= 0x303F || // CJK symbols and punctuation
		r >= 0xFF00 && r <= 0xFFEF || // full-width forms
		r >= 0x2018 && r <= 0x201D || // curly quotes
		r >= 0x2460 && r <= 0x2473 // ①…⑳
}

var tagRE = regexp.MustCompile(`</?p>`)

// stripTags removes the <p> tags the OCR leaves in some cells.
func stripTags(s string) string { return strings.TrimSpace(tagRE.ReplaceAllString(s, " ")) }

// fullWidth maps ASCII punctuation to the full-width form used in Chinese text.
var fullWidth = map[rune]rune{',': '，', ';': '；', ':': '：', '(': '（', ')': '）', '!': '！', '?': '？'}

// clean tidies OCR'd Chinese text: white space next to a CJK character is
// dropped (查看资料、 网络检索), ASCII punctuation next to one becomes full-width
// (重大行政决策依法自觉接受本级人大及其常委会的监督,), other runs of white space
// become one space, and a stray English "and" between Chinese words becomes 和.
// It reports whether it replaced an "and".
func clean(s string) (string, bool) {
	rs := []rune(strings.TrimSpace(s))
	var out []rune
	replacedAnd := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if unicode.IsSpace(r) {
			j := i
			for j < len(rs) && unicode.IsSpace(rs[j]) {
				j++
			}
			prevCJK := len(out) > 0 && isCJK(out[len(out)-1])
			nextCJK := j < len(rs) && isCJK(rs[j])
			// 发展 and 人民: an English conjunction between Chinese words.
			if prevCJK && j+3 < len(rs) && string(rs[j:j+3]) == "and" && unicode.IsSpace(rs[j+3]) {
				k := j + 3
				for k < len(rs) && unicode.IsSpace(rs[k]) {
					k++
				}
				if k < len(rs) && isCJK(rs[k]) {
					out = append(out, '和')
					replacedAnd = true
					i = k - 1
					continue
				}
			}
			if !prevCJK && !nextCJK && len(out) > 0 && j < len(rs) {
				out = append(out, ' ')
			}
			i = j - 1
			continue
		}
		if fw, ok := fullWidth[r]; ok {
			prevCJK := len(out) > 0 && isCJK(out[len(out)-1])
			nextCJK := i+1 < len(rs) && isCJK(rs[i+1])
			if prevCJK || nextCJK {
				r = fw
			}
		}
		out = append(out, r)
	}
	return string(out), replacedAnd
}

// squeeze removes all white space: for labels, where the OCR breaks words
// (一级 指标, 专家 论证、 风险评 估。).
func squeeze(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// trimItem strips list punctuation and white space from both ends of an item.
func trimItem(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("；;。.，,、", r)
	})
}

// lcs is the length of the longest common subsequence of a and b, in runes.
func lcs(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
