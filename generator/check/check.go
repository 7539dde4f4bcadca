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
//
// The checker stays cheap on big sites (10,000 pages, 15,000 outputs):
// Inspect scans each output once, from "<" to "<", reading only the
// attributes the checks need, without allocating (scanTags). It keeps per
// output its path, source, ids and the numbers of its links in a link
// table that holds each link target once (links.go); links known to be
// good as they are seen (to a place in the same page, to the page itself,
// to an output written before, to another site) are not kept at all.
// Problems then judges each target in the table once.
package check

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
	base     string            // the site's base path, e.g. /fzzf/
	ownHost  string            // the host of the site's base URL, "" if none

	once   sync.Once // sets up the fields below
	mu     sync.Mutex
	files  []file           // every output inspected, in no order
	index  [numShards]index // output path -> its place in files
	broken []occurrence     // problems found while inspecting
	seed   maphash.Seed
	gen    uint64           // tells this checker's link numbers from others'
	links  [numShards]shard // the link table (links.go)
}

// file is what the checker keeps of one output.
type file struct {
	path   string // output path, e.g. news/a/index.html
	source string // content file it was made from, or ""
	html   bool
	// ids holds the ids (and <a name>s) of an HTML output, each followed
	// by a NUL and the first preceded by one: "\x00main\x00小节\x00";
	// nulIDs the odd ids that have a NUL in them.
	ids    string
	nulIDs []string
	// links holds the link table number of each link to another output,
	// in document order.
	links []uint32
}

// hasID reports whether f has an element with the given id.
func (f *file) hasID(id string) bool {
	if id == "" {
		return false
	}
	if strings.IndexByte(id, 0) >= 0 {
		return slices.Contains(f.nulIDs, id)
	}
	for from := 0; ; {
		i := strings.Index(f.ids[from:], id)
		if i < 0 {
			return false
		}
		i += from
		if i > 0 && f.ids[i-1] == 0 && i+len(id) < len(f.ids) && f.ids[i+len(id)] == 0 {
			return true
		}
		from = i + 1
	}
}

// occurrence is one broken link or image in one output.
type occurrence struct {
	file   uint32 // in Checker.files
	needle string // the link as written in the output, to find its line
	msg    string
}

// New returns a checker.
func New() *Checker { return &Checker{} }

// Schemas returns nil: the checker adds no front-matter keys.
func (c *Checker) Schemas() map[string]content.Schema { return nil }

// Extend remembers the site and reads the URL registry.
func (c *Checker) Extend(fsys fs.FS, s *site.Site) error {
	c.s = s
	c.reset()
	c.once.Do(func() {}) // Inspect need not reset
	// Size the tables for what a site of this many pages makes: about one
	// and a half outputs and two link targets to check per page.
	all := s.All()
	c.files = make([]file, 0, len(all)+len(all)/2)
	for i := range c.index {
		c.index[i].m = make(map[string]uint32, (len(all)+len(all)/2)/numShards)
	}
	for i := range c.links {
		c.links[i].ids = make(map[string]uint32, 2*len(all)/numShards)
	}
	c.base = s.Config.BasePath()
	c.ownHost = ""
	if own, err := url.Parse(s.Config.AbsURL("/")); err == nil {
		c.ownHost = own.Host
	}
	c.sources = map[string][]byte{}
	for _, p := range all {
		if p.Source != nil {
			c.sources[p.Source.File] = p.Source.Src
		}
	}
	c.registry, c.regErr = LoadRegistry(fsys)
	return c.regErr
}

