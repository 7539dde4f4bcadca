// Package search builds the site's static search index and carries the
// browser script that queries it. There is no server: the index is a set
// of JSON files written with the site, and search.js fetches only the few
// files a query needs, so search works offline and under any sub-path.
//
// # Tokens
//
// Text is folded rune by rune (full-width ASCII to ASCII, ASCII to lower
// case) and split into Han runs and ASCII words; every other character,
// including 〔〕［］[] and all punctuation, separates tokens, and letters
// and digits form separate words. A document is indexed under every word,
// every Han character bigram and every single Han character. A query
// needs every word, every bigram of each Han run of two or more
// characters, and the character itself for a one-character Han run; a page
// matches only if it has all of them (AND). So 行政复议 needs 行政, 政复 and
// 复议; 段简 finds 一段简单; 许自规〔2022〕133号 needs 许自, 自规, 2022, 133
// and 号; 第21项 needs 第, 21 and 项. Adjacency is approximated: the bigrams
// of a query run must all occur in the page, not necessarily in one place.
// One exception makes 文号 exact: a document number written with brackets
// and 号 (〔2022〕133号, [2022]133号) is also indexed and queried as the
// single term "〔2022〕133", so 许自规〔2022〕133号 does not find a page that
// has only 〔2022〕134号 and 〔2021〕133号.
//
// Unigrams are indexed for every field, not only titles, so one character
// finds every page containing it and a one-character run inside a longer
// query (the 号 of a 文号) is a real condition. They cost about a sixth of
// the posting bytes (16% on the synthetic 10,000-page corpus); a unigram's
// shard is fetched only by queries that contain a lone Han character.
//
// # Ranking
//
// A term scores 16 if it occurs in the title, plus 4 in a heading, plus 1
// in the body; a page's score is the sum over the query's terms. Ties go to
// the newer page, then to the smaller URL. Doc ids are assigned in that
// tie-break order (newest first), so ranking needs no dates in the index.
// Put a policy's 文号 in its title or headings so a 文号 query ranks the
// policy above pages that merely cite it.
//
// # Files
//
// Build writes, under Options.Dir (default "search"):
//
//	meta.json      version, shard bits, doc count, records per file and field
//	               weights (under 100 bytes)
//	s/<hex>.json   posting shards: {"term": "<postings>", …}, terms grouped by FNV-1a hash
//	d/<n>.json     the records of docs 16n to 16n+15: [[URL, title, column,
//	               date, text], …], text being the first 300 characters of
//	               the page, from which the snippet is cut around the first
//	               match
//	search.js      the browser script (also usable from Node.js)
//
// A query fetches meta.json, the shards of its terms, and the record files
// of the results it shows (10 at a time in the browser). The sizes are a
// trade between files written and bytes fetched: on the 10,000-page
// benchmark corpus a build writes about 250 shards of 16 KiB and 313
// record files of 13 KiB, and a query reads 50–250 KiB. Records of 32
// pages keep the file count low; their short text keeps the ten record
// files of a result page small, at the price of snippets that show the
// beginning of a page (with matches marked) rather than the place of the
// first match further down. Posting lists of terms in most pages are
// bitmaps (see encode.go), a sixth of a byte per page. Shard and record
// files carry ?v=<version> from meta.json so a new build is never mixed
// with a cached old one. The version hashes the path and SHA-256 of every
// shard and record file, so an update re-hashes only the files it changed.
//
// # Updates
//
// An Index keeps an index between builds (the preview server's): Update
// re-tokenizes only the pages that changed and re-encodes only the files
// they touch, and gives the same bytes as Build. A one-page edit on the
// 10,000-page corpus takes about 2 ms instead of a full build's 300–600
// ms; adding or removing a page, which shifts doc ids, about 30 ms. See
// Index.
//
// # Page markup
//
// search.js enhances a server-rendered form and a results container:
//
//	<form action="/fzzf/search/" role="search" method="get">
//	  <label for="q">搜索</label> <input id="q" name="q" type="search">
//	  <button type="submit">搜索</button>
//	</form>
//	<div data-search-results data-search-index="/fzzf/search/" aria-live="polite"></div>
//	<script src="/fzzf/search/search.js" defer></script>
//
// data-search-index is the URL of Options.Dir; without it the script uses
// the directory it was loaded from. The script reads ?q= on load, so
// results are linkable, and escapes every string it shows.
package search

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
)

