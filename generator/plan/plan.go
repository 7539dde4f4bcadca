// Package plan imports the campaign plan — the OCR'd text of 许自规〔2022〕133号 —
// into the typed indicator system of package indicator.
//
// The plan's prose gives the nine creation tasks (二、创建任务), the seven
// stages (三、实施步骤) and the four work mechanisms (四、工作机制). Its Annex 1 is
// the indicator table, one tab-separated line per printed row, and it is
// messy: the column header repeats on every page, rows are split across page
// breaks, numbers and cells are missing, cells drift into neighbouring
// columns, category names are garbled and units are spelled several ways.
// Import repairs what it can by rule and reports every decision it could not
// make cleanly as a Notice for a person to review:
//
//   - Columns are found by content, not position: the methods cell by its
//     vocabulary (查看资料、网络检索 …), the number cell by a leading number,
//     label cells before them.
//   - A row holding only a number takes the numberless row just before it; a
//     run of numberless rows fills a gap in the numbering, or, when there is
//     no gap, continues the indicator before it.
//   - Categories are fitted in order of number, weighing printed labels
//     against content phrases (reviewed.go), so a wrong or garbled label
//     cannot pull a row out of its category.
//   - Groups start at their numbered labels; a group the OCR prints no label
//     for is placed in the gap its neighbours leave.
//   - Units go through the reviewed alias table (seeds/units.toml).
//   - An indicator whose methods, materials and units are all empty shares
//     those of the indicator before it in the same group (a merged cell).
package plan

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"fzzf/generator/indicator"
)

// Notice is a decision the importer could not make cleanly, at a line of the
// plan text.
type Notice struct {
	Line    int
	Message string
}

