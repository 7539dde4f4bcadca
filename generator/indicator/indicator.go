// Package indicator holds the campaign's indicator system — the ten
// first-level categories (一级指标), their groups (二级指标), the 115 numbered
// indicators (三级指标), the responsible units, the seven stages, the nine
// creation tasks, the four work mechanisms and the bonus (加分项) and veto
// (否决项) items — as typed data loaded from the seeds directory.
//
// The data lives in five TOML files in seeds/, written by `seed import` and
// reviewed by a person:
//
//	categories.toml  [[category]] n, numeral, name, [[category.group]] n, name
//	indicators.toml  [[indicator]] id, category, group, text, text_missing,
//	                 methods, materials, units, line
//	units.toml       [[unit]] code, name, kind, aliases (the reviewed alias
//	                 table; also an input to the importer)
//	stages.toml      [[stage]] n, name, start, end, text
//	plan.toml        [[task]], [[mechanism]], [[bonus]], [[veto]]
//
// An empty string where the source has no text (an indicator's requirement, a
// group's name) means 原文未载明: the plan does not state it. Dates are ISO
// calendar dates (yyyy-mm-dd) in China time; a stage runs from the start of its
// Start day to the end of its End day in Asia/Shanghai.
package indicator

import (
	"strings"
	"time"
	"unicode"
)

// Category is a first-level indicator (一级指标), numbered 1 to 10.
type Category struct {
	N       int     // 1 … 10
	Numeral string  // 一 … 十
	Name    string  // without the numeral, e.g. 依法行政制度体系完善
	Groups  []Group // in order of N
}

// Group is a second-level indicator (二级指标), numbered within its category.
// Name is "" when the plan prints no name for it (原文未载明).
type Group struct {
	Category int
	N        int
	Name     string
}

// Indicator is a numbered third-level indicator (三级指标).
type Indicator struct {
	ID          int      // 1 … 115
	Category    int      // Category.N
	Group       int      // Group.N within the category
	Text        string   // the requirement; "" when the source has none
	TextMissing bool     // true when the source states no requirement (原文未载明)
	Methods     []string // assessment methods (测评方式), e.g. 查看资料
	Materials   []string // materials to submit (报送材料), one per ①②③ item
	Units       []string // responsible units (责任单位) as Unit.Code
	Line        int      // the line in the plan text where the indicator starts
}

// Unit kinds.
const (
	KindOffice  = "office"  // a section of the bureau (局机关科室)
	KindCentre  = "centre"  // a subordinate institution (局属单位: 中心, 执法局, 确权登记局)
	KindBranch  = "branch"  // a district branch (分局)
	KindGroup   = "group"   // a label for several units (各分局, 局属各科室（单位）)
	KindOutside = "outside" // a body outside the bureau (驻局监察组)
)

// Unit is a responsible unit (责任单位) or a group label standing for several.
type Unit struct {
	Code    string   // stable lowercase ASCII, used in URLs, e.g. zcfgk
	Name    string   // the reviewed name, e.g. 政策法规科
	Kind    string   // office, centre, branch, group or outside
	Aliases []string // every other spelling the plan uses
}

// Stage is one of the seven implementation stages (实施步骤). Start and End are
// ISO dates (yyyy-mm-dd), both inclusive, in China time.
type Stage struct {
	N     int
	Name  string // e.g. 动员部署阶段
	Start string
	End   string
	Text  string // the stage's paragraphs, separated by "\n"
}

// Task is one of the nine creation tasks (创建任务).
type Task struct {
	N     int
	Title string // e.g. 依法全面履行政府职能
	Text  string
}

// Mechanism is one of the four work mechanisms (工作机制).
type Mechanism struct {
	N     int
	Title string // e.g. 舆论宣传机制
	Text  string
}

// Item is a bonus (加分项) or veto (否决项) item of the indicator table.
type Item struct {
	N           int
	Text        string // "" when the source has none
	TextMissing bool
	Methods     []string
	Materials   []string
	Units       []string // Unit.Code
	Line        int
}

// Data is the whole indicator system.
type Data struct {
	Categories []Category
	Indicators []Indicator // in order of ID
	Units      []Unit
	Stages     []Stage
	Tasks      []Task
	Mechanisms []Mechanism
	Bonus      []Item
	Veto       []Item
}

// Numerals are the Chinese numerals of the categories, Numerals[n-1] for n.
var Numerals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// china is Asia/Shanghai. China has kept UTC+8 without daylight saving since
// 1991, so a fixed zone is exact for the campaign and needs no tzdata.
var china = time.FixedZone("CST", 8*60*60)

// China returns the Asia/Shanghai time zone used for all campaign dates.
func China() *time.Location { return china }

// Indicator returns the indicator numbered id.
func (d *Data) Indicator(id int) (*Indicator, bool) {
	for i := range d.Indicators {
		if d.Indicators[i].ID == id {
			return &d.Indicators[i], true
		}
	}
	return nil, false
}

// Category returns the category numbered n.
func (d *Data) Category(n int) (*Category, bool) {
	for i := range d.Categories {
		if d.Categories[i].N == n {
			return &d.Categories[i], true
		}
	}
	return nil, false
}

// Group returns group n of category c.
func (d *Data) Group(c, n int) (*Group, bool) {
	cat, ok := d.Category(c)
	if !ok {
		return nil, false
	}
	for i := range cat.Groups {
		if cat.Groups[i].N == n {
			return &cat.Groups[i], true
		}
	}
	return nil, false
}

// Unit returns the unit with the given code, name or alias. The match ignores
// spaces and the difference between full-width and half-width forms, so
// 局属各科室(单位) finds 局属各科室（单位）.
func (d *Data) Unit(nameOrCodeOrAlias string) (*Unit, bool) {
	key := UnitKey(nameOrCodeOrAlias)
	if key == "" {
		return nil, false
	}
	for i := range d.Units {
		u := &d.Units[i]
		if UnitKey(u.Code) == key || UnitKey(u.Name) == key {
			return u, true
		}
	}
	for i := range d.Units {
		u := &d.Units[i]
		for _, a := range u.Aliases {
			if UnitKey(a) == key {
				return u, true
			}
		}
	}
	return nil, false
}

// UnitKey is the form in which unit names are compared: without white space,
// full-width ASCII forms (（）, Ａ) folded to half-width, ASCII lowercased.
func UnitKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// UnitIndicators returns the indicators the unit with this code is responsible
// for, in order of ID.
func (d *Data) UnitIndicators(code string) []*Indicator {
	var out []*Indicator
	for i := range d.Indicators {
		for _, c := range d.Indicators[i].Units {
			if c == code {
				out = append(out, &d.Indicators[i])
				break
			}
		}
	}
	return out
}

// CurrentStage returns the stage running on asOf's calendar day in China time.
// It reports false before the first stage starts and after the last one ends.
func (d *Data) CurrentStage(asOf time.Time) (*Stage, bool) {
	day := asOf.In(china).Format(time.DateOnly)
	for i := range d.Stages {
		s := &d.Stages[i]
		if s.Start <= day && day <= s.End {
			return s, true
		}
	}
	return nil, false
}

// StageTimes returns the instants a stage starts and ends in China time:
// midnight at the start of Start and midnight after End.
func StageTimes(s Stage) (start, end time.Time, err error) {
	start, err = time.ParseInLocation(time.DateOnly, s.Start, china)
	if err != nil {
		return
	}
	end, err = time.ParseInLocation(time.DateOnly, s.End, china)
	return start, end.AddDate(0, 0, 1), err
}
