// Package check holds the publication checks that look at a whole built
// site: it is a build Inspector, so every build (and `generator check`,
// which builds in memory) runs them.
//
// Errors (the build publishes nothing):
//
//   - a broken internal link: an href, src, form action, redirect, sitemap
//     <loc> or feed <link> that names no output file, or a link that leaves
//     the site's base path;
//   - a broken anchor: #fragment with no element of that id in the target;
//   - a missing image or attachment (the same check, for src and files);
//   - an image without alt text (alt="" only with role="presentation" or
//     aria-hidden="true");
//   - a published URL that vanished (see Registry).
//
// Problems are reported at the line of the Markdown file that holds the
// link when the link is written there; otherwise the link comes from a
// layout or an extension, and the problem names the output (once, with a
// count of the other outputs where it repeats).
//
// Warnings (site freshness, as of the build's as-of day; only when
// Checker.Warnings is set, as `generator check` does):
//
//   - an empty column: a top-level section with nothing published;
//   - a news column (section type containing 动态) with nothing new for 14
//     days, a policy or notice column (政策文件, 通知公告) for 6 months;
//   - a home page with nothing new for 14 days.
//
// These follow the 2019 inspection indicators (国办秘函〔2019〕19号). They are
// as-of warnings: an archived campaign column built as of today gets one
// line per stale column, saying how long it has been idle; check the
// campaign as it stood with --as-of.
package check

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"fzzf/generator/content"
	"fzzf/generator/diag"
	"fzzf/generator/site"
)

// RegistryFile is the URL registry's file, relative to the site source.
const RegistryFile = "urls.txt"

// Checker is the build extension that runs the publication checks. Use a
// new one per build (New); it keeps what it saw of one build.
type Checker struct {
	// Warnings turns on the freshness warnings. The build command leaves
	// them off (it runs the error-level checks); the check command sets it.
	Warnings bool

	s        *site.Site
	registry *Registry
	regErr   error
	sources  map[string][]byte // content file -> its text, for lines

	mu      sync.Mutex
	outputs map[string]*output
}

// output is what the checker keeps of one written file.
type output struct {
	source string
	html   bool
	ids    map[string]bool
	links  []link
	images []image
}

type link struct {
	target string // as written in the output
	line   int    // line in the output
	what   string // "link", "image", "script", ...
}

type image struct {
	src  string
	line int
}

// New returns a checker.
func New() *Checker { return &Checker{} }

// Schemas returns nil: the checker adds no front-matter keys.
func (c *Checker) Schemas() map[string]content.Schema { return nil }

// Extend remembers the site and reads the URL registry.
func (c *Checker) Extend(fsys fs.FS, s *site.Site) error {
	c.s = s
	c.outputs = map[string]*output{}
	c.sources = map[string][]byte{}
	for _, p := range s.All() {
		if p.Source != nil {
			c.sources[p.Source.File] = p.Source.Src
		}
	}
	c.registry, c.regErr = LoadRegistry(fsys)
	return c.regErr
}

// Inspect records the links, ids and images of one output file. It is safe
// for concurrent use.
func (c *Checker) Inspect(outPath, source string, data []byte) {
	o := &output{source: source}
	switch {
	case strings.HasSuffix(outPath, ".html"), strings.HasSuffix(outPath, ".htm"):
		o.html = true
		o.ids = map[string]bool{}
		scanTags(data, func(t tag) {
			if id, ok := t.attr("id"); ok && id != "" {
				o.ids[id] = true
			}
			if t.name == "a" {
				if n, ok := t.attr("name"); ok && n != "" {
					o.ids[n] = true
				}
			}
			for _, a := range linkAttrs[t.name] {
				if v, ok := t.attr(a); ok {
					o.links = append(o.links, link{target: v, line: t.line, what: describeTag(t.name)})
				}
			}
			if t.name == "meta" && strings.EqualFold(t.attrs["http-equiv"], "refresh") {
				if _, u, ok := strings.Cut(t.attrs["content"], "url="); ok {
					o.links = append(o.links, link{target: strings.TrimSpace(u), line: t.line, what: "redirect"})
				}
			}
			if t.name == "img" && !hasAlt(t) {
				src, _ := t.attr("src")
				o.images = append(o.images, image{src: src, line: t.line})
			}
		})
	case strings.HasSuffix(outPath, ".xml"):
		for _, el := range []string{"loc", "link"} {
			for _, m := range between(data, "<"+el+">", "</"+el+">") {
				o.links = append(o.links, link{target: m.text, line: m.line, what: el})
			}
		}
	}
	c.mu.Lock()
	c.outputs[outPath] = o
	c.mu.Unlock()
}

