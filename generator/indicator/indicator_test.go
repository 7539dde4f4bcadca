package indicator

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// sample is a small but complete indicator system.
func sample() *Data {
	return &Data{
		Categories: []Category{
			{N: 1, Numeral: "一", Name: "政府依法全面履行职能", Groups: []Group{
				{Category: 1, N: 1, Name: "加大简政放权力度"},
				{Category: 1, N: 2, Name: ""},
			}},
		},
		Indicators: []Indicator{
			{ID: 1, Category: 1, Group: 1, Text: "要求“一”。\n第二段\\", Methods: []string{"查看资料", "网络检索"},
				Materials: []string{"材料一"}, Units: []string{"zcfgk", "jsgks"}, Line: 111},
			{ID: 2, Category: 1, Group: 2, TextMissing: true, Methods: []string{"查看资料"},
				Units: []string{"chdlxxk"}, Line: 118},
		},
		Units: []Unit{
			{Code: "zcfgk", Name: "政策法规科", Kind: KindOffice},
			{Code: "chdlxxk", Name: "测绘地理信息科", Kind: KindOffice, Aliases: []string{"测绘科"}},
			{Code: "jsgks", Name: "局属各科室（单位）", Kind: KindGroup, Aliases: []string{"局属科室（单位）"}},
		},
		Stages: []Stage{
			{N: 1, Name: "动员部署阶段", Start: "2022-08-01", End: "2022-08-31", Text: "成立组织。"},
			{N: 2, Name: "全面自查阶段", Start: "2022-09-01", End: "2022-09-30"},
			{N: 3, Name: "市级初评阶段", Start: "2022-10-01", End: "2023-07-31"},
		},
		Tasks:      []Task{{N: 1, Title: "依法全面履行政府职能", Text: "切实履行。"}},
		Mechanisms: []Mechanism{{N: 1, Title: "舆论宣传机制", Text: "及时发布政策解读。"}},
		Bonus:      []Item{{N: 1, TextMissing: true, Methods: []string{"查看资料"}, Materials: []string{"证书复印件"}, Line: 281}},
		Veto:       []Item{{N: 1, Text: "发生严重违法行政行为的。", Line: 283}},
	}
}

func mapFS(files map[string][]byte) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	return fsys
}

