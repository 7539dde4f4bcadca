package portal

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"fzzf/generator/diag"
	"fzzf/generator/indicator"
	"fzzf/generator/ledger"
	"fzzf/generator/progress"
	"fzzf/generator/site"
)

// fill completes the views from the progress report and the references.
func (b *builder) fill() {
	r := b.report
	deadline := b.deadline()
	for _, iv := range b.indicators {
		iv.Deadline = deadline
		for _, p := range b.indRefs[iv.ID] {
			ev := evidenceOf(p)
			iv.Pages = append(iv.Pages, ev)
			iv.Evidence = append(iv.Evidence, ev)
			if p.Date.After(iv.Updated) {
				iv.Updated = p.Date
			}
		}
		ip, _ := r.Indicator(iv.ID)
		iv.Status = statusOf(ip.Status)
		for _, us := range ip.Units {
			iv.UnitStatuses = append(iv.UnitStatuses, b.unitStatus(us))
		}
		seen := map[string]bool{}
		for i := len(ip.History) - 1; i >= 0; i-- {
			h := ip.History[i]
			item := HistoryItem{
				Month: h.Month.Label(), MonthURL: b.monthURL(h.Month), Unit: b.unitByKey[h.Unit],
				Submitted: h.Submitted, Status: statusOf(h.Status), Detail: h.Detail,
				Evidence: b.links(h.Evidence), Withheld: h.Withheld,
			}
			iv.History = append(iv.History, item)
			if h.Submitted.After(iv.Updated) {
				iv.Updated = h.Submitted
			}
			for _, l := range item.Evidence {
				if seen[l.URL] {
					continue
				}
				seen[l.URL] = true
				iv.Evidence = append(iv.Evidence, Evidence{Title: l.Text, URL: l.URL, Column: "工作台账", Source: item.Unit.Name + " " + item.Month + "台账", Ledger: true})
			}
		}
		if len(iv.History) > 0 {
			iv.Latest = &iv.History[0]
		}
		if len(iv.Evidence) == 0 {
			iv.NoEvidence = noEvidenceReason(iv)
		}
	}
	for _, c := range r.Categories {
		if cv := b.catByN[c.Category]; cv != nil {
			cv.Count = countOf(c.Count)
		}
	}
	for _, cv := range b.categories {
		for _, g := range cv.Groups {
			for _, iv := range g.Indicators {
				if iv.WebSearch && len(iv.Evidence) == 0 {
					cv.WebSearchMissing++
				}
			}
		}
	}
	own := map[string]map[int]progress.UnitStatus{}
	for _, ip := range r.Indicators {
		for _, us := range ip.Units {
			if own[us.Unit] == nil {
				own[us.Unit] = map[int]progress.UnitStatus{}
			}
			own[us.Unit][ip.Indicator] = us
		}
	}
	unitCounts := map[string]progress.Count{}
	for _, up := range r.Units {
		unitCounts[up.Unit] = up.Count
	}
	for _, u := range b.units {
		uv := b.unitViews[u.Code]
		uv.Count = countOf(unitCounts[u.Code])
		var cur *UnitCategory
		for _, in := range b.data.UnitIndicators(u.Code) {
			iv := b.indByID[in.ID]
			if cur == nil || cur.Category != iv.Category {
				uv.Categories = append(uv.Categories, UnitCategory{Category: iv.Category})
				cur = &uv.Categories[len(uv.Categories)-1]
			}
			cur.Indicators = append(cur.Indicators, UnitIndicator{Indicator: iv, Own: b.unitStatus(own[u.Code][in.ID])})
			uv.Total++
		}
		for _, p := range b.unitRefs[u.Code] {
			uv.Pages = append(uv.Pages, evidenceOf(p))
		}
		if uv.Total > 0 {
			for i := len(b.months) - 1; i >= 0; i-- {
				m := b.months[i]
				l := b.countedFor(m)[u.Code]
				rec := LedgerRecord{Month: m.Label(), MonthURL: b.monthURL(m)}
				rec.State, rec.Class = b.submissionState(m, l)
				if l != nil {
					rec.Submitted = ledger.Day(l.Submitted)
					rec.Entries = len(l.Entries)
				}
				uv.Ledgers = append(uv.Ledgers, rec)
			}
		}
	}
}