var linkAttrs = map[string][]string{
	"a":      {"href"},
	"area":   {"href"},
	"link":   {"href"},
	"img":    {"src"},
	"script": {"src"},
	"source": {"src"},
	"video":  {"src", "poster"},
	"audio":  {"src"},
	"track":  {"src"},
	"iframe": {"src"},
	"embed":  {"src"},
	"object": {"data"},
	"form":   {"action"},
}

func describeTag(name string) string {
	switch name {
	case "img":
		return "image"
	case "a", "area":
		return "link"
	case "link":
		return "stylesheet or feed link"
	case "script":
		return "script"
	}
	return name + " source"
}

func hasAlt(t tag) bool {
	if alt, ok := t.attr("alt"); ok && strings.TrimSpace(alt) != "" {
		return true
	} else if ok && (t.attrs["role"] == "presentation" || t.attrs["role"] == "none" || t.attrs["aria-hidden"] == "true") {
		return true
	}
	return false
}

type match struct {
	text string
	line int
}

func between(data []byte, open, close string) []match {
	var out []match
	s := string(data)
	line, from := 1, 0
	for {
		i := strings.Index(s[from:], open)
		if i < 0 {
			return out
		}
		i += from
		j := strings.Index(s[i+len(open):], close)
		if j < 0 {
			return out
		}
		line += strings.Count(s[from:i], "\n")
		out = append(out, match{text: strings.TrimSpace(s[i+len(open) : i+len(open)+j]), line: line})
		from = i
		from += len(open)
		line += strings.Count(s[i:from], "\n")
	}
}

// Problems runs the checks over everything inspected and returns the
// problems, sorted.
func (c *Checker) Problems() []*diag.Problem {
	if c.s == nil {
		return nil
	}
	var list diag.List
	list.Add(c.linkProblems()...)
	list.Add(c.registryProblems()...)
	if c.Warnings {
		list.Add(c.freshness()...)
	}
	return list.Problems()
}

// linkProblems checks every link and image of every output.
func (c *Checker) linkProblems() []*diag.Problem {
	base := c.s.Config.BasePath()
	var paths []string
	for p := range c.outputs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	seen := map[string]bool{}
	layout := map[string]*struct {
		p     *diag.Problem
		first string
		n     int
	}{}
	var layoutOrder []string
	var out []*diag.Problem
	report := func(o *output, outPath, needle, msg string) {
		file, line := c.locate(o.source, needle)
		if line > 0 {
			p := diag.Errorf(file, line, "%s", msg)
			if !seen[p.Error()] {
				seen[p.Error()] = true
				out = append(out, p)
			}
			return
		}
		// Not written in a Markdown file: made by a layout or an
		// extension, so it may repeat on many pages. Say it once.
		if e, ok := layout[msg]; ok {
			e.n++
			return
		}
		layout[msg] = &struct {
			p     *diag.Problem
			first string
			n     int
		}{diag.Errorf("", 0, "%s", msg), outPath, 0}
		layoutOrder = append(layoutOrder, msg)
	}
	for _, outPath := range paths {
		o := c.outputs[outPath]
		for _, l := range o.links {
			if msg := c.checkLink(base, outPath, o, l); msg != "" {
				report(o, outPath, l.target, msg)
			}
		}
		for _, im := range o.images {
			report(o, outPath, im.src, fmt.Sprintf("image %q has no alt text: describe it, e.g. ![会议现场](photo.jpg)", im.src))
		}
	}
	for _, msg := range layoutOrder {
		e := layout[msg]
		where := " (not in a Markdown file: made by a layout or an extension; in output " + e.first
		if e.n > 0 {
			where += fmt.Sprintf(" and %d more", e.n)
		}
		e.p.Msg += where + ")"
		out = append(out, e.p)
	}
	return out
}