func TestLoadRoundTrip(t *testing.T) {
	want := sample()
	files := Encode(want)
	got, err := Load(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	again := Encode(got)
	for name := range files {
		if string(again[name]) != string(files[name]) {
			t.Errorf("%s changed in a round trip:\n%s\n---\n%s", name, files[name], again[name])
		}
	}
	if got.Indicators[0].Text != want.Indicators[0].Text {
		t.Errorf("text = %q, want %q", got.Indicators[0].Text, want.Indicators[0].Text)
	}
	if !reflect.DeepEqual(got.Categories, want.Categories) || !reflect.DeepEqual(got.Stages, want.Stages) {
		t.Errorf("categories or stages differ:\n%+v\n%+v", got.Categories, got.Stages)
	}
	if !reflect.DeepEqual(got.Bonus[0].Materials, want.Bonus[0].Materials) || got.Veto[0].Text != want.Veto[0].Text {
		t.Errorf("items differ: %+v %+v", got.Bonus, got.Veto)
	}
}

func TestEncodeDeterministic(t *testing.T) {
	a, b := Encode(sample()), Encode(sample())
	if !reflect.DeepEqual(a, b) {
		t.Error("Encode is not deterministic")
	}
	if len(a) != len(Files) {
		t.Errorf("Encode wrote %d files, want %d", len(a), len(Files))
	}
}

func TestLoadAbsent(t *testing.T) {
	d, err := Load(fstest.MapFS{"units.toml": {Data: []byte("")}})
	if d != nil || err != nil {
		t.Errorf("Load without indicators.toml = %v, %v; want nil, nil", d, err)
	}
}

func TestLoadSeeds(t *testing.T) {
	d, err := Load(os.DirFS("../../seeds"))
	if err != nil {
		t.Fatal(err)
	}
	if d == nil || len(d.Indicators) != 115 || len(d.Categories) != 10 || len(d.Stages) != 7 {
		t.Fatalf("seeds: %d indicators, %d categories, %d stages", len(d.Indicators), len(d.Categories), len(d.Stages))
	}
}

func TestLoadErrors(t *testing.T) {
	good := Encode(sample())
	with := func(name, text string) fstest.MapFS {
		fsys := mapFS(good)
		if text == "" {
			delete(fsys, name)
		} else {
			fsys[name] = &fstest.MapFile{Data: []byte(text)}
		}
		return fsys
	}
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"unknown unit", nil, "indicators.toml:11: indicator 2: unknown unit code \"nosuchunit\""},
		{"syntax", with("units.toml", "[[unit]]\ncode = \n"), "units.toml:2: "},
		{"unknown key", with("stages.toml", "[[stage]]\nn = 1\nnmae = \"x\"\n"), "stages.toml:3: unknown key \"stage.nmae\""},
		{"missing file", with("plan.toml", ""), "plan.toml: missing"},
		{"bad code", with("units.toml", "[[unit]]\ncode = \"Policy Law\"\nname = \"政策法规科\"\nkind = \"office\"\n"), "units.toml:1: unit code \"Policy Law\""},
		{"stage order", with("stages.toml", "[[stage]]\nn = 1\nstart = \"2022-09-01\"\nend = \"2022-08-31\"\n"), "stages.toml:1: stage 1 ends (2022-08-31) before it starts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.fsys == nil {
				_, err = Load(os.DirFS("testdata/bad"))
			} else {
				_, err = Load(tt.fsys)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestUnitLookup(t *testing.T) {
	d := sample()
	for _, q := range []string{"jsgks", "JSGKS", "局属各科室（单位）", "局属各科室(单位)", "局属 各科室 ( 单位 )", "局属科室（单位）", "局属科室(单位)"} {
		if u, ok := d.Unit(q); !ok || u.Code != "jsgks" {
			t.Errorf("Unit(%q) = %v, %v; want jsgks", q, u, ok)
		}
	}
	for _, q := range []string{"测绘科", "测绘地理信息科", "chdlxxk"} {
		if u, ok := d.Unit(q); !ok || u.Code != "chdlxxk" {
			t.Errorf("Unit(%q) = %v, %v; want chdlxxk", q, u, ok)
		}
	}
	for _, q := range []string{"", "规划科", "政策法规科局属科室（单位）"} {
		if u, ok := d.Unit(q); ok {
			t.Errorf("Unit(%q) = %v, want none", q, u)
		}
	}
}

func TestUnitIndicators(t *testing.T) {
	d := sample()
	var ids []int
	for _, in := range d.UnitIndicators("jsgks") {
		ids = append(ids, in.ID)
	}
	if !reflect.DeepEqual(ids, []int{1}) {
		t.Errorf("UnitIndicators(jsgks) = %v", ids)
	}
	if got := d.UnitIndicators("nosuch"); len(got) != 0 {
		t.Errorf("UnitIndicators(nosuch) = %v", got)
	}
	if in, ok := d.Indicator(2); !ok || in.Line != 118 {
		t.Errorf("Indicator(2) = %v, %v", in, ok)
	}
	if _, ok := d.Indicator(3); ok {
		t.Error("Indicator(3) found")
	}
}

func TestCurrentStage(t *testing.T) {
	d := sample()
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		at   time.Time
		want int // 0: none
	}{
		{utc("2022-07-31T15:59:59Z"), 0}, // 23:59:59 on 31 July in China: before the start
		{utc("2022-07-31T16:00:00Z"), 1}, // midnight, 1 August in China
		{utc("2022-08-31T15:59:59Z"), 1},
		{utc("2022-08-31T16:00:00Z"), 2}, // already 1 September in China
		{utc("2023-02-14T04:00:00Z"), 3}, // inside a range
		{time.Date(2023, 7, 31, 23, 0, 0, 0, China()), 3},
		{utc("2023-07-31T16:00:00Z"), 0}, // after the end
	}
	for _, tt := range tests {
		s, ok := d.CurrentStage(tt.at)
		got := 0
		if ok {
			got = s.N
		}
		if got != tt.want {
			t.Errorf("CurrentStage(%s) = stage %d, want %d", tt.at, got, tt.want)
		}
	}
	start, end, err := StageTimes(d.Stages[0])
	if err != nil || !start.Equal(utc("2022-07-31T16:00:00Z")) || !end.Equal(utc("2022-08-31T16:00:00Z")) {
		t.Errorf("StageTimes = %v, %v, %v", start, end, err)
	}
}
