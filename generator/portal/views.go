package portal

import (
	"time"

	"fzzf/generator/ledger"
	"fzzf/generator/progress"
	"fzzf/generator/site"
)

// The view types below are what the layouts read as .Data. They hold words,
// not codes: statuses as 已完成/推进中/未报送, dates as time.Time for the date
// template functions, URLs ready for href.

// Status is a status as shown: the word and a CSS class for its marker.
type Status struct {
	Word  string // 已完成, 推进中, 未报送
	Class string // done, doing, missing
}

func statusOf(s ledger.Status) Status {
	switch s {
	case ledger.Done:
		return Status{string(s), "done"}
	case ledger.InProgress:
		return Status{string(s), "doing"}
	}
	return Status{string(ledger.Missing), "missing"}
}

// Count is a completion count with its percentage.
type Count struct {
	progress.Count
	Pct int // whole percent done, rounded down
}

func countOf(c progress.Count) Count { return Count{c, c.Percent()} }

// Link is a link with its text.
type Link struct {
	Text, URL string
}

// UnitRef is a unit as mentioned on other pages.
type UnitRef struct {
	Code, Name, Kind string
	KindLabel        string // 局机关科室, 局属单位, 分局, 汇总类, 局外单位
	URL              string
	Group            bool // a group label: reports through a consolidated ledger
}

// MethodRef is an assessment method (测评方式) with its page.
type MethodRef struct {
	Name, Code, URL string
}

// Evidence is a published page or a link from a ledger that shows an
// indicator's work (佐证材料).
type Evidence struct {
	Title  string
	URL    string
	Date   time.Time // zero for ledger links
	Column string    // 栏目, or 工作台账 for ledger links
	Source string    // 文号/来源: the page's source, or the reporting unit
	Ledger bool      // from a ledger, not a page of the site
}

// UnitStatus is one responsible unit's latest report on an indicator.
type UnitStatus struct {
	Unit     *UnitRef
	Status   Status
	Month    string // 2023年3月; "" when never reported
	Detail   string
	Evidence []Link
	Withheld bool // a secret entry: counted, never shown
}

// HistoryItem is one report in an indicator's change log.
type HistoryItem struct {
	Month     string
	MonthURL  string
	Unit      *UnitRef
	Submitted time.Time
	Status    Status
	Detail    string
	Evidence  []Link
	Withheld  bool
}

// Indicator is one third-level indicator with everything known about it.
type Indicator struct {
	ID          int
	URL         string
	Label       string // 指标21
	Text        string // "" when TextMissing
	TextMissing bool
	Category    *Category
	GroupN      int
	GroupName   string // "" when the plan prints none
	Methods     []*MethodRef
	Materials   []string
	Units       []*UnitRef
	WebSearch   bool // assessed by 网络检索

	Status       Status
	UnitStatuses []UnitStatus
	History      []HistoryItem // newest first
	Latest       *HistoryItem  // the newest report, nil when none
	Evidence     []Evidence    // pages first (newest first), then ledger links
	Pages        []Evidence    // only the published pages
	NoEvidence   string        // why there is none, when Evidence is empty
	Deadline     string        // 完成时限 as shown
	Updated      time.Time     // 最后更新日期: newest report or evidence; zero when none
}

// Group is a second-level indicator with its indicators.
type Group struct {
	N          int
	Name       string // "" when the plan prints none
	Indicators []*Indicator
}

// Category is a first-level indicator with its groups.
type Category struct {
	N                int
	Numeral, Name    string
	URL              string
	Groups           []*Group
	Count            Count
	IndicatorsN      int
	WebSearchMissing int // 网络检索 indicators without evidence
}

// Method is one assessment method with the indicators it checks.
type Method struct {
	MethodRef
	Indicators []*Indicator
}

// Item is a bonus (加分项) or veto (否决项) item.
type Item struct {
	N           int
	Text        string
	TextMissing bool
	Methods     []string
	Materials   []string
	Units       []*UnitRef
}

// Marks are what a page must say about its data: Sample is true when it
// shows 示例数据 from ledgers marked sample = true.
type Marks struct {
	Sample bool
}

// IndicatorsPage is the Data of /indicators/.
type IndicatorsPage struct {
	Marks
	Prose      *site.Page // content/indicators/_index.md, or nil
	Categories []*Category
	Methods    []*Method
	Bonus      []Item
	Veto       []Item
	Total      int
	Count      Count
}

// IndicatorPage is the Data of /indicators/<id>/.
type IndicatorPage struct {
	Marks
	*Indicator
	Prose *site.Page // content/indicators/<id>.md, or nil
}

// MethodPage is the Data of /indicators/methods/<code>/.
type MethodPage struct {
	Marks
	*Method
	Methods []*Method
}

// CoverageUnit is one unit's to-do list on the coverage page.
type CoverageUnit struct {
	Unit       *UnitRef
	Indicators []*Indicator // 网络检索 indicators without public evidence
}

// CoveragePage is the Data of /indicators/coverage/.
type CoveragePage struct {
	Marks
	Categories []*Category
	WebSearch  int // indicators assessed by 网络检索
	Covered    int // of those, with public evidence
	WithAny    int // indicators (any method) with public evidence
	Total      int
	Units      []CoverageUnit // units with something to do
}

