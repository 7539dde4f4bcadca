package site

// RemoveTaxonomy drops the taxonomy key (its list page, its term pages and
// every page's Terms[key]) from the site, so that an extension can publish
// pages of its own at the taxonomy's URLs, e.g. unit pages at /units/<code>/
// instead of /units/<中文名>/. It reports whether the taxonomy existed.
func (s *Site) RemoveTaxonomy(key string) bool {
	for i, tax := range s.Taxonomies {
		if tax.Taxonomy != key {
			continue
		}
		s.unclaim(tax)
		for _, t := range tax.Sections {
			s.unclaim(t)
		}
		for _, p := range s.Regular {
			delete(p.Terms, key)
		}
		s.Taxonomies = append(s.Taxonomies[:i:i], s.Taxonomies[i+1:]...)
		return true
	}
	return false
}

// Detach takes a page made from content (a regular page or a section) out of
// the site's lists, its parent's lists and the URL table, so that an
// extension can publish it again with s.Add, typically as a generated page
// with Layouts and Data. The page keeps its Source, so its Markdown is still
// rendered, and content links to its file still resolve to its URL.
func (s *Site) Detach(p *Page) {
	s.unclaim(p)
	s.Regular = without(s.Regular, p)
	s.Sections = without(s.Sections, p)
	if p.Parent != nil {
		p.Parent.Pages = without(p.Parent.Pages, p)
		p.Parent.Sections = without(p.Parent.Sections, p)
	}
	for _, terms := range p.Terms {
		for _, t := range terms {
			t.Pages = without(t.Pages, p)
		}
	}
}

func (s *Site) unclaim(p *Page) {
	if s.byURL[p.URL] == p {
		delete(s.byURL, p.URL)
	}
}

func without(ps []*Page, p *Page) []*Page {
	for i, q := range ps {
		if q == p {
			return append(ps[:i:i], ps[i+1:]...)
		}
	}
	return ps
}
