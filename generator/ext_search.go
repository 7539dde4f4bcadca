package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"fzzf/generator/build"
	"fzzf/generator/content"
	"fzzf/generator/diag"
	"fzzf/generator/search"
	"fzzf/generator/site"
)

// searchExtensions returns the build extensions of the search feature.
// With a memo, the index is updated from the last build's rather than
// built from scratch.
func searchExtensions(m *memo) []build.Extension {
	e := &searchExt{}
	if m != nil {
		e.memo = &m.search
	}
	return []build.Extension{e}
}

// searchMemo is what the search feature keeps between preview builds: the
// index, which re-indexes only the pages that changed (search.Index).
type searchMemo struct {
	mu    sync.Mutex
	index *search.Index
}

// searchOptions are the options of the portal's index.
var searchOptions = search.Options{Dir: strings.TrimSuffix(searchPath, "/")}

// searchPath is the site path of the search page and of the index folder
// (relative to the base path): the page is search/index.html, the index
// search/meta.json, search/s/…, search/d/… and search/search.js.
const searchPath = "search/"

// searchSource names the search feature in problems about its outputs.
const searchSource = "generator/ext_search.go"

// searchExt adds the /search/ page (Extend) and, once every page's
// Markdown is rendered, the static index it queries (Finish).
type searchExt struct {
	page *site.Page
	memo *searchMemo // nil for a one-off build
}

// SearchData is the .Data of the search page: where its form posts and
// where search.js and the index live.
type SearchData struct {
	Action string // the page's own URL, the form's action
	Index  string // URL of the index folder, for data-search-index
	Script string // URL of search.js, with ?v=<hash of its content>
	Docs   int    // pages in the index
}

func (e *searchExt) Schemas() map[string]content.Schema { return nil }

// Extend adds the search page. It is a generated page with its own layout
// (search/single.html), a form that works without JavaScript as a link
// target (?q=…) and a results area that search.js fills.
func (e *searchExt) Extend(_ fs.FS, s *site.Site) error {
	u := s.Config.RelURL(searchPath)
	e.page = &site.Page{
		Kind:        site.KindGenerated,
		URL:         u,
		Title:       "站内搜索",
		Description: "搜索本专栏的政策文件、政策解读、创建动态、回应关切和创建指标。",
		Layouts:     []string{"search/single.html"},
		Data:        &SearchData{Action: u, Index: u, Script: u + "search.js"},
	}
	return s.Add(e.page, searchSource)
}

// Finish indexes every page a reader may look for and adds the index files.
func (e *searchExt) Finish(s *site.Site) error {
	all := s.All()
	docs := make([]search.Doc, 0, len(all))
	for _, p := range all {
		if !searchable(p) || p == e.page {
			continue
		}
		docs = append(docs, searchDoc(p))
	}
	files, err := e.index(docs)
	if err != nil {
		return diag.Errorf(searchSource, 0, "build the search index: %v", err)
	}
	if d, ok := e.page.Data.(*SearchData); ok {
		d.Docs = len(docs)
		// search.js keeps its name (the index is found beside it), so
		// its address carries a hash of its content for caches.
		sum := sha256.Sum256(files[searchPath+"search.js"])
		d.Script = d.Index + "search.js?v=" + hex.EncodeToString(sum[:4])
	}
	// search.Build returns a map: add in path order so output is stable.
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	// Site.AddFile checks each path against every file added before, which
	// is quadratic in the 10,000 index files of a large site; check once
	// against the files other extensions made, then append.
	taken := make(map[string]string, len(s.Files))
	for _, f := range s.Files {
		taken[f.Path] = f.Source
	}
	var list diag.List
	for _, p := range paths {
		if src, ok := taken[p]; ok {
			list.Add(diag.Errorf(searchSource, 0, "output %s is made twice (also from %s)", p, src))
			continue
		}
		s.Files = append(s.Files, site.File{Path: p, Source: searchSource, Data: files[p]})
	}
	return list.Err()
}

// index builds the index of docs, updating the memo's if there is one.
func (e *searchExt) index(docs []search.Doc) (map[string][]byte, error) {
	if e.memo == nil {
		return search.Build(docs, searchOptions)
	}
	e.memo.mu.Lock()
	defer e.memo.mu.Unlock()
	if e.memo.index == nil {
		ix, err := search.NewIndex(searchOptions)
		if err != nil {
			return nil, err
		}
		e.memo.index = ix
	}
	return e.memo.index.Update(docs)
}

// searchable reports whether a page belongs in the index: articles, column
// pages and generated pages (indicators, units, progress). The home page,
// tag lists and the 404 page would only crowd the results.
func searchable(p *site.Page) bool {
	switch p.Kind {
	case site.KindPage, site.KindSection, site.KindGenerated:
		return true
	}
	return false
}

// searchDoc turns a page into what the index stores: title, column, date,
// headings and the text of its body. Pages made from data have no
// Markdown body: their description and summary are what they have.
func searchDoc(p *site.Page) search.Doc {
	d := search.Doc{URL: p.URL, Title: p.Title, Section: columnName(p), Date: p.Date}
	for _, h := range p.TOC {
		d.Headings = append(d.Headings, h.Text)
	}
	switch {
	case p.Content != "":
		// The index reads the text out of the HTML as it goes, so the
		// text of every page is never held at once.
		d.HTML = string(p.Content)
	case p.PlainSummary != "" && p.PlainSummary != p.Description:
		// Content pages take their description from their text, so only
		// pages without a body add it (and a summary they were given).
		d.Body = strings.TrimPrefix(p.Description+"\n"+p.PlainSummary, "\n")
	default:
		d.Body = p.Description
	}
	return d
}

// columnName is the 栏目 shown beside a result: the page's top section or
// taxonomy, else for generated pages the top page below home they hang
// from (创建指标 for an indicator), else the page itself.
func columnName(p *site.Page) string {
	if c := p.Column(); c != nil {
		return c.Title
	}
	anc := p.Ancestors()
	if len(anc) > 1 {
		return anc[1].Title
	}
	return p.Title
}
