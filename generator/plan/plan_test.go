package plan

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fzzf/generator/indicator"
)

var update = flag.Bool("update", false, "rewrite seeds/*.toml from the plan text (a deliberate data change)")

const seedsDir = "../../seeds"
const planFile = "000_28cf992c88c654db.txt"

func testUnits(t *testing.T, dir string) []indicator.Unit {
	t.Helper()
	us, err := indicator.LoadUnits(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(us) == 0 {
		t.Fatalf("no units in %s/units.toml", dir)
	}
	return us
}

// importFixture imports testdata/name with the fixture alias table.
func importFixture(t *testing.T, name string) (*indicator.Data, []Notice) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, ns, err := Import(f, name, testUnits(t, "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return d, ns
}

func hasNotice(ns []Notice, line int, substr string) bool {
	for _, n := range ns {
		if n.Line == line && strings.Contains(n.Message, substr) {
			return true
		}
	}
	return false
}

func wantNotice(t *testing.T, ns []Notice, line int, substr string) {
	t.Helper()
	if !hasNotice(ns, line, substr) {
		t.Errorf("no notice at line %d containing %q; notices:\n%s", line, substr, dumpNotices(ns))
	}
}

func dumpNotices(ns []Notice) string {
	var b strings.Builder
	for _, n := range ns {
		fmt.Fprintf(&b, "  %d: %s\n", n.Line, n.Message)
	}
	return b.String()
}

// brief is the part of an indicator the fixture tests compare.
type brief struct {
	ID      int
	Text    string
	Missing bool
	Line    int
}

func briefs(d *indicator.Data) []brief {
	var out []brief
	for _, in := range d.Indicators {
		out = append(out, brief{in.ID, in.Text, in.TextMissing, in.Line})
	}
	return out
}

func TestSplitRows(t *testing.T) {
	d, ns := importFixture(t, "split.txt")
	want := []brief{
		{1, "要求一。", false, 2},
		{2, "要求二。", false, 3},
		{3, "要求三。", false, 6}, // content on the row before the lone number
		{4, "要求四。", false, 8}, // requirement supplied by the next, numberless row
		{5, "要求五。", false, 10},
	}
	if got := briefs(d); !reflect.DeepEqual(got, want) {
		t.Errorf("indicators:\n got %+v\nwant %+v", got, want)
	}
	in3, _ := d.Indicator(3)
	if !reflect.DeepEqual(in3.Materials, []string{"材料四"}) || !reflect.DeepEqual(in3.Units, []string{"zcfgk"}) {
		t.Errorf("indicator 3 block = %q %q", in3.Materials, in3.Units)
	}
	wantNotice(t, ns, 7, "number printed alone")
	wantNotice(t, ns, 9, "continues indicator 4")
}

func TestMissingNumbers(t *testing.T) {
	d, ns := importFixture(t, "missing_number.txt")
	want := []brief{{1, "要求一。", false, 2}, {2, "要求二。", false, 3}, {3, "要求三。", false, 4}, {4, "要求四。", false, 5}}
	if got := briefs(d); !reflect.DeepEqual(got, want) {
		t.Errorf("indicators:\n got %+v\nwant %+v", got, want)
	}
	wantNotice(t, ns, 3, "indicator 2: no number printed; inferred")
	wantNotice(t, ns, 4, "indicator 3: no number printed; inferred")
}

func TestUnitAliases(t *testing.T) {
	d, ns := importFixture(t, "unit_alias.txt")
	want := [][]string{
		{"jsgks"},
		{"jsgks", "chdlxxk"},
		{"chdlxxk", "gfj"}, // 测绘科 and 测绘地理信息科 are one unit
		{"unreviewed-1"},
	}
	for i, w := range want {
		if got := d.Indicators[i].Units; !reflect.DeepEqual(got, w) {
			t.Errorf("indicator %d units = %q, want %q", i+1, got, w)
		}
	}
	if u, ok := d.Unit("unreviewed-1"); !ok || u.Name != "规划科" {
		t.Errorf("provisional unit = %+v, %v", u, ok)
	}
	wantNotice(t, ns, 5, `unknown unit "规划科"`)
}

func TestMissingSeparator(t *testing.T) {
	d, ns := importFixture(t, "missing_separator.txt")
	want := [][]string{{"zcfgk", "jsgks"}, {"zfj", "gfj"}, {"zcfgk", "gfj", "jsgks"}}
	for i, w := range want {
		if got := d.Indicators[i].Units; !reflect.DeepEqual(got, w) {
			t.Errorf("indicator %d units = %q, want %q", i+1, got, w)
		}
	}
	wantNotice(t, ns, 2, "no separator")
	wantNotice(t, ns, 3, "no separator")
	wantNotice(t, ns, 4, "等 as a connector")
	// A group label stays itself: 局属各科室（单位） is never merged into 政策法规科.
	if u, _ := d.Unit("jsgks"); u.Kind != indicator.KindGroup {
		t.Errorf("jsgks kind = %q", u.Kind)
	}
}

func TestWrongCategory(t *testing.T) {
	d, ns := importFixture(t, "wrong_category.txt")
	var got [][2]int
	for _, in := range d.Indicators {
		got = append(got, [2]int{in.Category, in.Group})
	}
	want := [][2]int{{1, 1}, {1, 2}, {2, 1}, {3, 1}, {3, 1}, {5, 1}, {6, 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("category/group = %v, want %v", got, want)
	}
	if g, _ := d.Group(1, 2); g.Name != "优化公共服务" {
		t.Errorf("group 1.2 = %q", g.Name)
	}
	if c, _ := d.Category(3); c.Name != "重大行政决策科学民主合法" {
		t.Errorf("category 3 = %q, want the reviewed name", c.Name)
	}
	wantNotice(t, ns, 2, `category label "一、政府依法履行" differs`)
	wantNotice(t, ns, 3, "printed in the category column")
	wantNotice(t, ns, 6, `garbled category label "学民主合法"`)
	wantNotice(t, ns, 7, "disagrees with its content")
}

func TestMissingText(t *testing.T) {
	d, ns := importFixture(t, "missing_text.txt")
	in1, _ := d.Indicator(1)
	if in1.Text != "" || !in1.TextMissing {
		t.Errorf("indicator 1 text = %q missing=%v, want empty and missing", in1.Text, in1.TextMissing)
	}
	wantNotice(t, ns, 2, "no requirement (原文未载明)")
	in2, _ := d.Indicator(2)
	if in2.Text != "要求二。" || in2.TextMissing {
		t.Errorf("indicator 2 text = %q (printed after the methods)", in2.Text)
	}
	in3, _ := d.Indicator(3)
	if !reflect.DeepEqual(in3.Methods, []string{"查看资料"}) {
		t.Errorf("indicator 3 methods = %q", in3.Methods)
	}
	if want := []string{"甲", "乙", "丙", "丁"}; !reflect.DeepEqual(in3.Materials, want) {
		t.Errorf("indicator 3 materials = %q, want %q", in3.Materials, want)
	}
	in4, _ := d.Indicator(4)
	if in4.Text != "要求四。" || len(in4.Materials) != 0 {
		t.Errorf("indicator 4 = %+v", in4)
	}
	wantNotice(t, ns, 5, "no materials")
}

func TestRepeatedHeader(t *testing.T) {
	d, _ := importFixture(t, "repeated_header.txt")
	want := []brief{{1, "要求一。", false, 2}, {2, "要求二。", false, 5}, {3, "要求三。", false, 8}}
	if got := briefs(d); !reflect.DeepEqual(got, want) {
		t.Errorf("indicators:\n got %+v\nwant %+v", got, want)
	}
}

func TestNoTable(t *testing.T) {
	_, _, err := Import(strings.NewReader("二、创建任务\n\n（一）任务。正文。\n"), "x.txt", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "x.txt: ") {
		t.Errorf("err = %v, want one naming x.txt", err)
	}
}

// TestPlan imports the whole plan and compares the result byte for byte with
// the committed seeds data, so a change to either is deliberate. Run with
// -update to rewrite the seeds files after reviewing the change.
func TestPlan(t *testing.T) {
	f, err := os.Open(filepath.Join(seedsDir, planFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, ns, err := Import(f, planFile, testUnits(t, seedsDir))
	if err != nil {
		t.Fatal(err)
	}

	counts := map[string][2]int{
		"categories": {len(d.Categories), 10},
		"indicators": {len(d.Indicators), 115},
		"tasks":      {len(d.Tasks), 9},
		"stages":     {len(d.Stages), 7},
		"mechanisms": {len(d.Mechanisms), 4},
		"bonus":      {len(d.Bonus), 2},
		"veto":       {len(d.Veto), 2},
	}
	for what, c := range counts {
		if c[0] != c[1] {
			t.Errorf("%d %s, want %d", c[0], what, c[1])
		}
	}
	for i, in := range d.Indicators {
		if in.ID != i+1 {
			t.Fatalf("indicator %d numbered %d", i+1, in.ID)
		}
	}
	for _, u := range d.Units {
		if strings.HasPrefix(u.Code, "unreviewed-") {
			t.Errorf("unit %q is not in seeds/units.toml", u.Name)
		}
	}
	// Decisions NOTES.md records; each is a place the OCR misleads.
	checks := []struct {
		id, cat, group, line int
	}{
		{6, 1, 2, 118},   // group 2 of 一 has no printed label
		{21, 1, 5, 139},  // "5. 优化公共服务" printed in the category column
		{25, 2, 1, 145},  // printed under 一's page, belongs to 二
		{38, 3, 1, 164},  // printed under 二, a 重大行政决策 indicator
		{40, 3, 2, 168},  // group 2 of 三 has no printed label
		{50, 3, 6, 182},  // garbled category, 四's group label on its row
		{51, 4, 1, 183},  //
		{63, 4, 4, 199},  // number inferred
		{65, 4, 4, 203},  // number printed alone on the next row
		{75, 5, 1, 221},  // printed 六, content 服务型行政执法 (行政指导)
		{79, 6, 1, 225},  //
		{91, 7, 2, 245},  // group 2 of 七 has no printed label
		{105, 9, 1, 263}, // continued on line 266
		{115, 10, 2, 280},
	}
	for _, c := range checks {
		in, ok := d.Indicator(c.id)
		if !ok || in.Category != c.cat || in.Group != c.group || in.Line != c.line {
			t.Errorf("indicator %d = category %d group %d line %d, want %d %d %d", c.id, in.Category, in.Group, in.Line, c.cat, c.group, c.line)
		}
	}
	if s := d.Stages[4]; s.Name != "市级初评阶段" || s.Start != "2023-04-01" || s.End != "2023-07-31" {
		t.Errorf("stage 5 = %+v", s)
	}
	if m := d.Mechanisms[2]; m.Title != "舆论宣传机制" {
		t.Errorf("mechanism 3 = %q", m.Title)
	}
	if len(ns) == 0 {
		t.Error("no notices: the plan text is messy, some decisions must be reported")
	}

	files := indicator.Encode(d)
	for name, got := range files {
		path := filepath.Join(seedsDir, name)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the import of the plan (first difference at byte %d); review and run go test -update", path, firstDiff(got, want))
		}
	}

	// What the importer writes, the loader reads back unchanged.
	loaded, err := indicator.Load(os.DirFS(seedsDir))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(indicator.Encode(loaded), files) {
		t.Error("indicator.Load of the seeds differs from the import")
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
