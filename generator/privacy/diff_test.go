package privacy

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// diffPieces are what the random texts of TestScanMatchesReference are
// made of: digits and what joins or ends digit runs, the bytes Scan
// stops at (0x86 in 密, 内 and other characters, 0xEF in full-width
// digits and punctuation), markers, and numbers that are findings.
var diffPieces = []string{
	"0", "1", "3", "8", "9", "12", "138", "1234", "5678", "86", "0086", "+86", "+",
	"13812345678", "13500000000", "2023-03-15", "0374-2961234", "138-1234-5678", "138 1234 5678",
	"138-12345678", "411002198506121237", "11010519491231002X", "11010519491231002x",
	"110105 19491231 002X", "6222021234567890128", "6222 0212 3456 7890 128", "4111-1111-1111-1111",
	"12345678901", "123456789012345678901", "%E7%9F%BF", "p09985", "e9a1974e",
	" ", "  ", "-", "--", ".", "_", "x", "X", "a", "Z", "\n", "\t",
	"１", "３", "８", "１３８１２３４５６７８", "０", "，", "（", "）", "：", "\uff10", "\uff19", "\uff1a",
	"密", "内", "秘密", "机密", "绝密", "注意保密", "内部资料", "内部", "秘密★", "秘密 ☆", "秘密&#9733;",
	"秘密\u3000&nbsp;★", "秘密&STARF;", "军", "况", "冷", "再", "准", "决", "写",
	"元", "万", "平方", "米", "的", "年", "月", "。", "、",
	"<p>", "</p>", `<a href="tel:13812345678">`, "&#160;", "\xe5", "\xaf", "\x86", "\x85", "\xef", "\xbc", "\x90", "\x99",
}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(strings.Repeat("a", r.IntN(16))) // move everything against the eight-byte words
	for n := r.IntN(40); n > 0; n-- {
		switch r.IntN(10) {
		case 0: // a run of random digits
			for k := r.IntN(22); k > 0; k-- {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
		case 1: // a random byte
			b.WriteByte(byte(r.IntN(256)))
		default:
			b.WriteString(diffPieces[r.IntN(len(diffPieces))])
		}
	}
	return b.String()
}

// checkBothPaths holds Scan to refScan on text, with skipAVX2 if the
// processor has it and without.
func checkBothPaths(t *testing.T, s *Scanner, text string) {
	t.Helper()
	want := s.refScan([]byte(text))
	avx2 := useAVX2
	defer func() { useAVX2 = avx2 }()
	for _, useAVX2 = range []bool{avx2, false} {
		if got := s.Scan([]byte(text)); !reflect.DeepEqual(got, want) {
			t.Fatalf("Scan(%q) (AVX2 %v)\n got %v\nwant %v", text, useAVX2, got, want)
		}
	}
}

// TestScanMatchesReference holds Scan (eight bytes at a time, short runs
// passed over in nextCandidate) to refScan (a byte at a time) on random
// texts and on every cut of a few of them.
func TestScanMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	scanners := []*Scanner{New(nil), New([]string{"13812345678", "0374-2961234", "6222021234567890128"})}
	n := 50000
	if testing.Short() {
		n = 5000
	}
	check := func(text string) {
		t.Helper()
		for _, s := range scanners {
			checkBothPaths(t, s, text)
		}
	}
	found := 0
	for i := 0; i < n; i++ {
		text := randomText(r)
		check(text)
		if scanners[0].refScan([]byte(text)) != nil {
			found++
		}
		if i < 300 {
			for cut := 0; cut <= len(text); cut++ {
				check(text[:cut])
				check(text[cut:])
			}
		}
	}
	// The texts must hold findings often enough to test something.
	if found < n/4 {
		t.Errorf("only %d of %d texts have findings", found, n)
	}
}

// TestScanMatchesReferenceOnHTML compares them on the benchmark's pages
// with findings put in at every offset of a stretch.
func TestScanMatchesReferenceOnHTML(t *testing.T) {
	page := benchHTML(20 << 10)
	s := New(nil)
	for _, f := range []string{"13812345678", "11010519491231002X", "机密", "秘密★", "6222 0212 3456 7890 128", "１３８１２３４５６７８"} {
		for off := 1000; off < 1100; off++ {
			text := fmt.Appendf(nil, "%s%s%s", page[:off], f, page[off:])
			checkBothPaths(t, s, string(text))
		}
	}
}