func (b *builder) unitStatus(us progress.UnitStatus) UnitStatus {
	out := UnitStatus{Unit: b.unitByKey[us.Unit], Status: statusOf(us.Status), Detail: us.Detail,
		Evidence: b.links(us.Evidence), Withheld: us.Withheld}
	if us.Status == "" {
		out.Status = statusOf(ledger.Missing)
	}
	if !us.Month.IsZero() {
		out.Month = us.Month.Label()
	}
	return out
}

// links turns ledger evidence into links: site paths get their page's
// title and the base path, URLs stay as they are.
func (b *builder) links(evs []string) []Link {
	var out []Link
	for _, ev := range evs {
		if !strings.HasPrefix(ev, "/") {
			out = append(out, Link{Text: ev, URL: ev})
			continue
		}
		u := b.cfg.RelURL(ev)
		if p, ok := b.s.ByURL(u); ok {
			out = append(out, Link{Text: p.Title, URL: u})
			continue
		}
		out = append(out, Link{Text: ev, URL: u})
	}
	return out
}

func noEvidenceReason(iv *Indicator) string {
	if iv.WebSearch {
		return "本指标采用网络检索方式测评，相关内容尚未在本专栏发布，已列入创建办公室待发布清单。"
	}
	return "本指标不采用网络检索方式测评，佐证材料由责任单位按要求报送创建办公室，不在网上公开。"
}

// deadline is the 完成时限 shown on indicator pages: the plan gives none
// per indicator, so it is the end of the 集中申报 stage, when every
// indicator's materials must be in.
func (b *builder) deadline() string {
	for _, st := range b.data.Stages {
		if strings.Contains(st.Name, "集中申报") {
			if _, end, err := indicator.StageTimes(st); err == nil {
				return end.Add(-time.Hour).Format("2006年1月2日") + "前（原文未载明逐项时限，按实施步骤“" + st.Name + "”截止日期）"
			}
		}
	}
	return "原文未载明"
}

func (b *builder) monthURL(m ledger.Month) string {
	if _, ok := b.monthly[m]; !ok {
		return ""
	}
	if u, ok := b.monthURLs[m]; ok {
		return u
	}
	u := b.cfg.RelURL("/" + ProgressDir + "/" + m.String() + "/")
	b.monthURLs[m] = u
	return u
}

// page returns the page to publish at u: the content page taken over for
// that URL (its Markdown becomes the page's prose), or a new page.
func (b *builder) page(u string) *site.Page {
	if p, ok := b.adopted[u]; ok {
		delete(b.adopted, u)
		p.Kind = site.KindGenerated
		p.Section = nil
		p.Pages, p.Sections = nil, nil
		return p
	}
	return &site.Page{URL: u}
}

// prose returns the content page of a generated page, for its layout.
func prose(p *site.Page) *site.Page {
	if p.Source == nil {
		return nil
	}
	return p
}

func (b *builder) add(list *diag.List, p *site.Page, title, description string, parent *site.Page, layout string, data any, lastmod time.Time) *site.Page {
	p.Title = title
	if p.Source == nil || p.Description == "" {
		p.Description = description
	}
	p.Parent = parent
	p.Layouts = []string{layout}
	p.Data = data
	source := "seeds/" + indicator.IndicatorsFile
	if p.Source != nil {
		source = p.Source.File
		if lastmod.After(p.Lastmod) {
			p.Lastmod = lastmod
		}
	} else {
		p.Date, p.Lastmod = lastmod, lastmod
	}
	if err := b.s.Add(p, source); err != nil {
		list.AddErr("", err)
	}
	return p
}

