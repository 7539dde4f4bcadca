package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"
	"unicode/utf8"

	"fzzf/generator/site"
	"fzzf/generator/tomlfile"
)

// Feeds writes an RSS 2.0 feed (index.xml) for the home page and every
// section, newest first, at most cfg.RSSLimit items each.
func (r *Renderer) Feeds() error {
	lists := append([]*site.Page{r.Site.Home}, r.Site.Sections...)
	for _, p := range lists {
		if err := r.feed(p); err != nil {
			return err
		}
	}
	return nil
}

// rssChannel is a feed's channel; writeFeed writes it as encoding/xml
// wrote it when it was marshaled (see outputs_test.go).
type rssChannel struct {
	Title         string
	Link          string
	Description   string
	Language      string
	LastBuildDate string // left out when empty
	Items         []rssItem
}

type rssItem struct {
	Title       string
	Link        string
	GUID        string
	PubDate     string
	Description string
}

// writeFeed writes the RSS 2.0 document of ch: the XML header, the rss
// element indented by two spaces, a newline.
func writeFeed(buf *bytes.Buffer, ch *rssChannel) {
	buf.WriteString(xml.Header)
	x := xmlWriter{b: buf}
	x.start("rss", ` version="2.0"`)
	x.start("channel", "")
	x.elem("title", ch.Title)
	x.elem("link", ch.Link)
	x.elem("description", ch.Description)
	x.elem("language", ch.Language)
	if ch.LastBuildDate != "" {
		x.elem("lastBuildDate", ch.LastBuildDate)
	}
	for i := range ch.Items {
		it := &ch.Items[i]
		x.start("item", "")
		x.elem("title", it.Title)
		x.elem("link", it.Link)
		x.elem("guid", it.GUID)
		x.elem("pubDate", it.PubDate)
		x.elem("description", it.Description)
		x.end("item")
	}
	x.end("channel")
	x.end("rss")
	buf.WriteByte('\n')
}

func rssDate(t time.Time) string { return t.In(tomlfile.China).Format(time.RFC1123Z) }

func (r *Renderer) feed(p *site.Page) error {
	cfg := r.Site.Config
	items := p.RecursivePages()
	if len(items) > cfg.RSSLimit {
		items = items[:cfg.RSSLimit]
	}
	title := p.Title
	if p.Kind != site.KindHome {
		title = p.Title + " - " + cfg.Title
	}
	ch := rssChannel{Title: title, Link: p.Permalink(), Description: p.Description, Language: "zh-CN"}
	if ch.Description == "" {
		ch.Description = title
	}
	var newest time.Time
	for _, it := range items {
		ch.Items = append(ch.Items, rssItem{Title: it.Title, Link: it.Permalink(), GUID: it.Permalink(), PubDate: rssDate(it.Date), Description: it.PlainSummary})
		if it.Lastmod.After(newest) {
			newest = it.Lastmod
		}
	}
	if !newest.IsZero() {
		ch.LastBuildDate = rssDate(newest)
	}
	var buf bytes.Buffer
	writeFeed(&buf, &ch)
	return r.Sink.Put(site.OutPath(cfg, p.URL+"index.xml"), p.File(), buf.Bytes())
}

type sitemapURL struct {
	Loc     string
	Lastmod string // left out when empty
}

// sitemapNS is the namespace of sitemap.xml's urlset.
const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// writeSitemap writes sitemap.xml listing urls, as encoding/xml wrote it
// when it was marshaled (see outputs_test.go).
func writeSitemap(buf *bytes.Buffer, urls []sitemapURL) {
	buf.WriteString(xml.Header)
	x := xmlWriter{b: buf}
	x.start("urlset", ` xmlns="`+sitemapNS+`"`)
	for i := range urls {
		u := &urls[i]
		x.start("url", "")
		x.elem("loc", u.Loc)
		if u.Lastmod != "" {
			x.elem("lastmod", u.Lastmod)
		}
		x.end("url")
	}
	x.end("urlset")
	buf.WriteByte('\n')
}

// xmlWriter writes elements as an xml.Encoder indenting by two spaces
// with no prefix does.
type xmlWriter struct {
	b                      *bytes.Buffer
	depth                  int
	indentedIn, putNewline bool
}

