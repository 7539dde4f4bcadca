package ledger

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// TemplateRow is one pre-filled row of a ledger sheet: an indicator the unit
// is responsible for.
type TemplateRow struct {
	Indicator int
	Text      string   // the indicator's wording (三级指标)
	Methods   []string // 测评方式: 查看资料, 网络检索 …
	Materials []string // 报送材料 items, ①②③ …
}

// sheetName is the worksheet's name in templates.
const sheetName = "工作台账"

// Sheet layout of a template. Import does not depend on it: it finds the
// header row and the columns by their names.
const (
	titleRow  = 1
	unitRow   = 2
	headerRow = 3
	firstRow  = 4
)

// columns of the template, in order. Import recognises these headers and a
// few variants (see columnKinds).
var templateColumns = []struct {
	header string
	width  float64
}{
	{"序号", 7},
	{"三级指标", 44},
	{"测评方法", 12},
	{"上报材料", 44},
	{"完成进度", 12},
	{"具体情况", 40},
	{"责任人及联系方式", 18},
}

// Title returns the title of unitName's ledger for month, as the template
// shows it in its first row.
func Title(unitName string, month Month) string {
	return fmt.Sprintf("许昌市自然资源和规划局法治政府建设示范市创建工作台账（%s %s）", unitName, month.Label())
}

// WriteTemplate writes the Annex 2 ledger sheet (.xlsx) for one unit and
// month to w: a title, the unit and a 填表时间 cell, the column headers,
// one pre-filled row per indicator, a drop-down for 完成进度 and the notes of
// Annex 2. Text wraps, columns are readable, the headers stay in view when
// scrolling, and the sheet prints landscape on A4, one page wide.
func WriteTemplate(w io.Writer, unitName string, month Month, rows []TemplateRow) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := writeTemplate(f, unitName, month, rows); err != nil {
		return fmt.Errorf("write ledger template: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write ledger template: %w", err)
	}
	return nil
}

func writeTemplate(f *excelize.File, unitName string, month Month, rows []TemplateRow) error {
	s := sheetName
	if err := f.SetSheetName(f.GetSheetName(0), s); err != nil {
		return err
	}
	st, err := newTemplateStyles(f)
	if err != nil {
		return err
	}
	last := colName(len(templateColumns))
	for i, c := range templateColumns {
		if err := f.SetColWidth(s, colName(i+1), colName(i+1), c.width); err != nil {
			return err
		}
	}

	// Title, unit and date.
	ops := []func() error{
		func() error { return f.SetCellStr(s, cell(1, titleRow), Title(unitName, month)) },
		func() error { return f.MergeCell(s, cell(1, titleRow), last+strconv.Itoa(titleRow)) },
		func() error { return f.SetCellStyle(s, cell(1, titleRow), last+strconv.Itoa(titleRow), st.title) },
		func() error { return f.SetRowHeight(s, titleRow, 36) },
		func() error { return f.SetCellStr(s, cell(1, unitRow), "责任单位："+unitName+"（公章）") },
		func() error { return f.MergeCell(s, cell(1, unitRow), cell(4, unitRow)) },
		func() error { return f.SetCellStyle(s, cell(1, unitRow), cell(4, unitRow), st.plain) },
		func() error { return f.SetCellStr(s, cell(5, unitRow), "填表时间") },
		func() error { return f.SetCellStyle(s, cell(5, unitRow), cell(5, unitRow), st.plain) },
		func() error { return f.MergeCell(s, cell(6, unitRow), cell(7, unitRow)) },
		func() error { return f.SetCellStyle(s, cell(6, unitRow), cell(7, unitRow), st.date) },
		func() error { return f.SetRowHeight(s, unitRow, 24) },
	}
	for i, c := range templateColumns {
		ops = append(ops, func() error { return f.SetCellStr(s, cell(i+1, headerRow), c.header) })
	}
	ops = append(ops,
		func() error {
			return f.SetCellStyle(s, cell(1, headerRow), cell(len(templateColumns), headerRow), st.header)
		},
		func() error { return f.SetRowHeight(s, headerRow, 30) },
	)
	for _, op := range ops {
		if err := op(); err != nil {
			return err
		}
	}
	dateHint := excelize.NewDataValidation(true)
	dateHint.SetSqref(cell(6, unitRow))
	dateHint.SetInput("填表时间", "填写提交日期，例如 2023-04-03")
	if err := f.AddDataValidation(s, dateHint); err != nil {
		return err
	}

	// One row per indicator.
	for i, r := range rows {
		n := firstRow + i
		values := []string{
			strconv.Itoa(r.Indicator),
			r.Text,
			strings.Join(r.Methods, "、"),
			strings.Join(r.Materials, "\n"),
			"", "", "",
		}
		if err := f.SetCellInt(s, cell(1, n), int64(r.Indicator)); err != nil {
			return err
		}
		for c, v := range values[1:4] {
			if err := f.SetCellStr(s, cell(c+2, n), v); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(s, cell(1, n), cell(4, n), st.given); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cell(1, n), cell(1, n), st.number); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cell(5, n), cell(7, n), st.input); err != nil {
			return err
		}
		if err := f.SetRowHeight(s, n, rowHeight(values)); err != nil {
			return err
		}
	}
	if len(rows) > 0 {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s:%s", cell(5, firstRow), cell(5, firstRow+len(rows)-1)))
		if err := dv.SetDropList([]string{string(Done), string(InProgress), "未完成"}); err != nil {
			return err
		}
		dv.SetInput("完成进度", "请选择：已完成 / 推进中（未完成）。具体情况请填在右侧“具体情况”列。")
		dv.SetError(excelize.DataValidationErrorStyleWarning, "完成进度", "请从下拉列表中选择“已完成”或“推进中”，具体情况填在“具体情况”列。")
		if err := f.AddDataValidation(s, dv); err != nil {
			return err
		}
	}

	// Notes of Annex 2.
	notes := []string{
		"说明：1. 每月5日前，各科室、单位将工作台账连同需报送材料一并提交。",
		"2. 完成进度选择“已完成”或“推进中”（未完成）；具体情况填写已完成的具体情况或正在推进的情况。",
		"3. 责任人及联系方式仅供内部联系，不对外公开；涉密材料不得填入本表。",
	}
	for i, note := range notes {
		n := firstRow + len(rows) + 1 + i
		if err := f.SetCellStr(s, cell(1, n), note); err != nil {
			return err
		}
		if err := f.MergeCell(s, cell(1, n), last+strconv.Itoa(n)); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cell(1, n), last+strconv.Itoa(n), st.note); err != nil {
			return err
		}
		if err := f.SetRowHeight(s, n, 20); err != nil {
			return err
		}
	}

	if err := f.SetPanes(s, &excelize.Panes{
		Freeze:      true,
		YSplit:      headerRow,
		TopLeftCell: cell(1, firstRow),
		ActivePane:  "bottomLeft",
	}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	landscape, a4, one, zero := "landscape", 9, 1, 0
	if err := f.SetPageLayout(s, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero,
	}); err != nil {
		return err
	}
	// Repeat the header rows on every printed page.
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", s, headerRow, headerRow),
		Scope:    s,
	})
}

