package site

import (
	"slices"
	"sort"
	"strings"
)

// buildTaxonomies makes one list page per configured taxonomy and one page
// per term, from the tags, units or indicators of published pages.
func (s *Site) buildTaxonomies() {
	keys := make([]string, 0, len(s.Config.Taxonomies))
	for k := range s.Config.Taxonomies {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		tax := &Page{Site: s, Kind: KindTaxonomy, Taxonomy: key, Title: s.Config.Taxonomies[key],
			URL: s.Config.RelURL("/" + key + "/"), Parent: s.Home}
		tax.Section = tax
		terms := map[string]*Page{}
		for _, p := range s.Regular {
			for _, name := range termsOf(p, key) {
				t, ok := terms[name]
				if !ok {
					t = &Page{Site: s, Kind: KindTerm, Taxonomy: key, Title: name,
						URL: s.Config.RelURL("/" + key + "/" + TermSlug(name) + "/"), Parent: tax, Section: tax}
					terms[name] = t
				}
				t.Pages = append(t.Pages, p)
				if p.Lastmod.After(t.Lastmod) {
					t.Lastmod = p.Lastmod
				}
				if p.Terms == nil {
					p.Terms = map[string][]*Page{}
				}
				p.Terms[key] = append(p.Terms[key], t)
			}
		}
		// s.Regular is sorted already, so each term's pages arrive in order.
		for _, t := range terms {
			tax.Sections = append(tax.Sections, t)
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
		s.Taxonomies = append(s.Taxonomies, tax)
	}
}

func termsOf(p *Page, key string) []string {
	if p.Source == nil {
		return nil
	}
	fm := &p.Source.Front
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
