// Package render turns the assembled site into files: pages through
// html/template layouts, RSS feeds, sitemap.xml, robots.txt, alias
// redirects and static assets with fingerprinted names.
//
// # Layouts
//
// Layouts come from the theme's layouts/ folder; a file of the same name in
// the site's own layouts/ folder replaces the theme's. A site without a
// themes/ folder uses the default theme built into the binary.
//
// _default/baseof.html is the skeleton; other layouts fill its blocks with
// {{define "main"}}…{{end}}. Every file in partials/ is available to every
// layout ({{template "partials/footer.html" .}}). For a page the first
// existing layout of these is used:
//
//	article:        <section>/single.html, _default/single.html
//	section list:   <section>/list.html, _default/list.html
//	home:           index.html, _default/list.html
//	taxonomy list:  <taxonomy>/taxonomy.html, _default/taxonomy.html
//	term:           <taxonomy>/term.html, _default/term.html, _default/list.html
//	not found:      404.html
//
// The template functions are listed in funcs.go.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"os"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"fzzf/generator/diag"
	"fzzf/generator/render/fastexec"
	"fzzf/themes"
)

// layer is one place layouts and static files come from.
type layer struct {
	fsys  fs.FS
	label string // how problems name it: "layouts", "themes/default", "built-in theme default"
}

// Theme finds and parses layouts and lists static files.
type Theme struct {
	layouts []layer // site layouts first, then the theme
	statics []layer // site static first, then the theme's
	funcs   template.FuncMap

	mu    sync.Mutex
	cache map[string]*parsed

	findMu sync.Mutex
	found  map[string]int // layout file -> index of the layer that has it, or -1

	// Both maps below are read without a lock, by every page on every
	// core, and replaced by a copy (under their mutex) when they grow,
	// a few times per build.
	partialMu sync.Mutex
	cachedOut atomic.Pointer[map[partialKey]map[string]*partialOut] // partialCached results of this build, by variant keys
	cachedN   int                                                   // entries in cachedOut
	// overflow holds, under partialMu, the results past the first
	// maxCopied: a theme that caches a partial per page must not make
	// every new key copy thousands.
	overflow map[partialKey]map[string]*partialOut

	pageMu      sync.Mutex
	pageLayouts atomic.Pointer[map[pageKey]*parsed] // Lookup(Candidates(p)...) by what the candidates depend on

	fast sync.Map // *template.Template (a layout set) -> *fastLayout
}

// fastLayout is a layout set's fast executor (see Theme.Execute).
type fastLayout struct {
	funcs template.FuncMap // as the set has them, partialCached included
	fast  []fastexec.Func  // partialCached without an any per argument
	once  sync.Once
	prog  atomic.Pointer[fastexec.Program]
	fails atomic.Int32
}

// partialKey names the cached outputs of one partial: the layout set it
// was executed in and the partial.
type partialKey struct {
	root *template.Template
	name string
}

type partialOut struct {
	once sync.Once
	html template.HTML
	val  reflect.Value // of html
	err  error
}

type parsed struct {
	t     *template.Template
	entry string
	err   error
}

// LoadTheme prepares the layouts of theme name for a site rooted at src.
func LoadTheme(src fs.FS, name string, funcs template.FuncMap) (*Theme, error) {
	t := &Theme{funcs: funcs, cache: map[string]*parsed{}, found: map[string]int{}}
	if sub, ok := subdir(src, "layouts"); ok {
		t.layouts = append(t.layouts, layer{sub, "layouts"})
	}
	if sub, ok := subdir(src, "static"); ok {
		t.statics = append(t.statics, layer{sub, "static"})
	}
	themeDir := "themes/" + name
	switch theme, ok := subdir(src, themeDir); {
	case ok:
		if l, ok := subdir(theme, "layouts"); ok {
			t.layouts = append(t.layouts, layer{l, themeDir + "/layouts"})
		}
		if s, ok := subdir(theme, "static"); ok {
			t.statics = append(t.statics, layer{s, themeDir + "/static"})
		}
	case name == "default":
		l, _ := fs.Sub(themes.FS, "default/layouts")
		s, _ := fs.Sub(themes.FS, "default/static")
		t.layouts = append(t.layouts, layer{l, "(built-in theme) layouts"})
		t.statics = append(t.statics, layer{s, "(built-in theme) static"})
	default:
		return nil, diag.Errorf("config.toml", 0, "theme %q not found: there is no folder %s (leave theme unset to use the built-in default theme)", name, themeDir)
	}
	return t, nil
}