type templateStyles struct {
	title, plain, date, header, given, number, input, note int
}

func newTemplateStyles(f *excelize.File) (templateStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1},
		{Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1},
		{Type: "bottom", Color: "808080", Style: 1},
	}
	wrapTop := &excelize.Alignment{WrapText: true, Vertical: "top"}
	font := &excelize.Font{Family: "宋体", Size: 11}
	dateFormat := `yyyy"年"m"月"d"日"`
	specs := []*excelize.Style{
		{Font: &excelize.Font{Family: "宋体", Size: 16, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: font, Alignment: &excelize.Alignment{Vertical: "center"}},
		{Font: font, Alignment: &excelize.Alignment{Vertical: "center"}, CustomNumFmt: &dateFormat,
			Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}},
		{Font: &excelize.Font{Family: "宋体", Size: 11, Bold: true}, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}},
		{Font: font, Border: border, Alignment: wrapTop},
		{Font: font, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}},
		{Font: font, Border: border, Alignment: wrapTop,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9E5"}}},
		{Font: &excelize.Font{Family: "宋体", Size: 10}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}},
	}
	ids := make([]int, len(specs))
	for i, spec := range specs {
		id, err := f.NewStyle(spec)
		if err != nil {
			return templateStyles{}, err
		}
		ids[i] = id
	}
	return templateStyles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7]}, nil
}

// rowHeight estimates the height in points a row of wrapped text needs:
// Excel does not grow rows for wrapped text written by a program. A CJK
// character is about two width units; a line of 11 pt text about 15 points.
func rowHeight(values []string) float64 {
	lines := 1
	for i, v := range values {
		if v == "" {
			continue
		}
		per := int(templateColumns[i].width) - 1
		n := 0
		for _, part := range strings.Split(v, "\n") {
			w := 0
			for _, r := range part {
				if utf8.RuneLen(r) > 1 {
					w += 2
				} else {
					w++
				}
			}
			n += max(1, (w+per-1)/per)
		}
		lines = max(lines, n)
	}
	return min(409, max(30, float64(lines)*15+6))
}

func colName(n int) string {
	name, _ := excelize.ColumnNumberToName(n)
	return name
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}
