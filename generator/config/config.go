// Package config reads, defaults and validates a site's config.toml.
//
// The file holds the site's title and base URL, the bureau's identity as a
// government website (主办单位, 网站标识码, ICP and public-security record
// numbers), menus, taxonomies and the privacy allow-list. Every key is
// checked: an unknown key is an error at its line.
package config

import (
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"

	"fzzf/generator/diag"
	"fzzf/generator/tomlfile"
)

// File is the config file name, relative to the site source.
const File = "config.toml"

// Config is the whole of config.toml.
type Config struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	Keywords    string `toml:"keywords"`
	BaseURL     string `toml:"baseURL"`
	Theme       string `toml:"theme"`
	Paginate    int    `toml:"paginate"`
	// RSSLimit caps the items of every feed (0 means the default 20); an
	// unbounded feed of a 10,000-page archive costs time and helps nobody.
	RSSLimit int `toml:"rssLimit"`

	Markdown   Markdown          `toml:"markdown"`
	Identity   Identity          `toml:"identity"`
	Privacy    Privacy           `toml:"privacy"`
	Taxonomies map[string]string `toml:"taxonomies"`
	Menu       Menus             `toml:"menu"`
	Params     map[string]any    `toml:"params"`

	// Sections gives a column's name and kind for content sections,
	// keyed by folder name; a section's _index.md may also set its title.
	Sections map[string]Section `toml:"sections"`

	base *url.URL
	raw  []byte
}

// Markdown configures Markdown rendering.
type Markdown struct {
	Unsafe bool `toml:"unsafe"` // allow raw HTML in content
}

// Identity is what a government website must show about who runs it
// (国办发〔2017〕47号).
type Identity struct {
	SiteName   string `toml:"siteName"`   // SiteName meta; defaults to the title
	SiteDomain string `toml:"siteDomain"` // SiteDomain meta; defaults to the base URL's host
	Sponsor    string `toml:"sponsor"`    // 主办单位
	Organizer  string `toml:"organizer"`  // 承办单位, optional
	Address    string `toml:"address"`    // office address, optional
	Contact    string `toml:"contact"`    // office telephone
	SiteCode   string `toml:"siteCode"`   // 网站标识码
	ICP        string `toml:"icp"`        // ICP备案号
	Police     string `toml:"police"`     // 公安备案号, e.g. 豫公网安备41100202000123号
	Badge      string `toml:"badge"`      // 党政机关标识 link, optional
}

// Privacy configures the publication scan.
type Privacy struct {
	Allow []string `toml:"allow"` // numbers that may be published, e.g. office hotlines
}

// Section describes a content column.
type Section struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	Type        string `toml:"type"` // ColumnType meta, e.g. 政策解读, 工作动态
}

// MenuItem is one entry of a menu.
type MenuItem struct {
	Name   string `toml:"name"`
	URL    string `toml:"url"` // site-relative, e.g. "news/"
	Weight int    `toml:"weight"`
}

// Menus holds the site's menus.
type Menus struct {
	Main []MenuItem `toml:"main"`
}

// Load reads config.toml from the root of fsys and applies defaults.
// baseURL, when not empty, overrides the file's base URL.
func Load(fsys fs.FS, baseURL string) (*Config, error) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		return nil, diag.Errorf(File, 0, "cannot read the site configuration: %v (is --source the folder that holds config.toml?)", err)
	}
	return Parse(data, baseURL)
}

