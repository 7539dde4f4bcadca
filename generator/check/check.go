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
//
// In the preview server, which builds again after every save, the
// checkers of a session share a Memo (memo.go): an output whose bytes did
// not change is not scanned again, and link targets are judged again only
// when the set of outputs changed or they point into a page (#fragment).
// A checker with a memo reports exactly what a fresh one reports.
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

	// Memo, when not nil, is what the checkers of a preview session keep
	// between builds: this checker reuses what the last one extracted from
	// the outputs that did not change, and leaves what it extracts for the
	// next one (see Memo). Set it before the build.
	Memo *Memo

	s        *site.Site
	all      []*site.Page
	registry *Registry
	regErr   error
	sources  map[string][]byte // content file -> its text, for lines; made when needed
	base     string            // the site's base path, e.g. /fzzf/
	ownHost  string            // the host of the site's base URL, "" if none
	memo     *Memo             // Memo, once Extend readied it

	once   sync.Once // sets up the fields below
	mu     sync.Mutex
	files  []file           // every output inspected, in no order (without a memo)
	index  [numShards]index // output path -> its place in files (without a memo)
	broken []occurrence     // problems found while inspecting (without a memo)
	recs   []*record        // every output inspected, in no order (with a memo)
	fresh  []*record        // the outputs scanned in this build (with a memo)
	found  int              // outputs that the memo's last build had too
	seed   maphash.Seed
	gen    uint64            // tells this checker's link numbers from others'
	links  *[numShards]shard // the link table (links.go); the memo's, with one
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
	c.base = s.Config.BasePath()
	c.ownHost = ""
	if own, err := url.Parse(s.Config.AbsURL("/")); err == nil {
		c.ownHost = own.Host
	}
	c.all = s.All()
	c.sources = nil
	if m := c.Memo; m != nil {
		m.begin(c.base, c.ownHost)
		c.memo = m
		c.reset()
		c.once.Do(func() {}) // Inspect need not reset
		c.registry, c.regErr = m.loadRegistry(fsys)
		return c.regErr
	}
	c.reset()
	c.once.Do(func() {}) // Inspect need not reset
	// Size the tables for what a site of this many pages makes: about one
	// and a half outputs and two link targets to check per page.
	c.files = make([]file, 0, len(c.all)+len(c.all)/2)
	for i := range c.index {
		c.index[i].m = make(map[string]uint32, (len(c.all)+len(c.all)/2)/numShards)
	}
	for i := range c.links {
		c.links[i].reset(2 * len(c.all) / numShards)
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
	c.files, c.broken, c.recs, c.fresh, c.found = nil, nil, nil, nil, 0
	c.gen = generation.Add(1)
	if m := c.memo; m != nil {
		c.seed, c.links = m.seed, &m.links
		return
	}
	for i := range c.index {
		c.index[i].m = map[string]uint32{}
	}
	c.seed = maphash.MakeSeed()
	c.links = new([numShards]shard)
	for i := range c.links {
		c.links[i].reset(0)
	}
}

// Inspect records the links, ids and images of one output file. It is safe
// for concurrent use; each output is inspected once. With a memo, data
// must not change after the call.
func (c *Checker) Inspect(outPath, source string, data []byte) {
	c.once.Do(c.reset)
	if c.memo != nil {
		c.inspectMemo(outPath, source, data)
		return
	}
	f := file{path: outPath, source: source}
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	c.extract(sc, &f, data)

	c.mu.Lock()
	n := uint32(len(c.files))
	c.files = append(c.files, f)
	ix := &c.index[maphash.String(c.seed, outPath)%numShards]
	ix.mu.Lock()
	ix.m[outPath] = n
	ix.mu.Unlock()
	c.broken = sc.occurrences(c.broken, n)
	c.mu.Unlock()
}

// inspectMemo is Inspect with a memo: it takes the last build's record of
// the output when it still holds, and scans the output otherwise.
func (c *Checker) inspectMemo(outPath, source string, data []byte) {
	m := c.memo
	html, xml := isHTML(outPath), isXML(outPath)
	r, had := m.reuse(outPath, source, data, html, xml)
	fresh := r == nil
	if fresh {
		r = &record{f: file{path: outPath, source: source}}
		if html || xml {
			r.data = data
		}
		sc := scratchPool.Get().(*scratch)
		c.extract(sc, &r.f, data)
		r.broken = sc.occurrences(nil, 0)
		sc.release()
	}
	c.mu.Lock()
	c.recs = append(c.recs, r)
	if fresh {
		c.fresh = append(c.fresh, r)
	}
	if had {
		c.found++
	}
	c.mu.Unlock()
}

// extract scans one output into f (its ids and the link table numbers of
// its links) and sc (broken links to places in f, images without alt).
func (c *Checker) extract(sc *scratch, f *file, data []byte) {
	switch {
	case isHTML(f.path):
		f.html = true
		scanTags(data, &sc.tag, sc.visit)
		if len(sc.ids) > 0 {
			f.ids = string(sc.ids)
		}
		f.nulIDs = clone(sc.nulIDs)
	case isXML(f.path):
		between(data, "<loc>", "</loc>", func(text []byte) { sc.links = append(sc.links, found{text, whatLoc}) })
		between(data, "<link>", "</link>", func(text []byte) { sc.links = append(sc.links, found{text, whatLink}) })
	}
	for _, l := range sc.links {
		c.addLink(sc, f, l)
	}
	f.links = clone(sc.targets)
}

func isHTML(outPath string) bool {
	return strings.HasSuffix(outPath, ".html") || strings.HasSuffix(outPath, ".htm")
}

func isXML(outPath string) bool { return strings.HasSuffix(outPath, ".xml") }

