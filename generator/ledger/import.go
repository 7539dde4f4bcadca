package ledger

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// ImportOptions says whose ledger a sheet is. Zero fields are taken from the
// sheet itself (its title and 填表时间); fields that are set must agree with
// the sheet's title when it has one.
type ImportOptions struct {
	Unit      string    // unit code or name
	Month     Month     // the month reported on
	Submitted time.Time // the day the ledger came in; overrides 填表时间
	Sample    bool      // mark the ledger as 示例数据
}

// Import reads a filled-in ledger sheet, .xlsx or .csv by the extension of
// name, and checks every row against reg.
//
// It finds the header row and the columns by their names (序号, 三级指标,
// 完成进度, 具体情况, 责任人及联系方式, and an optional 佐证材料 column of
// links), takes the indicator number from 序号 or from the start of 三级指标,
// and reads 完成进度 with [ParseStatus]; text after the status becomes the
// detail when 具体情况 is empty. Rows after a 说明 row are notes.
//
// Problems with rows (unknown indicator, an indicator the unit is not
// responsible for, empty or unreadable status, a bad date) are all returned,
// each with its sheet row; the ledger then holds only the rows that passed,
// and must not be written. The error is for a sheet that cannot be read at
// all: not .xlsx or .csv, no header row, an unknown unit.
func Import(name string, r io.Reader, opts ImportOptions, reg Registry) (*Ledger, []Problem, error) {
	rows, err := readTable(name, r)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	im := &importer{name: name, reg: reg, rows: rows}
	l, err := im.ledger(opts)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return l, im.problems, nil
}

type importer struct {
	name     string
	reg      Registry
	rows     [][]string
	problems []Problem
}

func (im *importer) add(row int, format string, args ...any) {
	im.problems = append(im.problems, Problem{File: im.name, Row: row, Message: fmt.Sprintf(format, args...)})
}

// Kinds of column Import understands.
const (
	colNumber = iota
	colIndicator
	colStatus
	colDetail
	colContact
	colEvidence
	colKinds
)

// columnKind tells which column a header names, or -1.
func columnKind(header string) int {
	h := normalize(header)
	switch {
	case h == "序号" || h == "指标序号" || h == "指标编号" || h == "编号":
		return colNumber
	case strings.Contains(h, "三级指标"):
		return colIndicator
	case strings.Contains(h, "完成进度") || h == "完成情况" || h == "进度":
		return colStatus
	case strings.Contains(h, "具体情况"):
		return colDetail
	case strings.Contains(h, "责任人") || strings.Contains(h, "联系方式"):
		return colContact
	case strings.Contains(h, "佐证"):
		return colEvidence
	}
	return -1
}

func (im *importer) ledger(opts ImportOptions) (*Ledger, error) {
	header, cols := im.findHeader()
	if header < 0 {
		return nil, errors.New("no header row with 完成进度 and 序号 or 三级指标 columns; start from the ledger template")
	}
	meta := im.readMeta(header)

	unit, err := im.resolveUnit(opts.Unit, meta)
	if err != nil {
		return nil, err
	}
	month := opts.Month
	switch {
	case month.IsZero() && meta.month.IsZero():
		return nil, errors.New("no month: the title does not name one and none was given")
	case month.IsZero():
		month = meta.month
	case !meta.month.IsZero() && meta.month != month:
		im.add(meta.titleRow, "the title is for %s, not %s; is this the right sheet?", meta.month.Label(), month.Label())
	}
	l := &Ledger{Unit: unit, Month: month, Sample: opts.Sample, File: im.name}
	switch {
	case !opts.Submitted.IsZero():
		l.Submitted = Day(opts.Submitted)
	case meta.dateErr != nil:
		im.add(meta.dateRow, "填表时间: %v", meta.dateErr)
	case meta.dateRow == 0:
		im.add(0, "no 填表时间: give the day the ledger came in")
	case meta.date.IsZero():
		im.add(meta.dateRow, "填表时间 is empty: fill in the day the ledger is handed in, e.g. 2023-04-03")
	default:
		l.Submitted = meta.date
	}
	if !l.Submitted.IsZero() && l.Submitted.Before(month.First()) {
		im.add(meta.dateRow, "填表时间 %s is before the month %s the ledger reports on", l.Submitted.Format(time.DateOnly), month.Label())
	}

	seen := map[int]int{}
	for i := header + 1; i < len(im.rows); i++ {
		row, n := im.rows[i], i+1
		if blank(row) {
			continue
		}
		if strings.HasPrefix(normalize(firstCell(row)), "说明") {
			break
		}
		e, ok := im.entry(row, n, cols, unit)
		if !ok {
			continue
		}
		if first, dup := seen[e.Indicator]; dup {
			im.add(n, "indicator %d is already reported in row %d", e.Indicator, first)
			continue
		}
		seen[e.Indicator] = n
		l.Entries = append(l.Entries, e)
	}
	sort.SliceStable(l.Entries, func(i, j int) bool { return l.Entries[i].Indicator < l.Entries[j].Indicator })
	sort.SliceStable(im.problems, func(i, j int) bool { return im.problems[i].Row < im.problems[j].Row })
	return l, nil
}

