// Package content reads a site's content/ folder: Markdown files with TOML
// front matter between `+++` lines, section folders with an optional
// _index.md, page bundles (a folder with index.md whose other files belong to
// the page) and plain files copied as they are.
//
// Front-matter keys every page may use:
//
//	title, date, lastmod, publishDate, expiryDate, draft, weight, slug, url,
//	aliases, summary, tags, units, indicators, and a free [params] table.
//
// A section may accept more keys through a Schema (policies, interpretations
// and responses do). Any other key is an error at its line, so a typo such as
// `titel` never passes silently.
package content

import (
	"bytes"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"fzzf/generator/diag"
	"fzzf/generator/tomlfile"
)

// Dir is the content folder, relative to the site source.
const Dir = "content"

// Kind tells what a Markdown file is.
type Kind string

// The kinds of content file.
const (
	KindPage    Kind = "page"    // an article
	KindSection Kind = "section" // a folder's _index.md
	KindHome    Kind = "home"    // content/_index.md
)

// FrontMatter holds the keys every page may set. Dates are China time.
type FrontMatter struct {
	Title       string         `toml:"title"`
	Date        time.Time      `toml:"-"`
	Lastmod     time.Time      `toml:"-"`
	PublishDate time.Time      `toml:"-"`
	ExpiryDate  time.Time      `toml:"-"`
	Draft       bool           `toml:"draft"`
	Weight      int            `toml:"weight"`
	Slug        string         `toml:"slug"`
	URL         string         `toml:"url"`
	Aliases     []string       `toml:"aliases"`
	Summary     string         `toml:"summary"`
	Tags        []string       `toml:"tags"`
	Units       []string       `toml:"units"`
	Indicators  []int          `toml:"indicators"`
	Params      map[string]any `toml:"params"`
	Type        string         `toml:"type"` // layout type; defaults to the section

	RawDate        any `toml:"date"`
	RawLastmod     any `toml:"lastmod"`
	RawPublishDate any `toml:"publishDate"`
	RawExpiryDate  any `toml:"expiryDate"`
}

// Page is one Markdown file, parsed but not rendered.
type Page struct {
	File     string // path relative to the site source, e.g. content/news/a.md
	Path     string // path relative to content/, e.g. news/a.md
	Dir      string // folder relative to content/: "news", "news/2023", "" at the root
	Section  string // first folder: "news"; "" for the home page and root pages
	Name     string // file name without .md; for a bundle, the folder name
	Kind     Kind
	Bundle   bool     // an index.md of a page bundle
	Files    []string // a bundle's other files, content-relative
	Front    FrontMatter
	Extra    any // the section's own keys, decoded by its Schema
	Body     []byte
	BodyLine int            // line of the file where Body starts
	Src      []byte         // the whole file, UTF-8 with LF line ends
	data     []byte         // front matter text
	lines    map[string]int // key -> line cache
}

// KeyLine returns the line of the file where a front-matter key is set, or
// the first line.
func (p *Page) KeyLine(key ...string) int {
	if len(p.data) == 0 {
		return 1
	}
	return 1 + tomlfile.KeyLine(p.data, key)
}

// Schema declares the extra front-matter keys of one kind of page.
// New returns a pointer to a struct with toml tags; Check validates it and
// may report problems against the page's lines.
type Schema struct {
	New   func() any
	Check func(p *Page, extra any) []*diag.Problem
}

// Parser parses content files. Schemas are keyed by section (or by the
// page's `type`).
type Parser struct {
	Schemas map[string]Schema
}

