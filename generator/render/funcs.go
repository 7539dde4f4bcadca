package render

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"fzzf/generator/config"
	"fzzf/generator/tomlfile"
)

// Funcs returns the template functions. Every one is listed here with an
// example; funcs_test.go runs each example.
//
//	relURL "css/site.css"            → /fzzf/css/site.css (under the base path)
//	absURL "news/"                   → https://zrzy.xuchang.gov.cn/fzzf/news/
//	asset "css/site.css"             → /fzzf/css/site.3f2a9c1b.css (fingerprinted name)
//	dateFormat "2006年1月2日" .Date    → 2023年3月15日 (China time; any Go layout)
//	chineseDate .Date                → 2023年3月15日
//	isoDate .Date                    → 2023-03-15
//	pubDate .Date                    → 2023-03-15 09:30 (the PubDate meta format)
//	markdownify "**重点**工作"          → <strong>重点</strong>工作
//	first 3 .Pages                   → the first three pages
//	after 3 .Pages                   → the pages after the third
//	add 1 2                          → 3
//	sub 5 2                          → 3
//	percent 3 8                      → 37.5%
//	jiucuoURL .Permalink             → the 我为政府网站找错 link for the page
//	policeURL                        → the 公安备案 record-site link
//	default "无" .Params.source      → the value, or "无" when empty
//	param "source" .Params           → a [params] value, or ""
//	menuURL "/fzzf/news/"            → /fzzf/news/ when a [[menu.main]] entry links there, else ""
//
// Every layout also has partialCached (see Theme.partialCached):
//
//	partialCached "partials/site-nav.html" . (menuURL .URL) $top
//	                                 → the partial's HTML, executed once per build per key list
func Funcs(cfg *config.Config, assets map[string]string, markdownify func(string) (string, error)) template.FuncMap {
	return template.FuncMap{
		"relURL": cfg.RelURL,
		"absURL": cfg.AbsURL,
		"asset": func(p string) (string, error) {
			p = strings.TrimPrefix(p, "/")
			fp, ok := assets[p]
			if !ok {
				return "", fmt.Errorf("asset %q is not a static file of the site or theme", p)
			}
			return cfg.RelURL(fp), nil
		},
		"dateFormat":  dateFormat,
		"chineseDate": func(t time.Time) string { return fastDate(dateChinese, t) },
		"isoDate":     func(t time.Time) string { return fastDate(dateISO, t) },
		"pubDate":     func(t time.Time) string { return fastDate(datePub, t) },
		"markdownify": func(s string) (template.HTML, error) {
			h, err := markdownify(s)
			return template.HTML(h), err
		},
		"first":   first,
		"after":   after,
		"add":     func(a, b int) int { return a + b },
		"sub":     func(a, b int) int { return a - b },
		"percent": percent,
		"jiucuoURL": func(pageURL string) string {
			return "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=" + url.QueryEscape(cfg.Identity.SiteCode) + "&url=" + url.QueryEscape(pageURL)
		},
		"policeURL": func() string {
			return "https://beian.mps.gov.cn/#/query/webSearch?code=" + cfg.PoliceCode()
		},
		"default": func(def string, v any) any {
			if v == nil {
				return def
			}
			if s, ok := v.(string); ok && s == "" {
				return def
			}
			return v
		},
		"menuURL": func(here string) string {
			for _, m := range cfg.Menu.Main {
				if cfg.RelURL(m.URL) == here {
					return here
				}
			}
			return ""
		},
		"param": func(key string, params map[string]any) any {
			if v, ok := params[key]; ok {
				return v
			}
			return ""
		},
	}
}

func dateFormat(layout string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(tomlfile.China).Format(layout)
}

// The layouts of chineseDate, isoDate and pubDate, which fastDate writes
// without going through time.Format's layout parser.
const (
	dateChinese = iota // 2006年1月2日
	dateISO            // 2006-01-02
	datePub            // 2006-01-02 15:04
)

var dateLayouts = [...]string{dateChinese: "2006年1月2日", dateISO: "2006-01-02", datePub: "2006-01-02 15:04"}

// fastDate is dateFormat(dateLayouts[layout], t), with the digits written
// directly for years of four digits (Format pads others differently).
func fastDate(layout int, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(tomlfile.China)
	y, m, d := t.Date()
	if y < 1000 || y > 9999 {
		return t.Format(dateLayouts[layout])
	}
	var buf [32]byte
	b := buf[:0]
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
	switch layout {
	case dateChinese:
		b = append(b, "年"...)
		b = appendInt(b, int(m))
		b = append(b, "月"...)
		b = appendInt(b, d)
		b = append(b, "日"...)
	default:
		b = append(b, '-')
		b = append2(b, int(m))
		b = append(b, '-')
		b = append2(b, d)
		if layout == datePub {
			hh, mm, _ := t.Clock()
			b = append(b, ' ')
			b = append2(b, hh)
			b = append(b, ':')
			b = append2(b, mm)
		}
	}
	return string(b)
}

// append2 appends n, from 0 to 99, as two digits.
func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

// appendInt appends n, from 1 to 99, without padding.
func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = append(b, byte('0'+n/10))
	}
	return append(b, byte('0'+n%10))
}

func first(n int, list any) (any, error) {
	return slice(list, 0, n)
}

func after(n int, list any) (any, error) {
	return slice(list, n, -1)
}

func percent(part, whole int) string {
	if whole == 0 {
		return "0%"
	}
	v := float64(part) * 100 / float64(whole)
	s := fmt.Sprintf("%.1f", v)
	s = strings.TrimSuffix(s, ".0")
	return s + "%"
}
