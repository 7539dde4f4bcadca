package search

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
)

// Snippet window, in runes: up to snippetBefore runes before the first
// match and snippetLen runes in all.
const (
	snippetBefore = 20
	snippetLen    = 100
)

// Query runs q against an index built by Build, with the algorithm of
// search.js, and returns at most limit results (all if limit <= 0), best
// first. files may hold other site files as well; the index is found by
// its meta.json next to search.js. A query with no tokens has no results.
func Query(files map[string][]byte, q string, limit int) ([]Result, error) {
	dir, err := indexDir(files)
	if err != nil {
		return nil, err
	}
	load := func(p string) ([]byte, error) {
		b, ok := files[path.Join(dir, p)]
		if !ok {
			return nil, fmt.Errorf("search: index file %s missing", path.Join(dir, p))
		}
		return b, nil
	}
	rs, _, err := run(load, q, limit)
	return rs, err
}

// indexDir finds the directory of the index in files.
func indexDir(files map[string][]byte) (string, error) {
	var dirs []string
	for p := range files {
		if path.Base(p) != "meta.json" {
			continue
		}
		dir := path.Dir(p)
		if _, ok := files[path.Join(dir, "search.js")]; ok {
			dirs = append(dirs, dir)
		}
	}
	switch len(dirs) {
	case 0:
		return "", fmt.Errorf("search: no meta.json next to search.js in files")
	case 1:
		return dirs[0], nil
	}
	slices.Sort(dirs)
	return "", fmt.Errorf("search: several indexes in files: %s", strings.Join(dirs, ", "))
}

// hit is a matching doc and its score.
type hit struct {
	doc   int
	score int
}

// run queries the index read through load (paths relative to the index
// directory) and returns the top limit results and the number of matches.
func run(load func(string) ([]byte, error), q string, limit int) ([]Result, int, error) {
	terms := queryTerms(q)
	if len(terms) == 0 {
		return nil, 0, nil
	}
	var m meta
	if err := loadJSON(load, "meta.json", &m); err != nil {
		return nil, 0, err
	}
	hits, err := match(load, m, terms)
	if err != nil || len(hits) == 0 {
		return nil, 0, err
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.score != b.score {
			return b.score - a.score
		}
		return a.doc - b.doc
	})
	top := hits
	if limit > 0 && len(top) > limit {
		top = top[:limit]
	}
	groups := map[string][]record{}
	rs := make([]Result, 0, len(top))
	for _, h := range top {
		if m.Group <= 0 {
			return nil, 0, fmt.Errorf("search: meta.json: bad group size %d", m.Group)
		}
		name := recordName(h.doc, m.Group)
		group, ok := groups[name]
		if !ok {
			if err := loadJSON(load, name, &group); err != nil {
				return nil, 0, err
			}
			groups[name] = group
		}
		i := h.doc % m.Group
		if i >= len(group) {
			return nil, 0, fmt.Errorf("search: index file %s: no record of doc %d", name, h.doc)
		}
		rec := group[i]
		rs = append(rs, Result{
			URL:     rec[0],
			Title:   rec[1],
			Section: rec[2],
			Date:    rec[3],
			Snippet: snippet(rec[4], q),
			Score:   float64(h.score),
		})
	}
	return rs, len(hits), nil
}

