package portal

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"fzzf/generator/diag"
	"fzzf/generator/indicator"
	"fzzf/generator/ledger"
	"fzzf/generator/site"
)

// bom starts the CSV files so that Excel reads them as UTF-8.
const bom = "\uFEFF"

type jsonUnit struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"`
	URL  string `json:"url"`
}

type jsonEvidence struct {
	Title  string `json:"title"`
	URL    string `json:"url"`
	Date   string `json:"date,omitempty"`
	Column string `json:"column"`
}

type jsonIndicator struct {
	ID           int            `json:"id"`
	Category     int            `json:"category"`
	CategoryName string         `json:"category_name"`
	Group        int            `json:"group"`
	GroupName    string         `json:"group_name"`
	Text         string         `json:"text"`
	TextMissing  bool           `json:"text_missing"`
	Methods      []string       `json:"methods"`
	Materials    []string       `json:"materials"`
	Units        []string       `json:"units"`
	Status       string         `json:"status"`
	URL          string         `json:"url"`
	Evidence     []jsonEvidence `json:"evidence"`
}

type jsonCategory struct {
	N       int    `json:"n"`
	Numeral string `json:"numeral"`
	Name    string `json:"name"`
	URL     string `json:"url"`
}

type jsonIndicators struct {
	Title      string          `json:"title"`
	AsOf       string          `json:"as_of"`
	Source     string          `json:"source"`
	Sample     bool            `json:"sample_progress"`
	Categories []jsonCategory  `json:"categories"`
	Units      []jsonUnit      `json:"units"`
	Indicators []jsonIndicator `json:"indicators"`
}

type jsonMonth struct {
	Month    string `json:"month"`
	Done     int    `json:"done"`
	Doing    int    `json:"in_progress"`
	Missing  int    `json:"not_reported"`
	Total    int    `json:"total"`
	Ledgers  int    `json:"ledgers"`
	UnitsDue int    `json:"units_due"`
}

type jsonProgressIndicator struct {
	ID       int               `json:"id"`
	Category int               `json:"category"`
	Status   string            `json:"status"`
	Months   map[string]string `json:"months"` // encoding/json sorts map keys
}

type jsonProgress struct {
	Title      string                  `json:"title"`
	AsOf       string                  `json:"as_of"`
	Sample     bool                    `json:"sample"`
	Note       string                  `json:"note,omitempty"`
	Statuses   []string                `json:"statuses"`
	Months     []jsonMonth             `json:"months"`
	Indicators []jsonProgressIndicator `json:"indicators"`
}