// indent is the encoder's writeIndent.
func (x *xmlWriter) indent(depthDelta int) {
	if depthDelta < 0 {
		x.depth--
		if x.indentedIn {
			x.indentedIn = false
			return
		}
		x.indentedIn = false
	}
	if x.putNewline {
		x.b.WriteByte('\n')
	} else {
		x.putNewline = true
	}
	for range x.depth {
		x.b.WriteString("  ")
	}
	if depthDelta > 0 {
		x.depth++
		x.indentedIn = true
	}
}

// start writes a start tag; attrs is written as it is.
func (x *xmlWriter) start(name, attrs string) {
	x.indent(1)
	x.b.WriteByte('<')
	x.b.WriteString(name)
	x.b.WriteString(attrs)
	x.b.WriteByte('>')
}

func (x *xmlWriter) end(name string) {
	x.indent(-1)
	x.b.WriteString("</")
	x.b.WriteString(name)
	x.b.WriteByte('>')
}

// elem writes an element with text, escaped as the encoder escapes a
// string field.
func (x *xmlWriter) elem(name, text string) {
	x.start(name, "")
	xmlEscape(x.b, text)
	x.end(name)
}

// xmlEscape is the xml.Encoder's EscapeString (xml.EscapeText of s).
func xmlEscape(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && c >= 0x20 && c != '"' && c != '\'' && c != '&' && c != '<' && c != '>' {
			i++
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		i += width
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if !xmlCharacter(r) || (r == utf8.RuneError && width == 1) {
				esc = "\uFFFD"
				break
			}
			continue
		}
		b.WriteString(s[last : i-width])
		b.WriteString(esc)
		last = i
	}
	b.WriteString(s[last:])
}

// xmlCharacter is encoding/xml's isInCharacterRange.
func xmlCharacter(r rune) bool {
	return r == 0x09 ||
		r == 0x0A ||
		r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// Sitemap writes sitemap.xml listing every page, pager pages included, in
// URL order, with the date each last changed.
func (r *Renderer) Sitemap() error {
	pages := r.SitemapPages()
	urls := make([]sitemapURL, 0, len(pages))
	for _, p := range pages {
		lm := p.Lastmod
		if lm.IsZero() {
			lm = p.Date
		}
		u := sitemapURL{Loc: p.Permalink()}
		if !lm.IsZero() {
			u.Lastmod = fastDate(dateISO, lm) // lm.In(tomlfile.China).Format("2006-01-02")
		}
		urls = append(urls, u)
	}
	var buf bytes.Buffer
	buf.Grow(len(urls) * 100)
	writeSitemap(&buf, urls)
	return r.Sink.Put("sitemap.xml", "", buf.Bytes())
}

// SitemapPages returns the pages sitemap.xml lists: all but the 404 page.
func (r *Renderer) SitemapPages() []*site.Page {
	var out []*site.Page
	for _, p := range r.Site.All() {
		if p.Kind != site.Kind404 {
			out = append(out, p)
		}
	}
	return out
}

// Robots writes robots.txt: everything may be crawled (assessors search
// the web for this site's evidence), and it names the sitemap.
func (r *Renderer) Robots() error {
	txt := "User-agent: *\nAllow: /\n\nSitemap: " + r.Site.Config.AbsURL("sitemap.xml") + "\n"
	return r.Sink.Put("robots.txt", "", []byte(txt))
}

// Aliases writes a small redirect page at every alias of every page: a
// meta refresh, a canonical link and a plain link for people and crawlers.
func (r *Renderer) Aliases() error {
	cfg := r.Site.Config
	for _, p := range r.Site.Regular {
		for _, a := range p.Aliases {
			var b strings.Builder
			b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
			b.WriteString("<title>" + escape(p.Title) + " – " + escape(cfg.Title) + "</title>\n")
			b.WriteString("<link rel=\"canonical\" href=\"" + escape(p.Permalink()) + "\">\n")
			b.WriteString("<meta name=\"robots\" content=\"noindex\">\n")
			b.WriteString("<meta http-equiv=\"refresh\" content=\"0; url=" + escape(p.URL) + "\">\n")
			b.WriteString("</head>\n<body>\n<main><p>本页面已迁移至：<a href=\"" + escape(p.URL) + "\">" + escape(p.Title) + "</a></p></main>\n</body>\n</html>\n")
			if err := r.Sink.Put(site.OutPath(cfg, a), p.File(), []byte(b.String())); err != nil {
				return err
			}
		}
	}
	return nil
}