func subdir(fsys fs.FS, dir string) (fs.FS, bool) {
	st, err := fs.Stat(fsys, dir)
	if err != nil || !st.IsDir() {
		return nil, false
	}
	sub, err := fs.Sub(fsys, dir)
	return sub, err == nil
}

// SetFuncs sets the template functions; call it before the first Lookup.
func (t *Theme) SetFuncs(funcs template.FuncMap) { t.funcs = funcs }

// find returns the layer that has the layout file name. Answers are
// remembered: every page asks for its candidates, and a Theme lives for
// one build, during which the files do not change.
func (t *Theme) find(name string) (layer, bool) {
	t.findMu.Lock()
	i, ok := t.found[name]
	t.findMu.Unlock()
	if !ok {
		i = -1
		for j, l := range t.layouts {
			if st, err := fs.Stat(l.fsys, name); err == nil && !st.IsDir() {
				i = j
				break
			}
		}
		t.findMu.Lock()
		t.found[name] = i
		t.findMu.Unlock()
	}
	if i < 0 {
		return layer{}, false
	}
	return t.layouts[i], true
}

// partials lists partials/*.html over all layers, the site's winning.
func (t *Theme) partials() []string {
	seen := map[string]bool{}
	for _, l := range t.layouts {
		_ = fs.WalkDir(l.fsys, "partials", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
				seen[p] = true
			}
			return nil
		})
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the parsed template for the first existing layout among
// candidates, or a problem naming what was looked for.
func (t *Theme) Lookup(candidates ...string) (*template.Template, string, error) {
	var name string
	for _, c := range candidates {
		if _, ok := t.find(c); ok {
			name = c
			break
		}
	}
	if name == "" {
		return nil, "", diag.Errorf("", 0, "missing layout: none of %s exists in layouts/ or the theme; add one", strings.Join(candidates, ", "))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if p, ok := t.cache[name]; ok {
		return p.t, p.entry, p.err
	}
	p := &parsed{}
	p.t, p.entry, p.err = t.parse(name)
	t.cache[name] = p
	return p.t, p.entry, p.err
}

func (t *Theme) parse(name string) (*template.Template, string, error) {
	// Parsed with partialCached as an error; after parsing, the set is
	// copied for cached partials to run in (where it stays an error: one
	// nested in another, or in itself, would wait for its own result
	// forever) and the real function is put in the layouts' set.
	root := template.New("").Funcs(t.funcs).Funcs(template.FuncMap{"partialCached": nestedPartialCached})
	var list diag.List
	files := t.partials()
	entry := name
	if _, ok := t.find("_default/baseof.html"); ok && name != "_default/baseof.html" {
		files = append([]string{"_default/baseof.html"}, files...)
		entry = "_default/baseof.html"
	}
	files = append(files, name)
	for _, f := range files {
		l, _ := t.find(f)
		src, err := fs.ReadFile(l.fsys, f)
		if err != nil {
			list.Add(diag.Errorf(l.label+"/"+f, 0, "read layout: %v", err))
			continue
		}
		if _, err := root.New(f).Parse(string(src)); err != nil {
			list.Add(t.templateProblem(err))
		}
	}
	if err := list.Err(); err != nil {
		return nil, "", err
	}
	cachedSet, err := root.Clone()
	if err != nil {
		return nil, "", err
	}
	pc := &partialCacher{t: t, root: root, set: cachedSet}
	root.Funcs(template.FuncMap{"partialCached": pc.call})
	funcs := template.FuncMap{}
	for k, v := range t.funcs {
		funcs[k] = v
	}
	funcs["partialCached"] = pc.call // as root has it
	t.fast.Store(root, &fastLayout{funcs: funcs, fast: []fastexec.Func{{Name: "partialCached", Call: pc.fast}}})
	return root, entry, nil
}

// FastTemplates says whether layouts go through fastexec; FZZF_TEMPLATES=std
// turns it off, to compare with html/template's own executor.
var FastTemplates atomic.Bool

func init() { FastTemplates.Store(os.Getenv("FZZF_TEMPLATES") != "std") }

var fastRuns, handedBack atomic.Int64

// FastStats returns how many layout executions went through fastexec and
// how many it handed back to html/template since the process started.
func FastStats() (fast, handed int64) { return fastRuns.Load(), handedBack.Load() }

// Execute executes the layout entry of set (from Lookup) with data into w.
//
// A layout set's first execution is html/template's own, which escapes
// the templates; every later one goes through fastexec, which gives the
// same bytes several times faster. Whatever fastexec does not handle
// exactly as html/template would (an error of any kind included) it
// hands back, and the set is executed by html/template again: errors and
// output are then always html/template's.
func (t *Theme) Execute(set *template.Template, entry string, w *bytes.Buffer, data any) error {
	fl, _ := t.fast.Load(set)
	f, _ := fl.(*fastLayout)
	on := FastTemplates.Load()
	if f != nil && on {
		if p := f.prog.Load(); p != nil {
			start := w.Len()
			if err := p.Execute(w, data); err == nil {
				fastRuns.Add(1)
				return nil
			}
			handedBack.Add(1)
			w.Truncate(start)
			// A layout the fast executor keeps handing back costs two
			// executions a page: stop trying it.
			if f.fails.Add(1) == 100 {
				f.prog.Store(nil)
			}
		}
	}
	if err := set.ExecuteTemplate(w, entry, data); err != nil {
		return err
	}
	if f != nil && on {
		f.once.Do(func() {
			// After a successful execution the set is escaped.
			if p, err := fastexec.CompileFuncs(set, entry, f.funcs, f.fast, pageMethods...); err == nil {
				f.prog.Store(p)
			}
		})
	}
	return nil
}

// nestedPartialCached is partialCached inside a cached partial.
func nestedPartialCached(name string, _ any, _ ...any) (template.HTML, error) {
	return "", fmt.Errorf("partialCached %q inside a cached partial: use {{template %q .}} there", name, name)
}

// partialCacher is the partialCached function of one layout set:
//
//	{{partialCached "partials/nav.html" . (menuURL .URL) $top}}
//
// executes the partial once per build for each distinct list of variant
// keys and inserts the same HTML on every page that asks with those keys.
// Site-wide parts (header, footer) then cost one map lookup per page
// instead of dozens of template actions. The partial must show nothing but
// site-wide data and what its keys determine: the dot it sees is the first
// page that asked. The partial starts in HTML text context.
type partialCacher struct {
	t         *Theme
	root, set *template.Template // the layouts' set and the copy cached partials run in
}

// call is partialCached as html/template calls it.
func (pc *partialCacher) call(name string, dot any, variants ...any) (template.HTML, error) {
	var buf [128]byte
	key := buf[:0]
	for _, v := range variants {
		key = appendVariant(key, v)
	}
	out := pc.out(name, key)
	out.once.Do(func() { pc.run(out, name, dot) })
	return out.html, out.err
}

// fast is call for fastexec: args are name, dot and the variants as
// reflect.Values. It makes no any of a plain string or bool variant, nor
// of the dot unless the partial runs, and returns the same reflect.Value
// of the HTML every time.
func (pc *partialCacher) fast(args []reflect.Value) (reflect.Value, error) {
	var buf [128]byte
	key := buf[:0]
	for _, v := range args[2:] {
		switch v.Type() {
		case stringType:
			key = append(key, v.String()...)
			key = append(key, 0)
		case boolType:
			key = strconv.AppendBool(key, v.Bool())
			key = append(key, 0)
		default:
			key = appendVariant(key, v.Interface())
		}
	}
	name := args[0].String()
	out := pc.out(name, key)
	out.once.Do(func() { pc.run(out, name, args[1].Interface()) })
	return out.val, out.err
}

var (
	stringType = reflect.TypeFor[string]()
	boolType   = reflect.TypeFor[bool]()
)

// appendVariant appends one variant key and a 0 byte to key.
func appendVariant(key []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		key = append(key, v...) // what %v prints, without fmt's cost
	case bool:
		key = strconv.AppendBool(key, v)
	default:
		key = append(key, fmt.Sprintf("%v", v)...)
	}
	return append(key, 0)
}