// addFiles adds the open data files.
func (b *builder) addFiles() error {
	var list diag.List
	asOf := b.s.AsOf.In(indicator.China()).Format(time.DateOnly)
	abs := b.cfg.AbsURL

	ji := jsonIndicators{Title: "许昌市自然资源和规划局法治政府建设示范市创建指标体系", AsOf: asOf,
		Source: "《许昌市自然资源和规划局创建全国法治政府建设示范市工作方案》附件1", Sample: b.report.Sample}
	for _, c := range b.categories {
		ji.Categories = append(ji.Categories, jsonCategory{c.N, c.Numeral, c.Name, abs(c.URL)})
	}
	for _, u := range b.units {
		ji.Units = append(ji.Units, jsonUnit{u.Code, u.Name, u.Kind, abs(u.URL)})
	}
	var rows [][]string
	rows = append(rows, []string{"编号", "一级指标", "二级指标", "三级指标", "测评方式", "报送材料", "责任单位", "完成进度", "佐证材料", "链接"})
	for _, iv := range b.indicators {
		j := jsonIndicator{ID: iv.ID, Group: iv.GroupN, GroupName: iv.GroupName, Text: iv.Text, TextMissing: iv.TextMissing,
			Methods: []string{}, Materials: iv.Materials, Units: []string{}, Status: iv.Status.Word, URL: abs(iv.URL), Evidence: []jsonEvidence{}}
		if j.Materials == nil {
			j.Materials = []string{}
		}
		if iv.Category != nil {
			j.Category, j.CategoryName = iv.Category.N, iv.Category.Name
		}
		for _, m := range iv.Methods {
			j.Methods = append(j.Methods, m.Name)
		}
		for _, u := range iv.Units {
			j.Units = append(j.Units, u.Name)
		}
		var evs []string
		for _, e := range iv.Evidence {
			je := jsonEvidence{Title: e.Title, URL: e.URL, Column: e.Column}
			if strings.HasPrefix(e.URL, "/") {
				je.URL = abs(e.URL)
			}
			if !e.Date.IsZero() {
				je.Date = e.Date.In(indicator.China()).Format(time.DateOnly)
			}
			j.Evidence = append(j.Evidence, je)
			evs = append(evs, je.Title+" "+je.URL)
		}
		ji.Indicators = append(ji.Indicators, j)
		text := iv.Text
		if iv.TextMissing {
			text = "原文未载明"
		}
		group := iv.GroupName
		if group == "" {
			group = "原文未载明"
		}
		rows = append(rows, []string{strconv.Itoa(iv.ID), j.CategoryName, group, text,
			strings.Join(j.Methods, "、"), numbered(iv.Materials), strings.Join(j.Units, "、"), iv.Status.Word,
			strings.Join(evs, "\n"), j.URL})
	}
	data, err := jsonBytes(ji)
	b.file(&list, "indicators.json", data, err)
	b.file(&list, "indicators.csv", csvBytes(rows), nil)

	jp := jsonProgress{Title: "法治政府建设示范市创建指标月度完成进度", AsOf: asOf, Sample: b.report.Sample,
		Statuses: []string{string(ledger.Done), string(ledger.InProgress), string(ledger.Missing)}}
	if b.report.Sample {
		jp.Note = "示例数据：台账内容为演示用虚构数据，不代表实际工作情况。"
	}
	head := []string{"编号", "一级指标", "当前进度"}
	for _, m := range b.months {
		mr := b.monthRef(m)
		jp.Months = append(jp.Months, jsonMonth{Month: m.String(), Done: mr.Count.Done, Doing: mr.Count.InProgress,
			Missing: mr.Count.Missing, Total: mr.Count.Total, Ledgers: mr.Ledgers, UnitsDue: mr.Units})
		head = append(head, m.String())
	}
	prow := [][]string{head}
	for _, iv := range b.indicators {
		jpi := jsonProgressIndicator{ID: iv.ID, Status: iv.Status.Word, Months: map[string]string{}}
		row := []string{strconv.Itoa(iv.ID), "", iv.Status.Word}
		if iv.Category != nil {
			jpi.Category = iv.Category.N
			row[1] = iv.Category.Numeral
		}
		for _, m := range b.months {
			st := string(ledger.Missing)
			if ip, ok := b.monthly[m].Indicator(iv.ID); ok {
				st = statusOf(ip.Status).Word
			}
			jpi.Months[m.String()] = st
			row = append(row, st)
		}
		jp.Indicators = append(jp.Indicators, jpi)
		prow = append(prow, row)
	}
	if b.report.Sample {
		prow = append(prow, []string{"说明", "示例数据：台账内容为演示用虚构数据，不代表实际工作情况。"})
	}
	data, err = jsonBytes(jp)
	b.file(&list, ProgressDir+"/progress.json", data, err)
	b.file(&list, ProgressDir+"/progress.csv", csvBytes(prow), nil)
	return list.Err()
}

func (b *builder) file(list *diag.List, p string, data []byte, err error) {
	if err != nil {
		list.Add(diag.Errorf("", 0, "encode %s: %v", p, err))
		return
	}
	if err := b.s.AddFile(site.File{Path: p, Source: "seeds/" + indicator.IndicatorsFile, Data: data}); err != nil {
		list.AddErr("", err)
	}
}

func numbered(items []string) string {
	var out []string
	for i, it := range items {
		out = append(out, "("+strconv.Itoa(i+1)+")"+it)
	}
	return strings.Join(out, "\n")
}

func jsonBytes(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return buf.Bytes(), err
}

func csvBytes(rows [][]string) []byte {
	var buf bytes.Buffer
	buf.WriteString(bom)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	_ = w.WriteAll(rows) // writing to a bytes.Buffer cannot fail
	return buf.Bytes()
}
