package publicity

import (
	"fmt"
	"strings"
	"time"

	"fzzf/generator/content"
	"fzzf/generator/diag"
	"fzzf/generator/tomlfile"
)

// policyFront holds a policy's own front-matter keys.
type policyFront struct {
	Number       string            `toml:"number"`
	Issuer       string            `toml:"issuer"`
	RawIssued    any               `toml:"issued"`
	Status       string            `toml:"status"`
	SupersededBy string            `toml:"superseded_by"`
	RawStatus    any               `toml:"status_date"`
	Attachments  []attachmentFront `toml:"attachments"`

	issued, statusDate time.Time
}

type attachmentFront struct {
	Title string `toml:"title"`
	File  string `toml:"file"`
}

// interpretationFront holds an interpretation's own front-matter keys.
type interpretationFront struct {
	Policy string `toml:"policy"`
	Form   string `toml:"form"`
	Source string `toml:"source"`
}

// newsFront holds a news item's own front-matter keys.
type newsFront struct {
	Source string `toml:"source"`
}

// responseFront holds a response's own front-matter keys.
type responseFront struct {
	Question    string `toml:"question"`
	Answer      string `toml:"answer"`
	RawAsked    any    `toml:"asked"`
	RawAnswered any    `toml:"answered"`

	asked, answered time.Time
}

var statuses = []string{StatusValid, StatusRevised, StatusRepealed, StatusExpired}
var forms = []string{FormText, FormDiagram, FormQA, FormMedia}

func oneOf(v string, list []string) bool {
	for _, s := range list {
		if v == s {
			return true
		}
	}
	return false
}

// date converts a front-matter date value; problems name the key's line.
func date(p *content.Page, key string, raw any, list *diag.List) time.Time {
	switch v := raw.(type) {
	case nil:
		return time.Time{}
	case time.Time:
		return tomlfile.InChina(v)
	case string:
		if strings.TrimSpace(v) == "" {
			return time.Time{}
		}
		t, err := tomlfile.ParseDate(v)
		if err != nil {
			list.Add(diag.Errorf(p.File, p.KeyLine(key), "%s: %v", key, err))
		}
		return t
	}
	list.Add(diag.Errorf(p.File, p.KeyLine(key), "%s: not a date: write it as 2023-03-15", key))
	return time.Time{}
}

func checkPolicy(p *content.Page, extra any) []*diag.Problem {
	f := extra.(*policyFront)
	var list diag.List
	f.issued = date(p, "issued", f.RawIssued, &list)
	f.statusDate = date(p, "status_date", f.RawStatus, &list)
	if strings.TrimSpace(f.Issuer) == "" {
		list.Add(diag.Errorf(p.File, p.KeyLine("title"), "policy without issuer: add issuer = \"许昌市自然资源和规划局\" (the 发文机关)"))
	}
	if f.issued.IsZero() && f.RawIssued == nil {
		list.Add(diag.Errorf(p.File, p.KeyLine("title"), "policy without issued date: add issued = 2022-08-29 (the 成文日期)"))
	}
	if f.Status == "" {
		f.Status = StatusValid
	}
	if !oneOf(f.Status, statuses) {
		list.Add(diag.Errorf(p.File, p.KeyLine("status"), "status %q is not one of %s", f.Status, strings.Join(statuses, ", ")))
	}
	switch {
	case f.Status == StatusValid && f.SupersededBy != "":
		list.Add(diag.Errorf(p.File, p.KeyLine("superseded_by"), "superseded_by is set but status is %s: set status = \"%s\" (or 已废止/已失效)", StatusValid, StatusRevised))
	case f.Status == StatusValid && !f.statusDate.IsZero():
		list.Add(diag.Errorf(p.File, p.KeyLine("status_date"), "status_date is set but status is %s: remove it, or set the status that took effect that day", StatusValid))
	case f.Status == StatusRevised && f.SupersededBy == "":
		list.Add(diag.Errorf(p.File, p.KeyLine("status"), "status %s needs superseded_by = \"policies/<revised version>.md\"", StatusRevised))
	case (f.Status == StatusRepealed || f.Status == StatusExpired) && f.SupersededBy == "" && f.statusDate.IsZero() && f.RawStatus == nil:
		list.Add(diag.Errorf(p.File, p.KeyLine("status"), "status %s needs the day it took effect: add status_date = 2023-06-01 (or superseded_by)", f.Status))
	}
	for i, a := range f.Attachments {
		if strings.TrimSpace(a.Title) == "" || strings.TrimSpace(a.File) == "" {
			list.Add(diag.Errorf(p.File, p.KeyLine("attachments"), "attachment %d needs both title and file", i+1))
		}
	}
	return list.Problems()
}

