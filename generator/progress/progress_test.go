package progress

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"fzzf/generator/ledger"
)

var cst = time.FixedZone("CST", 8*60*60)

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, cst)
	if err != nil {
		panic(err)
	}
	return t
}

func month(s string) ledger.Month {
	m, err := ledger.ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

// led makes a ledger of unit for month m, submitted on the given day.
func led(unit, m, submitted string, entries ...ledger.Entry) *ledger.Ledger {
	return &ledger.Ledger{Unit: unit, Month: month(m), Submitted: day(submitted), Entries: entries,
		File: "content/progress/" + m + "/" + unit + ".toml"}
}

func done(id int, detail string) ledger.Entry {
	return ledger.Entry{Indicator: id, Status: ledger.Done, Detail: detail}
}

func doing(id int, detail string) ledger.Entry {
	return ledger.Entry{Indicator: id, Status: ledger.InProgress, Detail: detail}
}

// owners: 21 and 22 in category 3 belong to zcfgk; 30 in category 5 to
// chkc; 115 in category 10 to both; 110 in category 10 to nobody.
var owners = []Owner{
	{Indicator: 115, Units: []string{"zcfgk", "chkc"}, Category: 10},
	{Indicator: 21, Units: []string{"zcfgk"}, Category: 3},
	{Indicator: 22, Units: []string{"zcfgk"}, Category: 3},
	{Indicator: 30, Units: []string{"chkc"}, Category: 5},
	{Indicator: 110, Category: 10},
}

var units = []string{"zcfgk", "chkc"}

func status(t *testing.T, r *Report, id int) ledger.Status {
	t.Helper()
	p, ok := r.Indicator(id)
	if !ok {
		t.Fatalf("no indicator %d in the report", id)
	}
	return p.Status
}

func TestAllUnitsRule(t *testing.T) {
	tests := []struct {
		name    string
		ledgers []*ledger.Ledger
		want    ledger.Status
	}{
		{"nobody reported", nil, ledger.Missing},
		{"nobody mentioned it", []*ledger.Ledger{led("zcfgk", "2023-03", "2023-04-03", done(21, ""))}, ledger.Missing},
		{"one of two done", []*ledger.Ledger{led("zcfgk", "2023-03", "2023-04-03", done(115, ""))}, ledger.InProgress},
		{"one done, one in progress", []*ledger.Ledger{
			led("zcfgk", "2023-03", "2023-04-03", done(115, "")),
			led("chkc", "2023-03", "2023-04-03", doing(115, "")),
		}, ledger.InProgress},
		{"both done", []*ledger.Ledger{
			led("zcfgk", "2023-02", "2023-03-03", done(115, "")),
			led("chkc", "2023-03", "2023-04-03", done(115, "")),
		}, ledger.Done},
		{"done, then back in progress", []*ledger.Ledger{
			led("zcfgk", "2023-02", "2023-03-03", done(115, "")),
			led("chkc", "2023-02", "2023-03-03", done(115, "")),
			led("chkc", "2023-03", "2023-04-03", doing(115, "")),
		}, ledger.InProgress},
		{"a later ledger that does not mention it keeps the status", []*ledger.Ledger{
			led("zcfgk", "2023-02", "2023-03-03", done(115, "")),
			led("chkc", "2023-02", "2023-03-03", done(115, "")),
			led("chkc", "2023-03", "2023-04-03", doing(30, "")),
		}, ledger.Done},
		{"a unit that is not responsible does not count", []*ledger.Ledger{
			led("zcfgk", "2023-03", "2023-04-03", done(30, "")),
		}, ledger.Missing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(Input{Indicators: owners, Units: units, Ledgers: tt.ledgers, AsOf: day("2023-06-01"), Start: month("2023-01")})
			id := 115
			if strings.Contains(tt.name, "not responsible") {
				id = 30
			}
			if got := status(t, r, id); got != tt.want {
				t.Errorf("status of %d = %s, want %s", id, got, tt.want)
			}
		})
	}
	r := Compute(Input{Indicators: owners, Units: units, AsOf: day("2023-06-01")})
	if got := status(t, r, 110); got != ledger.Missing {
		t.Errorf("an indicator with no unit is %s, want %s", got, ledger.Missing)
	}
}

