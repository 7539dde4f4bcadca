// Package progress computes the campaign's progress from the monthly work
// ledgers: each indicator's status, completion per category, per unit and
// overall, the monthly trend, overdue ledgers and each indicator's history.
//
// Everything is a pure function of an [Input], so any past state of the
// portal can be computed again exactly. The rules:
//
//   - As of. Input.AsOf is read as a China calendar day. A ledger counts when
//     it came in on or before that day and reports on that day's month or an
//     earlier one.
//   - Latest status. A unit's status for an indicator is the one in its
//     latest counted ledger (by month, then by submission day) that mentions
//     the indicator; a unit that never mentioned it is 未报送.
//   - All units. An indicator is 已完成 only when every unit responsible for
//     it is 已完成; 未报送 when none of them has reported on it; otherwise
//     推进中. An indicator with no responsible unit is 未报送. Reports from a
//     unit on an indicator it is not responsible for are ignored.
//   - Percentages are whole numbers rounded down (see [Count.Percent]), so
//     100% means everything is done.
//   - Trend. For each month M from Input.Start to the last month with a
//     counted ledger, the indicators done according to the counted ledgers
//     for M and earlier months.
//   - Overdue. A ledger for month M is due on the 5th of the following month
//     and overdue from the 6th. For each month from Input.Start whose ledger
//     is overdue as of AsOf, the units in Input.Units with no counted ledger
//     for it.
//   - Secrets. A secret (涉密) entry counts toward status like any other, but
//     its detail and evidence never appear in the report; contacts never do.
package progress

import (
	"cmp"
	"slices"
	"time"

	"fzzf/generator/ledger"
)

// Owner says who is responsible for an indicator and where it belongs.
type Owner struct {
	Indicator int
	Units     []string // codes of the responsible units
	Category  int      // first-level category, 1 … 10
}

// Input is everything progress is computed from.
type Input struct {
	Indicators []Owner
	Units      []string // codes of all units that owe a ledger every month
	Ledgers    []*ledger.Ledger
	AsOf       time.Time    // the day the report is for
	Start      ledger.Month // the first month a ledger is owed, e.g. 2022-09
}

// Count is how many of a set of indicators are in each status.
type Count struct {
	Done, InProgress, Missing int
	Total                     int
}

// Percent returns the share of Done in Total as a whole percentage, rounded
// down with integer arithmetic: 114 of 115 is 99, never 100. It is 0 when
// Total is 0.
func (c Count) Percent() int {
	if c.Total == 0 {
		return 0
	}
	return c.Done * 100 / c.Total
}

func (c *Count) add(s ledger.Status) {
	c.Total++
	switch s {
	case ledger.Done:
		c.Done++
	case ledger.InProgress:
		c.InProgress++
	default:
		c.Missing++
	}
}

// Report is the progress of the campaign as of one day.
type Report struct {
	AsOf       time.Time    // 00:00 China time on the as-of day
	Month      ledger.Month // the as-of day's month
	Sample     bool         // some counted ledger holds 示例数据
	Overall    Count
	Categories []CategoryProgress  // by category number
	Units      []UnitProgress      // in Input.Units order
	Indicators []IndicatorProgress // by indicator number
	Trend      []TrendPoint        // from Input.Start, month by month
	Overdue    []Overdue           // months with overdue ledgers, oldest first
}

// CategoryProgress is the completion of one first-level category.
type CategoryProgress struct {
	Category int
	Count
}

// UnitProgress is the completion of the indicators one unit is responsible
// for, judged by that unit's own latest status (a shared indicator counts as
// done for a unit once that unit reports it done).
type UnitProgress struct {
	Unit string
	Count
}

// IndicatorProgress is the state of one indicator.
type IndicatorProgress struct {
	Indicator int
	Category  int
	Status    ledger.Status
	Units     []UnitStatus  // one per responsible unit, in Owner.Units order
	History   []HistoryItem // every counted report on it, oldest first
}

