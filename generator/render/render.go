package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"html/template"
	"maps"
	"path"
	"strings"

	"fzzf/generator/diag"
	"fzzf/generator/parallel"
	"fzzf/generator/render/fastexec"
	"fzzf/generator/site"
)

// Sink receives every output file. Put is called from several goroutines at
// once, each time with a different path. source names the file the output
// came from (for problems such as a privacy hit), or "".
type Sink interface {
	Put(outPath, source string, data []byte) error
}

// TransientSink is a Sink that may say it is done with data when Put
// returns: it has written it out, or copied what it keeps. Pages then
// renders into a buffer it reuses instead of a fresh copy per output.
type TransientSink interface {
	Sink
	Transient() bool
}

// View is the dot of every layout: the page being rendered plus, on list
// pages, the pager page.
type View struct {
	*site.Page
	Pager *site.Pager
	// Column is the top section the page belongs to, for ColumnName meta
	// and navigation; nil on the home page.
	Column *site.Page
}

// pageMethods are the methods of pages that layouts call most, on the
// dot (a View) and on the pages they list; fastexec calls them without
// reflection (see fastexec.MethodOf).
var pageMethods = []fastexec.Method{
	fastexec.MethodOf("Permalink", View.Permalink),
	fastexec.MethodOf("IsPage", View.IsPage),
	fastexec.MethodOf("IsList", View.IsList),
	fastexec.MethodOf("Updated", View.Updated),
	fastexec.MethodOf("Ancestors", View.Ancestors),
	fastexec.MethodOf("RecursivePages", View.RecursivePages),
	fastexec.MethodOf("ColumnType", View.ColumnType),
	fastexec.MethodOf("ContentSource", View.ContentSource),
	fastexec.MethodOf("Permalink", (*site.Page).Permalink),
	fastexec.MethodOf("IsPage", (*site.Page).IsPage),
	fastexec.MethodOf("IsList", (*site.Page).IsList),
	fastexec.MethodOf("Updated", (*site.Page).Updated),
	fastexec.MethodOf("Ancestors", (*site.Page).Ancestors),
	fastexec.MethodOf("RecursivePages", (*site.Page).RecursivePages),
	fastexec.MethodOf("ColumnType", (*site.Page).ColumnType),
	fastexec.MethodOf("ContentSource", (*site.Page).ContentSource),
	fastexec.MethodOf("Column", (*site.Page).Column),
}

// Renderer writes a whole site.
type Renderer struct {
	Site  *site.Site
	Theme *Theme
	Sink  Sink
	// Assets maps a static path to its fingerprinted path; filled by
	// Statics before pages are rendered.
	Assets map[string]string
}

// fingerprinted reports whether a static file gets a content hash in its
// name: stylesheets and scripts, which browsers cache hard.
func fingerprinted(p string) bool {
	switch path.Ext(p) {
	case ".css", ".js":
		return true
	}
	return false
}

