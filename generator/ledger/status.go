package ledger

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// statusWords are the ways people start a 完成进度 cell, longest first so that
// 未完成 wins over 完成. keep means the word begins the detail sentence
// ("正在推进……") and stays in it; bare means the word must stand alone or be
// followed by punctuation ("完成率80%" is not a status).
var statusWords = []struct {
	word   string
	status Status
	keep   bool
	bare   bool
}{
	{"尚未完成", InProgress, false, false},
	{"已经完成", Done, false, false},
	{"正在推进", InProgress, true, false},
	{"正在进行", InProgress, true, false},
	{"已完成", Done, false, false},
	{"未完成", InProgress, false, false},
	{"推进中", InProgress, false, false},
	{"进行中", InProgress, false, false},
	{"完成", Done, false, true},
}

// ParseStatus reads a 完成进度 cell the way people really type it and returns
// the status and any detail written after it:
//
//	已完成                      → 已完成, ""
//	已完成：具体情况……           → 已完成, "具体情况……" (a 具体情况 label is dropped)
//	完成                        → 已完成, ""
//	未完成，正在推进……           → 推进中, "正在推进……"
//	未完成+正在推进情况：……       → 推进中, "……"
//	推进中 / 正在推进…… / 进行中   → 推进中
//
// Full-width and half-width punctuation and surrounding spaces are all
// accepted. An empty or unreadable cell is an error.
func ParseStatus(s string) (Status, string, error) {
	orig := []rune(strings.TrimFunc(s, isSpace))
	if len(orig) == 0 {
		return "", "", errors.New("empty status; write 已完成 or 未完成 (推进中)")
	}
	norm := make([]rune, len(orig))
	for i, r := range orig {
		norm[i] = halfWidth(r)
	}
	text := string(norm)
	if strings.HasPrefix(text, string(Missing)) {
		return "", "", fmt.Errorf("status %q: %s is not a status to report; write %s or 未完成", s, Missing, Done)
	}
	for _, w := range statusWords {
		if !strings.HasPrefix(text, w.word) {
			continue
		}
		n := len([]rune(w.word))
		next := n < len(norm) && !isSeparator(norm[n])
		if w.bare && next {
			break
		}
		if w.keep {
			return w.status, string(orig), nil
		}
		return w.status, restDetail(orig[n:], norm[n:]), nil
	}
	return "", "", fmt.Errorf("cannot read status %q: start with %s or 未完成 (推进中)", s, Done)
}

// restDetail trims the separators and labels between a status word and the
// detail: "：具体情况：……" and "（……）" leave "……".
func restDetail(orig, norm []rune) string {
	for {
		i := 0
		for i < len(norm) && isSeparator(norm[i]) && norm[i] != '(' {
			i++
		}
		orig, norm = orig[i:], norm[i:]
		if len(norm) >= 2 && norm[0] == '(' && norm[len(norm)-1] == ')' {
			orig, norm = orig[1:len(orig)-1], norm[1:len(norm)-1]
			continue
		}
		trimmed := false
		for _, label := range []string{"具体情况", "正在推进情况", "推进情况", "完成情况"} {
			l := len([]rune(label))
			if strings.HasPrefix(string(norm), label) && (len(norm) == l || isSeparator(norm[l])) {
				orig, norm = orig[l:], norm[l:]
				trimmed = true
				break
			}
		}
		if !trimmed {
			break
		}
	}
	return strings.TrimFunc(string(orig), isSpace)
}

// halfWidth maps full-width ASCII forms (：，＋（）and so on) and the
// ideographic space to their half-width forms, rune for rune.
func halfWidth(r rune) rune {
	switch {
	case r == '\u3000':
		return ' '
	case r >= '\uFF01' && r <= '\uFF5E':
		return r - 0xFEE0
	}
	return r
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u3000' || r == '\u200b' || r == '\ufeff'
}

// isSeparator reports whether r (already half-width) may sit between a status
// word and its detail.
func isSeparator(r rune) bool {
	return isSpace(r) || strings.ContainsRune("+:;,.()-_~/|、。—…【】[]\"'“”‘’", r)
}