// clone returns a copy of s that shares nothing with it (nil if empty).
func clone[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// generation numbers checkers (and their resets), for the scratch caches.
var generation atomic.Uint64

// reset forgets every output inspected.
func (c *Checker) reset() {
	c.files, c.broken = nil, nil
	for i := range c.index {
		c.index[i].m = map[string]uint32{}
	}
	c.seed = maphash.MakeSeed()
	c.gen = generation.Add(1)
	for i := range c.links {
		c.links[i].ids, c.links[i].keys = map[string]uint32{}, nil
	}
}

// Inspect records the links, ids and images of one output file. It is safe
// for concurrent use; each output is inspected once.
func (c *Checker) Inspect(outPath, source string, data []byte) {
	c.once.Do(c.reset)
	f := file{path: outPath, source: source}
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	switch {
	case strings.HasSuffix(outPath, ".html"), strings.HasSuffix(outPath, ".htm"):
		f.html = true
		scanTags(data, &sc.tag, sc.visit)
		if len(sc.ids) > 0 {
			f.ids = string(sc.ids)
		}
		f.nulIDs = clone(sc.nulIDs)
	case strings.HasSuffix(outPath, ".xml"):
		between(data, "<loc>", "</loc>", func(text []byte) { sc.links = append(sc.links, found{text, whatLoc}) })
		between(data, "<link>", "</link>", func(text []byte) { sc.links = append(sc.links, found{text, whatLink}) })
	}

	for _, l := range sc.links {
		c.addLink(sc, &f, l)
	}
	f.links = clone(sc.targets)

	c.mu.Lock()
	n := uint32(len(c.files))
	c.files = append(c.files, f)
	ix := &c.index[maphash.String(c.seed, outPath)%numShards]
	ix.mu.Lock()
	ix.m[outPath] = n
	ix.mu.Unlock()
	for i := range sc.broken {
		sc.broken[i].file = n
	}
	c.broken = append(c.broken, sc.broken...)
	for _, src := range sc.noAlt {
		c.broken = append(c.broken, occurrence{n, src, fmt.Sprintf("image %q has no alt text: describe it, e.g. ![会议现场](photo.jpg)", src)})
	}
	c.mu.Unlock()
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

// index is a shard of the output paths: Inspect looks up paths in it while
// other outputs are added.
type index struct {
	mu sync.RWMutex
	m  map[string]uint32 // output path -> its place in Checker.files
}

// output returns the output at path rel, or nil. It is for Problems, when
// every output is in.
func (c *Checker) output(rel string) *file {
	if i, ok := c.index[maphash.String(c.seed, rel)%numShards].m[rel]; ok {
		return &c.files[i]
	}
	return nil
}

// written reports whether the output at path rel is in already. It is
// safe for concurrent use.
func (c *Checker) written(rel []byte) bool {
	ix := &c.index[maphash.Bytes(c.seed, rel)%numShards]
	ix.mu.RLock()
	_, ok := ix.m[string(rel)]
	ix.mu.RUnlock()
	return ok
}

// linkProblems checks every link target once, then reports each broken
// link and image where it is written.
func (c *Checker) linkProblems() []*diag.Problem {
	// What is wrong with each link table key, the same in every output
	// that holds it: a key names a link that means the same everywhere, or
	// everywhere in its folder.
	var verdicts [numShards][]string
	some := false
	var buf, rel []byte
	for s := range c.links {
		sh := &c.links[s]
		verdicts[s] = make([]string, len(sh.keys))
		for i, key := range sh.keys {
			what, raw, dir := splitKey(key)
			buf = append(buf[:0], raw...)
			var ok bool
			if rel, ok = c.quickPath(rel[:0], buf); ok && c.output(string(rel)) != nil {
				continue
			}
			outPath := "index.html"
			if dir != "" && dir != "." {
				outPath = dir + "/index.html"
			}
			if msg := c.checkLink(outPath, raw, whats[what], c.output); msg != "" {
				verdicts[s][i] = msg
				some = true
			}
		}
	}
	occs := append([]occurrence(nil), c.broken...)
	if some {
		for n := range c.files {
			for _, k := range c.files[n].links {
				if msg := verdicts[k%numShards][k>>shardBits]; msg != "" {
					_, raw, _ := splitKey(c.links[k%numShards].keys[k>>shardBits])
					occs = append(occs, occurrence{uint32(n), raw, msg})
				}
			}
		}
	}
	sort.Slice(occs, func(i, j int) bool {
		a, b := occs[i], occs[j]
		if pa, pb := c.files[a.file].path, c.files[b.file].path; pa != pb {
			return pa < pb
		}
		if a.msg != b.msg {
			return a.msg < b.msg
		}
		return a.needle < b.needle
	})

	seen := map[string]bool{}
	type repeated struct {
		p     *diag.Problem
		first string
		n     int
	}
	layout := map[string]*repeated{}
	var layoutOrder []string
	var out []*diag.Problem
	lines := map[string][]string{}
	for _, o := range occs {
		f := &c.files[o.file]
		file, line := c.locate(lines, f.source, o.needle)
		if line > 0 {
			p := diag.Errorf(file, line, "%s", o.msg)
			if !seen[p.Error()] {
				seen[p.Error()] = true
				out = append(out, p)
			}
			continue
		}
		// Not written in a Markdown file: made by a layout or an
		// extension, so it may repeat on many pages. Say it once.
		if e, ok := layout[o.msg]; ok {
			e.n++
			continue
		}
		layout[o.msg] = &repeated{diag.Errorf("", 0, "%s", o.msg), f.path, 0}
		layoutOrder = append(layoutOrder, o.msg)
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

// checkLink returns what is wrong with one link (target, as written in the
// output at outPath), or "". find returns the output at a path, or nil.
func (c *Checker) checkLink(outPath, target, what string, find func(rel string) *file) string {
	base := c.base
	raw := strings.TrimSpace(target)
	if raw == "" || raw == "#" || raw == "#top" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Sprintf("%s %q is not a valid URL", what, raw)
	}
	if c.elsewhere(u) {
		return ""
	}
	if un, err := url.PathUnescape(raw); err == nil {
		raw = un // say it as the editor wrote it
	}
	frag := u.Fragment
	target = outPath
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
			return fmt.Sprintf("%s %q leaves the site's base path %s: it breaks when the site is deployed there", what, raw, base)
		}
		rel := strings.TrimPrefix(p, base)
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		if find(rel) == nil {
			if find(rel+"/index.html") != nil && path.Ext(rel) == "" {
				rel += "/index.html"
			} else {
				return fmt.Sprintf("broken %s %q: the site has no %s", what, raw, strings.TrimPrefix(p, base[:len(base)-1]))
			}
		}
		target = rel
	}
	if frag == "" {
		return ""
	}
	t := find(target)
	if t == nil || !t.html {
		return ""
	}
	if !t.hasID(frag) {
		return fmt.Sprintf("broken anchor %q: %s has no element with id %q", raw, pageName(base, target), frag)
	}
	return ""
}

// quickPath appends to buf the output path that link raw names, when raw
// is plainly a path or a URL on the site's own host under the base path,
// with nothing in it that url.Parse would take apart; for such a link,
// checkLink finds nothing wrong if and only if that output exists. For
// any other link it reports false.
func (c *Checker) quickPath(buf, raw []byte) ([]byte, bool) {
	p := raw
	for _, scheme := range [...]string{"https://", "http://"} {
		if rest, ok := bytes.CutPrefix(raw, []byte(scheme)); ok && c.ownHost != "" {
			if rest, ok = bytes.CutPrefix(rest, []byte(c.ownHost)); ok && len(rest) > 0 && rest[0] == '/' {
				p = rest
			}
		}
	}
	for _, b := range p {
		switch {
		case b == '?', b == '#', b <= ' ', b >= 0x7f:
			return buf, false
		}
	}
	// The path as url.Parse gives it, less the base path.
	start := len(buf)
	buf, ok := unescapeFragment(buf, p)
	if !ok || !bytes.HasPrefix(buf[start:], []byte(c.base)) || !strings.HasPrefix(c.base, "/") {
		return buf[:start], false
	}
	buf = append(buf[:start], buf[start+len(c.base):]...)
	if len(buf) == start || buf[len(buf)-1] == '/' {
		buf = append(buf, "index.html"...)
	}
	return buf, true
}

// elsewhere reports whether u is a full URL that does not name this site's
// own host: such links are for a separate, non-blocking report.
func (c *Checker) elsewhere(u *url.URL) bool {
	return (u.Scheme != "" || u.Host != "") &&
		(c.ownHost == "" || !strings.EqualFold(u.Host, c.ownHost) ||
			u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https")
}

func pageName(base, out string) string {
	return base + strings.TrimSuffix(out, "index.html")
}

// locate finds the line of a content file that holds needle (a link
// target as it appears in the output), trying the forms an editor writes.
// lines caches the content files split into lines.
func (c *Checker) locate(lines map[string][]string, source, needle string) (string, int) {
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
	ls, ok := lines[source]
	if !ok {
		ls = strings.Split(string(src), "\n")
		lines[source] = ls
	}
	for _, cand := range cands {
		for i, l := range ls {
			if strings.Contains(l, cand) {
				return source, i + 1
			}
		}
	}
	return source, 0
}

// asOfDay is the build's as-of day at midnight, China time.
func (c *Checker) asOfDay() time.Time { return day(c.s.AsOf) }