// match returns the docs that contain every term, with their scores, in
// doc order. Each shard is loaded once.
func match(load func(string) ([]byte, error), m meta, terms []string) ([]hit, error) {
	shards := map[string]map[string]string{}
	lists := make([][]posting, 0, len(terms))
	for _, t := range terms {
		name := shardName(shardOf(t, m.Bits), m.Bits)
		sh, ok := shards[name]
		if !ok {
			if err := loadJSON(load, name, &sh); err != nil {
				return nil, err
			}
			shards[name] = sh
		}
		enc, ok := sh[t]
		if !ok {
			return nil, nil
		}
		ps, err := decodePostings(enc)
		if err != nil {
			return nil, fmt.Errorf("search: %s: term %q: %w", name, t, err)
		}
		lists = append(lists, ps)
	}
	slices.SortStableFunc(lists, func(a, b []posting) int { return len(a) - len(b) })

	hits := make([]hit, len(lists[0]))
	for i, p := range lists[0] {
		hits[i] = hit{doc: p.doc, score: fieldScore(m, p.flags)}
	}
	for _, ps := range lists[1:] {
		kept := hits[:0]
		j := 0
		for _, h := range hits {
			for j < len(ps) && ps[j].doc < h.doc {
				j++
			}
			if j < len(ps) && ps[j].doc == h.doc {
				h.score += fieldScore(m, ps[j].flags)
				kept = append(kept, h)
			}
		}
		hits = kept
		if len(hits) == 0 {
			break
		}
	}
	return hits, nil
}

// fieldScore is the score of one term occurring in the flagged fields.
func fieldScore(m meta, flags int) int {
	s := 0
	if flags&flagTitle != 0 {
		s += m.Weights[0]
	}
	if flags&flagHeading != 0 {
		s += m.Weights[1]
	}
	if flags&flagBody != 0 {
		s += m.Weights[2]
	}
	return s
}

func loadJSON(load func(string) ([]byte, error), name string, v any) error {
	b, err := load(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("search: index file %s: %w", name, err)
	}
	return nil
}

// needle is a run of folded runes to highlight; a word needle matches
// only where it is not part of a longer word of its class.
type needle struct {
	runes []rune
	word  bool
}

// snippet returns an HTML excerpt of text around the first match of q,
// with matches in <mark>. Han runs of the query are highlighted where they
// occur whole, otherwise by their bigrams; words where they occur as
// whole words. Without a match in text it shows the beginning.
func snippet(text, q string) string {
	orig := []rune(text)
	norm := make([]rune, len(orig))
	for i, r := range orig {
		norm[i] = normRune(r)
	}
	var needles []needle
	for _, seg := range segments(q) {
		if !seg.han || len(seg.runes) == 1 || indexRunes(norm, seg.runes, false) >= 0 {
			needles = append(needles, needle{runes: seg.runes, word: !seg.han})
			continue
		}
		for i := 0; i+1 < len(seg.runes); i++ {
			needles = append(needles, needle{runes: seg.runes[i : i+2]})
		}
	}
	mark := make([]bool, len(norm))
	first := -1
	for _, nd := range needles {
		for i := 0; i+len(nd.runes) <= len(norm); i++ {
			if !matchAt(norm, i, nd.runes, nd.word) {
				continue
			}
			for k := i; k < i+len(nd.runes); k++ {
				mark[k] = true
			}
			if first < 0 || i < first {
				first = i
			}
		}
	}
	start := 0
	if first > snippetBefore {
		start = first - snippetBefore
	}
	end := min(len(orig), start+snippetLen)
	start = max(0, min(start, end-snippetLen))

	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	open := false
	for i := start; i < end; i++ {
		if mark[i] != open {
			if open {
				b.WriteString("</mark>")
			} else {
				b.WriteString("<mark>")
			}
			open = mark[i]
		}
		b.WriteString(escapeHTML(string(orig[i])))
	}
	if open {
		b.WriteString("</mark>")
	}
	if end < len(orig) {
		b.WriteString("…")
	}
	return b.String()
}

// indexRunes returns the first index of sub in s, or -1.
func indexRunes(s, sub []rune, word bool) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if matchAt(s, i, sub, word) {
			return i
		}
	}
	return -1
}

// matchAt reports whether sub occurs in s at i; for a word, the runes
// around it must be of another class.
func matchAt(s []rune, i int, sub []rune, word bool) bool {
	for k, r := range sub {
		if s[i+k] != r {
			return false
		}
	}
	if !word {
		return true
	}
	c := classOf(sub[0])
	if i > 0 && classOf(s[i-1]) == c {
		return false
	}
	end := i + len(sub)
	return end >= len(s) || classOf(s[end]) != c
}
