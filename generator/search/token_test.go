package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// docTerms is the reference definition of a document's index terms, which
// indexer.field implements without allocating: every word, every Han
// character and every Han bigram.
func docTerms(s string) []string {
	var out []string
	for _, seg := range segments(s) {
		if !seg.han {
			out = append(out, string(seg.runes))
			continue
		}
		for i := range seg.runes {
			out = append(out, string(seg.runes[i:i+1]))
			if i+1 < len(seg.runes) {
				out = append(out, string(seg.runes[i:i+2]))
			}
		}
	}
	out = append(out, docNumbers(s)...)
	slices.Sort(out)
	return slices.Compact(out)
}

func TestQueryTerms(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"行政复议", []string{"行政", "政复", "复议"}},
		{"段简", []string{"段简"}},
		{"规", []string{"规"}},
		{"许自规〔2022〕133号", []string{"许自", "自规", "2022", "133", "号", "〔2022〕133"}},
		{"许自规［２０２２］１３３号", []string{"许自", "自规", "2022", "133", "号", "〔2022〕133"}},
		{"许自规(2022)7号、【2023】12号", []string{"许自", "自规", "2022", "7", "号", "2023", "12", "〔2022〕7", "〔2023〕12"}},
		{"许自规〔2022〕133", []string{"许自", "自规", "2022", "133"}},
		{"〔22〕133号 〔20221〕1号", []string{"22", "133", "号", "20221", "1"}},
		{"第21项", []string{"第", "21", "项"}},
		{"ＧＢ／Ｔ 37668-2019", []string{"gb", "t", "37668", "2019"}},
		{"WCAG2.2 wcag", []string{"wcag", "2"}},
		{"政务　公开 政务", []string{"政务", "公开"}},
		{"二〇二二年", []string{"二〇", "〇二", "二二", "二年"}},
		{"𠀀𠀁", []string{"𠀀𠀁"}},
		{"", nil},
		{"，。！ ?", nil},
		{strings.Repeat("a", 50), []string{strings.Repeat("a", maxWordLen)}},
	}
	for _, tt := range tests {
		if got := queryTerms(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("queryTerms(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	long := strings.Repeat("法治政府建设示范市", 10)
	if got := len(queryTerms(long)); got != 9 {
		// Only 9 distinct bigrams (with 市法) repeat; check the cap separately.
		t.Errorf("distinct terms of a repeated phrase = %d, want 9", got)
	}
	var b strings.Builder
	for i := range 100 {
		b.WriteRune(rune(0x4E00 + i*3))
	}
	if got := len(queryTerms(b.String())); got != maxQueryTerms {
		t.Errorf("terms of a 100-character query = %d, want the cap %d", got, maxQueryTerms)
	}
}

func TestDocTerms(t *testing.T) {
	got := docTerms("行政复议A1")
	want := []string{"1", "a", "复", "复议", "政", "政复", "行", "行政", "议"}
	if !slices.Equal(got, want) {
		t.Errorf("docTerms = %q, want %q", got, want)
	}
}

// TestIndexerTerms checks the allocation-free tokenizer of the indexer
// against docTerms on random mixed text.
func TestIndexerTerms(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pool := []rune("行政复议许自规号号号第项〇〔〕〔〕【】()2022〔〕［］[]（）,.。 　aZｚＡ09０９-_/𠀀\u3000\n")
	for range 300 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteRune(pool[r.IntN(len(pool))])
		}
		if r.IntN(10) == 0 {
			b.WriteString(strings.Repeat("x", 45))
		}
		s := b.String()
		x := newIndexer()
		x.index(0, Doc{Body: s})
		var got []string
		for n := range x.terms {
			got = append(got, x.term(n))
		}
		slices.Sort(got)
		if want := docTerms(s); !slices.Equal(got, want) {
			t.Fatalf("indexer terms of %q = %q, want %q", s, got, want)
		}
	}
}

func TestPostingsRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 100 {
		var packed []uint32
		var want []posting
		doc := 0
		for range r.IntN(50) {
			doc += 1 + r.IntN([]int{3, 100, 1 << 20}[r.IntN(3)])
			f := 1 + r.IntN(7)
			packed = append(packed, uint32(doc)<<3|uint32(f))
			want = append(want, posting{doc: doc, flags: f})
		}
		enc := string(appendPostings(nil, packed))
		got, err := decodePostings(enc)
		if err != nil {
			t.Fatalf("decode %q: %v", enc, err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("round trip of %v = %v", want, got)
		}
	}
	for _, bad := range []string{"!", "w", "中"} {
		if _, err := decodePostings(bad); err == nil {
			t.Errorf("decodePostings(%q) succeeded, want an error", bad)
		}
	}
}

func TestShardName(t *testing.T) {
	for _, tt := range []struct {
		n, bits int
		want    string
	}{{0, 0, "s/0.json"}, {5, 4, "s/5.json"}, {0x3f, 8, "s/3f.json"}, {0x7, 11, "s/007.json"}} {
		if got := shardName(tt.n, tt.bits); got != tt.want {
			t.Errorf("shardName(%d, %d) = %q, want %q", tt.n, tt.bits, got, tt.want)
		}
	}
	// FNV-1a reference values.
	if got := hashTerm("a"); got != 0xe40c292c {
		t.Errorf("hashTerm(a) = %#x, want 0xe40c292c", got)
	}
}