// Import reads the plan text from r (name is used in errors) and returns the
// indicator system, with units normalised through the reviewed alias table
// units. The returned Data's Units are units plus any unknown unit, added
// with a provisional code. Notices come sorted by line.
func Import(r io.Reader, name string, units []indicator.Unit) (*indicator.Data, []Notice, error) {
	var lines []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		lines = append(lines, strings.TrimRight(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}

	var notices []Notice
	seen := map[Notice]bool{}
	note := func(line int, format string, args ...any) {
		n := Notice{Line: line, Message: fmt.Sprintf(format, args...)}
		if !seen[n] {
			seen[n] = true
			notices = append(notices, n)
		}
	}

	d := &indicator.Data{}
	var err error
	if d.Tasks, err = parseTasks(lines, note); err != nil {
		return nil, nil, err
	}
	if d.Stages, err = parseStages(lines, name, note); err != nil {
		return nil, nil, err
	}
	if d.Mechanisms, err = parseMechanisms(lines, note); err != nil {
		return nil, nil, err
	}

	table := newUnitTable(units)
	rows, err := tableRows(lines, name, table, note)
	if err != nil {
		return nil, nil, err
	}
	main, runs := collect(rows, note)
	main = number(main, note)
	if len(main) == 0 {
		return nil, nil, fmt.Errorf("%s: the indicator table has no indicators", name)
	}
	categorize(main, note)
	names := assignGroups(main, note)

	for c := 1; c <= len(categoryNames); c++ {
		cat := indicator.Category{N: c, Numeral: indicator.Numerals[c-1], Name: categoryNames[c-1]}
		maxGroup := 0
		first := 0
		for _, e := range main {
			if e.category == c {
				if first == 0 {
					first = e.line
				}
				maxGroup = max(maxGroup, e.group)
			}
		}
		if maxGroup == 0 {
			note(0, "category %s、%s has no indicators", cat.Numeral, cat.Name)
		}
		for g := 1; g <= maxGroup; g++ {
			gname := names.pick(c, g)
			if gname == "" {
				note(first, "%s、group %d: the plan prints no name (原文未载明)", cat.Numeral, g)
			}
			cat.Groups = append(cat.Groups, indicator.Group{Category: c, N: g, Name: gname})
		}
		d.Categories = append(d.Categories, cat)
	}

	for i, e := range main {
		if e.blockEmpty() && i > 0 {
			p := main[i-1]
			if p.category == e.category && p.group == e.group {
				note(e.line, "indicator %d: no methods, materials or units (a merged cell); shares those of indicator %d", e.id, p.id)
				e.methods, e.materials, e.units = p.methods, p.materials, p.units
				e.shared = true
			}
		}
		in := indicator.Indicator{ID: e.id, Category: e.category, Group: e.group, Line: e.line}
		n := note
		if e.shared { // the shared cells were reported with the indicator they belong to
			n = func(line int, format string, args ...any) {
				if strings.HasPrefix(format, "%s:") {
					note(line, format, args...)
				}
			}
		}
		fillItem(e, &in.Text, &in.TextMissing, &in.Methods, &in.Materials, &in.Units, table, n, fmt.Sprintf("indicator %d", e.id))
		d.Indicators = append(d.Indicators, in)
	}

	for _, ru := range runs {
		var items []indicator.Item
		n := note
		if ru.kind == "veto" { // veto items have no methods, materials or units by nature
			n = func(line int, format string, args ...any) {
				switch format {
				case noMethods, noMaterials, noUnits:
					return
				}
				note(line, format, args...)
			}
		}
		for _, e := range ru.entries {
			it := indicator.Item{N: e.id, Line: e.line}
			fillItem(e, &it.Text, &it.TextMissing, &it.Methods, &it.Materials, &it.Units, table, n, fmt.Sprintf("%s item %d", ru.kind, e.id))
			items = append(items, it)
		}
		switch ru.kind {
		case "bonus":
			d.Bonus = append(d.Bonus, items...)
		case "veto":
			d.Veto = append(d.Veto, items...)
		default:
			note(ru.entries[0].line, "items numbered from 1 again, with no 加分项 or 否决项 label; dropped")
		}
	}
	d.Units = table.units

	sort.SliceStable(notices, func(i, j int) bool { return notices[i].Line < notices[j].Line })
	return d, notices, nil
}

const (
	noMethods   = "%s: no assessment method"
	noMaterials = "%s: no materials to submit"
	noUnits     = "%s: no responsible unit"
)

// fillItem turns an entry's raw cells into clean fields.
func fillItem(e *entry, text *string, missing *bool, methods, materials, units *[]string, table *unitTable, note func(int, string, ...any), what string) {
	t, and := clean(e.text)
	if and {
		note(e.line, "%s: English \"and\" between Chinese words read as 和", what)
	}
	*text = t
	if t == "" {
		*missing = true
		note(e.line, "%s: the plan states no requirement (原文未载明)", what)
	}
	*methods = splitMethods(e.methods, e.line, note)
	if len(*methods) == 0 {
		note(e.line, noMethods, what)
	}
	for _, m := range *methods {
		if !methodWords[m] {
			note(e.line, "%s: unknown assessment method %q", what, m)
		}
	}
	for _, m := range e.materials {
		*materials = append(*materials, splitMaterials(m, e.line, note)...)
	}
	if len(*materials) == 0 {
		note(e.line, noMaterials, what)
	}
	for _, u := range e.units {
		for _, code := range table.parse(u, func(f string, a ...any) { note(e.line, f, a...) }) {
			if !contains(*units, code) {
				*units = append(*units, code)
			}
		}
	}
	if len(*units) == 0 {
		note(e.line, noUnits, what)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// tableRows finds Annex 1's table — from its first column header to the
// 说明： notes under it — and parses its rows, skipping repeated headers.
func tableRows(lines []string, name string, units *unitTable, note func(int, string, ...any)) ([]row, error) {
	start := -1
	for i, l := range lines {
		if strings.Contains(l, "\t") && isHeader(strings.Split(l, "\t")) {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, fmt.Errorf("%s: no indicator table (a line starting 一级指标\t二级指标\t三级指标)", name)
	}
	var rows []row
	pageTop := false
	for i := start; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if strings.HasPrefix(l, "说明") {
			break
		}
		if l == "" {
			continue
		}
		cells := strings.Split(lines[i], "\t")
		if isHeader(cells) {
			pageTop = true
			continue
		}
		if len(cells) < 2 {
			note(i+1, "line inside the indicator table has no cells; skipped")
			continue
		}
		r := parseRow(i+1, cells, units, note)
		r.pageTop = pageTop
		pageTop = false
		rows = append(rows, r)
	}
	return rows, nil
}
