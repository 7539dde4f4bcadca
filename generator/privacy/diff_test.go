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
			got, want := s.Scan([]byte(text)), s.refScan([]byte(text))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Scan(%q)\n got %v\nwant %v", text, got, want)
			}
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
			if got, want := s.Scan(text), s.refScan(text); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q at %d: got %v, want %v", f, off, got, want)
			}
		}
	}
}
