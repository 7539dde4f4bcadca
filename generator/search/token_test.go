package search

import (
	"html"
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
		x.index(0, &Doc{Body: s})
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
	for i := range 200 {
		var sparse []byte
		var want []posting
		doc, prev := 0, 0
		for range 1 + r.IntN(50) {
			doc += r.IntN([]int{3, 100, 1 << 20}[r.IntN(3)])
			if i%2 == 0 {
				doc += 1 + r.IntN(2) // dense lists
			} else if len(want) > 0 {
				doc++
			}
			if len(want) > 0 && doc == want[len(want)-1].doc {
				doc++
			}
			f := 1 + r.IntN(7)
			if r.IntN(3) > 0 {
				f = flagBody
			}
			sparse = appendVarint(sparse, (doc-prev)*8+f)
			prev = doc
			want = append(want, posting{doc: doc, flags: f})
		}
		if got := decodeSparse(nil, sparse); !slices.Equal(got, want) {
			t.Fatalf("decodeSparse of %v = %v", want, got)
		}
		for _, enc := range []string{string(sparse), string(appendDense(nil, want))} {
			got, err := decodePostings(enc)
			if err != nil {
				t.Fatalf("decode %q: %v", enc, err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("round trip of %v through %q = %v", want, enc, got)
			}
		}
	}
	if got := string(appendDense(nil, []posting{{0, 1}, {5, 1}, {6, 4}, {13, 5}})); got != "+hBC+-B,B" {
		// Bits 0 and 5 of the first character (33, h), bit 0 of the
		// second (1, B), bit 1 of the third (2, C); then doc 6 with
		// flags 4 (52 = 20+32, 1: -B) and doc 13, gap 7, flags 5
		// (61 = 29+32, 1: ,B).
		t.Errorf("dense encoding = %q", got)
	}
	for _, bad := range []string{"!", "w", "中", "+A", "+B+J", "+中+", "+A+w"} {
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

// plainText is the reference for indexing Doc.HTML: the text of rendered
// HTML with tags removed, entities decoded, a line break for each block
// tag and nothing for inline tags.
func plainText(h string) string {
	var b strings.Builder
	for len(h) > 0 {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(html.UnescapeString(h))
			break
		}
		b.WriteString(html.UnescapeString(h[:i]))
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		if blockTag(h[i+1 : i+j]) {
			b.WriteByte('\n')
		}
		h = h[i+j+1:]
	}
	return b.String()
}

func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"<p>会议研究<strong>行政</strong>复议</p>":         "\n会议研究行政复议\n",
		"<h2 id=\"a\">一、背景</h2>\n<p>正文&amp;说明</p>": "\n一、背景\n\n\n正文&说明\n",
		"<ul>\n<li>甲</li>\n<li>乙<br>丙</li>\n</ul>": "\n\n\n甲\n\n\n乙\n丙\n\n\n",
		"<P>大写</P><DIV CLASS=x>块</DIV>":            "\n大写\n\n块\n",
		"未闭合<":                                     "未闭合",
	} {
		if got := plainText(in); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIndexerHTML checks that indexing HTML gives the terms of its plain
// text, including runs and document numbers split by inline tags, and
// stores the text for snippets.
func TestIndexerHTML(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	pool := []string{"行政", "复议", "许自规", "〔", "〕", "2022", "133", "号", "<strong>", "</strong>", "<p>", "</p>",
		"<br>", "<h2 id=\"x\">", "</h2>", "&amp;", "&lt;", "&#x53F7;", " ", "\n", "a", "Ｂ", "<a href=\"/x/\">", "</a>"}
	for i := range 300 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(pool[r.IntN(len(pool))])
		}
		h := b.String()
		if i == 0 {
			h = "<p>依据许自规<em>〔2022〕</em>133&#21495;文件，<strong>行政</strong>复议</p><p>第二段</p>"
		}
		x := newIndexer()
		text := x.index(0, &Doc{HTML: h})
		var got []string
		for n := range x.terms {
			got = append(got, x.term(n))
		}
		slices.Sort(got)
		plain := plainText(h)
		if want := docTerms(plain); !slices.Equal(got, want) {
			t.Fatalf("indexer terms of %q = %q, want those of %q: %q", h, got, plain, want)
		}
		if want := strings.Join(strings.Fields(plain), " "); text != want {
			t.Fatalf("stored text of %q = %q, want %q", h, text, want)
		}
		if i == 0 && (!slices.Contains(got, "〔2022〕133") || !slices.Contains(got, "政复")) {
			t.Fatalf("terms of %q lack the 文号 or 行政: %q", h, got)
		}
	}
}

// TestStoredText checks the snippet text kept for a page: white space
// collapsed, cut at storedRunes with a mark.
func TestStoredText(t *testing.T) {
	long := strings.Repeat("法治政府建设", 100)
	for _, tt := range []struct {
		d    Doc
		want string
	}{
		{Doc{Body: "  甲\n\n乙　丙 "}, "甲 乙 丙"},
		{Doc{Body: "正文", HTML: "<p>第一段</p><p>第<b>二</b>段</p>"}, "正文 第一段 第二段"},
		{Doc{Body: long}, string([]rune(long)[:storedRunes]) + "…"},
		{Doc{HTML: "<p>" + long + "</p><p>更多</p>"}, string([]rune(long)[:storedRunes]) + "…"},
	} {
		if got := newIndexer().index(0, &tt.d); got != tt.want {
			t.Errorf("stored text of %+v = %q, want %q", tt.d, got, tt.want)
		}
	}
}
