package publicity

import (
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"fzzf/generator/content"
	"fzzf/generator/diag"
	"fzzf/generator/site"
)

// Policy is what a policy page's layout gets as .Data.
type Policy struct {
	Number string    // 文号, may be empty
	Issuer string    // 发文机关
	Issued time.Time // 成文日期
	// Status is the status as of the build's as-of day; Declared is the
	// one in the front matter (it may take effect later).
	Status, Declared string
	// StatusDate is the day Status took effect; zero for 现行有效.
	StatusDate time.Time
	// SupersededBy is the replacing policy when Status is not 现行有效 and
	// one is named; nil otherwise.
	SupersededBy *site.Page
	// Replaces lists the policies this one replaced (as of the as-of day).
	Replaces []*site.Page
	// Interpretations lists the published interpretations of this policy,
	// oldest first.
	Interpretations []*site.Page
	Attachments     []Attachment
}

// Superseded reports whether the policy is no longer in force (已修订,
// 已废止 or 已失效) as of the as-of day.
func (p *Policy) Superseded() bool { return p.Status != StatusValid }

// Attachment is a file published with a policy.
type Attachment struct {
	Title string
	URL   string // site path
	Type  string // upper-case extension, e.g. PDF
}

// Interpretation is what an interpretation page's layout gets as .Data.
type Interpretation struct {
	Policy     *site.Page // the policy explained
	PolicyData *Policy
	Form       string // 文字, 图解, 问答 or 音视频
	Source     string
}

// Response is what a response page's layout gets as .Data.
type Response struct {
	Question string
	Answer   string // the one-line answer, may be empty
	Asked    time.Time
	Answered time.Time
}

// News is what a news page's layout gets as .Data.
type News struct {
	Source string
}

type linker struct {
	fsys fs.FS
	s    *site.Site
	list diag.List
}

func (l *linker) run() {
	policies := map[*site.Page]*Policy{}
	var order []*site.Page
	for _, p := range l.s.Regular {
		if p.Source == nil {
			continue
		}
		switch f := p.Source.Extra.(type) {
		case *policyFront:
			pd := l.policy(p, f)
			policies[p] = pd
			order = append(order, p)
			p.Data = pd
			setSource(p, f.Issuer)
		case *newsFront:
			p.Data = &News{Source: f.Source}
			setSource(p, f.Source)
		case *responseFront:
			p.Data = &Response{Question: f.Question, Answer: f.Answer, Asked: f.asked, Answered: f.answered}
			l.checkResponse(p, f)
		}
	}
	// Replacements, now that every policy has its data.
	for _, p := range order {
		l.supersede(p, p.Source.Extra.(*policyFront), policies)
	}
	for _, p := range l.s.Regular {
		if p.Source == nil {
			continue
		}
		f, ok := p.Source.Extra.(*interpretationFront)
		if !ok {
			continue
		}
		d := &Interpretation{Form: f.Form, Source: f.Source}
		p.Data = d
		setSource(p, f.Source)
		target, ok := l.resolve(p.Source, "policy", f.Policy, "interpretation without a policy")
		if !ok {
			continue
		}
		pd, isPolicy := policies[target]
		if !isPolicy {
			l.list.Add(diag.Errorf(p.Source.File, p.Source.KeyLine("policy"), "interpretation without a policy: %q is not a policy (a page under content/policies/)", f.Policy))
			continue
		}
		d.Policy, d.PolicyData = target, pd
		pd.Interpretations = append(pd.Interpretations, p)
		if n := WorkdaysBetween(target.Date, p.Date); n > 3 {
			l.list.Add(diag.Warnf(p.Source.File, p.Source.KeyLine("date"), "interpretation published %d working days after its policy %s (%s): publish interpretations with their policy, at most 3 working days later", n, target.Source.File, target.Date.Format("2006-01-02")))
		}
	}
	for _, p := range order {
		pd := policies[p]
		sortByDate(pd.Interpretations)
		sortByDate(pd.Replaces)
		if len(pd.Interpretations) == 0 && WorkdaysBetween(p.Date, l.s.AsOf) > 3 {
			l.list.Add(diag.Warnf(p.Source.File, p.Source.KeyLine("title"), "policy without an interpretation as of %s: publish a 政策解读 with policy = %q", l.s.AsOf.Format("2006-01-02"), p.Source.Path))
		}
	}
}

// policy makes a policy page's data, resolving its attachments.
func (l *linker) policy(p *site.Page, f *policyFront) *Policy {
	pd := &Policy{Number: f.Number, Issuer: f.Issuer, Issued: f.issued, Status: f.Status, Declared: f.Status}
	for _, a := range f.Attachments {
		rel := refPath(p.Source, a.File)
		if st, err := fs.Stat(l.fsys, content.Dir+"/"+rel); err != nil || st.IsDir() {
			l.list.Add(diag.Errorf(p.Source.File, p.Source.KeyLine("attachments"), "attachment %q not found: there is no file content/%s", a.File, rel))
			continue
		}
		if strings.HasSuffix(rel, ".md") {
			l.list.Add(diag.Errorf(p.Source.File, p.Source.KeyLine("attachments"), "attachment %q is a Markdown page: link pages in the text, list only files as attachments", a.File))
			continue
		}
		pd.Attachments = append(pd.Attachments, Attachment{
			Title: a.Title,
			URL:   fileURL(l.s, p, rel),
			Type:  strings.ToUpper(strings.TrimPrefix(path.Ext(rel), ".")),
		})
	}
	return pd
}