func TestAsOf(t *testing.T) {
	ledgers := []*ledger.Ledger{
		led("zcfgk", "2023-03", "2023-04-03", doing(21, "三月")),
		led("zcfgk", "2023-04", "2023-05-08", done(21, "四月，晚交")),
		led("zcfgk", "2023-05", "2023-04-28", done(22, "五月，提前交")), // handed in before May began
	}
	tests := []struct {
		asOf   time.Time
		s21    ledger.Status
		s22    ledger.Status
		detail string
	}{
		{day("2023-04-02"), ledger.Missing, ledger.Missing, ""},
		{day("2023-04-03"), ledger.InProgress, ledger.Missing, "三月"},
		{day("2023-04-30"), ledger.InProgress, ledger.Missing, "三月"}, // May's was handed in early, but May has not begun
		{day("2023-05-01"), ledger.InProgress, ledger.Done, "三月"},
		{day("2023-05-07"), ledger.InProgress, ledger.Done, "三月"}, // April's came in on the 8th
		{day("2023-05-08"), ledger.Done, ledger.Done, "四月，晚交"},
		{time.Date(2023, 5, 7, 16, 0, 0, 0, time.UTC), ledger.Done, ledger.Done, "四月，晚交"}, // 00:00 on the 8th in China
		{time.Date(2023, 5, 7, 15, 59, 0, 0, time.UTC), ledger.InProgress, ledger.Done, "三月"},
	}
	for _, tt := range tests {
		r := Compute(Input{Indicators: owners, Units: units, Ledgers: ledgers, AsOf: tt.asOf})
		if got := status(t, r, 21); got != tt.s21 {
			t.Errorf("as of %v: 21 is %s, want %s", tt.asOf, got, tt.s21)
		}
		if got := status(t, r, 22); got != tt.s22 {
			t.Errorf("as of %v: 22 is %s, want %s", tt.asOf, got, tt.s22)
		}
		p, _ := r.Indicator(21)
		if got := p.Units[0].Detail; got != tt.detail {
			t.Errorf("as of %v: 21 detail %q, want %q", tt.asOf, got, tt.detail)
		}
	}
}

func TestOverdue(t *testing.T) {
	ledgers := []*ledger.Ledger{
		led("zcfgk", "2023-02", "2023-03-03"),
		led("chkc", "2023-02", "2023-03-10"), // late
		led("zcfgk", "2023-03", "2023-04-05"),
	}
	overdue := func(asOf string) string {
		r := Compute(Input{Indicators: owners, Units: units, Ledgers: ledgers, AsOf: day(asOf), Start: month("2023-02")})
		var parts []string
		for _, o := range r.Overdue {
			parts = append(parts, fmt.Sprintf("%s:%s", o.Month, strings.Join(o.Units, ",")))
			if !o.Due.Equal(o.Month.Due()) {
				t.Errorf("Due of %s = %v", o.Month, o.Due)
			}
		}
		return strings.Join(parts, " ")
	}
	tests := []struct{ asOf, want string }{
		{"2023-03-04", ""},
		{"2023-03-05", ""},
		{"2023-03-06", "2023-02:chkc"},
		{"2023-03-09", "2023-02:chkc"},
		{"2023-03-10", ""},
		{"2023-04-04", ""},
		{"2023-04-05", ""},
		{"2023-04-06", "2023-03:chkc"},
		{"2023-05-06", "2023-03:chkc 2023-04:zcfgk,chkc"},
	}
	for _, tt := range tests {
		if got := overdue(tt.asOf); got != tt.want {
			t.Errorf("overdue as of %s = %q, want %q", tt.asOf, got, tt.want)
		}
	}
	// Without a start month nothing is owed.
	if r := Compute(Input{Units: units, AsOf: day("2023-06-01")}); r.Overdue != nil {
		t.Errorf("Overdue without Start = %v", r.Overdue)
	}
}