func checkInterpretation(p *content.Page, extra any) []*diag.Problem {
	f := extra.(*interpretationFront)
	var list diag.List
	if strings.TrimSpace(f.Policy) == "" {
		list.Add(diag.Errorf(p.File, p.KeyLine("title"), "interpretation without a policy: add policy = \"policies/<file>.md\" naming the policy it explains"))
	}
	switch {
	case f.Form == "":
		list.Add(diag.Errorf(p.File, p.KeyLine("title"), "interpretation without a form: add form = \"%s\" (one of %s)", FormText, strings.Join(forms, ", ")))
	case !oneOf(f.Form, forms):
		list.Add(diag.Errorf(p.File, p.KeyLine("form"), "form %q is not one of %s", f.Form, strings.Join(forms, ", ")))
	case f.Form == FormDiagram:
		if msg := textEquivalent(p.Body, []string{"文字版"}); msg != "" {
			list.Add(diag.Errorf(p.File, p.KeyLine("form"), "a 图解 needs its full text equivalent: %s", msg))
		}
	case f.Form == FormMedia:
		if msg := textEquivalent(p.Body, []string{"文字实录", "文字版"}); msg != "" {
			list.Add(diag.Errorf(p.File, p.KeyLine("form"), "an 音视频 interpretation needs a transcript: %s", msg))
		}
	}
	return list.Problems()
}

func checkResponse(p *content.Page, extra any) []*diag.Problem {
	f := extra.(*responseFront)
	var list diag.List
	f.asked = date(p, "asked", f.RawAsked, &list)
	f.answered = date(p, "answered", f.RawAnswered, &list)
	if strings.TrimSpace(f.Question) == "" {
		list.Add(diag.Errorf(p.File, p.KeyLine("title"), "response without question: add question = \"…\" (the concern as it was raised)"))
	}
	if f.asked.IsZero() && f.RawAsked == nil {
		list.Add(diag.Errorf(p.File, p.KeyLine("title"), "response without asked date: add asked = 2022-10-08 (when the concern was raised)"))
	}
	if f.answered.IsZero() {
		f.answered = p.Front.Date
	}
	if !f.asked.IsZero() && !f.answered.IsZero() && day(f.answered).Before(day(f.asked)) {
		list.Add(diag.Errorf(p.File, p.KeyLine("answered"), "answered %s is before asked %s", f.answered.Format("2006-01-02"), f.asked.Format("2006-01-02")))
	}
	return list.Problems()
}

// textEquivalent checks that body has a heading containing one of words,
// followed by text before the next heading of the same or a higher level.
// It returns "" when it does, else what is missing.
func textEquivalent(body []byte, words []string) string {
	lines := strings.Split(string(body), "\n")
	fence := ""
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if fence != "" {
			if strings.HasPrefix(l, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(l, "```") || strings.HasPrefix(l, "~~~") {
			fence = l[:3]
			continue
		}
		level := headingLevel(l)
		if level == 0 || !containsAny(l, words) {
			continue
		}
		text := 0
		for j := i + 1; j < len(lines); j++ {
			n := strings.TrimSpace(lines[j])
			if lv := headingLevel(n); lv > 0 && lv <= level {
				break
			}
			if headingLevel(n) == 0 {
				text += len([]rune(n))
			}
		}
		if text == 0 {
			return "the heading \"" + l + "\" has no text under it"
		}
		return ""
	}
	return fmt.Sprintf("add a heading such as \"## %s\" and the full text under it", words[0])
}

func headingLevel(l string) int {
	n := 0
	for n < len(l) && l[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(l) && l[n] != ' ' && l[n] != '\t') {
		return 0
	}
	return n
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// day truncates t to its day in China.
func day(t time.Time) time.Time {
	y, m, d := t.In(tomlfile.China).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, tomlfile.China)
}
