package search

import (
	"encoding/json"
	"path"
	"strings"
	"testing"
)

// indexStats are the size figures of a built index.
type indexStats struct {
	files, shards, records int
	total, shardBytes      int // all index files except search.js; posting shards only
	maxShard, meta         int
	unigramBytes           int // postings of one-character Han terms
}

func statsOf(files map[string][]byte) indexStats {
	var s indexStats
	for p, b := range files {
		switch {
		case strings.HasSuffix(p, "search.js"):
			continue
		case strings.Contains(p, "/s/"):
			s.shards++
			s.shardBytes += len(b)
			s.maxShard = max(s.maxShard, len(b))
			var sh map[string]string
			if err := json.Unmarshal(b, &sh); err != nil {
				panic(err)
			}
			for term, ps := range sh {
				if r := []rune(term); len(r) == 1 && classOf(r[0]) == classHan {
					s.unigramBytes += len(term) + len(ps) + 6
				}
			}
		case strings.Contains(p, "/d/"):
			s.records++
		case path.Base(p) == "meta.json":
			s.meta = len(b)
		}
		s.files++
		s.total += len(b)
	}
	return s
}

// fetched runs q as the browser's first page does (PAGE_SIZE results) and
// returns the number of files and bytes it reads.
func fetched(t testing.TB, files map[string][]byte, q string) (n, bytes, total int) {
	t.Helper()
	load := func(p string) ([]byte, error) {
		b, ok := files[path.Join("search", p)]
		if !ok {
			t.Fatalf("query %q read missing file %s", q, p)
		}
		n++
		bytes += len(b)
		return b, nil
	}
	_, total, err := run(load, q, 10)
	if err != nil {
		t.Fatalf("query %q: %v", q, err)
	}
	return n, bytes, total
}

// TestIndexSize10k reports the size of the index of a synthetic corpus of
// 10,000 pages of about 1,000 Han characters, and the bytes one query
// fetches; it fails if a query would fetch more than 250 KiB or the
// records take more than one file per groupSize pages.
//
// Measured (2 cores, AMD EPYC): 2,674 files, 2,048 shards averaging
// 10.7 KiB (this corpus draws on 3,000 characters, so its 21.5 MiB of
// postings are mostly sparse bigrams), 625 record files of 16 pages with
// 300 characters each; queries fetch 41–216 KiB. The generated site
// corpus (generator/corpus) has 4 MiB of postings in 256 shards.
func TestIndexSize10k(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10,000-page index; skipped in -short mode")
	}
	docs := syntheticCorpus(10000, 1000)
	files, err := Build(docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := statsOf(files)
	t.Logf("10,000 docs: %d files, %.1f MiB in all; %d shards, %.1f MiB of postings, largest %.1f KiB, average %.1f KiB; %d records; meta.json %d bytes",
		s.files, float64(s.total)/(1<<20), s.shards, float64(s.shardBytes)/(1<<20), float64(s.maxShard)/1024,
		float64(s.shardBytes)/float64(s.shards)/1024, s.records, s.meta)
	t.Logf("unigram postings: %.1f MiB (%.0f%% of postings)", float64(s.unigramBytes)/(1<<20), 100*float64(s.unigramBytes)/float64(s.shardBytes))
	for _, q := range []string{"行政复议", "法治政府", "许自规〔2022〕133号", "第21项", "2022", "规", "不动产登记 听证"} {
		n, bytes, total := fetched(t, files, q)
		t.Logf("query %-16q %5d matches, %2d files, %6.1f KiB fetched", q, total, n, float64(bytes)/1024)
		if bytes > 250<<10 {
			t.Errorf("query %q fetched %d bytes, want at most 250 KiB", q, bytes)
		}
	}
	if want := (10000 + groupSize - 1) / groupSize; s.records != want {
		t.Errorf("%d record files, want %d", s.records, want)
	}
}

func BenchmarkBuild10k(b *testing.B) {
	docs := syntheticCorpus(10000, 1000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(docs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQuery10k(b *testing.B) {
	files, err := Build(syntheticCorpus(10000, 1000), Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Query(files, "法治政府", 10); err != nil {
			b.Fatal(err)
		}
	}
}