// addPages makes every generated page.
func (b *builder) addPages() error {
	b.fill()
	var list diag.List
	rel := b.cfg.RelURL
	sample := Marks{b.report.Sample}
	updated := b.latestSubmission()

	// /indicators/
	idxPage := b.page(rel("/indicators/"))
	idx := &IndicatorsPage{Marks: sample, Prose: prose(idxPage), Categories: b.categories, Methods: b.methods,
		Total: len(b.indicators), Count: countOf(b.report.Overall)}
	idx.Bonus = b.items(b.data.Bonus)
	idx.Veto = b.items(b.data.Veto)
	b.add(&list, idxPage, "创建指标", "法治政府建设示范市创建指标体系：10项一级指标、"+strconv.Itoa(len(b.indicators))+"项三级指标及其测评方式、报送材料、责任单位和进展。",
		b.s.Home, "indicators/list.html", idx, updated)

	// Categories.
	for _, cv := range b.categories {
		p := b.page(cv.URL)
		b.catPages[cv.N] = b.add(&list, p, cv.Numeral+"、"+cv.Name, "一级指标"+cv.Numeral+"“"+cv.Name+"”下的"+strconv.Itoa(cv.IndicatorsN)+"项三级指标及进展。",
			idxPage, "categories/single.html", &CategoryPage{Marks: sample, Category: cv, Categories: b.categories}, updated)
	}

	// Indicators.
	for _, iv := range b.indicators {
		p := b.page(iv.URL)
		title := iv.Label
		if iv.TextMissing {
			title += "（原文未载明）"
		} else {
			title += "：" + shortText(iv.Text, 24)
		}
		parent := idxPage
		if iv.Category != nil {
			parent = b.catPages[iv.Category.N]
		}
		desc := iv.Text
		if iv.TextMissing {
			desc = iv.Label + "：原文未载明指标内容。"
		}
		b.indPages[iv.ID] = b.add(&list, p, title, shortText(desc, 120), parent, "indicators/single.html",
			&IndicatorPage{Marks: sample, Indicator: iv, Prose: prose(p)}, iv.Updated)
	}

	// Methods and coverage.
	for _, m := range b.methods {
		b.add(&list, b.page(m.URL), "测评方式："+m.Name, "以“"+m.Name+"”方式测评的"+strconv.Itoa(len(m.Indicators))+"项三级指标。",
			idxPage, "indicators/method.html", &MethodPage{Marks: sample, Method: m, Methods: b.methods}, updated)
	}
	b.add(&list, b.page(rel("/indicators/coverage/")), "佐证材料公开情况", "各项指标在本专栏公开佐证材料的情况，以及以网络检索方式测评、尚无公开佐证材料的指标清单。",
		idxPage, "indicators/coverage.html", b.coverage(sample), updated)

	// Units.
	unitsPage := b.page(rel("/units/"))
	up := &UnitsPage{Marks: sample}
	for _, kind := range []string{indicator.KindOffice, indicator.KindCentre, indicator.KindBranch, indicator.KindOutside, indicator.KindGroup} {
		k := UnitKind{Label: kindLabel(kind)}
		for _, u := range b.units {
			if u.Kind == kind {
				k.Units = append(k.Units, b.unitViews[u.Code])
			}
		}
		if len(k.Units) > 0 {
			up.Kinds = append(up.Kinds, k)
		}
	}
	b.add(&list, unitsPage, "责任单位", "承担法治政府建设示范市创建指标的各责任单位及其指标完成情况。", b.s.Home, "units/list.html", up, updated)
	for _, u := range b.units {
		uv := b.unitViews[u.Code]
		b.unitPages[u.Code] = b.add(&list, b.page(u.URL), u.Name, u.Name+"承担的创建指标（"+strconv.Itoa(uv.Total)+"项）及完成情况。",
			unitsPage, "units/single.html", &UnitPage{Marks: sample, Unit: uv}, updated)
	}

	// Stages.
	stages := b.stages()
	b.add(&list, b.page(rel("/stages/")), "实施步骤", "法治政府建设示范市创建工作的七个实施阶段及当前所处阶段。", b.s.Home, "stages/list.html", stages, time.Time{})

	// Progress.
	progPage := b.page(rel("/" + ProgressDir + "/"))
	pp := b.progressPage(sample, stages)
	pp.Prose = prose(progPage)
	b.add(&list, progPage, "创建进展", "法治政府建设示范市创建工作进展：总体完成情况、各一级指标完成情况、月度趋势和台账报送情况。", b.s.Home, "progress/list.html", pp, updated)
	for i, m := range b.months {
		mp := b.monthPage(i)
		p := b.page(b.monthURL(m))
		mp.Prose = prose(p)
		var last time.Time
		for _, l := range b.countedFor(m) {
			if d := ledger.Day(l.Submitted); d.After(last) {
				last = d
			}
		}
		b.add(&list, p, m.Label()+"创建进展", m.Label()+"各责任单位工作台账报送情况及指标进展。", progPage, "progress/month.html", mp, last)
	}

	// Commentary for a month without counted ledgers (a month after the
	// as-of day) is left unpublished, like a page dated later.
	return list.Err()
}

