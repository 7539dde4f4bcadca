package portal

import (
	"fmt"
	"hash/fnv"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"fzzf/generator/config"
	"fzzf/generator/content"
	"fzzf/generator/diag"
	"fzzf/generator/indicator"
	"fzzf/generator/ledger"
	"fzzf/generator/progress"
	"fzzf/generator/site"
)

// builder holds one build's portal state, step by step.
type builder struct {
	s    *site.Site
	cfg  *config.Config
	data *indicator.Data

	units     []*UnitRef
	unitByKey map[string]*UnitRef
	unitViews map[string]*Unit
	owing     []string // codes of the units that owe a ledger every month

	indicators []*Indicator
	indByID    map[int]*Indicator
	categories []*Category
	catByN     map[int]*Category
	methods    []*Method

	// Content taken over from the site: prose for generated pages.
	adopted map[string]*site.Page // URL -> detached content page

	// References from published content.
	indRefs  map[int][]*site.Page
	unitRefs map[string][]*site.Page

	memo *Memo // nil outside a preview session

	ledgers []*ledger.Ledger                           // every parsed ledger
	counted []*ledger.Ledger                           // those that count as of the build day
	byMonth map[ledger.Month]map[string]*ledger.Ledger // counted, by month and unit code
	report  *progress.Report
	months  []ledger.Month                    // months with a page, oldest first
	monthly map[ledger.Month]*progress.Report // progress by ledger month
	// monthURLs caches monthURL: indicator histories ask for it thousands
	// of times.
	monthURLs map[ledger.Month]string

	indPages  map[int]*site.Page
	unitPages map[string]*site.Page
	catPages  map[int]*site.Page
}

func newBuilder(s *site.Site, d *indicator.Data) *builder {
	b := &builder{
		s: s, cfg: s.Config, data: d,
		unitByKey: map[string]*UnitRef{},
		unitViews: map[string]*Unit{},
		indByID:   map[int]*Indicator{},
		catByN:    map[int]*Category{},
		adopted:   map[string]*site.Page{},
		indRefs:   map[int][]*site.Page{},
		unitRefs:  map[string][]*site.Page{},
		monthly:   map[ledger.Month]*progress.Report{},
		monthURLs: map[ledger.Month]string{},
		indPages:  map[int]*site.Page{},
		unitPages: map[string]*site.Page{},
		catPages:  map[int]*site.Page{},
	}
	for _, u := range d.Units {
		ref := &UnitRef{Code: u.Code, Name: u.Name, Kind: u.Kind, KindLabel: kindLabel(u.Kind),
			URL: s.Config.RelURL("/units/" + u.Code + "/"), Group: u.Kind == indicator.KindGroup}
		b.units = append(b.units, ref)
		b.unitByKey[u.Code] = ref
		b.unitViews[u.Code] = &Unit{UnitRef: ref, Aliases: u.Aliases}
		if len(d.UnitIndicators(u.Code)) > 0 {
			b.owing = append(b.owing, u.Code)
		}
	}
	for _, c := range d.Categories {
		cv := &Category{N: c.N, Numeral: c.Numeral, Name: c.Name, URL: s.Config.RelURL("/categories/" + strconv.Itoa(c.N) + "/")}
		for _, g := range c.Groups {
			cv.Groups = append(cv.Groups, &Group{N: g.N, Name: g.Name})
		}
		b.categories = append(b.categories, cv)
		b.catByN[c.N] = cv
	}
	methodByName := map[string]*Method{}
	for _, in := range d.Indicators {
		iv := &Indicator{
			ID: in.ID, URL: s.Config.RelURL("/indicators/" + strconv.Itoa(in.ID) + "/"),
			Label: "指标" + strconv.Itoa(in.ID), Text: in.Text, TextMissing: in.TextMissing || in.Text == "",
			Category: b.catByN[in.Category], GroupN: in.Group, Materials: in.Materials,
		}
		if g, ok := d.Group(in.Category, in.Group); ok {
			iv.GroupName = g.Name
		}
		for _, name := range in.Methods {
			m, ok := methodByName[name]
			if !ok {
				code := methodCode(name)
				m = &Method{MethodRef: MethodRef{Name: name, Code: code, URL: s.Config.RelURL("/indicators/methods/" + code + "/")}}
				methodByName[name] = m
				b.methods = append(b.methods, m)
			}
			m.Indicators = append(m.Indicators, iv)
			iv.Methods = append(iv.Methods, &m.MethodRef)
			if name == "网络检索" {
				iv.WebSearch = true
			}
		}
		for _, code := range in.Units {
			if u := b.unitByKey[code]; u != nil {
				iv.Units = append(iv.Units, u)
			}
		}
		b.indicators = append(b.indicators, iv)
		b.indByID[in.ID] = iv
		if cv := iv.Category; cv != nil {
			cv.IndicatorsN++
			for _, g := range cv.Groups {
				if g.N == in.Group {
					g.Indicators = append(g.Indicators, iv)
				}
			}
		}
	}
	orderMethods(b.methods)
	return b
}