// Parse parses config.toml text; see Load.
func Parse(data []byte, baseURL string) (*Config, error) {
	var c Config
	allow := func(key string) bool { return strings.HasPrefix(key, "params.") }
	if _, err := tomlfile.Decode(File, 1, data, &c, allow); err != nil {
		return nil, err
	}
	if baseURL != "" {
		c.BaseURL = baseURL
	}
	c.raw = data
	var list diag.List
	if c.Title == "" {
		list.Add(diag.Errorf(File, tomlfile.KeyLine(data, []string{"title"}), "title is empty: give the site's Chinese name"))
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "" && u.Host == "") || u.RawQuery != "" || u.Fragment != "" {
		list.Add(diag.Errorf(File, tomlfile.KeyLine(data, []string{"baseURL"}), "baseURL %q is not a site address like https://zrzy.xuchang.gov.cn/fzzf/", c.BaseURL))
	} else {
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
		}
		c.base = u
		c.BaseURL = u.String()
	}
	if c.Theme == "" {
		c.Theme = "default"
	}
	if c.Paginate <= 0 {
		c.Paginate = 10
	}
	if c.RSSLimit <= 0 {
		c.RSSLimit = 20
	}
	if c.Taxonomies == nil {
		c.Taxonomies = map[string]string{"tags": "标签", "units": "责任单位"}
	}
	for key := range c.Taxonomies {
		if key != "tags" && key != "units" && key != "indicators" {
			list.Add(diag.Errorf(File, tomlfile.KeyLine(data, []string{"taxonomies", key}), "taxonomy %q is not a front-matter list: use tags, units or indicators", key))
		}
	}
	if c.Identity.SiteName == "" {
		c.Identity.SiteName = c.Title
	}
	if c.Identity.SiteDomain == "" && c.base != nil {
		c.Identity.SiteDomain = c.base.Host
	}
	sort.SliceStable(c.Menu.Main, func(i, j int) bool { return c.Menu.Main[i].Weight < c.Menu.Main[j].Weight })
	if err := list.Err(); err != nil {
		return nil, err
	}
	return &c, nil
}

// IdentityProblems lists the government-site identity fields that are empty.
// The build fails on them (NORMS.md item 1): a public site without its
// 网站标识码 or record numbers is not allowed online.
func (c *Config) IdentityProblems() []*diag.Problem {
	var out []*diag.Problem
	for _, f := range []struct{ key, val, what string }{
		{"sponsor", c.Identity.Sponsor, "主办单位 (the bureau that runs the site)"},
		{"contact", c.Identity.Contact, "联系方式 (an office telephone)"},
		{"siteCode", c.Identity.SiteCode, "网站标识码"},
		{"icp", c.Identity.ICP, "ICP备案号"},
		{"police", c.Identity.Police, "公安备案号"},
	} {
		if strings.TrimSpace(f.val) == "" {
			line := tomlfile.KeyLine(c.raw, []string{"identity", f.key})
			out = append(out, diag.Errorf(File, line, "[identity] %s is empty: every page must show the %s; fill it in", f.key, f.what))
		}
	}
	return out
}

// BasePath is the path part of the base URL, always with a trailing slash:
// "/" or "/fzzf/".
func (c *Config) BasePath() string {
	if c.base == nil {
		return "/"
	}
	return c.base.Path
}

// AbsURL returns the absolute URL of a site path such as "/fzzf/news/" (a
// path already under BasePath) or of a relative one such as "news/".
func (c *Config) AbsURL(p string) string {
	if c.base == nil || c.base.Host == "" {
		return c.RelURL(p)
	}
	rel := c.RelURL(p)
	return c.base.Scheme + "://" + c.base.Host + rel
}

// RelURL returns the site-absolute path of p: "news/" becomes "/fzzf/news/";
// a path that already starts with the base path is returned as is; full URLs
// are returned unchanged.
func (c *Config) RelURL(p string) string {
	if strings.Contains(p, "://") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "mailto:") {
		return p
	}
	base := c.BasePath()
	if strings.HasPrefix(p, base) {
		return p
	}
	return base + strings.TrimPrefix(p, "/")
}

// SectionTitle returns the configured title of a section folder, or "".
func (c *Config) SectionTitle(name string) string {
	return c.Sections[name].Title
}

// PoliceCode returns the digits of the 公安备案号, used in its record-site link.
func (c *Config) PoliceCode() string {
	var b strings.Builder
	for _, r := range c.Identity.Police {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// String is for debugging.
func (c *Config) String() string { return fmt.Sprintf("config(%s %s)", c.Title, c.BaseURL) }
