package site

import "strconv"

// Pager is one page of a paginated list.
type Pager struct {
	Number     int     // 1-based
	Total      int     // number of pager pages
	TotalItems int     // entries over all pager pages
	Pages      []*Page // the entries on this pager page
	URL        string  // this pager page's site path
	Prev, Next string  // neighbours' site paths, "" at the ends
	First      string
	Last       string
}

// Paginate splits a list page's entries into pagers of size n. The first
// pager lives at the list's own URL, the others at URL + "page/N/".
func (p *Page) Paginate(entries []*Page, n int) []*Pager {
	if n <= 0 {
		n = 10
	}
	total := (len(entries) + n - 1) / n
	if total == 0 {
		total = 1
	}
	url := func(i int) string {
		if i == 1 {
			return p.URL
		}
		return p.URL + "page/" + strconv.Itoa(i) + "/"
	}
	out := make([]*Pager, total)
	for i := 1; i <= total; i++ {
		lo, hi := (i-1)*n, i*n
		if hi > len(entries) {
			hi = len(entries)
		}
		pg := &Pager{Number: i, Total: total, TotalItems: len(entries), Pages: entries[lo:hi], URL: url(i), First: url(1), Last: url(total)}
		if i > 1 {
			pg.Prev = url(i - 1)
		}
		if i < total {
			pg.Next = url(i + 1)
		}
		out[i-1] = pg
	}
	return out
}

// ListEntries returns what a list page shows: a section's pages (with its
// subsections' pages), a term's pages, the home page's newest pages; a
// taxonomy lists terms, not pages, so it returns nil.
func (p *Page) ListEntries() []*Page {
	switch p.Kind {
	case KindSection, KindHome:
		return p.RecursivePages()
	case KindTerm:
		return p.Pages
	}
	return nil
}