// knownMethods gives the assessment methods of the plan stable ASCII codes
// for their URLs, in the order they are listed.
var knownMethods = []struct{ name, code string }{
	{"查看资料", "documents"},
	{"网络检索", "web"},
	{"随机访谈", "interview"},
	{"实地查看", "onsite"},
	{"问卷调查", "survey"},
	{"随机抽查", "spot-check"},
	{"查阅案卷", "case-files"},
	{"群众满意度测评", "satisfaction"},
	{"网络考试", "online-exam"},
}

// methodCode returns the URL code of a method: a known one's, else a stable
// hash of its name.
func methodCode(name string) string {
	for _, m := range knownMethods {
		if m.name == name {
			return m.code
		}
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("method-%08x", h.Sum32())
}

func orderMethods(ms []*Method) {
	rank := func(m *Method) int {
		for i, k := range knownMethods {
			if k.name == m.Name {
				return i
			}
		}
		return len(knownMethods)
	}
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0; j-- {
			a, c := ms[j-1], ms[j]
			if rank(a) < rank(c) || (rank(a) == rank(c) && a.Code <= c.Code) {
				break
			}
			ms[j-1], ms[j] = c, a
		}
	}
}

func kindLabel(kind string) string {
	switch kind {
	case indicator.KindOffice:
		return "局机关科室"
	case indicator.KindCentre:
		return "局属单位"
	case indicator.KindBranch:
		return "分局"
	case indicator.KindGroup:
		return "汇总类责任单位"
	case indicator.KindOutside:
		return "局外单位"
	}
	return "其他"
}

// unit returns the unit view for any spelling of a unit, or nil.
func (b *builder) unit(name string) *UnitRef {
	u, ok := b.data.Unit(name)
	if !ok {
		return nil
	}
	return b.unitByKey[u.Code]
}

// takeContent removes the generic units and indicators taxonomies and takes
// the content under content/indicators/ and content/progress/ out of the
// site: those pages become the prose of the generated pages at their URLs.
func (b *builder) takeContent() error {
	b.s.RemoveTaxonomy("units")
	b.s.RemoveTaxonomy("indicators")
	var list diag.List
	var take []*site.Page
	for _, p := range b.s.All() {
		dir := ""
		switch {
		case p.Kind == site.KindSection:
			dir = p.Dir
		case p.Source != nil && p.Kind == site.KindPage:
			dir = p.Source.Dir
		default:
			continue
		}
		top, _, _ := strings.Cut(dir, "/")
		if top != IndicatorsDir && top != ProgressDir {
			continue
		}
		take = append(take, p)
	}
	for _, p := range take {
		if pr := b.checkProse(p); pr != nil {
			list.Add(pr...)
			continue
		}
		b.s.Detach(p)
		if p.Source != nil {
			b.adopted[p.URL] = p
		}
	}
	return list.Err()
}