// PrepareStatics reads the static files and computes fingerprinted names.
// It returns the files with their output paths and bytes.
func PrepareStatics(th *Theme) (assets map[string]string, files []StaticFile, err error) {
	list, err := th.Statics()
	if err != nil {
		return nil, nil, err
	}
	assets = map[string]string{}
	for _, s := range list {
		data, err := s.Read()
		if err != nil {
			return nil, nil, diag.Errorf(s.Label, 0, "read static file: %v", err)
		}
		out := s.Path
		if fingerprinted(out) {
			sum := sha256.Sum256(data)
			ext := path.Ext(out)
			out = strings.TrimSuffix(out, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		}
		assets[s.Path] = out
		files = append(files, StaticFile{Out: out, Source: s.Label, Data: data})
	}
	return assets, files, nil
}

// StaticFile is a static file ready to write.
type StaticFile struct {
	Out, Source string
	Data        []byte
}

// Pages renders every page of the site through its layout, on all cores.
func (r *Renderer) Pages() error {
	pages := r.Site.All()
	errs := make([]error, len(pages))
	parallel.Each(len(pages), newBuffer, func(buf *bytes.Buffer, i int) {
		errs[i] = r.Page(pages[i], buf)
	})
	var list diag.List
	seen := map[string]bool{}
	for _, err := range errs {
		if err == nil {
			continue
		}
		// A broken layout fails every page that uses it; say it once.
		if seen[err.Error()] {
			continue
		}
		seen[err.Error()] = true
		list.AddErr("", err)
	}
	return list.Err()
}

func newBuffer() *bytes.Buffer { return new(bytes.Buffer) }

// Candidates returns the layouts tried for a page, most specific first.
func Candidates(p *site.Page) []string {
	if len(p.Layouts) > 0 {
		return p.Layouts
	}
	switch p.Kind {
	case site.KindHome:
		return []string{"index.html", "_default/list.html"}
	case site.KindSection:
		return typed(p.SectionType(), "list.html")
	case site.KindTaxonomy:
		return []string{p.Taxonomy + "/taxonomy.html", "_default/taxonomy.html"}
	case site.KindTerm:
		return []string{p.Taxonomy + "/term.html", "_default/term.html", "_default/list.html"}
	case site.Kind404:
		return []string{"404.html"}
	}
	return typed(p.SectionType(), "single.html")
}

// pageKey is what Candidates(p) depends on for a page without Layouts.
type pageKey struct {
	kind        string
	sectionType string
	taxonomy    string
}

// lookupPage is Lookup(Candidates(p)...), remembered for pages that
// have no Layouts of their own: all but a few pages share a handful of
// candidate lists.
func (t *Theme) lookupPage(p *site.Page) (*template.Template, string, error) {
	if len(p.Layouts) > 0 {
		return t.Lookup(p.Layouts...)
	}
	k := pageKey{kind: string(p.Kind)}
	switch p.Kind {
	case site.KindHome, site.Kind404:
	case site.KindTaxonomy, site.KindTerm:
		k.taxonomy = p.Taxonomy
	default:
		k.sectionType = p.SectionType()
	}
	var found *parsed
	if m := t.pageLayouts.Load(); m != nil {
		found = (*m)[k]
	}
	if found == nil {
		found = &parsed{}
		found.t, found.entry, found.err = t.Lookup(Candidates(p)...)
		t.pageMu.Lock()
		m := map[pageKey]*parsed{}
		if old := t.pageLayouts.Load(); old != nil {
			m = maps.Clone(*old)
		}
		m[k] = found
		t.pageLayouts.Store(&m)
		t.pageMu.Unlock()
	}
	return found.t, found.entry, found.err
}

func typed(typ, file string) []string {
	if typ == "" || typ == "_default" {
		return []string{"_default/" + file}
	}
	return []string{typ + "/" + file, "_default/" + file}
}

// Page renders one page (all its pager pages, for a list) into the sink.
func (r *Renderer) Page(p *site.Page, buf *bytes.Buffer) error {
	ts, ok := r.Sink.(TransientSink)
	keep := !ok || !ts.Transient()
	for _, pg := range r.Pagers(p) {
		out, data, err := r.render(p, pg, buf, keep)
		if err != nil {
			return err
		}
		if err := r.Sink.Put(out, p.File(), data); err != nil {
			return err
		}
	}
	return nil
}

// Pagers returns the pager pages of a paginated list (sections and terms)
// and a single nil for every other page: one entry per output file.
func (r *Renderer) Pagers(p *site.Page) []*site.Pager {
	if p.Kind == site.KindSection || p.Kind == site.KindTerm {
		return p.Paginate(p.ListEntries(), r.Site.Config.Paginate)
	}
	return []*site.Pager{nil}
}

// Render executes p's layout for one of its pager pages (nil when the page
// is not paginated) and returns the output path and bytes, without writing
// them; the preview server uses it to render only what changed.
func (r *Renderer) Render(p *site.Page, pg *site.Pager, buf *bytes.Buffer) (string, []byte, error) {
	return r.render(p, pg, buf, true)
}

// render is Render; without keep, the bytes it returns are buf's, good
// until buf is used again.
func (r *Renderer) render(p *site.Page, pg *site.Pager, buf *bytes.Buffer, keep bool) (string, []byte, error) {
	t, entry, err := r.Theme.lookupPage(p)
	if err != nil {
		var pr *diag.Problem
		if errors.As(err, &pr) && pr.File == "" && p.Source != nil {
			pr2 := *pr
			pr2.File = p.Source.File
			return "", nil, &pr2
		}
		return "", nil, err
	}
	view := View{Page: p, Column: p.Column(), Pager: pg}
	buf.Reset()
	if err := r.Theme.Execute(t, entry, buf, view); err != nil {
		return "", nil, r.Theme.templateProblem(err)
	}
	u := p.URL
	if pg != nil {
		u = pg.URL
	}
	data := buf.Bytes()
	if keep {
		data = append([]byte(nil), data...)
	}
	return site.OutPath(r.Site.Config, u), data, nil
}

// escape is html/template's escaper for the few bits of HTML built in Go.
func escape(s string) string { return template.HTMLEscapeString(s) }