// occurrences appends to list the problems found in one output (number n)
// while scanning it.
func (sc *scratch) occurrences(list []occurrence, n uint32) []occurrence {
	for _, o := range sc.broken {
		o.file = n
		list = append(list, o)
	}
	for _, src := range sc.noAlt {
		list = append(list, occurrence{n, src, fmt.Sprintf("image %q has no alt text: describe it, e.g. ![会议现场](photo.jpg)", src)})
	}
	return list
}

// Problems runs the checks over everything inspected and returns the
// problems, sorted.
func (c *Checker) Problems() []*diag.Problem {
	if c.s == nil {
		return nil
	}
	same := false
	if m := c.memo; m != nil {
		same = m.finish(c.recs, c.fresh, c.found)
		m.Scanned, m.Reused = len(c.fresh), len(c.recs)-len(c.fresh)
	}
	var list diag.List
	list.Add(c.linkProblems(same)...)
	list.Add(c.registryProblems()...)
	if c.Warnings {
		list.Add(c.freshness()...)
	}
	if m := c.memo; m != nil {
		m.setLimit()
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
	if c.memo != nil {
		return c.memo.output(rel)
	}
	if i, ok := c.index[maphash.String(c.seed, rel)%numShards].m[rel]; ok {
		return &c.files[i]
	}
	return nil
}

// numFiles is the number of outputs inspected; fileAt returns one of them.
func (c *Checker) numFiles() int {
	if c.memo != nil {
		return len(c.recs)
	}
	return len(c.files)
}

func (c *Checker) fileAt(n uint32) *file {
	if c.memo != nil {
		return &c.recs[n].f
	}
	return &c.files[n]
}

// written reports whether the output at path rel is in already. It is
// safe for concurrent use. It is not for a checker with a memo, whose
// records must not depend on what else was written.
func (c *Checker) written(rel []byte) bool {
	ix := &c.index[maphash.Bytes(c.seed, rel)%numShards]
	ix.mu.RLock()
	_, ok := ix.m[string(rel)]
	ix.mu.RUnlock()
	return ok
}

// judge returns what is wrong with a link table key, the same in every
// output that holds it: a key names a link that means the same everywhere,
// or everywhere in its folder.
func (c *Checker) judge(key string, buf, rel []byte) (string, []byte, []byte) {
	what, raw, dir := splitKey(key)
	buf = append(buf[:0], raw...)
	var ok bool
	if rel, ok = c.quickPath(rel[:0], buf); ok && c.output(string(rel)) != nil {
		return "", buf, rel
	}
	outPath := "index.html"
	if dir != "" && dir != "." {
		outPath = dir + "/index.html"
	}
	return c.checkLink(outPath, raw, whats[what], c.output), buf, rel
}

// verdicts judges the link table keys: every one, or with a memo whose
// last build had the same outputs (same is true), only the keys that are
// new or whose verdict depends on the ids of their target. It returns the
// verdict of a key by number, and whether any is a problem.
func (c *Checker) verdicts(same bool) (func(k uint32) string, bool) {
	var buf, rel []byte
	some := false
	if m := c.memo; m != nil {
		for s := range c.links {
			sh := &c.links[s]
			vs := m.verdicts[s]
			if !same {
				vs = vs[:0]
			}
			for i := range vs {
				if vs[i].anchor {
					vs[i].msg, buf, rel = c.judge(sh.keys[i], buf, rel)
				}
			}
			for i := len(vs); i < len(sh.keys); i++ {
				var v verdict
				v.msg, buf, rel = c.judge(sh.keys[i], buf, rel)
				_, raw, _ := splitKey(sh.keys[i])
				v.anchor = strings.IndexByte(raw, '#') >= 0
				vs = append(vs, v)
			}
			for i := range vs {
				some = some || vs[i].msg != ""
			}
			m.verdicts[s] = vs
		}
		return func(k uint32) string { return m.verdicts[k%numShards][k>>shardBits].msg }, some
	}
	var verdicts [numShards][]string
	for s := range c.links {
		sh := &c.links[s]
		verdicts[s] = make([]string, len(sh.keys))
		for i, key := range sh.keys {
			var msg string
			if msg, buf, rel = c.judge(key, buf, rel); msg != "" {
				verdicts[s][i] = msg
				some = true
			}
		}
	}
	return func(k uint32) string { return verdicts[k%numShards][k>>shardBits] }, some
}

// linkProblems checks every link target once, then reports each broken
// link and image where it is written. same: see verdicts.
func (c *Checker) linkProblems(same bool) []*diag.Problem {
	verdict, some := c.verdicts(same)
	occs := append([]occurrence(nil), c.broken...)
	for n, r := range c.recs {
		for _, o := range r.broken {
			o.file = uint32(n)
			occs = append(occs, o)
		}
	}
	if some {
		for n := range c.numFiles() {
			for _, k := range c.fileAt(uint32(n)).links {
				if msg := verdict(k); msg != "" {
					_, raw, _ := splitKey(c.links[k%numShards].keys[k>>shardBits])
					occs = append(occs, occurrence{uint32(n), raw, msg})
				}
			}
		}
	}
	sort.Slice(occs, func(i, j int) bool {
		a, b := occs[i], occs[j]
		if pa, pb := c.fileAt(a.file).path, c.fileAt(b.file).path; pa != pb {
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
		f := c.fileAt(o.file)
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
	if c.sources == nil {
		c.sources = map[string][]byte{}
		for _, p := range c.all {
			if p.Source != nil {
				c.sources[p.Source.File] = p.Source.Src
			}
		}
	}
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

// Transient reports whether Inspect keeps nothing of the data it is given
// (it keeps copies of what it finds), which holds without a memo: a memo
// keeps each output's bytes to compare with the next build's.
func (c *Checker) Transient() bool { return c.Memo == nil && c.memo == nil }
