package search

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// sameFiles reports how got differs from want (nil if not at all).
func diffFiles(got, want map[string][]byte) []string {
	var out []string
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[p]; !ok {
			out = append(out, "missing "+p)
		} else if !bytes.Equal(g, want[p]) {
			out = append(out, fmt.Sprintf("%s differs: %.120s… want %.120s…", p, g, want[p]))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			out = append(out, "extra "+p)
		}
	}
	return out
}

// checkUpdate updates ix with docs and checks the result against a build
// from scratch.
func checkUpdate(t *testing.T, ix *Index, docs []Doc, opts Options, step string) map[string][]byte {
	t.Helper()
	got, err := ix.Update(docs)
	if err != nil {
		t.Fatalf("%s: Update: %v", step, err)
	}
	want := build(t, docs, opts)
	if d := diffFiles(got, want); len(d) > 0 {
		t.Fatalf("%s: Update differs from Build in %d files: %s", step, len(d), strings.Join(d[:min(5, len(d))], "\n"))
	}
	return got
}

// TestIndexUpdate applies random edits, additions, removals, re-dating
// and reordering to a site and checks after each that Update gives
// exactly Build's files.
func TestIndexUpdate(t *testing.T) {
	for _, opts := range []Options{{}, {ShardBits: 3, Dir: "idx"}} {
		t.Run(fmt.Sprint(opts.ShardBits), func(t *testing.T) {
			base := append(fixture(), syntheticCorpus(400, 200)...)
			extra := syntheticCorpus(460, 120)[400:] // more pages to add, other URLs
			for i := range extra {
				extra[i].URL = fmt.Sprintf("/fzzf/extra/%d/", i)
			}
			r := rand.New(rand.NewPCG(3, 4))
			ix, err := NewIndex(opts)
			if err != nil {
				t.Fatal(err)
			}
			docs := slices.Clone(base)
			checkUpdate(t, ix, docs, opts, "first")
			pick := func() int { return r.IntN(len(docs)) }
			for step := range 60 {
				var what string
				switch k := r.IntN(14); k {
				case 0, 1, 2:
					i := pick()
					what = "edit body of " + docs[i].URL
					docs[i].Body = docs[pick()].Body + fmt.Sprintf("新增内容第%d段zz%d。", step, step)
				case 3:
					i := pick()
					what = "shorten body of " + docs[i].URL
					rs := []rune(docs[i].Body)
					docs[i].Body = string(rs[:len(rs)/3])
				case 4:
					i := pick()
					what = "edit title of " + docs[i].URL
					docs[i].Title = docs[i].Title + "（修订）"
				case 5:
					i := pick()
					what = "edit headings of " + docs[i].URL
					docs[i].Headings = append(slices.Clone(docs[i].Headings[:len(docs[i].Headings)/2]), "新的标题")
				case 6:
					i := pick()
					what = "edit HTML of " + docs[i].URL
					docs[i].HTML = "<p>网页<strong>正文</strong>第" + fmt.Sprint(step) + "版&amp;说明</p>"
				case 7:
					i := pick()
					what = "re-date " + docs[i].URL
					docs[i].Date = docs[i].Date.AddDate(0, 0, r.IntN(200)-100)
				case 8:
					i := pick()
					what = "same instant, other zone " + docs[i].URL
					docs[i].Date = docs[i].Date.In(time.FixedZone("X", -10*3600))
				case 9:
					if len(extra) == 0 {
						continue
					}
					what = "add " + extra[0].URL
					docs = slices.Insert(docs, pick(), extra[0])
					extra = extra[1:]
				case 10:
					i := pick()
					what = "remove " + docs[i].URL
					docs = slices.Delete(docs, i, i+1)
				case 11:
					what = "shuffle"
					r.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
				case 12:
					what = "edit many"
					for range 80 {
						i := pick()
						docs[i].Body += "大量修改"
					}
				case 13:
					what = "no change"
				}
				docs = slices.Clone(docs) // Update must not depend on the caller keeping its slice
				checkUpdate(t, ix, docs, opts, fmt.Sprintf("step %d (%s)", step, what))
			}
			// An error leaves the index as it was.
			if _, err := ix.Update(append(slices.Clone(docs), docs[0])); err == nil {
				t.Fatal("Update with a duplicate succeeded")
			}
			docs[1].Body += "错误之后"
			checkUpdate(t, ix, docs, opts, "after an error")
		})
	}
}