// findHeader returns the index of the header row and the column of each kind
// (-1 when absent).
func (im *importer) findHeader() (int, [colKinds]int) {
	for i, row := range im.rows {
		if i >= 30 {
			break
		}
		var cols [colKinds]int
		for k := range cols {
			cols[k] = -1
		}
		for c, v := range row {
			if k := columnKind(v); k >= 0 && cols[k] < 0 {
				cols[k] = c
			}
		}
		if cols[colStatus] >= 0 && (cols[colNumber] >= 0 || cols[colIndicator] >= 0) {
			return i, cols
		}
	}
	return -1, [colKinds]int{}
}

// sheetMeta is what the rows above the header say.
type sheetMeta struct {
	titleRow int    // 1-based; 0 when there is no title
	unitName string // from the title or 责任单位
	unitRow  int
	month    Month
	dateRow  int
	date     time.Time
	dateErr  error
}

var (
	titleRe = regexp.MustCompile(`\(\s*(.+?)\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*\)`)
	unitRe  = regexp.MustCompile(`^责任单位\s*:?\s*(.*?)\s*(\(公章\))?\s*$`)
)

func (im *importer) readMeta(header int) sheetMeta {
	var m sheetMeta
	for i := 0; i < header; i++ {
		for c, v := range im.rows[i] {
			text := normalize(v)
			switch {
			case strings.Contains(text, "工作台账"):
				m.titleRow = i + 1
				if s := titleRe.FindStringSubmatch(text); s != nil {
					y, _ := strconv.Atoi(s[2])
					mo, _ := strconv.Atoi(s[3])
					if mo >= 1 && mo <= 12 {
						m.month = Month{y, time.Month(mo)}
					}
					m.unitName, m.unitRow = s[1], i+1
				}
			case strings.HasPrefix(text, "责任单位"):
				if s := unitRe.FindStringSubmatch(text); s != nil && strings.Trim(s[1], "_ ") != "" && m.unitName == "" {
					m.unitName, m.unitRow = s[1], i+1
				}
			case strings.HasPrefix(text, "填表时间"):
				m.dateRow = i + 1
				value := strings.TrimLeft(strings.TrimPrefix(text, "填表时间"), ": ")
				for _, next := range im.rows[i][c+1:] {
					if value != "" {
						break
					}
					value = strings.TrimSpace(next)
				}
				if value != "" && strings.Trim(value, "_年月日 ") != "" {
					m.date, m.dateErr = parseDay(value)
				}
			}
		}
	}
	return m
}

func (im *importer) resolveUnit(given string, meta sheetMeta) (string, error) {
	var fromSheet string
	if meta.unitName != "" {
		code, ok := im.reg.UnitCode(meta.unitName)
		if !ok && given == "" {
			return "", fmt.Errorf("row %d: unknown unit %q", meta.unitRow, meta.unitName)
		}
		if !ok {
			im.add(meta.unitRow, "unknown unit %q in the sheet", meta.unitName)
		}
		fromSheet = code
	}
	if given == "" {
		if fromSheet == "" {
			return "", errors.New("no unit: the sheet does not name one and none was given")
		}
		return fromSheet, nil
	}
	code, ok := im.reg.UnitCode(given)
	if !ok {
		return "", fmt.Errorf("unknown unit %q", given)
	}
	if fromSheet != "" && fromSheet != code {
		im.add(meta.unitRow, "the sheet is %s's ledger, not %s's; is this the right file?", meta.unitName, given)
	}
	return code, nil
}

// entry reads one data row.
func (im *importer) entry(row []string, n int, cols [colKinds]int, unit string) (Entry, bool) {
	get := func(k int) string {
		if c := cols[k]; c >= 0 && c < len(row) {
			return strings.TrimSpace(strings.ReplaceAll(row[c], "\r\n", "\n"))
		}
		return ""
	}
	e := Entry{Line: n}
	ok := true

	id, err := indicatorNumber(get(colNumber), get(colIndicator))
	switch {
	case err != nil:
		im.add(n, "%v", err)
		ok = false
	case !im.reg.IndicatorExists(id):
		im.add(n, "unknown indicator %d", id)
		ok = false
	case !im.reg.UnitOwns(unit, id):
		im.add(n, "unit %s is not responsible for indicator %d", unit, id)
		ok = false
	}
	e.Indicator = id

	status, rest, err := ParseStatus(get(colStatus))
	if err != nil {
		if id > 0 {
			im.add(n, "indicator %d: 完成进度: %v", id, err)
		} else {
			im.add(n, "完成进度: %v", err)
		}
		ok = false
	}
	e.Status = status
	e.Detail = get(colDetail)
	if rest != "" {
		if e.Detail == "" {
			e.Detail = rest
		} else if rest != e.Detail {
			e.Detail = rest + "\n" + e.Detail
		}
	}
	e.Contact = get(colContact)
	for _, link := range strings.FieldsFunc(get(colEvidence), func(r rune) bool {
		return isSpace(r) || strings.ContainsRune(",;，；、", r)
	}) {
		if err := checkLink(link); err != nil {
			im.add(n, "佐证材料 %q: %v", link, err)
			ok = false
			continue
		}
		e.Evidence = append(e.Evidence, link)
	}
	return e, ok
}