func (b *builder) items(its []indicator.Item) []Item {
	var out []Item
	for _, it := range its {
		iv := Item{N: it.N, Text: it.Text, TextMissing: it.TextMissing || it.Text == "", Methods: it.Methods, Materials: it.Materials}
		for _, c := range it.Units {
			if u := b.unitByKey[c]; u != nil {
				iv.Units = append(iv.Units, u)
			}
		}
		out = append(out, iv)
	}
	return out
}

func (b *builder) coverage(sample Marks) *CoveragePage {
	cp := &CoveragePage{Marks: sample, Categories: b.categories, Total: len(b.indicators)}
	todo := map[string][]*Indicator{}
	for _, iv := range b.indicators {
		has := len(iv.Evidence) > 0
		if has {
			cp.WithAny++
		}
		if !iv.WebSearch {
			continue
		}
		cp.WebSearch++
		if has {
			cp.Covered++
			continue
		}
		for _, u := range iv.Units {
			todo[u.Code] = append(todo[u.Code], iv)
		}
	}
	for _, u := range b.units {
		if len(todo[u.Code]) > 0 {
			cp.Units = append(cp.Units, CoverageUnit{Unit: u, Indicators: todo[u.Code]})
		}
	}
	return cp
}

func (b *builder) stages() *StagesPage {
	sp := &StagesPage{AsOf: b.s.AsOf}
	day := b.s.AsOf.In(indicator.China()).Format(time.DateOnly)
	for _, st := range b.data.Stages {
		start, end, err := indicator.StageTimes(st)
		if err != nil {
			continue
		}
		v := Stage{N: st.N, Name: st.Name, Start: start, End: end.Add(-time.Hour)}
		for _, para := range strings.Split(st.Text, "\n") {
			if strings.TrimSpace(para) != "" {
				v.Text = append(v.Text, para)
			}
		}
		switch {
		case day > st.End:
			v.State, v.Class = "已结束", "past"
		case day >= st.Start:
			v.State, v.Class, v.Current = "进行中（当前阶段）", "current", true
		default:
			v.State, v.Class = "未开始", "future"
		}
		sp.Stages = append(sp.Stages, v)
	}
	for i := range sp.Stages {
		if sp.Stages[i].Current {
			sp.Current = &sp.Stages[i]
		}
	}
	if sp.Current == nil && len(sp.Stages) > 0 {
		if day < b.data.Stages[0].Start {
			sp.Note = "创建工作尚未开始。"
		} else {
			sp.Note = "各实施阶段均已结束。"
		}
	}
	return sp
}

func (b *builder) progressPage(sample Marks, stages *StagesPage) *ProgressPage {
	r := b.report
	pp := &ProgressPage{Marks: sample, AsOf: b.s.AsOf, Overall: countOf(r.Overall), Categories: b.categories,
		Stages: *stages, NoLedgers: len(b.counted) == 0}
	pp.Bars = barChart(b.categories)
	for _, m := range b.months {
		pp.Months = append(pp.Months, b.monthRef(m))
	}
	pp.Trend = trendChart(pp.Months, len(b.indicators))
	for i := len(r.Overdue) - 1; i >= 0; i-- {
		o := r.Overdue[i]
		om := OverdueMonth{Month: o.Month.Label(), MonthURL: b.monthURL(o.Month), Due: o.Due}
		for _, u := range o.Units {
			om.Units = append(om.Units, b.unitByKey[u])
		}
		pp.Overdue = append(pp.Overdue, om)
	}
	for _, code := range b.owing {
		pp.Units = append(pp.Units, b.unitViews[code])
	}
	return pp
}

