package search

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// diffPool is what randomDiffText builds text from: Han text, rare and
// supplementary Han, 文号 in every bracket style, full-width ASCII,
// numbers, Latin words of every case and length, emoji, white space of
// every kind, invalid and surrogate UTF-8, entities well and badly
// formed, and tags: block and inline, upper case, with attributes
// holding '>' and '<', self-closing, comments, scripts and styles (whose
// text is indexed like any other), unclosed.
var diffPool = []string{
	"行政", "复议", "法治政府", "建设示范市", "许自规", "许政", "号", "第", "项", "〇", "二〇二三年", "𠀀", "𠀁𪜀", "㐀", "鿿", "豈",
	"〔2023〕12号", "许政〔2023〕12号", "[2022]133号", "(2021)7号", "【2020】1号", "（２０２２）３号", "［２０２２］１３３号",
	"〔2022〕", "〔", "〕", "【", "】", "[", "]", "(", ")", "（", "）", "〔20221〕1号", "〔22〕1号", "〔2022〕号", "〔2022〕12",
	"2022", "133", "0", "85976", "１２３", "ＡＢｃ", "ＧＢ／Ｔ", "a", "Z", "WCAG", "wcag2", "x1y2", strings.Repeat("k", 45), strings.Repeat("9", 41),
	"😀", "🇨🇳", "é", "ß", "Ω", "\u00a0", "\u3000", "\u2028", "\u2029", "\u200b", "\u2003", "\u0085", "\u1680", " ", "\t", "\n", "\r\n", "\v", "\f",
	"，", "。", "、", "；", "：", "“", "”", "—", "…", "-", "_", "/", ".", ",",
	"\xff", "\xe4\xb8", "\xe4", "\xed\xa0\x80", "\xe0\x80\xaf", "\xc0\xaf", "\xf0\x9f", "\x80", "\xef\xbf\xbd", "\xe1\x80\x80", "\xee\x80\x80",
	"&amp;", "&lt;", "&gt;", "&quot;", "&#21495;", "&#x53F7;", "&#X53f7;", "&nbsp;", "&bogus;", "&amp", "&ampx", "&#", "&#x;", "&#1114112;", "&", "&&", "&#12288;", "&copy", "&notit;",
	"<p>", "</p>", "<P>", "</P>", "<br>", "<br/>", "<BR />", "<hr>", "<div class=\"a\">", "</div>", "<DIV CLASS=x>", "<li>", "</li>", "<ul>", "</ul>",
	"<h2 id=\"一工作背景\">", "</h2>", "<table>", "<td>", "<th>", "<tr>", "</table>", "<blockquote>", "<pre>", "<dl>", "<dt>", "<dd>",
	"<section>", "<figure>", "<figcaption>", "<thead>", "<tbody>", "<h1>", "<h6\t>", "<h7>", "<p\nclass=x>", "</ p>", "<pp>", "<p/>",
	"<strong>", "</strong>", "<em>", "</em>", "<a href=\"/fzzf/x/\">", "</a>", "<span title=\"a>b\">", "<b title='<p>'>", "<img alt=\"图\"/>",
	"<!-- 注释 -->", "<!-- a > b -->", "<script>var s = \"<p>政策</p>\";</script>", "<style>p > a { color: red }</style>", "<SCRIPT>x</SCRIPT>",
	"<", ">", "<>", "</>", "< p>", "<!DOCTYPE html>", "<blockquotes>", "<verylongtagname>", "<figcaptionx>",
}

// randomDiffText joins up to n random pieces of diffPool, favouring Han
// text as real pages do.
func randomDiffText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range r.IntN(n + 1) {
		if r.IntN(3) == 0 {
			b.WriteString(diffPool[r.IntN(16)])
		} else {
			b.WriteString(diffPool[r.IntN(len(diffPool))])
		}
	}
	return b.String()
}

// randomDiffDoc returns a doc of random fields.
func randomDiffDoc(r *rand.Rand, i int) Doc {
	d := Doc{URL: fmt.Sprintf("/d/%d/", i), Title: randomDiffText(r, 8)}
	for range r.IntN(3) {
		d.Headings = append(d.Headings, randomDiffText(r, 6))
	}
	switch r.IntN(4) {
	case 0:
		d.Body = randomDiffText(r, 60)
	case 1:
		d.HTML = randomDiffText(r, 200)
	case 2:
		d.Body, d.HTML = randomDiffText(r, 20), randomDiffText(r, 80)
	default:
		// Long pages pass the stored text's cut.
		d.HTML = "<p>" + strings.Repeat(randomDiffText(r, 40), 6) + "</p>"
	}
	return d
}

