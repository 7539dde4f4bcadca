package site

import (
	"slices"
	"sort"
	"strings"

	"fzzf/generator/content"
	"fzzf/generator/parallel"
)

// buildTaxonomies makes one list page per configured taxonomy (keys,
// sorted) and one page per term, from the tags, units or indicators of
// published pages: terms[n*len(keys)+i] are those of s.Regular[n] in
// taxonomy keys[i] (termsOf), numbered by numbers[i].
func (s *Site) buildTaxonomies(keys []string, numbers []*termIDs, terms [][]int32) {
	nk := len(keys)
	taxes := make([]*Page, nk)
	pageTerms := make([][]*Page, len(s.Regular)*nk) // the term pages, indexed like terms
	// One taxonomy per core: each walks the pages in list order.
	parallel.For(nk, func(i int) {
		key := keys[i]
		tax := &Page{Site: s, Kind: KindTaxonomy, Taxonomy: key, Title: s.Config.Taxonomies[key],
			URL: s.Config.RelURL("/" + key + "/"), Parent: s.Home}
		tax.Section = tax
		taxes[i] = tax
		total := 0
		for n := range s.Regular {
			total += len(terms[n*nk+i])
		}
		all := make([]*Page, 0, total) // backs every page's list
		byID := make([]*Page, len(numbers[i].names))
		for n, p := range s.Regular {
			ids := terms[n*nk+i]
			if len(ids) == 0 {
				continue
			}
			start := len(all)
			for _, id := range ids {
				t := byID[id]
				if t == nil {
					name := numbers[i].names[id]
					t = &Page{Site: s, Kind: KindTerm, Taxonomy: key, Title: name,
						URL: s.Config.RelURL("/" + key + "/" + TermSlug(name) + "/"), Parent: tax, Section: tax}
					byID[id] = t
					tax.Sections = append(tax.Sections, t)
				}
				t.Pages = append(t.Pages, p)
				if p.Lastmod.After(t.Lastmod) {
					t.Lastmod = p.Lastmod
				}
				all = append(all, t)
			}
			pageTerms[n*nk+i] = all[start:len(all):len(all)]
		}
		// s.Regular is sorted already, so each term's pages arrive in order.
		for _, t := range tax.Sections {
			if t.Lastmod.After(tax.Lastmod) {
				tax.Lastmod = t.Lastmod
			}
		}
		// Terms with more pages first, then by name.
		sort.Slice(tax.Sections, func(i, j int) bool {
			a, b := tax.Sections[i], tax.Sections[j]
			if len(a.Pages) != len(b.Pages) {
				return len(a.Pages) > len(b.Pages)
			}
			return a.Title < b.Title
		})
	})
	inChunks(len(s.Regular), func(n int) {
		p := s.Regular[n]
		for i, key := range keys {
			if pt := pageTerms[n*nk+i]; len(pt) > 0 {
				if p.Terms == nil {
					p.Terms = make(map[string][]*Page, nk)
				}
				p.Terms[key] = pt
			}
		}
	})
	s.Taxonomies = append(s.Taxonomies, taxes...)
}

// termsOf returns the terms of a content page in one taxonomy.
func termsOf(cp *content.Page, key string) []string {
	fm := &cp.Front
	var names []string
	switch key {
	case "tags":
		names = fm.Tags
	case "units":
		names = fm.Units
	case "indicators":
		for _, id := range fm.Indicators {
			names = append(names, itoa(id))
		}
	}
	if clean(names) {
		return names // the usual case: nothing to trim or drop, no copy
	}
	var out []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || slices.Contains(out, n) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// clean reports whether names has no empty, padded or repeated entry.
func clean(names []string) bool {
	for i, n := range names {
		if n == "" || n != strings.TrimSpace(n) || slices.Contains(names[:i], n) {
			return false
		}
	}
	return true
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// TermSlug turns a term into a URL path segment. Chinese is kept (browsers
// show it, servers store it as UTF-8 file names); characters that would
// break a path become "-". The result is percent-encoded for use in links.
func TermSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r == '/' || r == '\\' || r == '?' || r == '#' || r == '%' || r == ' ' || r == '\t' || r == '.' || r < 0x20:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		default:
			b.WriteRune(r)
			dash = false
		}
	}
	return pathEscape(strings.TrimSuffix(b.String(), "-"))
}