// supersede resolves superseded_by and decides the status as of the as-of
// day.
func (l *linker) supersede(p *site.Page, f *policyFront, policies map[*site.Page]*Policy) {
	pd := policies[p]
	if f.Status == StatusValid || f.Status == "" {
		return
	}
	when := f.statusDate
	var repl *site.Page
	if f.SupersededBy != "" {
		t, why, rel := l.lookup(p.Source, f.SupersededBy)
		switch {
		case t != nil:
			repl = t
			if _, isPolicy := policies[t]; !isPolicy {
				l.list.Add(diag.Errorf(p.Source.File, p.Source.KeyLine("superseded_by"), "superseded_by %q is not a policy (a page under content/policies/)", f.SupersededBy))
				return
			}
			if when.IsZero() {
				when = policies[t].Issued
				if when.IsZero() {
					when = t.Date
				}
			}
		case why != "":
			// Without a status_date the replacement's publication is
			// the change: before it, the policy was still in force.
			if !when.IsZero() && !day(when).After(day(l.s.AsOf)) {
				l.list.Add(diag.Errorf(p.Source.File, p.Source.KeyLine("superseded_by"), "superseded_by %q is not published because %s: the %s banner must link to it", f.SupersededBy, why, f.Status))
				return
			}
			pd.Status = StatusValid
			return
		default:
			l.list.Add(diag.Errorf(p.Source.File, p.Source.KeyLine("superseded_by"), "superseded_by %q names no page (there is no content/%s)", f.SupersededBy, rel))
			return
		}
	}
	if when.IsZero() || day(when).After(day(l.s.AsOf)) {
		pd.Status = StatusValid // not yet replaced as of the as-of day
		return
	}
	pd.StatusDate = when
	pd.SupersededBy = repl
	if repl != nil {
		policies[repl].Replaces = append(policies[repl].Replaces, p)
	}
}

// resolve finds the published page a reference names; problems use what
// (e.g. "interpretation without a policy") to say what is wrong.
func (l *linker) resolve(cp *content.Page, key, ref, what string) (*site.Page, bool) {
	t, why, rel := l.lookup(cp, ref)
	switch {
	case t != nil:
		return t, true
	case why != "":
		l.list.Add(diag.Errorf(cp.File, cp.KeyLine(key), "%s: %s %q is not published because %s", what, key, ref, why))
	default:
		l.list.Add(diag.Errorf(cp.File, cp.KeyLine(key), "%s: %s %q names no page (there is no content/%s)", what, key, ref, rel))
	}
	return nil, false
}

// lookup finds the page a reference names: the file itself, or with .md
// or /index.md added. It returns the page, or why the file is not
// published, and the content-relative path it tried.
func (l *linker) lookup(cp *content.Page, ref string) (*site.Page, string, string) {
	rel := refPath(cp, ref)
	for _, cand := range []string{rel, rel + ".md", rel + "/index.md"} {
		if t, ok := l.s.ByPath(cand); ok {
			return t, "", rel
		}
		if why := l.s.Hidden(cand); why != "" {
			return nil, why, rel
		}
	}
	return nil, "", rel
}

func (l *linker) checkResponse(p *site.Page, f *responseFront) {
	if f.asked.IsZero() {
		return
	}
	limit := day(f.asked).AddDate(0, 3, 0)
	if day(f.answered).After(limit) {
		l.list.Add(diag.Warnf(p.Source.File, p.Source.KeyLine("answered"), "answered %s, more than 3 months after it was asked (%s): the inspection counts questions unanswered for 3 months", f.answered.Format("2006-01-02"), f.asked.Format("2006-01-02")))
	}
}

// refPath turns a reference written in cp's front matter into a
// content-relative path: "./x" and "../x" are relative to cp's folder,
// anything else to content/.
func refPath(cp *content.Page, ref string) string {
	ref = strings.TrimSpace(ref)
	if strings.HasPrefix(ref, "./") || strings.HasPrefix(ref, "../") {
		return path.Clean(path.Join(path.Dir(cp.Path), ref))
	}
	ref = strings.TrimPrefix(path.Clean("/"+ref), "/")
	return strings.TrimPrefix(ref, content.Dir+"/")
}

// fileURL is the site path of a content file as copied by the build: a
// bundle's file beside its page, any other file at its content path.
func fileURL(s *site.Site, p *site.Page, rel string) string {
	if p.ResourceDir != "" && strings.HasPrefix(rel, p.ResourceDir+"/") {
		return p.URL + strings.TrimPrefix(rel, p.ResourceDir+"/")
	}
	return s.Config.RelURL("/" + rel)
}

// setSource makes source the page's 来源 (ContentSource) unless [params]
// already sets one. The page gets its own copy of the params.
func setSource(p *site.Page, source string) {
	if source == "" {
		return
	}
	if s, ok := p.Params["source"].(string); ok && s != "" {
		return
	}
	params := make(map[string]any, len(p.Params)+1)
	for k, v := range p.Params {
		params[k] = v
	}
	params["source"] = source
	p.Params = params
}

func sortByDate(ps []*site.Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		if !ps[i].Date.Equal(ps[j].Date) {
			return ps[i].Date.Before(ps[j].Date)
		}
		return ps[i].URL < ps[j].URL
	})
}