// refDocTerms returns the terms of the doc the reference indexer just
// analysed with their fields, sorted by text.
func refDocTerms(x *refIndexer) []string {
	var out []string
	for _, n := range x.docTerms {
		out = append(out, fmt.Sprintf("%s/%d", x.term(int(n)), x.state[n].flags))
	}
	slices.Sort(out)
	return out
}

// newDocTerms is refDocTerms for the indexer.
func newDocTerms(x *indexer) []string {
	var out []string
	for _, t := range x.docTerms {
		out = append(out, fmt.Sprintf("%s/%d", x.term(int(t.n)), t.flags))
	}
	slices.Sort(out)
	return out
}

// single is the index of one indexer that indexed every doc.
func single(x *indexer) indexed { return indexed{indexer: x, parts: []*indexer{x}} }

// sparseOf returns the sparse list of the postings of term n in all
// parts of ix, whether they are in sparse lists or bitmaps, and the doc
// id of the last.
func sparseOf(ix indexed, n int) ([]byte, int32) {
	var ps []posting
	var j joiner
	j.gather(ix, n)
	for i, l := range j.lists {
		if l.lo == 0 {
			ps = decodeSparse(ps, l.enc)
			continue
		}
		flagged := decodeSparse(nil, j.owners[i].flagged[j.terms[i]].enc)
		bm := slices.Clone(l.enc)
		for len(bm) < int(l.last-(l.lo-1))>>6*8+8 {
			bm = append(bm, 0)
		}
		k := int(l.last-(l.lo-1)) >> 6 * 8
		for bit := range 64 {
			if l.acc&(1<<bit) != 0 {
				bm[k+bit/8] |= 1 << (bit % 8)
			}
		}
		for k, c := range bm {
			for bit := range 8 {
				if c&(1<<bit) == 0 {
					continue
				}
				p := posting{doc: int(l.lo-1) + k*8 + bit, flags: flagBody}
				if len(flagged) > 0 && flagged[0].doc == p.doc {
					p.flags = flagged[0].flags
					flagged = flagged[1:]
				}
				ps = append(ps, p)
			}
		}
		if len(flagged) > 0 {
			panic("flagged postings not in the bitmap")
		}
	}
	var enc []byte
	prev := 0
	for _, p := range ps {
		enc = appendVarint(enc, (p.doc-prev)<<3|p.flags)
		prev = p.doc
	}
	last := int32(0)
	if len(j.lists) > 0 {
		last = j.lists[len(j.lists)-1].last
	}
	return enc, last
}

// checkSameIndexer checks that ix holds exactly the terms, in the same
// order, and the postings of ref.
func checkSameIndexer(t *testing.T, ix indexed, ref *refIndexer) {
	t.Helper()
	x := ix.indexer
	if len(x.terms) != len(ref.terms) {
		t.Fatalf("indexer has %d terms, reference %d", len(x.terms), len(ref.terms))
	}
	for n := range ref.terms {
		if got, want := x.term(n), ref.term(n); got != want {
			t.Fatalf("term %d is %q, reference %q", n, got, want)
		}
		enc, last := sparseOf(ix, n)
		if got, want := enc, ref.enc[n]; !bytes.Equal(got, want) {
			t.Fatalf("postings of %q are %q, reference %q", x.term(n), got, want)
		}
		if got, want := last, ref.state[n].last; got != want {
			t.Fatalf("last doc of %q is %d, reference %d", x.term(n), got, want)
		}
	}
	got, want := ix.finalPostings(), ref.finalPostings()
	for n := range want {
		if !bytes.Equal(got[n], want[n]) {
			t.Fatalf("final postings of %q are %q, reference %q", x.term(n), got[n], want[n])
		}
	}
}

// TestIndexerDifferential indexes random docs of mixed Chinese, Latin,
// numbers, 文号, entities, tags and invalid UTF-8 with the indexer and
// with the reference (the indexer before its rewrite, refindex_test.go)
// and checks they agree on every doc's terms, fields and stored text,
// and on every posting list.
func TestIndexerDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for round := range 40 {
		x, ref := newIndexer(), newRefIndexer()
		for id := range 1 + r.IntN(60) {
			d := randomDiffDoc(r, id)
			text, refText := x.index(id, &d), ref.index(id, &d)
			if text != refText {
				t.Fatalf("round %d: stored text of %+v is %q, reference %q", round, d, text, refText)
			}
			if got, want := newDocTerms(x), refDocTerms(ref); !slices.Equal(got, want) {
				t.Fatalf("round %d: terms of %+v are\n%q, reference\n%q", round, d, got, want)
			}
		}
		checkSameIndexer(t, single(x), ref)
	}
}