// UnitStatus is one unit's latest report on an indicator.
type UnitStatus struct {
	Unit     string
	Status   ledger.Status // ledger.Missing when the unit never reported
	Month    ledger.Month  // the ledger month the status comes from; zero if Missing
	Detail   string        // public detail; empty when Withheld
	Evidence []string      // public evidence; empty when Withheld
	Withheld bool          // the entry is secret: detail and evidence not shown
}

// HistoryItem is one unit's report on an indicator in one month's ledger.
type HistoryItem struct {
	Month     ledger.Month
	Unit      string
	Submitted time.Time
	Status    ledger.Status
	Detail    string
	Evidence  []string
	Withheld  bool
}

// TrendPoint is the number of indicators done as of the end of a month.
type TrendPoint struct {
	Month ledger.Month
	Count
}

// Overdue lists the units whose ledger for a month is overdue and missing.
type Overdue struct {
	Month ledger.Month
	Due   time.Time // the due day, the 5th of the following month
	Units []string  // in Input.Units order
}

// Indicator returns the progress of indicator id.
func (r *Report) Indicator(id int) (IndicatorProgress, bool) {
	i, ok := slices.BinarySearchFunc(r.Indicators, id, func(p IndicatorProgress, id int) int {
		return cmp.Compare(p.Indicator, id)
	})
	if !ok {
		return IndicatorProgress{}, false
	}
	return r.Indicators[i], true
}

// Compute works out the report for in.
func Compute(in Input) *Report {
	asOf := ledger.Day(in.AsOf)
	r := &Report{AsOf: asOf, Month: ledger.MonthOf(asOf)}
	counted := countedLedgers(in.Ledgers, asOf)
	for _, l := range counted {
		r.Sample = r.Sample || l.Sample
	}

	owners := slices.Clone(in.Indicators)
	slices.SortStableFunc(owners, func(a, b Owner) int { return cmp.Compare(a.Indicator, b.Indicator) })

	// The current state.
	latest := latestStatuses(counted, ledger.Month{})
	byCategory := map[int]*Count{}
	byUnit := map[string]*Count{}
	for _, u := range in.Units {
		byUnit[u] = &Count{}
	}
	for _, o := range owners {
		p := IndicatorProgress{Indicator: o.Indicator, Category: o.Category}
		for _, u := range o.Units {
			us := UnitStatus{Unit: u, Status: ledger.Missing}
			if rep, ok := latest[key{o.Indicator, u}]; ok {
				us = rep.unitStatus(u)
			}
			p.Units = append(p.Units, us)
			if c, ok := byUnit[u]; ok {
				c.add(us.Status)
			}
		}
		p.Status = indicatorStatus(p.Units)
		p.History = history(counted, o)
		r.Overall.add(p.Status)
		if byCategory[o.Category] == nil {
			byCategory[o.Category] = &Count{}
		}
		byCategory[o.Category].add(p.Status)
		r.Indicators = append(r.Indicators, p)
	}
	for _, c := range sortedInts(byCategory) {
		r.Categories = append(r.Categories, CategoryProgress{c, *byCategory[c]})
	}
	for _, u := range in.Units {
		r.Units = append(r.Units, UnitProgress{u, *byUnit[u]})
	}

	r.Trend = trend(counted, owners, in.Start)
	r.Overdue = overdue(counted, in.Units, in.Start, asOf)
	return r
}

// countedLedgers returns the ledgers that count as of the day asOf, ordered
// by month, then submission day, then unit and file, so that later ones
// override earlier ones.
func countedLedgers(all []*ledger.Ledger, asOf time.Time) []*ledger.Ledger {
	month := ledger.MonthOf(asOf)
	var out []*ledger.Ledger
	for _, l := range all {
		if l == nil || l.Month.After(month) || ledger.Day(l.Submitted).After(asOf) {
			continue
		}
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b *ledger.Ledger) int {
		return cmp.Or(
			a.Month.Compare(b.Month),
			a.Submitted.Compare(b.Submitted),
			cmp.Compare(a.Unit, b.Unit),
			cmp.Compare(a.File, b.File),
		)
	})
	return out
}