func TestTrend(t *testing.T) {
	ledgers := []*ledger.Ledger{
		led("zcfgk", "2023-01", "2023-02-03", doing(21, "")),
		led("zcfgk", "2023-02", "2023-03-03", done(21, ""), done(22, ""), done(115, "")),
		led("chkc", "2023-02", "2023-03-03", done(115, "")),
		led("zcfgk", "2023-04", "2023-05-03", doing(22, "")),
		led("chkc", "2023-05", "2023-06-03", done(30, "")), // after the as-of day
	}
	r := Compute(Input{Indicators: owners, Units: units, Ledgers: ledgers, AsOf: day("2023-05-20"), Start: month("2022-12")})
	var got []string
	for _, p := range r.Trend {
		got = append(got, fmt.Sprintf("%s %d/%d", p.Month, p.Done, p.Total))
	}
	want := []string{"2022-12 0/5", "2023-01 0/5", "2023-02 3/5", "2023-03 3/5", "2023-04 2/5"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("trend = %v, want %v", got, want)
	}
	if r := Compute(Input{Indicators: owners, Units: units, AsOf: day("2023-05-20"), Start: month("2023-01")}); r.Trend != nil {
		t.Errorf("trend without ledgers = %v, want none", r.Trend)
	}
}

func TestCompletion(t *testing.T) {
	ledgers := []*ledger.Ledger{
		led("zcfgk", "2023-03", "2023-04-03", done(21, ""), doing(22, ""), done(115, "")),
		led("chkc", "2023-03", "2023-04-03", doing(115, "")),
	}
	r := Compute(Input{Indicators: owners, Units: units, Ledgers: ledgers, AsOf: day("2023-04-10")})
	if want := (Count{Done: 1, InProgress: 2, Missing: 2, Total: 5}); r.Overall != want {
		t.Errorf("overall = %+v, want %+v", r.Overall, want)
	}
	wantCats := []CategoryProgress{
		{3, Count{Done: 1, InProgress: 1, Total: 2}},
		{5, Count{Missing: 1, Total: 1}},
		{10, Count{InProgress: 1, Missing: 1, Total: 2}},
	}
	if !reflect.DeepEqual(r.Categories, wantCats) {
		t.Errorf("categories = %+v, want %+v", r.Categories, wantCats)
	}
	wantUnits := []UnitProgress{
		{"zcfgk", Count{Done: 2, InProgress: 1, Total: 3}}, // 115 is done as far as zcfgk goes
		{"chkc", Count{InProgress: 1, Missing: 1, Total: 2}},
	}
	if !reflect.DeepEqual(r.Units, wantUnits) {
		t.Errorf("units = %+v, want %+v", r.Units, wantUnits)
	}
	if got := r.Units[0].Percent(); got != 66 {
		t.Errorf("zcfgk percent = %d, want 66 (2 of 3, rounded down)", got)
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		done, total, want int
	}{
		{0, 0, 0}, {0, 115, 0}, {1, 115, 0}, {2, 115, 1}, {1, 3, 33}, {2, 3, 66},
		{114, 115, 99}, {115, 115, 100}, {58, 115, 50}, {57, 115, 49},
	}
	for _, tt := range tests {
		if got := (Count{Done: tt.done, Total: tt.total}).Percent(); got != tt.want {
			t.Errorf("%d/%d = %d%%, want %d%%", tt.done, tt.total, got, tt.want)
		}
	}
}