// alignedBodies are what TestScanMatchesReferenceAligned puts at every
// offset: digit runs of every length up to past the longest number,
// chains of runs around the lengths that make findings, and runs that
// touch full-width digits, check characters and markers.
func alignedBodies() []string {
	var bodies []string
	for _, digits := range []string{"13812345678901234567890123", "41100219850612123788", "62220212345678901280"} {
		for n := 1; n <= len(digits); n++ {
			bodies = append(bodies, digits[:n], digits[:n]+"X", digits[:n]+"-1", digits[:n]+" 12", digits[:n]+"\uff11")
		}
	}
	bodies = append(bodies,
		"138-1234-5678", "138 1234 5678", "138-12345678", "138 1234-5678", "12-138-1234-5678", "1-138 12345678",
		"2024-01-02", "2024-01-02 13:45", "0374-2961234", "1-2-3-4-5-6-7-8", "9 9 9 9 9 9 9 9 9",
		"6222 0212 3456 7890 128", "6222-0212-3456-7890", "4111 1111 1111 1111", "1 4111 1111 1111 1111",
		"411002 19850612 1237", "110105 19491231 002X", "110105-19491231-002x", "12 110105 19491231 002X",
		"+86 138 1234 5678", "+8613812345678", "008613812345678", "13500000000元", "3.13812345678", "13812345678.5",
		"\uff11\uff13\uff18\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "138\uff11\uff12345678", "\uff11 38-1234-5678",
		"13812345678-", "13812345678 ", "1381234567-", "12-\uff13", "12 \uffef", "139-\uff11\uff12\uff13\uff14-5678", "139 \uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18",
		"6222-\uff10212-3456-7890", "12\xef\xbc", "12-\xef",
		"秘密★", "秘密 ☆", "机密", "内部资料", "注意保密", "\xe5\xaf\x86", "\xe5\x86\x85", "\xaf\x86", "\x86\x85",
	)
	return bodies
}

// TestScanMatchesReferenceAligned puts each of alignedBodies at every
// offset against the 32 bytes of skipAVX2 and the eight of
// nextCandidateSWAR, between ASCII and multi-byte neighbours, with the
// text going on after it or ending there, and holds Scan to refScan.
func TestScanMatchesReferenceAligned(t *testing.T) {
	scanners := []*Scanner{New(nil), New([]string{"13812345678"})}
	fillers := []string{"ab<p>cd", "的，、年“0”"}
	sides := [][2]string{{"", ""}, {" ", " "}, {"的", "。"}, {"-", "-"}, {".", "."}, {"a", "_"}, {"，", "\uff10"}, {"秘", "\x85"}}
	maxOff := 66 // two 32-byte blocks and two bytes
	if testing.Short() {
		maxOff = 34
	}
	for _, body := range alignedBodies() {
		for _, side := range sides {
			for _, fill := range fillers {
				filler := strings.Repeat(fill, 20)
				for off := 0; off <= maxOff; off++ {
					middle := filler[:off] + side[0] + body + side[1]
					for _, tail := range []int{0, 1, 33} {
						checkBothPaths(t, scanners[0], middle+filler[:tail])
					}
					checkBothPaths(t, scanners[1], middle+filler[:40])
				}
			}
		}
	}
}

// TestScanMatchesReferenceRandomChains holds Scan to refScan on long
// texts of random chains of digit runs (lengths 1 to 20, joined by a
// space or '-', now and then a full-width digit or a check character)
// between random neighbours.
func TestScanMatchesReferenceRandomChains(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	s := New(nil)
	seps := []string{" ", "-", " ", "-", "  ", "--", "- ", ".", "X-", "x "}
	between := []string{"a", "的", "，", "<p>", "\n", " ", "。", "密", "内", "\xef", "\x86", "_", "+", "元", "：", "\uff15"}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	found := 0
	for i := 0; i < n; i++ {
		var b strings.Builder
		b.WriteString(strings.Repeat("z", r.IntN(40)))
		for k := r.IntN(12); k >= 0; k-- {
			for g := r.IntN(5); g >= 0; g-- {
				for d := 1 + r.IntN(20); d > 0; d-- {
					if r.IntN(30) == 0 {
						b.WriteString(string(rune(0xff10 + r.IntN(10))))
					} else {
						b.WriteByte(byte('0' + r.IntN(10)))
					}
				}
				if g > 0 {
					b.WriteString(seps[r.IntN(len(seps))])
				}
			}
			for m := r.IntN(3); m >= 0; m-- {
				b.WriteString(between[r.IntN(len(between))])
			}
		}
		text := b.String()
		checkBothPaths(t, s, text)
		if s.refScan([]byte(text)) != nil {
			found++
		}
	}
	if found < n/10 {
		t.Errorf("only %d of %d texts have findings", found, n)
	}
}