// CategoryPage is the Data of /categories/<n>/.
type CategoryPage struct {
	Marks
	*Category
	Categories []*Category
}

// UnitIndicator is one indicator a unit owns, with the unit's own status.
type UnitIndicator struct {
	*Indicator
	Own UnitStatus // the unit's latest report
}

// UnitCategory groups a unit's indicators by category.
type UnitCategory struct {
	Category   *Category
	Indicators []UnitIndicator
}

// LedgerRecord is one month of a unit's ledger submissions.
type LedgerRecord struct {
	Month     string
	MonthURL  string
	Submitted time.Time // zero when none came in
	State     string    // 按时报送, 逾期报送, 未报送, 未到报送期限
	Class     string    // ontime, late, missing, pending
	Entries   int
}

// Unit is a responsible unit with what it owns.
type Unit struct {
	*UnitRef
	Aliases    []string
	Categories []UnitCategory
	Count      Count // judged by the unit's own latest statuses
	Total      int
	Ledgers    []LedgerRecord // newest first
	Pages      []Evidence     // content naming the unit
}

// UnitKind is a kind of unit with its units, for /units/.
type UnitKind struct {
	Label string
	Units []*Unit
}

// UnitsPage is the Data of /units/.
type UnitsPage struct {
	Marks
	Kinds []UnitKind
}

// UnitPage is the Data of /units/<code>/.
type UnitPage struct {
	Marks
	*Unit
}

// Stage is one of the seven stages as shown.
type Stage struct {
	N          int
	Name       string
	Start, End time.Time
	Text       []string // paragraphs
	State      string   // 已结束, 进行中, 未开始
	Class      string   // past, current, future
	Current    bool
}

// StagesPage is the Data of /stages/ (and part of the progress pages).
type StagesPage struct {
	Stages  []Stage
	Current *Stage // nil before the first and after the last stage
	Note    string // what the as-of day means when no stage is current
	AsOf    time.Time
}

// Bar is one row of a horizontal bar chart.
type Bar struct {
	Label         string
	URL           string
	Y             int // top of the row
	TextY         int // baseline of the label
	DoneW, DoingW int // widths of the done and in-progress parts
	DoingX        int
	Count         Count
}

// BarChart is the per-category chart.
type BarChart struct {
	Width, Height int
	LabelW        int // width of the label column
	BarW          int // width of 100%
	BarH          int
	Bars          []Bar
	PctX          int // x of the percentage text
}

// Point is a point of the trend chart.
type Point struct {
	X, Y  int
	Month string
	Short string // x-axis label, e.g. 22.9
	ShowX bool   // label this month on the x axis
	Count Count
	URL   string
}

// Tick is a y-axis tick.
type Tick struct {
	Y     int
	Label string
}

// TrendChart is the monthly trend chart.
type TrendChart struct {
	Width, Height int
	Left, Right   int
	Top, Bottom   int
	Line          string // polyline points
	Points        []Point
	Ticks         []Tick
	Max           int
}

// OverdueMonth lists the units whose ledger for a month is overdue.
type OverdueMonth struct {
	Month    string
	MonthURL string
	Due      time.Time
	Units    []*UnitRef
}

// MonthRef is a month of ledgers with its page.
type MonthRef struct {
	Month          string
	Code           string // 2023-03
	URL            string
	Count          Count
	Ledgers, Units int // ledgers counted for the month, units that owe one
}

// ProgressPage is the Data of /progress/.
type ProgressPage struct {
	Marks
	Prose      *site.Page
	AsOf       time.Time
	Overall    Count
	Categories []*Category
	Bars       BarChart
	Trend      TrendChart
	Months     []MonthRef // oldest first
	Stages     StagesPage
	Overdue    []OverdueMonth // newest first
	Units      []*Unit        // units with their completion
	NoLedgers  bool
}

// MonthEntry is one public report in a month's ledgers.
type MonthEntry struct {
	Indicator *Indicator
	Unit      *UnitRef
	Status    Status
	Detail    string
	Evidence  []Link
	Withheld  bool
}

// MonthLedger is one unit's ledger state for the month.
type MonthLedger struct {
	Unit      *UnitRef
	Submitted time.Time
	State     string
	Class     string
	Entries   int
}

// MonthPage is the Data of /progress/YYYY-MM/.
type MonthPage struct {
	Marks
	Prose *site.Page
	MonthRef
	Prev, Next  *MonthRef
	Overall     Count
	Categories  []CategoryCount
	Completed   []*Indicator // newly done this month
	Submissions []MonthLedger
	Entries     []MonthEntry
}

// CategoryCount is a category's completion at some point.
type CategoryCount struct {
	Category *Category
	Count    Count
}

// Home is the home page's Data, for partials/home-campaign.html.
type Home struct {
	Marks
	Stage      *Stage
	StageNote  string
	Overall    Count
	Total      int
	AsOf       time.Time
	Indicators string // /indicators/ URL
	Progress   string // /progress/ URL
	Stages     string // /stages/ URL
	Coverage   string // /indicators/coverage/ URL
	HasLedgers bool
}