// TestIndexUpdateShardBits grows a site page by page across automatic
// shard counts and shrinks it again.
func TestIndexUpdateShardBits(t *testing.T) {
	pages := syntheticCorpus(220, 150)
	ix, err := NewIndex(Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs := fixture()
	bits := map[int]bool{}
	step := func(what string) {
		files := checkUpdate(t, ix, docs, Options{}, what)
		bits[ix.bits] = true
		if len(files) == 0 {
			t.Fatal("no files")
		}
	}
	step("first")
	for i := 0; i < len(pages); i += 5 {
		docs = append(docs, pages[i:i+5]...)
		step(fmt.Sprintf("add %d", i))
	}
	for len(docs) > 0 {
		docs = docs[:max(0, len(docs)-7)]
		step(fmt.Sprintf("remove to %d", len(docs)))
	}
	if len(bits) < 3 {
		t.Errorf("shard bits seen: %v, want at least 3 counts", bits)
	}
}

// TestIndexUpdateTouchesFew checks that an edit re-encodes only the files
// it affects: a new word in one page changes its shard, the page's record
// file and meta.json, and every other file is the same slice as before.
func TestIndexUpdateTouchesFew(t *testing.T) {
	docs := append(fixture(), syntheticCorpus(2000, 300)...)
	ix, err := NewIndex(Options{})
	if err != nil {
		t.Fatal(err)
	}
	before, err := ix.Update(docs)
	if err != nil {
		t.Fatal(err)
	}
	docs = slices.Clone(docs)
	i := 1234
	docs[i].Body = "zzqxword " + docs[i].Body // in the stored text too
	after := checkUpdate(t, ix, docs, Options{}, "edit")
	id := -1
	for j, d := range ix.docs {
		if d.URL == docs[i].URL {
			id = j
		}
	}
	want := []string{"search/meta.json", "search/" + recordName(id, groupSize), "search/" + shardName(shardOf("zzqxword", ix.bits), ix.bits)}
	var changed []string
	for p, b := range after {
		if unsafe.SliceData(b) != unsafe.SliceData(before[p]) {
			changed = append(changed, p)
		}
	}
	slices.Sort(changed)
	slices.Sort(want)
	if !slices.Equal(changed, want) {
		t.Errorf("changed files %q, want %q", changed, want)
	}
}

// TestRecordFile checks that record files are what encoding/json writes,
// whether encoded at once or joined from records.
func TestRecordFile(t *testing.T) {
	odd := []string{"", "a\"b\\c", "\x00\x01\x1f\x7f", "\b\f\n\r\t", "<script>&amp;</script>", "\u2028\u2029x\u2027\u202a", "bad\xff\xfeutf8\xe4\xb8", "\xe2\x80", "行政复议〔2022〕", "\U0001F600 emoji"}
	docs := fixture()
	for i, s := range odd {
		docs = append(docs, Doc{URL: "/odd/" + s, Title: s, Section: s + "栏目", Date: day("2023-01-02").AddDate(0, 0, i)})
	}
	docs = append(docs, Doc{URL: "/zero/", Title: "无日期"})
	texts := make([]string, len(docs))
	for i := range texts {
		texts[i] = odd[i%len(odd)] + docs[i].Body
	}
	recs := make([][]byte, len(docs))
	for start := 0; start < len(docs); start += 4 {
		end := min(start+4, len(docs))
		var group []record
		for id := start; id < end; id++ {
			d := &docs[id]
			group = append(group, record{d.URL, d.Title, d.Section, formatDate(d.Date), texts[id]})
		}
		want, err := marshal(group)
		if err != nil {
			t.Fatal(err)
		}
		if got := recordFile(docs, texts, recs, start, end); !bytes.Equal(got, want) {
			t.Errorf("records %d–%d:\n got %s\nwant %s", start, end, got, want)
		}
		// Joined again in another order: the records are the same.
		joined := slices.Clone(recs[start:end])
		slices.Reverse(joined)
		slices.Reverse(group)
		want, _ = marshal(group)
		if got := joinRecords(joined); !bytes.Equal(got, want) {
			t.Errorf("joined records %d–%d:\n got %s\nwant %s", start, end, got, want)
		}
	}
}

func TestFinalEncoding(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 500 {
		n := 1 + r.IntN(3000)
		density := r.Float64()
		var ps []posting
		for doc := range n {
			if r.Float64() < density {
				flags := flagBody
				if r.IntN(10) == 0 {
					flags = 1 + r.IntN(7)
				}
				ps = append(ps, posting{doc, flags})
			}
		}
		if len(ps) == 0 {
			continue
		}
		var enc []byte
		prev := 0
		for _, p := range ps {
			enc = appendVarint(enc, (p.doc-prev)<<3|p.flags)
			prev = p.doc
		}
		last := ps[len(ps)-1].doc
		if d := denseFromSparse(enc, last); !bytes.Equal(d, appendDense(nil, ps)) {
			t.Fatalf("denseFromSparse differs from appendDense for %d postings", len(ps))
		}
		final := encodeFinal(ps)
		if !bytes.Equal(final, finalList(enc, last)) {
			t.Fatal("encodeFinal differs from finalList")
		}
		if got := decodeFinal(nil, final); !slices.Equal(got, ps) {
			t.Fatalf("decodeFinal(%.40s…) gives %d postings, want %d", final, len(got), len(ps))
		}
		if got, err := decodePostings(string(final)); err != nil || !slices.Equal(got, ps) {
			t.Fatalf("decodePostings of a final list: %v", err)
		}
	}
}

// benchmarkUpdate measures Index.Update on the 10,000-page synthetic
// corpus (as BenchmarkBuild10k), alternating between docs and the docs
// change returns.
func benchmarkUpdate(b *testing.B, change func([]Doc) []Doc) {
	docs := syntheticCorpus(10000, 1000)
	ix, err := NewIndex(Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ix.Update(docs); err != nil {
		b.Fatal(err)
	}
	versions := [][]Doc{change(slices.Clone(docs)), docs}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Update(versions[i%2]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateEdit10k: one page's body changes (a sentence added).
func BenchmarkUpdateEdit10k(b *testing.B) {
	benchmarkUpdate(b, func(docs []Doc) []Doc {
		docs[5000].Body = strings.Replace(docs[5000].Body, "，", "，示范市创建工作取得新进展，", 1)
		return docs
	})
}

// BenchmarkUpdateAdd10k: a new newest page is added, so every doc id
// shifts.
func BenchmarkUpdateAdd10k(b *testing.B) {
	benchmarkUpdate(b, func(docs []Doc) []Doc {
		d := docs[42]
		d.URL = "/fzzf/news/new/"
		d.Date = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
		return append(docs, d)
	})
}
