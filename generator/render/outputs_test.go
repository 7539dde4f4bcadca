package render

import (
	"bytes"
	"encoding/xml"
	"math/rand"
	"testing"
)

// The feed and sitemap as they were marshaled with encoding/xml, which
// writeFeed and writeSitemap must match byte for byte.
type xmlRSS struct {
	XMLName xml.Name      `xml:"rss"`
	Version string        `xml:"version,attr"`
	Channel xmlRSSChannel `xml:"channel"`
}

type xmlRSSChannel struct {
	Title         string       `xml:"title"`
	Link          string       `xml:"link"`
	Description   string       `xml:"description"`
	Language      string       `xml:"language"`
	LastBuildDate string       `xml:"lastBuildDate,omitempty"`
	Items         []xmlRSSItem `xml:"item"`
}

type xmlRSSItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate"`
	Description string `xml:"description"`
}

type xmlURLSet struct {
	XMLName xml.Name    `xml:"urlset"`
	NS      string      `xml:"xmlns,attr"`
	URLs    []xmlURLRef `xml:"url"`
}

type xmlURLRef struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

func marshalRef(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}

// randomText: empty, plain, Chinese, every character XML escapes or
// replaces, invalid UTF-8, a real U+FFFD, characters outside XML's range.
func randomText(r *rand.Rand) string {
	parts := []string{"", "a", "https://example.gov.cn/fzzf/news/a b/", "政策解读", "\"", "'", "&", "<", ">", "\t", "\n", "\r", "\x00", "\x1f", "\x7f", "\xff", "\xe6\x94", "\uFFFD", "\uFFFE", "\U0001F600", "\ud7ff", "\ue000", "2024-01-02", " "}
	var b []byte
	for range r.Intn(6) {
		b = append(b, parts[r.Intn(len(parts))]...)
	}
	return string(b)
}

func TestFeedAndSitemapMatchEncodingXML(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for range 2000 {
		var ch rssChannel
		ref := xmlRSS{Version: "2.0"}
		ch.Title, ch.Link, ch.Description, ch.Language = randomText(r), randomText(r), randomText(r), randomText(r)
		if r.Intn(2) == 0 {
			ch.LastBuildDate = randomText(r)
		}
		ref.Channel = xmlRSSChannel{Title: ch.Title, Link: ch.Link, Description: ch.Description, Language: ch.Language, LastBuildDate: ch.LastBuildDate}
		for range r.Intn(4) {
			it := rssItem{randomText(r), randomText(r), randomText(r), randomText(r), randomText(r)}
			ch.Items = append(ch.Items, it)
			ref.Channel.Items = append(ref.Channel.Items, xmlRSSItem(it))
		}
		var got bytes.Buffer
		writeFeed(&got, &ch)
		if want := marshalRef(t, ref); !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("feed %+v:\ngot  %q\nwant %q", ch, got.Bytes(), want)
		}

		var urls []sitemapURL
		set := xmlURLSet{NS: sitemapNS}
		for range r.Intn(4) {
			u := sitemapURL{Loc: randomText(r)}
			if r.Intn(3) > 0 {
				u.Lastmod = randomText(r)
			}
			urls = append(urls, u)
			set.URLs = append(set.URLs, xmlURLRef(u))
		}
		got.Reset()
		writeSitemap(&got, urls)
		if want := marshalRef(t, set); !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("sitemap %+v:\ngot  %q\nwant %q", urls, got.Bytes(), want)
		}
	}
}
