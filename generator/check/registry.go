package check

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"time"

	"fzzf/generator/diag"
	"fzzf/generator/site"
	"fzzf/generator/tomlfile"
)

// Registry is the URL registry (urls.txt at the site's root): every URL the
// site has published, with the day it was first published, so that no URL
// silently disappears. It is kept in the repository (an empty urls.txt
// starts it; a site without the file keeps no registry); `generator build`
// records new URLs after each successful publishing build, and every build
// and check fails when a registered URL no longer exists, unless
//
//   - a page now lists it in aliases (the redirect is an output at that
//     path), or
//   - its line is marked retired with a day, e.g.
//     `2022-10-12 /responses/old/ retired 2023-06-01 合并至新回应`.
//
// A URL is required only from its first-published day on, and a retired one
// only before its retired day, so rebuilding an earlier state with --as-of is
// never blocked by URLs published later.
//
// File format, one URL per line, sorted by URL, # starts a comment line:
//
//	<first published YYYY-MM-DD> <path under the base URL> [retired <YYYY-MM-DD> [note]]
//
// A page with an expiryDate is recorded as retired that day (note
// "(expiryDate)"), since its withdrawal is deliberate and dated.
//
// Paths are written without the base URL's path (/news/a/, not /fzzf/news/a/),
// so building for another address (--base-url) checks the same registry.
type Registry struct {
	Entries []Entry // sorted by Path
}

// Entry is one registered URL.
type Entry struct {
	Path    string    // under the base path, starting with /
	First   time.Time // first published
	Retired time.Time // zero unless retired
	Note    string    // why it was retired
	Line    int       // line in the file, 0 for new entries
}

const registryHeader = `# URL registry (已发布网址登记册) of this site: every published address and the
# day it was first published. "generator build" adds new addresses after each
# successful build for the real base URL; do not edit dates by hand.
# An address listed here may not disappear: when a page is removed or renamed,
# either add its old address to the new page's aliases = ["/old/path/"], or
# retire the line by appending: retired YYYY-MM-DD reason
`

// LoadRegistry reads urls.txt from the site source; a site without one has
// an empty registry.
func LoadRegistry(fsys fs.FS) (*Registry, error) {
	data, err := fs.ReadFile(fsys, RegistryFile)
	if errors.Is(err, fs.ErrNotExist) {
		return &Registry{}, nil
	}
	if err != nil {
		return nil, diag.Errorf(RegistryFile, 0, "read: %v", err)
	}
	return ParseRegistry(data)
}

