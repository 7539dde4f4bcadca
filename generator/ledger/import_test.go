package ledger

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var templateRows = []TemplateRow{
	{Indicator: 21, Text: "建立重大行政决策目录制度，目录向社会公开。", Methods: []string{"查看资料", "网络检索"},
		Materials: []string{"①重大行政决策目录；", "②网站截图。"}},
	{Indicator: 22, Text: "严格落实合法性审查。", Methods: []string{"查看资料"}, Materials: []string{"合法性审查规则。"}},
	{Indicator: 111, Text: "履行第一责任人职责。", Methods: []string{"查看资料"}, Materials: []string{"情况说明。"}},
	{Indicator: 115, Text: "政府常务会议每半年听取1次法治政府建设工作汇报。", Methods: []string{"查看资料", "网络检索"},
		Materials: []string{"会议纪要。"}},
}

// filledTemplate writes a template for rows and fills cells in it as a unit
// would; cells maps cell names to values.
func filledTemplate(t *testing.T, rows []TemplateRow, cells map[string]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, "政策法规科", Month{2023, time.March}, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, v := range cells {
		if err := f.SetCellValue(sheetName, name, v); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestWriteTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, "政策法规科", Month{2023, time.March}, templateRows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	get := func(c string) string {
		v, err := f.GetCellValue(sheetName, c)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got, want := get("A1"), "许昌市自然资源和规划局法治政府建设示范市创建工作台账（政策法规科 2023年3月）"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	var headers []string
	for _, c := range []string{"A3", "B3", "C3", "D3", "E3", "F3", "G3"} {
		headers = append(headers, get(c))
	}
	if want := []string{"序号", "三级指标", "测评方法", "上报材料", "完成进度", "具体情况", "责任人及联系方式"}; !reflect.DeepEqual(headers, want) {
		t.Errorf("headers = %v, want %v", headers, want)
	}
	if got := get("A4") + "|" + get("C4") + "|" + get("D4"); got != "21|查看资料、网络检索|①重大行政决策目录；\n②网站截图。" {
		t.Errorf("row 4 = %q", got)
	}
	if got := get("A7"); got != "115" {
		t.Errorf("A7 = %q, want 115", got)
	}
	if got := get("A9"); !strings.HasPrefix(got, "说明：1. 每月5日前") {
		t.Errorf("A9 = %q, want the notes", got)
	}

	dvs, err := f.GetDataValidations(sheetName)
	if err != nil {
		t.Fatal(err)
	}
	var list *excelize.DataValidation
	for _, dv := range dvs {
		if dv.Type == "list" {
			list = dv
		}
	}
	if list == nil || list.Sqref != "E4:E7" || !strings.Contains(list.Formula1, "已完成,推进中,未完成") {
		t.Errorf("完成进度 drop-down = %+v, want a list on E4:E7", list)
	}

	panes, err := f.GetPanes(sheetName)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes = %+v, want the top 3 rows frozen", panes)
	}
	if w, _ := f.GetColWidth(sheetName, "B"); w < 30 {
		t.Errorf("三级指标 column width = %v, want a readable width", w)
	}
	id, err := f.GetCellStyle(sheetName, "F5")
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if style.Alignment == nil || !style.Alignment.WrapText {
		t.Errorf("F5 does not wrap text: %+v", style.Alignment)
	}
}

func TestImportRoundTrip(t *testing.T) {
	data := filledTemplate(t, templateRows, map[string]any{
		"F2": time.Date(2023, 4, 3, 0, 0, 0, 0, time.UTC),
		"E4": "已完成：印发目录并在局网站公开",
		"G4": "张三 13800000000",
		"E5": "  未完成，正在推进起草工作 ",
		"E6": "完成",
		"F6": "年终述职已完成",
		"G6": "李四",
		"E7": "推进中",
		"F7": "已提交汇报材料\r\n待会议审议",
	})
	l, problems, err := Import("zcfgk-2023-03.xlsx", bytes.NewReader(data), ImportOptions{Unit: "政策法规科"}, testRegistry{})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("problems: %v", Problems(problems))
	}
	want := &Ledger{
		Unit: "zcfgk", Month: Month{2023, time.March}, Submitted: time.Date(2023, 4, 3, 0, 0, 0, 0, china),
		File: "zcfgk-2023-03.xlsx",
		Entries: []Entry{
			{Indicator: 21, Status: Done, Detail: "印发目录并在局网站公开", Contact: "张三 13800000000", Line: 4},
			{Indicator: 22, Status: InProgress, Detail: "正在推进起草工作", Line: 5},
			{Indicator: 111, Status: Done, Detail: "年终述职已完成", Contact: "李四", Line: 6},
			{Indicator: 115, Status: InProgress, Detail: "已提交汇报材料\n待会议审议", Line: 7},
		},
	}
	if !l.Submitted.Equal(want.Submitted) {
		t.Errorf("Submitted = %v, want %v", l.Submitted, want.Submitted)
	}
	l.Submitted = want.Submitted
	if !reflect.DeepEqual(l, want) {
		t.Errorf("Import =\n%+v\nwant\n%+v", l, want)
	}
	// What was imported is a valid TOML ledger.
	if _, err := Parse("progress/2023-03/zcfgk.toml", Encode(l), testRegistry{}); err != nil {
		t.Errorf("Parse(Encode(imported)): %v", err)
	}
}