// maxCopied is how many partialCached results are read without a lock;
// the copy made to add one is at most this large.
const maxCopied = 256

// out returns the cached output of the partial name for key.
func (pc *partialCacher) out(name string, key []byte) *partialOut {
	t := pc.t
	k := partialKey{root: pc.root, name: name}
	if m := t.cachedOut.Load(); m != nil {
		if out := (*m)[k][string(key)]; out != nil {
			return out
		}
	}
	t.partialMu.Lock()
	defer t.partialMu.Unlock()
	var old map[partialKey]map[string]*partialOut
	if m := t.cachedOut.Load(); m != nil {
		old = *m
	}
	if out := old[k][string(key)]; out != nil {
		return out
	}
	if out := t.overflow[k][string(key)]; out != nil {
		return out
	}
	out := &partialOut{}
	if t.cachedN >= maxCopied {
		if t.overflow == nil {
			t.overflow = map[partialKey]map[string]*partialOut{}
		}
		if t.overflow[k] == nil {
			t.overflow[k] = map[string]*partialOut{}
		}
		t.overflow[k][string(key)] = out
		return out
	}
	t.cachedN++
	byKey := maps.Clone(old[k])
	if byKey == nil {
		byKey = map[string]*partialOut{}
	}
	byKey[string(key)] = out
	m := maps.Clone(old)
	if m == nil {
		m = map[partialKey]map[string]*partialOut{}
	}
	m[k] = byKey
	t.cachedOut.Store(&m)
	return out
}