// checkProse checks a content page under content/indicators/ or
// content/progress/: only the prose this package knows what to do with.
func (b *builder) checkProse(p *site.Page) []*diag.Problem {
	if p.Kind == site.KindSection {
		if p.Dir == IndicatorsDir || p.Dir == ProgressDir {
			return nil
		}
		if m, err := ledger.ParseMonth(strings.TrimPrefix(p.Dir, ProgressDir+"/")); err == nil && p.Dir == ProgressDir+"/"+m.String() {
			return nil
		}
		if p.Source == nil {
			return nil // a folder of other pages, reported with them
		}
		return []*diag.Problem{diag.Errorf(p.Source.File, 1, "content/%s/ is not a folder of the portal: use content/progress/YYYY-MM/_index.md for a month's commentary", p.Dir)}
	}
	cp := p.Source
	if cp.Dir != IndicatorsDir {
		return []*diag.Problem{diag.Errorf(cp.File, 1, "only ledgers (.toml) and _index.md commentary belong in content/%s/; move this page to another column", cp.Dir)}
	}
	id, err := strconv.Atoi(cp.Name)
	iv := b.indByID[id]
	if err != nil || iv == nil || cp.Bundle {
		return []*diag.Problem{diag.Errorf(cp.File, 1, "content/indicators/ holds prose for indicators only: name the file after an indicator number (1 to %d), e.g. 21.md", len(b.indicators))}
	}
	var out []*diag.Problem
	fm := &cp.Front
	if fm.URL != "" {
		out = append(out, diag.Errorf(cp.File, cp.KeyLine("url"), "the address of indicator %d is fixed (/indicators/%d/): remove url", id, id))
	}
	if fm.Slug != "" {
		out = append(out, diag.Errorf(cp.File, cp.KeyLine("slug"), "the address of indicator %d is fixed (/indicators/%d/): remove slug", id, id))
	}
	for _, n := range fm.Indicators {
		if n != id {
			out = append(out, diag.Errorf(cp.File, cp.KeyLine("indicators"), "indicators = [%d] contradicts the file name: this file is the prose of indicator %d", n, id))
		}
	}
	for _, name := range fm.Units {
		u := b.unit(name)
		if u == nil {
			out = append(out, diag.Errorf(cp.File, cp.KeyLine("units"), "unknown unit %q: use a unit of seeds/units.toml (its name, an alias or its code)", name))
			continue
		}
		owns := false
		for _, o := range iv.Units {
			owns = owns || o == u
		}
		if !owns {
			out = append(out, diag.Errorf(cp.File, cp.KeyLine("units"), "unit %s is not responsible for indicator %d in seeds/indicators.toml: the prose cannot change who is responsible", u.Name, id))
		}
	}
	return out
}

// checkReferences checks the units and indicators named in every published
// page's front matter and records them for the links both ways.
func (b *builder) checkReferences() error {
	var list diag.List
	for _, p := range b.s.All() {
		cp := p.Source
		if cp == nil {
			continue
		}
		seenU := map[string]bool{}
		for _, name := range cp.Front.Units {
			u := b.unit(name)
			if u == nil {
				list.Add(diag.Errorf(cp.File, cp.KeyLine("units"), "unknown unit %q: use a unit of seeds/units.toml (its name, an alias or its code)%s", name, suggest(b, name)))
				continue
			}
			if !seenU[u.Code] && p.Kind == site.KindPage {
				seenU[u.Code] = true
				b.unitRefs[u.Code] = append(b.unitRefs[u.Code], p)
			}
		}
		seenI := map[int]bool{}
		for _, id := range cp.Front.Indicators {
			if b.indByID[id] == nil {
				list.Add(diag.Errorf(cp.File, cp.KeyLine("indicators"), "unknown indicator %d: indicators are numbered 1 to %d (see /indicators/)", id, len(b.indicators)))
				continue
			}
			if !seenI[id] && p.Kind == site.KindPage {
				seenI[id] = true
				b.indRefs[id] = append(b.indRefs[id], p)
			}
		}
	}
	for _, ps := range b.indRefs {
		site.SortPages(ps)
	}
	for _, ps := range b.unitRefs {
		site.SortPages(ps)
	}
	return list.Err()
}

// suggest names registry units that contain the unknown name or are
// contained in it, to help with a typo.
func suggest(b *builder, name string) string {
	key := indicator.UnitKey(name)
	var hits []string
	for _, u := range b.units {
		k := indicator.UnitKey(u.Name)
		if key != "" && (strings.Contains(k, key) || strings.Contains(key, k)) {
			hits = append(hits, u.Name)
		}
	}
	if len(hits) == 0 || len(hits) > 3 {
		return ""
	}
	return "; did you mean " + strings.Join(hits, " or ") + "?"
}

// shortText cuts s to at most n characters, ending with an ellipsis.
func shortText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// columnOf names the column (栏目) a content page belongs to.
func columnOf(p *site.Page) string {
	if c := p.Column(); c != nil {
		return c.Title
	}
	if p.Source != nil && p.Source.Section != "" {
		if t := p.Site.Config.SectionTitle(p.Source.Section); t != "" {
			return t
		}
		return p.Source.Section
	}
	return "专栏"
}

// evidenceOf describes a content page as evidence.
func evidenceOf(p *site.Page) Evidence {
	return Evidence{Title: p.Title, URL: p.URL, Date: p.Date, Column: columnOf(p), Source: p.ContentSource()}
}

// contentPath is the content-relative path of a site path's plain file.
func contentPath(basePath, u string) string {
	return path.Join(content.Dir, strings.TrimPrefix(u, basePath))
}
