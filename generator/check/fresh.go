package check

import (
	"strings"
	"time"

	"fzzf/generator/diag"
	"fzzf/generator/site"
)

// Idle limits of the 2019 inspection indicators.
const (
	NewsIdleDays     = 14 // 动态 columns and the home page
	PolicyIdleMonths = 6  // 政策文件 and 通知公告 columns
)

// freshness reports empty and idle columns and an idle home page as of the
// build's as-of day.
func (c *Checker) freshness() []*diag.Problem {
	asOf := c.asOfDay()
	var out []*diag.Problem
	newest := time.Time{}
	consider := func(t time.Time) {
		if !t.IsZero() && !day(t).After(asOf) && t.After(newest) {
			newest = t
		}
	}
	for _, p := range c.s.Regular {
		if !p.Preview {
			consider(p.Date)
		}
	}
	for _, p := range c.s.Generated {
		consider(p.Date)
	}
	for _, col := range c.s.Home.Sections {
		if col.Kind != site.KindSection {
			continue
		}
		file, line := sectionFile(col)
		var last time.Time
		for _, p := range col.RecursivePages() {
			if !p.Preview && p.Date.After(last) {
				last = p.Date
			}
		}
		if last.IsZero() {
			out = append(out, diag.Warnf(file, line, "empty column %s (%s): nothing is published in it as of %s; the inspection counts 空白栏目: publish an item or remove the column", col.Title, col.URL, asOf.Format("2006-01-02")))
			continue
		}
		typ := c.s.Config.Sections[col.Dir].Type
		switch {
		case strings.Contains(typ, "动态"):
			if days := daysBetween(last, asOf); days > NewsIdleDays {
				out = append(out, diag.Warnf(file, line, "news column %s has had nothing new for %d days as of %s (last item %s): news columns should be updated at least every %d days", col.Title, days, asOf.Format("2006-01-02"), last.Format("2006-01-02"), NewsIdleDays))
			}
		case strings.Contains(typ, "政策文件"), strings.Contains(typ, "通知公告"):
			if day(last).AddDate(0, PolicyIdleMonths, 0).Before(asOf) {
				out = append(out, diag.Warnf(file, line, "policy column %s has had nothing new for more than %d months as of %s (last item %s)", col.Title, PolicyIdleMonths, asOf.Format("2006-01-02"), last.Format("2006-01-02")))
			}
		}
	}
	file, line := sectionFile(c.s.Home)
	switch days := daysBetween(newest, asOf); {
	case newest.IsZero():
		out = append(out, diag.Warnf(file, line, "the home page has nothing published as of %s", asOf.Format("2006-01-02")))
	case days > NewsIdleDays:
		out = append(out, diag.Warnf(file, line, "the home page has had nothing new for %d days as of %s (newest item %s): the inspection expects an update at least every %d days", days, asOf.Format("2006-01-02"), newest.Format("2006-01-02"), NewsIdleDays))
	}
	return out
}

// sectionFile names a list page's _index.md, or config.toml when it has none.
func sectionFile(p *site.Page) (string, int) {
	if p.Source != nil {
		return p.Source.File, 1
	}
	return "config.toml", 0
}

func daysBetween(a, b time.Time) int {
	return int(day(b).Sub(day(a)).Hours()+12) / 24
}