// run executes the partial into out, once.
func (pc *partialCacher) run(out *partialOut, name string, dot any) {
	defer func() { out.val = reflect.ValueOf(out.html) }()
	if pc.root.Lookup(name) == nil {
		out.err = fmt.Errorf("partialCached: no layout %q; put it in layouts/partials/", name)
		return
	}
	var b strings.Builder
	out.err = pc.set.ExecuteTemplate(&b, name, dot)
	out.html = template.HTML(b.String())
}

// LayoutFile names the file a template name came from, for problems.
func (t *Theme) LayoutFile(name string) string {
	if l, ok := t.find(name); ok {
		return l.label + "/" + name
	}
	return name
}

var tmplErr = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateProblem turns an html/template error into file:line: message.
func (t *Theme) templateProblem(err error) *diag.Problem {
	msg := err.Error()
	if m := tmplErr.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		rest := m[4]
		// Execution errors repeat the template name; keep the useful part.
		rest = strings.TrimPrefix(rest, " ")
		return diag.Errorf(t.LayoutFile(m[1]), line, "template: %s", rest)
	}
	return diag.Errorf("", 0, "template: %s", msg)
}

// Static is one static file to copy.
type Static struct {
	Path  string // output path relative to the site root, e.g. css/main.css
	Label string // where it came from, for problems
	fsys  fs.FS
}

// Read returns the file's bytes.
func (s Static) Read() ([]byte, error) { return fs.ReadFile(s.fsys, s.Path) }

// Statics lists every static file, the site's replacing the theme's, in
// path order.
func (t *Theme) Statics() ([]Static, error) {
	seen := map[string]Static{}
	for i := len(t.statics) - 1; i >= 0; i-- {
		l := t.statics[i]
		err := fs.WalkDir(l.fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasPrefix(path.Base(p), ".") {
				return nil
			}
			seen[p] = Static{Path: p, Label: l.label + "/" + p, fsys: l.fsys}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", l.label, err)
		}
	}
	out := make([]Static, 0, len(seen))
	for _, s := range seen {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}