//go:embed search.js
var script []byte

// Doc is one page to index.
type Doc struct {
	URL      string    // site-relative URL of the page, including the base path, e.g. "/fzzf/policies/plan/"
	Title    string    // page title
	Section  string    // column name in Chinese, e.g. "政策解读"
	Date     time.Time // publish date, shown in its own location; may be zero
	Headings []string  // headings of the page
	Body     string    // plain text of the page
	// HTML is rendered HTML whose text is indexed after Body: tags
	// removed, entities decoded, block tags separating words and inline
	// tags not, so "<strong>政策</strong>解读" stays one run. Passing the
	// HTML instead of its text spares a copy of every page's text.
	HTML string
}

// Options configure Build.
type Options struct {
	// ShardBits sets 2^ShardBits posting shards (1 to 16). Zero picks the
	// smallest count that keeps the average shard under 32 KiB.
	ShardBits int
	// Dir is the output directory prefix, default "search".
	Dir string
}

// Result is one search hit.
type Result struct {
	URL     string
	Title   string  // plain text: escape it before writing it into HTML
	Section string  // plain text
	Date    string  // "2006-01-02", or "" if the page has no date
	Snippet string  // HTML: escaped text with <mark>…</mark> around matches
	Score   float64 // higher is better
}

const (
	// maxShardBits bounds explicit and automatic shard counts.
	maxShardBits = 16
	// targetShardBytes is the average shard size automatic sizing aims
	// under: a query fetches one shard per term.
	targetShardBytes = 16 << 10
	// storedRunes caps the text stored for a page's snippet. The snippet
	// is cut around the first match in it, so more text means more
	// snippets that show the match; 300 characters keep the worst query on
	// the 10,000-page corpus near 216 KiB (TestIndexSize10k).
	storedRunes = 300
	// groupSize is the number of stored records in one d/<n>.json file.
	// The first page of results reads up to 10 of these files, so bytes
	// per query grow with it and the file count shrinks with it.
	groupSize = 16
)

// meta is the content of meta.json.
type meta struct {
	Version string `json:"v"`
	Bits    int    `json:"bits"`
	Docs    int    `json:"docs"`
	Group   int    `json:"g"` // records per d/<n>.json
	Weights [3]int `json:"w"` // title, heading, body
}

// record is one page's entry in d/<n>.json, written as a JSON array
// [URL, title, section, date, text].
type record [5]string

// Build indexes docs and returns the index files by path relative to the
// site root ("search/meta.json", "search/s/3f.json", "search/d/0.json",
// "search/search.js"). The same docs in any order give identical bytes.
// An Index builds the same files and keeps what it needs to update them.
func Build(docs []Doc, opts Options) (map[string][]byte, error) {
	ix, err := NewIndex(opts)
	if err != nil {
		return nil, err
	}
	return ix.Update(docs)
}

// cleanDir validates and defaults Options.Dir.
func cleanDir(dir string) (string, error) {
	dir = strings.Trim(dir, "/")
	if dir == "" {
		return "search", nil
	}
	if !fs.ValidPath(dir) {
		return "", fmt.Errorf("search: invalid output directory %q", dir)
	}
	return dir, nil
}

// sortDocs checks the URLs and returns the docs in id order (newest
// first, then by URL) and the id of each doc by its position in docs.
func sortDocs(docs []Doc) (sorted []Doc, in []int32, err error) {
	for _, d := range docs {
		if !strings.HasPrefix(d.URL, "/") && !strings.HasPrefix(d.URL, "https://") && !strings.HasPrefix(d.URL, "http://") {
			return nil, nil, fmt.Errorf("search: page %q: URL must start with / or http(s)://", d.URL)
		}
	}
	order := make([]int32, len(docs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &docs[i], &docs[j]
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.URL, b.URL)
	})
	sorted, in = make([]Doc, len(docs)), make([]int32, len(docs))
	for id, i := range order {
		sorted[id], in[i] = docs[i], int32(id)
	}
	seen := make(map[string]bool, len(sorted))
	for _, d := range sorted {
		if seen[d.URL] {
			return nil, nil, fmt.Errorf("search: page %q indexed twice", d.URL)
		}
		seen[d.URL] = true
	}
	return sorted, in, nil
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// marshal encodes v as JSON without HTML escaping (the files are data, and
// search.js escapes whatever it shows).
func marshal(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("search: encode index: %w", err)
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}