type key struct {
	indicator int
	unit      string
}

type report struct {
	month ledger.Month
	entry ledger.Entry
}

func (rep report) unitStatus(unit string) UnitStatus {
	us := UnitStatus{Unit: unit, Status: rep.entry.Status, Month: rep.month}
	if rep.entry.Secret {
		us.Withheld = true
		return us
	}
	us.Detail = rep.entry.Detail
	us.Evidence = slices.Clone(rep.entry.Evidence)
	return us
}

// latestStatuses returns each unit's latest report on each indicator, from
// the counted ledgers for months up to until (all of them if until is zero).
func latestStatuses(counted []*ledger.Ledger, until ledger.Month) map[key]report {
	latest := map[key]report{}
	for _, l := range counted {
		if !until.IsZero() && l.Month.After(until) {
			break
		}
		for _, e := range l.Entries {
			if e.Status != ledger.Done && e.Status != ledger.InProgress {
				continue
			}
			latest[key{e.Indicator, l.Unit}] = report{l.Month, e}
		}
	}
	return latest
}

// indicatorStatus applies the all-units rule.
func indicatorStatus(units []UnitStatus) ledger.Status {
	if len(units) == 0 {
		return ledger.Missing
	}
	done, reported := 0, 0
	for _, u := range units {
		if u.Status == ledger.Done {
			done++
		}
		if u.Status != ledger.Missing {
			reported++
		}
	}
	switch {
	case done == len(units):
		return ledger.Done
	case reported == 0:
		return ledger.Missing
	}
	return ledger.InProgress
}

func history(counted []*ledger.Ledger, o Owner) []HistoryItem {
	var out []HistoryItem
	for _, l := range counted {
		if !slices.Contains(o.Units, l.Unit) {
			continue
		}
		e, ok := l.Entry(o.Indicator)
		if !ok || (e.Status != ledger.Done && e.Status != ledger.InProgress) {
			continue
		}
		h := HistoryItem{Month: l.Month, Unit: l.Unit, Submitted: ledger.Day(l.Submitted), Status: e.Status, Withheld: e.Secret}
		if !e.Secret {
			h.Detail = e.Detail
			h.Evidence = slices.Clone(e.Evidence)
		}
		out = append(out, h)
	}
	return out
}

func trend(counted []*ledger.Ledger, owners []Owner, start ledger.Month) []TrendPoint {
	if len(counted) == 0 {
		return nil
	}
	last := counted[len(counted)-1].Month
	if start.IsZero() {
		start = counted[0].Month
	}
	var out []TrendPoint
	for m := start; !m.After(last); m = m.Next() {
		latest := latestStatuses(counted, m)
		p := TrendPoint{Month: m}
		for _, o := range owners {
			units := make([]UnitStatus, len(o.Units))
			for i, u := range o.Units {
				units[i].Status = ledger.Missing
				if rep, ok := latest[key{o.Indicator, u}]; ok {
					units[i].Status = rep.entry.Status
				}
			}
			p.add(indicatorStatus(units))
		}
		out = append(out, p)
	}
	return out
}

func overdue(counted []*ledger.Ledger, units []string, start ledger.Month, asOf time.Time) []Overdue {
	if start.IsZero() {
		return nil
	}
	have := map[ledger.Month]map[string]bool{}
	for _, l := range counted {
		if have[l.Month] == nil {
			have[l.Month] = map[string]bool{}
		}
		have[l.Month][l.Unit] = true
	}
	var out []Overdue
	for m := start; m.Overdue(asOf); m = m.Next() {
		o := Overdue{Month: m, Due: m.Due()}
		for _, u := range units {
			if !have[m][u] {
				o.Units = append(o.Units, u)
			}
		}
		if len(o.Units) > 0 {
			out = append(out, o)
		}
	}
	return out
}

func sortedInts[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