// checkLink returns what is wrong with one link, or "".
func (c *Checker) checkLink(base, outPath string, o *output, l link) string {
	raw := strings.TrimSpace(l.target)
	if raw == "" || raw == "#" || strings.HasPrefix(raw, "#top") && len(raw) == 4 {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Sprintf("%s %q is not a valid URL", l.what, raw)
	}
	if u.Scheme != "" || u.Host != "" {
		// A full URL is checked only when it names this site's own host;
		// other sites are for a separate, non-blocking report.
		own, _ := url.Parse(c.s.Config.AbsURL("/"))
		if own == nil || own.Host == "" || !strings.EqualFold(u.Host, own.Host) ||
			u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
			return ""
		}
	}
	if un, err := url.PathUnescape(raw); err == nil {
		raw = un // say it as the editor wrote it
	}
	frag := u.Fragment
	target := outPath
	if u.Path != "" {
		p := u.Path
		if !strings.HasPrefix(p, "/") {
			dir := base + path.Dir(outPath) + "/"
			if path.Dir(outPath) == "." {
				dir = base
			}
			p = path.Join(dir, p)
			if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(p, "/") {
				p += "/"
			}
		}
		if p+"/" == base {
			p = base
		}
		if !strings.HasPrefix(p, base) {
			return fmt.Sprintf("%s %q leaves the site's base path %s: it breaks when the site is deployed there", l.what, raw, base)
		}
		rel := strings.TrimPrefix(p, base)
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		if _, ok := c.outputs[rel]; !ok {
			if _, ok := c.outputs[rel+"/index.html"]; ok && path.Ext(rel) == "" {
				rel += "/index.html"
			} else {
				return fmt.Sprintf("broken %s %q: the site has no %s", l.what, raw, strings.TrimPrefix(p, base[:len(base)-1]))
			}
		}
		target = rel
	}
	if frag == "" {
		return ""
	}
	t := c.outputs[target]
	if !t.html {
		return ""
	}
	if !t.ids[frag] {
		return fmt.Sprintf("broken anchor %q: %s has no element with id %q", raw, pageName(base, target), frag)
	}
	return ""
}

func pageName(base, out string) string {
	return base + strings.TrimSuffix(out, "index.html")
}

// locate finds the line of a content file that holds needle (a link
// target as it appears in the output), trying the forms an editor writes.
func (c *Checker) locate(source, needle string) (string, int) {
	src, ok := c.sources[source]
	if !ok {
		return source, 0
	}
	var cands []string
	add := func(s string) {
		if s != "" && s != "/" {
			cands = append(cands, s)
		}
	}
	add(needle)
	if un, err := url.PathUnescape(needle); err == nil {
		add(un)
	}
	if u, err := url.Parse(needle); err == nil {
		if f := u.Fragment; f != "" {
			add("#" + f)
		}
		if path.Ext(u.Path) != "" {
			add(path.Base(u.Path))
		}
	}
	lines := strings.Split(string(src), "\n")
	for _, cand := range cands {
		for i, l := range lines {
			if strings.Contains(l, cand) {
				return source, i + 1
			}
		}
	}
	return source, 0
}

// asOfDay is the build's as-of day at midnight, China time.
func (c *Checker) asOfDay() time.Time { return day(c.s.AsOf) }
