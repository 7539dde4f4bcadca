package config

import (
	"strings"
	"testing"
)

const good = `title = "站点"
baseURL = "https://zrzy.xuchang.gov.cn/fzzf"
[identity]
sponsor = "许昌市自然资源和规划局"
contact = "0374-1234567"
siteCode = "4110000001"
icp = "豫ICP备12345678号"
police = "豫公网安备41100202000123号"
`

func TestParseDefaults(t *testing.T) {
	c, err := Parse([]byte(good), "")
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://zrzy.xuchang.gov.cn/fzzf/" || c.BasePath() != "/fzzf/" {
		t.Errorf("base = %q %q", c.BaseURL, c.BasePath())
	}
	if c.Paginate != 10 || c.RSSLimit != 20 || c.Theme != "default" {
		t.Errorf("defaults: paginate %d rss %d theme %q", c.Paginate, c.RSSLimit, c.Theme)
	}
	if c.Taxonomies["tags"] == "" || c.Taxonomies["units"] == "" {
		t.Errorf("default taxonomies = %v", c.Taxonomies)
	}
	if c.Identity.SiteDomain != "zrzy.xuchang.gov.cn" || c.Identity.SiteName != "站点" {
		t.Errorf("identity defaults = %+v", c.Identity)
	}
	if got := c.PoliceCode(); got != "41100202000123" {
		t.Errorf("PoliceCode = %q", got)
	}
	if len(c.IdentityProblems()) != 0 {
		t.Errorf("identity problems on a complete config: %v", c.IdentityProblems())
	}
}

func TestURLs(t *testing.T) {
	c, err := Parse([]byte(good), "http://127.0.0.1:8080/x/y/")
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"news/":                 "/x/y/news/",
		"/news/":                "/x/y/news/",
		"/x/y/news/":            "/x/y/news/",
		"https://www.gov.cn/":   "https://www.gov.cn/",
		"mailto:a@b.gov.cn":     "mailto:a@b.gov.cn",
		"":                      "/x/y/",
		"css/site.1234abcd.css": "/x/y/css/site.1234abcd.css",
	} {
		if got := c.RelURL(in); got != want {
			t.Errorf("RelURL(%q) = %q, want %q", in, got, want)
		}
	}
	if got := c.AbsURL("news/"); got != "http://127.0.0.1:8080/x/y/news/" {
		t.Errorf("AbsURL = %q", got)
	}
}

func TestProblems(t *testing.T) {
	tests := []struct{ src, want string }{
		{"title = \"a\"\ntitel = \"b\"\n", `config.toml:2: unknown key "titel"`},
		{"title = \"a\"\n[identity]\nsponsr = \"x\"\n", `config.toml:3: unknown key "identity.sponsr"`},
		{"title = \"a\"\nbaseURL = \n", `config.toml:2: invalid TOML`},
		{"title = \"\"\n", `config.toml:1: title is empty`},
		{"title = \"a\"\nbaseURL = \"https://x.gov.cn/?a=1\"\n", `config.toml:2: baseURL`},
		{"title = \"a\"\npaginate = \"ten\"\n", `config.toml:2:`},
		{"title = \"a\"\n[taxonomies]\ncolors = \"颜色\"\n", `config.toml:3: taxonomy "colors"`},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src), "")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", tt.src, err, tt.want)
		}
	}
}

func TestIdentityProblems(t *testing.T) {
	c, err := Parse([]byte("title = \"a\"\n[identity]\nsponsor = \"x\"\nsiteCode = \"\"\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, p := range c.IdentityProblems() {
		msgs = append(msgs, p.Error())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{"config.toml:4: [identity] siteCode is empty", "[identity] contact is empty", "[identity] icp is empty", "[identity] police is empty"} {
		if !strings.Contains(got, want) {
			t.Errorf("identity problems lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "sponsor") {
		t.Errorf("sponsor is set but reported:\n%s", got)
	}
}