// TestBuildIndexDifferential checks buildIndex, which indexes on several
// goroutines and merges, against the reference's on enough docs for
// more than one goroutine.
func TestBuildIndexDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	docs := make([]Doc, 2100)
	for i := range docs {
		docs[i] = randomDiffDoc(r, i)
	}
	got, want := buildIndex(docs), refBuildIndex(docs)
	if !slices.Equal(got.texts, want.texts) {
		t.Fatal("stored texts differ from the reference's")
	}
	checkSameIndexer(t, got, want.refIndexer)
}

// TestIndexerStampWrap checks that docs analysed after the per-doc
// marks wrap around still get their terms right.
func TestIndexerStampWrap(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	x, ref := newIndexer(), newRefIndexer()
	for id := range 200 {
		if id%50 == 10 {
			x.base = maxDocBase - 3 // the next doc or two start afresh
		}
		d := randomDiffDoc(r, id)
		x.index(id, &d)
		ref.index(id, &d)
		if got, want := newDocTerms(x), refDocTerms(ref); !slices.Equal(got, want) {
			t.Fatalf("doc %d: terms %q, reference %q", id, got, want)
		}
	}
	checkSameIndexer(t, single(x), ref)
}

// TestAppendJSONStringDifferential checks appendJSONString against
// encoding/json (marshal) on random text, random bytes included.
func TestAppendJSONStringDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for i := range 3000 {
		s := randomDiffText(r, 30)
		if i%3 == 0 {
			b := []byte(s)
			for range r.IntN(8) {
				b = append(b, byte(r.IntN(256)))
			}
			r.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
			s = string(b)
		}
		want, err := marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestBlockTagDifferential checks blockTag against the reference on
// every block and inline tag name in every case, with attributes and
// near misses.
func TestBlockTagDifferential(t *testing.T) {
	names := []string{"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h0", "br", "hr", "tr", "td", "th",
		"table", "thead", "tbody", "blockquote", "pre", "dl", "dt", "dd", "section", "figure", "figcaption",
		"a", "b", "i", "em", "strong", "span", "img", "lo", "uo", "ll", "bl", "tt", "dp", "hh", "pp", "tablex", "divs", "blockquotes",
		"figcaptionx", "sec", "", "!--", "!DOCTYPE", "P\x00", "d\xe4v", "\xff", "h\x11", "p@", "P[", "h\x16"}
	suffixes := []string{"", " ", "/", "\t", "\n", " class=\"x\"", "/ ", "\r", "x", "1", " a>b"}
	for _, name := range names {
		for _, variant := range []string{name, strings.ToUpper(name), strings.ToUpper(name[:len(name)/2]) + name[len(name)/2:]} {
			for _, pre := range []string{"", "/", "//"} {
				for _, suf := range suffixes {
					tag := pre + variant + suf
					if got, want := blockTag(tag), refBlockTag(tag); got != want {
						t.Errorf("blockTag(%q) = %v, reference %v", tag, got, want)
					}
				}
			}
		}
	}
}

// TestIndexerLongRun checks Han runs longer than hanFast takes at once
// (maxFastRun) against the reference.
func TestIndexerLongRun(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	x, ref := newIndexer(), newRefIndexer()
	for id := range 4 {
		var b strings.Builder
		for range 3*maxFastRun + r.IntN(100) {
			b.WriteRune(rune(0x4E00 + r.IntN(300)))
		}
		d := Doc{Title: "标题", HTML: "<p>" + b.String() + "</p><p>" + b.String()[:3*r.IntN(maxFastRun)] + "</p>"}
		x.index(id, &d)
		ref.index(id, &d)
		if got, want := newDocTerms(x), refDocTerms(ref); !slices.Equal(got, want) {
			t.Fatalf("doc %d: %d terms, reference %d", id, len(got), len(want))
		}
	}
	checkSameIndexer(t, single(x), ref)
}

// withPromoteBytes runs f with promoteBytes set to b.
func withPromoteBytes(b int, f func()) {
	old := promoteBytes
	promoteBytes = b
	defer func() { promoteBytes = old }()
	f()
}

// TestIndexerBitmapDifferential checks the postings of terms turned into
// bitmaps (termBitmap) against the reference, for bitmaps made early and
// late, from docs split into any number of parts, with and without the
// bound of each part's doc ids known.
func TestIndexerBitmapDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for round := range 30 {
		docs := make([]Doc, 1+r.IntN(1500))
		for i := range docs {
			docs[i] = randomDiffDoc(r, i)
		}
		ref := newRefIndexer()
		for id := range docs {
			ref.index(id, &docs[id])
		}
		promote := []int{1, 2, 5, 16, 64, 300, 1 << 30}[round%7]
		withPromoteBytes(promote, func() {
			// Split the docs into parts at random bounds.
			bounds := []int{0}
			for len(bounds) < 1+r.IntN(5) {
				bounds = append(bounds, r.IntN(len(docs)+1))
			}
			bounds = append(bounds, len(docs))
			slices.Sort(bounds)
			bounds = slices.Compact(bounds)
			var parts []*indexer
			texts := make([]string, len(docs))
			for k := 0; k+1 < len(bounds); k++ {
				x := newIndexer()
				if r.IntN(2) == 0 {
					x.hi = int32(bounds[k+1])
				}
				for id := bounds[k]; id < bounds[k+1]; id++ {
					texts[id] = x.index(id, &docs[id])
				}
				parts = append(parts, x)
			}
			ix := join(parts, texts)
			bitmaps := 0
			for _, p := range parts {
				for _, l := range p.lists {
					if l.lo != 0 {
						bitmaps++
					}
				}
			}
			if promote <= 64 && len(docs) > 500 && bitmaps == 0 {
				t.Fatalf("round %d: no bitmaps", round)
			}
			checkSameIndexer(t, ix, ref)
		})
	}
}