func (b *builder) monthRef(m ledger.Month) MonthRef {
	mr := MonthRef{Month: m.Label(), Code: m.String(), URL: b.monthURL(m), Units: len(b.owing), Ledgers: len(b.countedFor(m))}
	if rep := b.monthly[m]; rep != nil {
		mr.Count = countOf(rep.Overall)
	}
	return mr
}

func (b *builder) monthPage(i int) *MonthPage {
	m := b.months[i]
	rep := b.monthly[m]
	mp := &MonthPage{MonthRef: b.monthRef(m), Overall: countOf(rep.Overall)}
	if i > 0 {
		prev := b.monthRef(b.months[i-1])
		mp.Prev = &prev
	}
	if i+1 < len(b.months) {
		next := b.monthRef(b.months[i+1])
		mp.Next = &next
	}
	for _, c := range rep.Categories {
		mp.Categories = append(mp.Categories, CategoryCount{Category: b.catByN[c.Category], Count: countOf(c.Count)})
	}
	var before *progress.Report
	if i > 0 {
		before = b.monthly[b.months[i-1]]
	}
	for _, ip := range rep.Indicators {
		if ip.Status != ledger.Done {
			continue
		}
		if before != nil {
			if old, ok := before.Indicator(ip.Indicator); ok && old.Status == ledger.Done {
				continue
			}
		}
		mp.Completed = append(mp.Completed, b.indByID[ip.Indicator])
	}
	ledgers := b.countedFor(m)
	for _, code := range b.owing {
		l := ledgers[code]
		ml := MonthLedger{Unit: b.unitByKey[code]}
		ml.State, ml.Class = b.submissionState(m, l)
		if l != nil {
			mp.Sample = mp.Sample || l.Sample
			ml.Submitted = ledger.Day(l.Submitted)
			ml.Entries = len(l.Entries)
			for _, e := range l.Entries {
				me := MonthEntry{Indicator: b.indByID[e.Indicator], Unit: ml.Unit, Status: statusOf(e.Status), Withheld: e.Secret}
				if !e.Secret {
					me.Detail = e.Detail
					me.Evidence = b.links(e.Evidence)
				}
				mp.Entries = append(mp.Entries, me)
			}
		}
		mp.Submissions = append(mp.Submissions, ml)
	}
	slices.SortStableFunc(mp.Entries, func(a, c MonthEntry) int { return cmp.Compare(a.Indicator.ID, c.Indicator.ID) })
	return mp
}

// linkContent points the units and indicators of content pages at the
// generated pages, and gives the home page its campaign summary.
func (b *builder) linkContent() error {
	for _, p := range b.s.Regular {
		cp := p.Source
		if cp == nil || (len(cp.Front.Units) == 0 && len(cp.Front.Indicators) == 0) {
			continue
		}
		if p.Terms == nil {
			p.Terms = map[string][]*site.Page{}
		}
		seen := map[*site.Page]bool{}
		for _, name := range cp.Front.Units {
			if u := b.unit(name); u != nil && !seen[b.unitPages[u.Code]] {
				seen[b.unitPages[u.Code]] = true
				p.Terms["units"] = append(p.Terms["units"], b.unitPages[u.Code])
			}
		}
		for _, id := range cp.Front.Indicators {
			if ip := b.indPages[id]; ip != nil && !seen[ip] {
				seen[ip] = true
				p.Terms["indicators"] = append(p.Terms["indicators"], ip)
			}
		}
	}
	if b.s.Home.Data == nil {
		st := b.stages()
		b.s.Home.Data = &Home{
			Marks: Marks{b.report.Sample}, Stage: st.Current, StageNote: st.Note,
			Overall: countOf(b.report.Overall), Total: len(b.indicators), AsOf: b.s.AsOf,
			Indicators: b.cfg.RelURL("/indicators/"), Progress: b.cfg.RelURL("/" + ProgressDir + "/"),
			Stages: b.cfg.RelURL("/stages/"), Coverage: b.cfg.RelURL("/indicators/coverage/"),
			HasLedgers: len(b.counted) > 0,
		}
	}
	return nil
}
