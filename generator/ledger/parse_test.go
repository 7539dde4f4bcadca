package ledger

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func readTestdata(t *testing.T, name string) (string, []byte) {
	t.Helper()
	file := filepath.Join("testdata", filepath.FromSlash(name))
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return file, data
}

func TestParse(t *testing.T) {
	file, data := readTestdata(t, "progress/2023-03/zcfgk.toml")
	l, err := Parse(file, data, testRegistry{})
	if err != nil {
		t.Fatal(err)
	}
	want := &Ledger{
		Unit:      "zcfgk",
		Month:     Month{2023, time.March},
		Submitted: time.Date(2023, 4, 3, 0, 0, 0, 0, china),
		Sample:    true,
		File:      file,
		Entries: []Entry{
			{Indicator: 21, Status: Done, Detail: "印发《2023年度重大行政决策事项目录》并在局网站公开。",
				Evidence: []string{"/policies/plan/", "https://www.xuchang.gov.cn/"}, Contact: "张三 13800000000", Line: 6},
			{Indicator: 22, Status: InProgress, Detail: "已起草合法性审查工作规则初稿；\n正在征求“各科室”意见。", Line: 13},
			{Indicator: 111, Status: Done, Detail: "涉密事项，按要求报送。", Secret: true, Line: 20},
		},
	}
	if !want.Submitted.Equal(l.Submitted) {
		t.Errorf("Submitted = %v, want %v", l.Submitted, want.Submitted)
	}
	l.Submitted = want.Submitted
	if !reflect.DeepEqual(l, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", l, want)
	}
}

func TestParseProblems(t *testing.T) {
	file, data := readTestdata(t, "bad.toml")
	_, err := Parse(file, data, testRegistry{})
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Parse error = %v, want Problems", err)
	}
	want := []string{
		`testdata/bad.toml:3: month "2023-3": want YYYY-MM, e.g. 2023-03`,
		`testdata/bad.toml:4: submitted: want a date without quotes, e.g. 2023-04-03, got the string "2023-04-03"`,
		`testdata/bad.toml:5: unknown key "colour" (want one of unit, month, submitted, sample, entry)`,
		`testdata/bad.toml:8: unknown indicator 999`,
		`testdata/bad.toml:12: unit zcfgk is not responsible for indicator 30`,
		`testdata/bad.toml:13: status "完成": write "已完成" and put any text in detail`,
		`testdata/bad.toml:14: evidence "policies/plan/": want a path starting with / or a URL starting with http:// or https://`,
		`testdata/bad.toml:18: status "done": want "已完成" or "推进中"`,
		`testdata/bad.toml:19: secret: want true or false, got a string`,
		`testdata/bad.toml:20: unknown key "note" in [[entry]] (want one of indicator, status, detail, evidence, contact, secret)`,
		`testdata/bad.toml:22: [[entry]] without indicator`,
		`testdata/bad.toml:26: indicator 21 is already reported at line 16`,
		`testdata/bad.toml:34: status "未知": want "已完成" or "推进中"`,
	}
	var got []string
	for _, p := range ps {
		got = append(got, filepath.ToSlash(p.Error()))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseSyntaxError(t *testing.T) {
	file, data := readTestdata(t, "syntax.toml")
	_, err := Parse(file, data, testRegistry{})
	if err == nil || !strings.HasPrefix(filepath.ToSlash(err.Error()), "testdata/syntax.toml:6: invalid TOML") {
		t.Errorf("Parse error = %v, want testdata/syntax.toml:6: invalid TOML …", err)
	}
}

func TestParsePlace(t *testing.T) {
	file, data := readTestdata(t, "progress/2023-04/chkc.toml")
	_, err := Parse(file, data, testRegistry{})
	want := strings.Join([]string{
		`testdata/progress/2023-04/chkc.toml:1: unit "zcfgk" does not match the file name chkc.toml (want zcfgk.toml)`,
		`testdata/progress/2023-04/chkc.toml:2: month 2023-03 does not match the folder 2023-04`,
		`testdata/progress/2023-04/chkc.toml:3: submitted 2023-02-28 is before the month 2023-03 the ledger reports on`,
	}, "\n")
	if err == nil || filepath.ToSlash(err.Error()) != want {
		t.Errorf("Parse error =\n%v\nwant\n%s", err, want)
	}
}

func TestParseUnitName(t *testing.T) {
	data := []byte("unit = \"政策法规科\"\nmonth = \"2023-03\"\nsubmitted = 2023-04-03T09:30:00+08:00\n")
	_, err := Parse("x.toml", data, testRegistry{})
	if err == nil || err.Error() != `x.toml:1: unit "政策法规科": write the unit code "zcfgk"` {
		t.Errorf("Parse error = %v", err)
	}
	data = []byte("unit = \"zcfgk\"\nmonth = \"2023-03\"\nsubmitted = 2023-04-02T20:30:00Z\n")
	l, err := Parse("x.toml", data, testRegistry{})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2023, 4, 3, 0, 0, 0, 0, china); !l.Submitted.Equal(want) {
		t.Errorf("Submitted = %v, want %v (the China day of 20:30 UTC)", l.Submitted, want)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	file, data := readTestdata(t, "progress/2023-03/zcfgk.toml")
	l, err := Parse(file, data, testRegistry{})
	if err != nil {
		t.Fatal(err)
	}
	if got := Encode(l); string(got) != string(data) {
		t.Errorf("Encode =\n%s\nwant the file as it was:\n%s", got, data)
	}
	// Awkward strings survive a round trip.
	l.Entries[0].Detail = "引号\"反斜杠\\制表\t回车\r结束"
	l.Entries[1].Detail = "第一行\n\"\"\"三引号\"\"\"\n"
	again, err := Parse(file, Encode(l), testRegistry{})
	if err != nil {
		t.Fatalf("Parse(Encode(l)): %v\n%s", err, Encode(l))
	}
	for i := range l.Entries {
		if again.Entries[i].Detail != l.Entries[i].Detail {
			t.Errorf("entry %d detail = %q, want %q", i, again.Entries[i].Detail, l.Entries[i].Detail)
		}
	}
}

func TestPublic(t *testing.T) {
	file, data := readTestdata(t, "progress/2023-03/zcfgk.toml")
	l, err := Parse(file, data, testRegistry{})
	if err != nil {
		t.Fatal(err)
	}
	p := l.Public()
	if len(p.Entries) != 2 {
		t.Fatalf("Public kept %d entries, want 2 (the secret one dropped)", len(p.Entries))
	}
	for _, e := range p.Entries {
		if e.Contact != "" || e.Secret {
			t.Errorf("Public entry %d: contact %q, secret %v", e.Indicator, e.Contact, e.Secret)
		}
	}
	if l.Entries[0].Contact == "" || len(l.Entries) != 3 {
		t.Error("Public changed the original ledger")
	}
	if strings.Contains(string(Encode(p)), "13800000000") {
		t.Error("the public ledger still holds the contact's number")
	}
}
