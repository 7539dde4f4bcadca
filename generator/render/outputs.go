package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

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

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate"`
	Description string `xml:"description"`
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
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(rss{Version: "2.0", Channel: ch}); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return r.Sink.Put(site.OutPath(cfg, p.URL+"index.xml"), p.File(), buf.Bytes())
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

// Sitemap writes sitemap.xml listing every page, pager pages included, in
// URL order, with the date each last changed.
func (r *Renderer) Sitemap() error {
	var set urlset
	set.NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	for _, p := range r.SitemapPages() {
		lm := p.Lastmod
		if lm.IsZero() {
			lm = p.Date
		}
		u := sitemapURL{Loc: p.Permalink()}
		if !lm.IsZero() {
			u.Lastmod = lm.In(tomlfile.China).Format("2006-01-02")
		}
		set.URLs = append(set.URLs, u)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(set); err != nil {
		return err
	}
	buf.WriteByte('\n')
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