// TestBuildBitmapDifferential checks that the index files do not depend
// on when terms turn into bitmaps, if at all.
func TestBuildBitmapDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	docs := make([]Doc, 2600)
	for i := range docs {
		docs[i] = randomDiffDoc(r, i)
		docs[i].Date = time.Date(2020, 1, 1+r.IntN(400), 0, 0, 0, 0, time.UTC)
	}
	var want map[string][]byte
	for _, promote := range []int{1 << 30, 1, 8, 64} {
		withPromoteBytes(promote, func() {
			got, err := Build(docs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if want == nil {
				want = got
				return
			}
			if len(got) != len(want) {
				t.Fatalf("promote at %d: %d files, want %d", promote, len(got), len(want))
			}
			for p, b := range want {
				if !bytes.Equal(got[p], b) {
					t.Fatalf("promote at %d: %s differs", promote, p)
				}
			}
		})
	}
}

// TestIndexerHanSeparators checks the Han runs that hanFast indexes
// across mere separators (isPlainSep) against the reference: Han runs
// parted by every rune of three bytes, by random three-byte sequences
// (valid or not: overlong, surrogates, stray bytes) and by the runes
// that are not mere separators (full-width forms, opening brackets of
// document numbers), in every field, so that terms recur in a doc and
// across fields.
func TestIndexerHanSeparators(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	runs := []string{"行政", "复议", "号", "政复议", "〇", "行", "许自规", "鿿", "㐀", "豈"}
	special := []string{"〔2022〕133号", "【2021】7号", "〔", "【", "（", "［", "\u3000", "２０２２", "〕", "】", "１３３", "ＡＢ", "2022", "a", " ", "<p>", "<b>", "&#12290;", "𠀀", "\xe4\xb8", "\xe4"}
	var seps []string
	for c := rune(0x800); c <= 0xFFFF; c++ {
		if c < 0xD800 || c > 0xDFFF {
			seps = append(seps, string(c))
		}
	}
	for range 4000 {
		seps = append(seps, string([]byte{byte(0xE0 + r.IntN(16)), byte(0x80 + r.IntN(64)), byte(0x80 + r.IntN(64))}))
		seps = append(seps, string([]byte{byte(0xE0 + r.IntN(16)), byte(r.IntN(256)), byte(r.IntN(256))}))
	}
	r.Shuffle(len(seps), func(i, j int) { seps[i], seps[j] = seps[j], seps[i] })
	all := slices.Clone(seps)
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(runs[r.IntN(len(runs))])
			switch r.IntN(8) {
			case 0:
				b.WriteString(special[r.IntN(len(special))])
			case 1:
				// Several separators in a row.
				b.WriteString(all[r.IntN(len(all))])
				fallthrough
			default:
				b.WriteString(all[r.IntN(len(all))])
			}
		}
		return b.String()
	}
	x, ref := newIndexer(), newRefIndexer()
	for id := 0; len(seps) > 0; id++ {
		// Every separator of seps once, in order, between runs.
		k := min(len(seps), 300)
		var b strings.Builder
		for _, s := range seps[:k] {
			b.WriteString(runs[r.IntN(len(runs))])
			b.WriteString(s)
		}
		seps = seps[k:]
		d := Doc{Title: text(4), Headings: []string{text(3)}, Body: text(20), HTML: "<p>" + b.String() + "</p><p>" + text(30) + "</p>"}
		if got, want := x.index(id, &d), ref.index(id, &d); got != want {
			t.Fatalf("doc %d: stored text %q, reference %q", id, got, want)
		}
		if got, want := newDocTerms(x), refDocTerms(ref); !slices.Equal(got, want) {
			t.Fatalf("doc %d: terms\n%q, reference\n%q", id, got, want)
		}
		if id > 400 {
			t.Fatal("too many docs")
		}
	}
	checkSameIndexer(t, single(x), ref)
}