// ParseRegistry parses the registry file's text.
func ParseRegistry(data []byte) (*Registry, error) {
	r := &Registry{}
	var list diag.List
	seen := map[string]int{}
	for i, l := range strings.Split(string(data), "\n") {
		n := i + 1
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Fields(l)
		if len(f) < 2 {
			list.Add(diag.Errorf(RegistryFile, n, "want: <YYYY-MM-DD> <path> [retired <YYYY-MM-DD> [note]]"))
			continue
		}
		first, err := time.ParseInLocation("2006-01-02", f[0], tomlfile.China)
		if err != nil {
			list.Add(diag.Errorf(RegistryFile, n, "first-published day %q: write it as YYYY-MM-DD", f[0]))
			continue
		}
		p, err := url.PathUnescape(f[1])
		if err != nil || !strings.HasPrefix(p, "/") {
			list.Add(diag.Errorf(RegistryFile, n, "path %q must start with / (the address under the base URL)", f[1]))
			continue
		}
		e := Entry{Path: p, First: first, Line: n}
		if len(f) > 2 {
			if f[2] != "retired" || len(f) < 4 {
				list.Add(diag.Errorf(RegistryFile, n, "after the path only \"retired YYYY-MM-DD note\" may follow"))
				continue
			}
			e.Retired, err = time.ParseInLocation("2006-01-02", f[3], tomlfile.China)
			if err != nil {
				list.Add(diag.Errorf(RegistryFile, n, "retired day %q: write it as YYYY-MM-DD", f[3]))
				continue
			}
			e.Note = strings.Join(f[4:], " ")
		}
		if prev, ok := seen[p]; ok {
			list.Add(diag.Errorf(RegistryFile, n, "path %s is listed twice (also on line %d)", p, prev))
			continue
		}
		seen[p] = n
		r.Entries = append(r.Entries, e)
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	r.sort()
	return r, nil
}

func (r *Registry) sort() {
	sort.Slice(r.Entries, func(i, j int) bool { return r.Entries[i].Path < r.Entries[j].Path })
}

// Encode returns the file's text: the header, then one line per URL,
// sorted, so the same registry always gives the same bytes.
func (r *Registry) Encode() []byte {
	var b bytes.Buffer
	b.WriteString(registryHeader)
	for _, e := range r.Entries {
		fmt.Fprintf(&b, "%s %s", e.First.Format("2006-01-02"), strings.ReplaceAll(e.Path, " ", "%20"))
		if !e.Retired.IsZero() {
			fmt.Fprintf(&b, " retired %s", e.Retired.Format("2006-01-02"))
			if e.Note != "" {
				b.WriteString(" " + e.Note)
			}
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// expiryNote marks a retirement that comes from the page's expiryDate.
const expiryNote = "(expiryDate)"

// Record adds the URLs of a built site that are not registered yet, and
// moves a registered first-published day earlier when the site shows the
// URL existed before it. It reports whether anything changed. Pages shown
// only because of --drafts must not be recorded: call it for publishing
// builds only.
func (r *Registry) Record(s *site.Site) bool {
	idx := map[string]int{}
	for i, e := range r.Entries {
		idx[e.Path] = i
	}
	changed := false
	for _, p := range published(s) {
		first := firstPublished(p, s.AsOf)
		i, ok := idx[p.path]
		if !ok {
			i = len(r.Entries)
			idx[p.path] = i
			r.Entries = append(r.Entries, Entry{Path: p.path, First: first})
			changed = true
		}
		e := &r.Entries[i]
		if first.Before(e.First) {
			e.First = first
			changed = true
		}
		// An expiryDate withdraws the page on purpose: it retires the URL
		// that day, unless the line was retired by hand.
		var expiry time.Time
		if p.Source != nil {
			expiry = p.Source.Front.ExpiryDate
		}
		switch {
		case !expiry.IsZero() && (e.Retired.IsZero() || e.Note == expiryNote) && !e.Retired.Equal(day(expiry)):
			e.Retired, e.Note = day(expiry), expiryNote
			changed = true
		case expiry.IsZero() && e.Note == expiryNote:
			e.Retired, e.Note = time.Time{}, ""
			changed = true
		}
	}
	r.sort()
	return changed
}

// publishedPage is a page with its path under the base path.
type publishedPage struct {
	*site.Page
	path string
}

// published returns the pages of s whose URLs the registry keeps: every
// page with its own URL except the 404 page and previews. Pager pages
// (page/2/) are not kept: they shift as a list grows.
func published(s *site.Site) []publishedPage {
	var out []publishedPage
	base := s.Config.BasePath()
	for _, p := range s.All() {
		if p.Kind == site.Kind404 || p.Preview || p.Draft {
			continue
		}
		rel := "/" + strings.TrimPrefix(p.URL, base)
		if un, err := url.PathUnescape(rel); err == nil {
			rel = un
		}
		out = append(out, publishedPage{p, rel})
	}
	return out
}

// firstPublished is the earliest day a page is known to have existed: an
// article's publish date, a list's oldest entry, else the as-of day.
func firstPublished(p publishedPage, asOf time.Time) time.Time {
	earliest := day(asOf)
	consider := func(t time.Time) {
		if !t.IsZero() && day(t).Before(earliest) {
			earliest = day(t)
		}
	}
	if p.Source != nil && p.Kind == site.KindPage {
		if pd := p.Source.Front.PublishDate; !pd.IsZero() {
			consider(pd)
			return earliest
		}
		consider(p.Date)
		return earliest
	}
	var entries []*site.Page
	switch p.Kind {
	case site.KindHome, site.KindSection:
		entries = p.RecursivePages()
	case site.KindTerm:
		entries = p.Pages
	case site.KindTaxonomy:
		for _, t := range p.Sections {
			entries = append(entries, t.Pages...)
		}
	}
	for _, e := range entries {
		consider(e.Date)
	}
	return earliest
}

// registryProblems reports registered URLs that have no output.
func (c *Checker) registryProblems() []*diag.Problem {
	if c.registry == nil {
		return nil
	}
	asOf := c.asOfDay()
	cfg := c.s.Config
	var out []*diag.Problem
	var outPaths []string // the output path of each entry, kept by a memo
	if c.memo != nil {
		outPaths = c.memo.registryOutputs(c.registry, c.s)
	}
	for i, e := range c.registry.Entries {
		if e.First.After(asOf) {
			continue // published later than the state being built
		}
		if !e.Retired.IsZero() && !e.Retired.After(asOf) {
			continue
		}
		var outPath string
		if outPaths != nil {
			outPath = outPaths[i]
		} else {
			outPath = site.OutPath(cfg, cfg.RelURL(e.Path))
		}
		if c.output(outPath) != nil {
			continue
		}
		out = append(out, diag.Errorf(RegistryFile, e.Line,
			"published URL %s (first published %s) has vanished: restore the page, add aliases = [%q] to the page that replaces it, or retire the URL by appending \"retired %s <reason>\" to this line",
			e.Path, e.First.Format("2006-01-02"), e.Path, asOf.Format("2006-01-02")))
	}
	return out
}

// day truncates t to its day in China.
func day(t time.Time) time.Time {
	y, m, d := t.In(tomlfile.China).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, tomlfile.China)
}