// Parse parses one Markdown file. file is the site-relative path, used in
// problems; rel is the content-relative path.
func (ps *Parser) Parse(file, rel string, src []byte) (*Page, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.Contains(src, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	p := &Page{File: file, Path: rel, Src: src}
	p.Dir = path.Dir(rel)
	if p.Dir == "." {
		p.Dir = ""
	}
	if i := strings.IndexByte(p.Dir, '/'); i >= 0 {
		p.Section = p.Dir[:i]
	} else {
		p.Section = p.Dir
	}
	base := path.Base(rel)
	p.Name = strings.TrimSuffix(base, path.Ext(base))
	switch {
	case base == "_index.md" && p.Dir == "":
		p.Kind = KindHome
	case base == "_index.md":
		p.Kind = KindSection
	case base == "index.md" && p.Dir != "":
		p.Kind = KindPage
		p.Bundle = true
		p.Name = path.Base(p.Dir)
		p.Dir = path.Dir(p.Dir)
		if p.Dir == "." {
			p.Dir = ""
		}
		if p.Dir == "" {
			p.Section = ""
		}
	default:
		p.Kind = KindPage
	}

	front, body, bodyLine, err := split(file, src)
	if err != nil {
		return nil, err
	}
	p.data, p.Body, p.BodyLine = front, body, bodyLine
	if front == nil {
		if p.Kind == KindPage {
			return nil, diag.Errorf(file, 1, "no front matter: start the file with a line +++, then title and date, then +++")
		}
		return p, nil
	}
	if err := ps.decode(p); err != nil {
		return nil, err
	}
	return p, nil
}

// split separates TOML front matter from the body.
func split(file string, src []byte) (front, body []byte, bodyLine int, err error) {
	if !bytes.HasPrefix(src, []byte("+++")) || !isDelim(firstLine(src)) {
		if bytes.HasPrefix(src, []byte("---")) {
			return nil, nil, 0, diag.Errorf(file, 1, "YAML front matter (---) is not supported: use TOML between +++ lines")
		}
		return nil, src, 1, nil
	}
	rest := src[len(firstLine(src)):]
	if len(rest) > 0 && rest[0] == '\n' {
		rest = rest[1:]
	}
	line := 2
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if isDelim(l) {
			front = rest[:off]
			bodyStart := off + len(l)
			if end >= 0 {
				bodyStart++
			}
			return front, rest[bodyStart:], line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, 0, diag.Errorf(file, 1, "front matter is not closed: add a line +++ after the last key")
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

func isDelim(l []byte) bool { return string(bytes.TrimRight(l, " \t")) == "+++" }

func (ps *Parser) decode(p *Page) error {
	fm, extra, schema, hasSchema, ok := ps.decodeSimple(p)
	if !ok {
		var err error
		if fm, extra, schema, hasSchema, err = ps.decodeTOML(p); err != nil {
			return err
		}
	}
	var list diag.List
	date := func(key string, raw any) time.Time {
		t, err := toDate(raw)
		if err != nil {
			list.Add(diag.Errorf(p.File, p.KeyLine(key), "%s: %v", key, err))
		}
		return t
	}
	fm.Date = date("date", fm.RawDate)
	fm.Lastmod = date("lastmod", fm.RawLastmod)
	fm.PublishDate = date("publishDate", fm.RawPublishDate)
	fm.ExpiryDate = date("expiryDate", fm.RawExpiryDate)
	if p.Kind == KindPage {
		if strings.TrimSpace(fm.Title) == "" {
			list.Add(diag.Errorf(p.File, p.KeyLine("title"), "title is missing: every published item needs a title"))
		}
		if fm.Date.IsZero() {
			list.Add(diag.Errorf(p.File, p.KeyLine("date"), "date is missing: every published item shows its 发布日期; add date = 2023-03-15T09:30:00"))
		}
	}
	if fm.Slug != "" && !validSlug(fm.Slug) {
		list.Add(diag.Errorf(p.File, p.KeyLine("slug"), "slug %q may hold only a-z, 0-9, - and _: URLs stay ASCII", fm.Slug))
	}
	p.Front = fm
	p.Extra = extra
	if hasSchema && p.Kind == KindPage && schema.Check != nil {
		list.Add(schema.Check(p, extra)...)
	}
	return list.Err()
}

// fastFront turns the fast path of decodeSimple on; tests turn it off to
// compare.
var fastFront = true

// decodeSimple decodes front matter that tomlfile.ParseSimple reads, with
// the same result as decodeTOML. ok is false for anything else and for
// every problem, which decodeTOML then reports.
func (ps *Parser) decodeSimple(p *Page) (fm FrontMatter, extra any, schema Schema, hasSchema, ok bool) {
	if !fastFront {
		return
	}
	doc, ok := tomlfile.ParseSimple(p.data)
	if !ok {
		return
	}
	defer doc.Release()
	var buf [16]bool
	claimed := buf[:0]
	if n := doc.Len(); n <= len(buf) {
		claimed = buf[:n]
	} else {
		claimed = make([]bool, n)
	}
	if !doc.Decode(&fm, claimed) {
		return fm, nil, schema, false, false
	}
	schema, hasSchema = ps.Schemas[p.Section]
	if fm.Type != "" {
		schema, hasSchema = ps.Schemas[fm.Type]
	}
	extra = &struct{}{}
	if hasSchema && p.Kind == KindPage {
		extra = schema.New()
		if !doc.Decode(extra, claimed) {
			return fm, nil, schema, false, false
		}
	}
	// A key neither decode took is unknown: a problem.
	for _, c := range claimed {
		if !c {
			return fm, nil, schema, false, false
		}
	}
	return fm, extra, schema, hasSchema, true
}

// decodeTOML decodes front matter with tomlfile.Decode, which reports
// problems at their lines.
func (ps *Parser) decodeTOML(p *Page) (fm FrontMatter, extra any, schema Schema, hasSchema bool, err error) {
	schema, hasSchema = ps.Schemas[p.Section]
	md, err := tomlfile.Decode(p.File, 2, p.data, &fm, func(string) bool { return true })
	if err != nil {
		return fm, nil, schema, false, err
	}
	if fm.Type != "" {
		s, ok := ps.Schemas[fm.Type]
		schema, hasSchema = s, ok
	}
	decoded := map[string]bool{}
	for _, k := range md.Keys() {
		decoded[k.String()] = true
	}
	for _, k := range md.Undecoded() {
		delete(decoded, k.String())
	}
	common := func(key string) bool {
		return decoded[key] || strings.HasPrefix(key, "params.")
	}
	extra = &struct{}{}
	if hasSchema && p.Kind == KindPage {
		// The section's own keys: a second decode, into its schema.
		extra = schema.New()
		if _, err := tomlfile.Decode(p.File, 2, p.data, extra, common); err != nil {
			return fm, nil, schema, false, err
		}
	} else if err := tomlfile.Unknown(p.File, 2, p.data, md, func(key string) bool { return strings.HasPrefix(key, "params.") }); err != nil {
		// No section keys: whatever the common keys left is unknown.
		return fm, nil, schema, false, err
	}
	return fm, extra, schema, hasSchema, nil
}

func toDate(raw any) (time.Time, error) {
	switch v := raw.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return tomlfile.InChina(v), nil
	case string:
		if strings.TrimSpace(v) == "" {
			return time.Time{}, nil
		}
		return tomlfile.ParseDate(v)
	default:
		return time.Time{}, errBadDate{raw}
	}
}

type errBadDate struct{ v any }

func (e errBadDate) Error() string {
	return "not a date: write it as 2023-03-15 or 2023-03-15T09:30:00"
}

func validSlug(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return s != ""
}

// Ignored reports whether a file name is an editor's temporary, swap or
// backup file, or hidden. Such files are neither read nor copied.
func Ignored(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"),
		strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".tmp"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"),
		strings.HasSuffix(name, ".crswap"), name == "4913":
		return true
	}
	return false
}

// Walk reads every file under content/ in fsys (rooted at the site source).
// Pages are parsed concurrently by the caller; Walk only lists and reads.
func Walk(fsys fs.FS) (files []string, err error) {
	err = fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir {
				return fs.SkipAll
			}
			return err
		}
		if p != Dir && Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, strings.TrimPrefix(p, Dir+"/"))
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// Classify sorts content-relative paths into Markdown, data and plain files,
// and assigns a bundle's files to its page.
func Classify(paths []string) (md, data, plain []string) {
	for _, p := range paths {
		switch strings.ToLower(path.Ext(p)) {
		case ".md":
			md = append(md, p)
		case ".toml":
			data = append(data, p)
		default:
			plain = append(plain, p)
		}
	}
	return md, data, plain
}

// AttachBundleFiles gives each bundle page the plain files in its folder.
func AttachBundleFiles(pages []*Page, plain []string) {
	bundles := map[string]*Page{}
	for _, p := range pages {
		if p.Bundle {
			bundles[path.Dir(p.Path)] = p
		}
	}
	for _, f := range plain {
		for d := path.Dir(f); d != "." && d != ""; d = path.Dir(d) {
			if b, ok := bundles[d]; ok {
				b.Files = append(b.Files, f)
				break
			}
		}
	}
}