func TestSecret(t *testing.T) {
	secret := ledger.Entry{Indicator: 21, Status: ledger.Done, Detail: "涉密细节", Evidence: []string{"/secret/"},
		Contact: "王五 13900000000", Secret: true}
	open := ledger.Entry{Indicator: 21, Status: ledger.InProgress, Detail: "公开的推进情况", Contact: "王五 13900000000"}
	ledgers := []*ledger.Ledger{
		led("zcfgk", "2023-02", "2023-03-03", open),
		led("zcfgk", "2023-03", "2023-04-03", secret),
	}
	r := Compute(Input{Indicators: owners, Units: units, Ledgers: ledgers, AsOf: day("2023-04-10")})
	p, _ := r.Indicator(21)
	if p.Status != ledger.Done {
		t.Errorf("a secret entry does not count: status %s", p.Status)
	}
	if u := p.Units[0]; !u.Withheld || u.Detail != "" || u.Evidence != nil || u.Month != month("2023-03") {
		t.Errorf("unit status = %+v, want the March status withheld", u)
	}
	wantHistory := []HistoryItem{
		{Month: month("2023-02"), Unit: "zcfgk", Submitted: day("2023-03-03"), Status: ledger.InProgress, Detail: "公开的推进情况"},
		{Month: month("2023-03"), Unit: "zcfgk", Submitted: day("2023-04-03"), Status: ledger.Done, Withheld: true},
	}
	if !reflect.DeepEqual(p.History, wantHistory) {
		t.Errorf("history =\n%+v\nwant\n%+v", p.History, wantHistory)
	}
	dump := fmt.Sprintf("%+v", r)
	for _, private := range []string{"涉密细节", "/secret/", "13900000000", "王五"} {
		if strings.Contains(dump, private) {
			t.Errorf("the report holds %q", private)
		}
	}
}

func TestSample(t *testing.T) {
	l := led("zcfgk", "2023-03", "2023-04-03", done(21, ""))
	l.Sample = true
	if r := Compute(Input{Indicators: owners, Units: units, Ledgers: []*ledger.Ledger{l}, AsOf: day("2023-04-03")}); !r.Sample {
		t.Error("a report from sample ledgers is not marked Sample")
	}
	if r := Compute(Input{Indicators: owners, Units: units, Ledgers: []*ledger.Ledger{l}, AsOf: day("2023-04-02")}); r.Sample {
		t.Error("a sample ledger that does not count yet marks the report Sample")
	}
}

func TestDeterministic(t *testing.T) {
	a := led("zcfgk", "2023-03", "2023-04-03", done(21, "甲"))
	b := led("zcfgk", "2023-03", "2023-04-04", doing(21, "乙")) // a correction handed in the next day
	in := Input{Indicators: owners, Units: units, AsOf: day("2023-05-01"), Start: month("2023-03")}
	in.Ledgers = []*ledger.Ledger{a, b}
	r1 := Compute(in)
	in.Ledgers = []*ledger.Ledger{b, a}
	r2 := Compute(in)
	if !reflect.DeepEqual(r1, r2) {
		t.Error("the order of the ledgers changes the report")
	}
	if p, _ := r1.Indicator(21); p.Units[0].Detail != "乙" {
		t.Errorf("detail = %q, want the later submission's", p.Units[0].Detail)
	}
}

func TestHistory(t *testing.T) {
	ledgers := []*ledger.Ledger{
		led("chkc", "2023-02", "2023-03-03", done(115, "测绘科完成"), done(21, "不归测绘科管")),
		led("zcfgk", "2023-02", "2023-03-02", doing(115, "起草中")),
		led("zcfgk", "2023-03", "2023-04-03", done(115, "已印发")),
		led("zcfgk", "2023-04", "2023-05-03", done(115, "还没到")),
	}
	r := Compute(Input{Indicators: owners, Units: units, Ledgers: ledgers, AsOf: day("2023-04-30")})
	p, _ := r.Indicator(115)
	var got []string
	for _, h := range p.History {
		got = append(got, fmt.Sprintf("%s %s %s %s", h.Month, h.Unit, h.Status, h.Detail))
	}
	want := []string{
		"2023-02 zcfgk 推进中 起草中",
		"2023-02 chkc 已完成 测绘科完成",
		"2023-03 zcfgk 已完成 已印发",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("history of 115 =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p, _ := r.Indicator(21); len(p.History) != 0 {
		t.Errorf("history of 21 holds a report from a unit not responsible for it: %+v", p.History)
	}
}
