package plan

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"fzzf/generator/indicator"
)

// Label kinds: what a printed cell in the 一级指标 / 二级指标 columns says.
const (
	labelFragment = iota // a broken piece of a name (管理, 方向。)
	labelCategory        // a category, by numeral (三、…) or by similarity
	labelGroup           // a numbered group (3. 加强事中事后监管)
)

// label is one printed cell of the label columns.
type label struct {
	kind  int
	cat   int    // labelCategory: 1 … 10
	fuzzy bool   // labelCategory: matched by similarity, not by numeral
	group int    // labelGroup: its number
	name  string // labelGroup: its name, cleaned
	text  string // the cell without white space
	line  int
}

// row is one table line, its cells sorted into the table's columns.
type row struct {
	line       int
	pageTop    bool // the first row after a repeated header
	labels     []label
	num        int // printed indicator number, 0 when none
	text       string
	methods    string
	hasMethods bool
	materials  string
	units      string
}

func (r *row) blockEmpty() bool { return !r.hasMethods && r.materials == "" && r.units == "" }

// numberOnly: a row holding only a number (the rest of it is on another row).
func (r *row) numberOnly() bool { return r.num > 0 && r.text == "" && r.blockEmpty() }

// labelOnly: a row holding only label cells.
func (r *row) labelOnly() bool { return r.num == 0 && r.text == "" && r.blockEmpty() }

var (
	numRE   = regexp.MustCompile(`^(\d{1,3})(?:\s+(.*))?$`)
	groupRE = regexp.MustCompile(`^(\d{1,2})[.．](.+)$`)
)

// isHeader reports whether cells are the table's column header, which the
// OCR repeats at the top of every page (一级指标 二级指标 三级指标 …).
func isHeader(cells []string) bool {
	all := squeeze(strings.Join(cells, ""))
	return strings.HasPrefix(all, "一级指标") && strings.Contains(all, "三级指标")
}

// isMethods reports whether a cell lists only assessment methods.
func isMethods(cell string) bool {
	n := 0
	for _, p := range strings.FieldsFunc(squeeze(cell), func(r rune) bool { return r == '、' || r == '，' || r == ',' }) {
		if !methodWords[p] {
			return false
		}
		n++
	}
	return n > 0
}

// classify reads a label cell.
func classify(cell string, line int) label {
	s := squeeze(cell)
	l := label{kind: labelFragment, text: s, line: line}
	if m := groupRE.FindStringSubmatch(s); m != nil {
		l.kind = labelGroup
		l.group, _ = strconv.Atoi(m[1])
		l.name = strings.TrimRight(m[2], "。.")
		return l
	}
	if r, size := utf8.DecodeRuneInString(s); size > 0 {
		for i, n := range indicator.Numerals {
			if string(r) == n && strings.HasPrefix(s[size:], "、") {
				l.kind, l.cat = labelCategory, i+1
				return l
			}
		}
	}
	if utf8.RuneCountInString(s) >= 4 {
		rs := []rune(s)
		best, bestScore, tie := 0, 0.0, false
		for i, name := range categoryNames {
			score := float64(lcs(rs, []rune(name))) / float64(len(rs))
			switch {
			case score > bestScore:
				best, bestScore, tie = i+1, score, false
			case score == bestScore:
				tie = true
			}
		}
		if bestScore >= 0.6 && !tie {
			l.kind, l.cat, l.fuzzy = labelCategory, best, true
		}
	}
	return l
}

// parseRow sorts one table line's cells into columns. The OCR shifts cells
// left or right, so columns are found by content: the methods cell by its
// vocabulary, the number cell by a leading number, labels before them.
func parseRow(line int, cells []string, units *unitTable, note func(int, string, ...any)) row {
	for i := range cells {
		cells[i] = stripTags(cells[i])
	}
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	r := row{line: line}
	m := -1
	for i, c := range cells {
		if isMethods(c) {
			m = i
			break
		}
	}
	n, numTail := -1, ""
	for i, c := range cells {
		if i > 3 || m >= 0 && i >= m {
			break
		}
		if sm := numRE.FindStringSubmatch(c); sm != nil {
			n = i
			r.num, _ = strconv.Atoi(sm[1])
			numTail = strings.TrimSpace(sm[2])
			break
		}
	}
	var labels, mid, tail []string
	switch {
	case n >= 0:
		labels = cells[:n]
		if m >= 0 {
			mid, tail = cells[n+1:m], cells[m+1:]
		} else {
			mid = cells[n+1:]
		}
	case m >= 1:
		labels, mid, tail = cells[:m-1], cells[m-1:m], cells[m+1:]
	case m == 0:
		tail = cells[1:]
	case len(cells) > 2: // no number, no methods: the table's own column order
		labels, mid, tail = cells[:2], cells[2:3], cells[3:]
	default:
		labels = cells
	}
	for i, c := range labels {
		if c == "" {
			continue
		}
		l := classify(c, line)
		switch {
		case l.kind == labelGroup && i == 0 && len(labels) == 2:
			note(line, "group label %q printed in the category column; read as a group label", l.text)
		case l.kind == labelCategory && !l.fuzzy && squeeze(c) != indicator.Numerals[l.cat-1]+"、"+categoryNames[l.cat-1]:
			note(line, "category label %q differs from the reviewed name %s、%s", l.text, indicator.Numerals[l.cat-1], categoryNames[l.cat-1])
		case l.kind == labelFragment:
			note(line, "label %q is neither a category nor a numbered group; read as a broken label of the group it sits in", l.text)
		}
		r.labels = append(r.labels, l)
	}
	var texts []string
	for _, c := range mid {
		if c != "" {
			texts = append(texts, c)
		}
	}
	switch {
	case len(texts) == 0:
		r.text = numTail
	case numTail != "":
		note(line, "%q after the number %d is a broken label, not the requirement; the requirement is the next cell", numTail, r.num)
		r.labels = append(r.labels, classify(numTail, line))
		fallthrough
	default:
		if len(texts) > 1 {
			note(line, "%d cells between the number and the methods; joined them as the requirement", len(texts))
		}
		r.text = strings.Join(texts, "")
	}
	if m >= 0 {
		r.methods, r.hasMethods = cells[m], true
	}
	switch len(tail) {
	case 0:
	case 1:
		if units.known(tail[0]) {
			r.units = tail[0]
		} else {
			r.materials = tail[0]
		}
	case 2:
		r.materials, r.units = tail[0], tail[1]
	case 3:
		if r.text == "" {
			note(line, "requirement printed after the methods column; moved it back")
			r.text = tail[0]
		} else {
			note(line, "extra cell after the methods; joined it to the materials")
			tail[1] = tail[0] + tail[1]
		}
		r.materials, r.units = tail[1], tail[2]
	default:
		note(line, "%d cells after the methods; took the last as the units and joined the rest as materials", len(tail))
		r.materials, r.units = strings.Join(tail[:len(tail)-1], ""), tail[len(tail)-1]
	}
	return r
}