var leadingNumber = regexp.MustCompile(`^(\d{1,3})(?:[\s.、:)]|$)`)

// indicatorNumber reads the indicator number from the 序号 cell, or from the
// start of the 三级指标 cell ("21 …", "21、…").
func indicatorNumber(number, text string) (int, error) {
	if number = normalize(number); number != "" {
		f, err := strconv.ParseFloat(number, 64)
		if err != nil || f != float64(int(f)) || f < 1 {
			return 0, fmt.Errorf("序号 %q is not an indicator number", number)
		}
		return int(f), nil
	}
	if m := leadingNumber.FindStringSubmatch(normalize(text)); m != nil {
		id, _ := strconv.Atoi(m[1])
		return id, nil
	}
	return 0, errors.New("no indicator number: fill in 序号 or start 三级指标 with the number")
}

var dayRe = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s.*)?$`)

// parseDay reads a date as people and Excel write it: 2023-04-03, 2023/4/3,
// 2023.4.3, 2023年4月3日, or an Excel serial day number.
func parseDay(s string) (time.Time, error) {
	s = normalize(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 36526 || f > 73051 { // 2000-01-01 … 2099-12-31
			return time.Time{}, fmt.Errorf("cannot read the date %q; write it like 2023-04-03", s)
		}
		t, err := excelize.ExcelDateToTime(f, false)
		if err != nil {
			return time.Time{}, fmt.Errorf("cannot read the date %q; write it like 2023-04-03", s)
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, china), nil
	}
	m := dayRe.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("cannot read the date %q; write it like 2023-04-03", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, china)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return time.Time{}, fmt.Errorf("no such date %q", s)
	}
	return t, nil
}

// normalize trims s and maps full-width forms to half-width ones, for
// matching headers, labels and numbers.
func normalize(s string) string {
	s = strings.TrimFunc(s, isSpace)
	return strings.Map(halfWidth, s)
}

func blank(row []string) bool {
	for _, v := range row {
		if strings.TrimFunc(v, isSpace) != "" {
			return false
		}
	}
	return true
}

func firstCell(row []string) string {
	for _, v := range row {
		if strings.TrimFunc(v, isSpace) != "" {
			return v
		}
	}
	return ""
}

// readTable reads the rows of a sheet, by the extension of name.
func readTable(name string, r io.Reader) ([][]string, error) {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".xlsx", ".xlsm":
		return readXLSX(r)
	case ".csv":
		return readCSV(r)
	case ".xls", ".et", ".wps", ".ods":
		return nil, fmt.Errorf("cannot read %s files; save the sheet as Excel 工作簿 (.xlsx) or CSV UTF-8 (.csv)", ext)
	default:
		return nil, fmt.Errorf("unknown kind of file %q; want .xlsx or .csv", ext)
	}
}

func readXLSX(r io.Reader) ([][]string, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("cannot read as .xlsx: %v", err)
	}
	defer f.Close()
	var first [][]string
	for i, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("sheet %s: %v", sheet, err)
		}
		if i == 0 {
			first = rows
		}
		im := importer{rows: rows}
		if h, _ := im.findHeader(); h >= 0 {
			return rows, nil
		}
	}
	return first, nil
}

// readCSV reads UTF-8 CSV, with or without a byte order mark, and the GBK
// (GB 18030) CSV that Excel writes on Chinese Windows.
func readCSV(r io.Reader) ([][]string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, errors.New("the file is UTF-16 (Unicode text); save it as CSV UTF-8 (逗号分隔)")
	}
	if !utf8.Valid(data) {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil || bytes.ContainsRune(decoded, utf8.RuneError) {
			return nil, errors.New("the file is neither UTF-8 nor GBK text; save it as CSV UTF-8 (逗号分隔)")
		}
		data = decoded
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	// encoding/csv skips blank lines, but Excel shows them as rows: keep
	// them, so that row numbers in messages are the ones people see.
	var rows [][]string
	lines, offset := 0, int64(0) // lines consumed by the records read so far
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read as CSV: %v", err)
		}
		start, _ := cr.FieldPos(0)
		for range start - 1 - lines {
			rows = append(rows, nil)
		}
		rows = append(rows, rec)
		end := cr.InputOffset()
		lines += bytes.Count(data[offset:end], []byte("\n"))
		offset = end
	}
}