func TestImportProblems(t *testing.T) {
	rows := []TemplateRow{{Indicator: 21}, {Indicator: 999}, {Indicator: 30}, {Indicator: 22}, {Indicator: 115}, {Indicator: 21}, {Indicator: 111}}
	data := filledTemplate(t, rows, map[string]any{
		"F2":  "2023年2月30日",
		"E4":  "已完成",
		"E5":  "已完成",
		"E6":  "推进中",
		"E7":  "",
		"F7":  "写了情况却没填进度",
		"E8":  "完成率80%",
		"E9":  "已完成",
		"A10": "第七",
		"E10": "已完成",
	})
	l, problems, err := Import("ledger.xlsx", bytes.NewReader(data), ImportOptions{Unit: "zcfgk", Month: Month{2023, time.April}}, testRegistry{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`ledger.xlsx:row 1: the title is for 2023年3月, not 2023年4月; is this the right sheet?`,
		`ledger.xlsx:row 2: 填表时间: no such date "2023年2月30日"`,
		`ledger.xlsx:row 5: unknown indicator 999`,
		`ledger.xlsx:row 6: unit zcfgk is not responsible for indicator 30`,
		`ledger.xlsx:row 7: indicator 22: 完成进度: empty status; write 已完成 or 未完成 (推进中)`,
		`ledger.xlsx:row 8: indicator 115: 完成进度: cannot read status "完成率80%": start with 已完成 or 未完成 (推进中)`,
		`ledger.xlsx:row 9: indicator 21 is already reported in row 4`,
		`ledger.xlsx:row 10: 序号 "第七" is not an indicator number`,
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(l.Entries) != 1 || l.Entries[0].Indicator != 21 {
		t.Errorf("entries = %+v, want only row 4's", l.Entries)
	}
}

func TestImportWrongUnit(t *testing.T) {
	data := filledTemplate(t, templateRows[:1], map[string]any{"F2": "2023-04-03", "E4": "已完成"})
	_, problems, err := Import("ledger.xlsx", bytes.NewReader(data), ImportOptions{Unit: "测绘科"}, testRegistry{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`ledger.xlsx:row 1: the sheet is 政策法规科's ledger, not 测绘科's; is this the right file?`,
		`ledger.xlsx:row 4: unit chkc is not responsible for indicator 21`,
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

var csvWant = []Entry{
	{Indicator: 21, Status: Done, Detail: "印发目录并公开", Contact: "张三 13800000000", Line: 2},
	{Indicator: 22, Status: InProgress, Detail: "正在推进起草工作", Line: 3},
	{Indicator: 111, Status: Done, Detail: "年终述职已完成", Contact: "李四", Line: 4},
}

func TestImportCSV(t *testing.T) {
	withBOM, err := os.ReadFile("testdata/ledger_bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(withBOM, []byte("\xef\xbb\xbf")) {
		t.Fatal("testdata/ledger_bom.csv lost its byte order mark")
	}
	plain := withBOM[3:]
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(plain)
	if err != nil {
		t.Fatal(err)
	}
	opts := ImportOptions{Unit: "zcfgk", Month: Month{2023, time.March}, Submitted: time.Date(2023, 4, 3, 10, 0, 0, 0, china)}
	for name, data := range map[string][]byte{"BOM": withBOM, "no BOM": plain, "GBK": gbk} {
		l, problems, err := Import("ledger.csv", bytes.NewReader(data), opts, testRegistry{})
		if err != nil || len(problems) > 0 {
			t.Errorf("%s: Import: %v %v", name, err, problems)
			continue
		}
		if !reflect.DeepEqual(l.Entries, csvWant) {
			t.Errorf("%s: entries =\n%+v\nwant\n%+v", name, l.Entries, csvWant)
		}
		if want := time.Date(2023, 4, 3, 0, 0, 0, 0, china); !l.Submitted.Equal(want) {
			t.Errorf("%s: Submitted = %v, want %v", name, l.Submitted, want)
		}
	}

	// Without a submission day, a CSV has none to offer.
	_, problems, err := Import("ledger.csv", bytes.NewReader(withBOM), ImportOptions{Unit: "zcfgk", Month: Month{2023, time.March}}, testRegistry{})
	if err != nil || len(problems) != 1 || !strings.HasPrefix(problems[0].Error(), "ledger.csv: no 填表时间") {
		t.Errorf("Import without a date: %v %v", err, problems)
	}
}

func TestImportUnreadable(t *testing.T) {
	utf16 := []byte{0xFF, 0xFE, '1', 0, ',', 0}
	tests := []struct {
		name string
		data []byte
		opts ImportOptions
		want string
	}{
		{"ledger.csv", utf16, ImportOptions{}, "ledger.csv: the file is UTF-16 (Unicode text); save it as CSV UTF-8 (逗号分隔)"},
		{"ledger.csv", []byte{0x81, 0x20, 0xFF, 0x30}, ImportOptions{}, "ledger.csv: the file is neither UTF-8 nor GBK text; save it as CSV UTF-8 (逗号分隔)"},
		{"ledger.xls", []byte("x"), ImportOptions{}, "ledger.xls: cannot read .xls files; save the sheet as Excel 工作簿 (.xlsx) or CSV UTF-8 (.csv)"},
		{"ledger.csv", []byte("a,b\n1,2\n"), ImportOptions{}, "ledger.csv: no header row with 完成进度 and 序号 or 三级指标 columns; start from the ledger template"},
		{"ledger.csv", []byte("序号,完成进度\n21,已完成\n"), ImportOptions{Month: Month{2023, time.March}}, "ledger.csv: no unit: the sheet does not name one and none was given"},
		{"ledger.csv", []byte("序号,完成进度\n21,已完成\n"), ImportOptions{Unit: "规划科", Month: Month{2023, time.March}}, `ledger.csv: unknown unit "规划科"`},
		{"ledger.csv", []byte("序号,完成进度\n21,已完成\n"), ImportOptions{Unit: "zcfgk"}, "ledger.csv: no month: the title does not name one and none was given"},
	}
	for _, tt := range tests {
		_, _, err := Import(tt.name, bytes.NewReader(tt.data), tt.opts, testRegistry{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("Import(%s, % x) error = %v, want %s", tt.name, tt.data, err, tt.want)
		}
	}
}

func TestParseDay(t *testing.T) {
	want := time.Date(2023, 4, 3, 0, 0, 0, 0, china)
	for _, s := range []string{"2023-04-03", "2023/4/3", "2023.4.3", "2023年4月3日", "２０２３－０４－０３", "45019", "2023-04-03 10:30:00"} {
		got, err := parseDay(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseDay(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"2023-02-30", "四月三日", "3", "2023-13-01"} {
		if got, err := parseDay(s); err == nil {
			t.Errorf("parseDay(%q) = %v, want an error", s, got)
		}
	}
}

func TestImportNumberFromText(t *testing.T) {
	data := "三级指标,完成进度,具体情况\n21、建立目录制度,已完成,\n\n\"22 合法性审查\",推进中,\"起草中\n第二行\"\n999 不存在,已完成,\n说明：1. 每月5日前提交。\n111 第一责任人,乱写,\n"
	opts := ImportOptions{Unit: "zcfgk", Month: Month{2023, time.March}, Submitted: time.Date(2023, 4, 3, 0, 0, 0, 0, china)}
	l, problems, err := Import("ledger.csv", strings.NewReader(data), opts, testRegistry{})
	if err != nil {
		t.Fatal(err)
	}
	// Row 3 is blank and row 4 spans two lines, as Excel shows them.
	if len(problems) != 1 || problems[0].Error() != "ledger.csv:row 5: unknown indicator 999" {
		t.Errorf("problems = %v, want only row 5's unknown indicator (rows after 说明 are notes)", problems)
	}
	want := []Entry{{Indicator: 21, Status: Done, Line: 2}, {Indicator: 22, Status: InProgress, Detail: "起草中\n第二行", Line: 4}}
	if !reflect.DeepEqual(l.Entries, want) {
		t.Errorf("entries = %+v, want %+v", l.Entries, want)
	}
}
