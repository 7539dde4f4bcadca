package plan

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"fzzf/generator/indicator"
)

// entry is an indicator (or bonus/veto item) being put together from rows.
type entry struct {
	id        int
	line      int
	pageTop   bool
	labels    []label
	text      string
	methods   []string // raw cells
	materials []string // raw cells
	units     []string // raw cells
	category  int
	group     int
	shared    bool // methods, materials and units are those of the entry before
}

func newEntry(r row) *entry {
	e := &entry{id: r.num, line: r.line, pageTop: r.pageTop, labels: r.labels, text: r.text}
	e.absorbBlock(r)
	return e
}

func (e *entry) absorbBlock(r row) {
	if r.hasMethods {
		e.methods = append(e.methods, r.methods)
	}
	if r.materials != "" {
		e.materials = append(e.materials, r.materials)
	}
	if r.units != "" {
		e.units = append(e.units, r.units)
	}
}

func (e *entry) blockEmpty() bool {
	return len(e.methods) == 0 && len(e.materials) == 0 && len(e.units) == 0
}

// join adds a continuation row's parts to e.
func (e *entry) join(o *entry) {
	e.text += o.text
	e.labels = append(e.labels, o.labels...)
	e.methods = append(e.methods, o.methods...)
	e.materials = append(e.materials, o.materials...)
	e.units = append(e.units, o.units...)
}

// run is a list of bonus or veto items: numbered from 1 again after 115.
type run struct {
	kind    string // "bonus", "veto" or "" until a label says
	entries []*entry
}

// collect groups the table rows into main-sequence entries and item runs.
// A row holding only a number gets its content from the numberless row just
// before it; rows holding only labels lend them to the entry before them.
func collect(rows []row, note func(int, string, ...any)) (main []*entry, runs []*run) {
	maxNum := 0
	var cur *run
	for _, r := range rows {
		if r.num == 1 && maxNum > 1 {
			cur = &run{}
			runs = append(runs, cur)
		}
		list := &main
		if cur != nil {
			list = &cur.entries
		}
		last := (*entry)(nil)
		if len(*list) > 0 {
			last = (*list)[len(*list)-1]
		}
		switch {
		case r.labelOnly():
			if last != nil {
				last.labels = append(last.labels, r.labels...)
			}
		case r.numberOnly() && last != nil && last.id == 0:
			note(r.line, "indicator %d: number printed alone; its content is the numberless row on line %d", r.num, last.line)
			last.id = r.num
			last.labels = append(last.labels, r.labels...)
		default:
			*list = append(*list, newEntry(r))
		}
		if cur == nil && r.num > maxNum {
			maxNum = r.num
		}
	}
	for _, ru := range runs {
		for _, e := range ru.entries {
			for _, l := range e.labels {
				switch t := l.text; {
				case strings.Contains(t, "加分"):
					ru.kind = "bonus"
				case strings.Contains(t, "否决"):
					ru.kind = "veto"
				}
			}
		}
	}
	return main, runs
}

// number gives numberless entries their numbers. A run of k numberless rows
// between printed numbers p and q fills the gap when q-p-1 == k; when there
// is no gap the rows continue indicator p (a row split at a page break).
func number(es []*entry, note func(int, string, ...any)) []*entry {
	var out []*entry
	for i := 0; i < len(es); {
		if es[i].id != 0 {
			out = append(out, es[i])
			i++
			continue
		}
		j := i
		for j < len(es) && es[j].id == 0 {
			j++
		}
		k := j - i
		p := 0
		if len(out) > 0 {
			p = out[len(out)-1].id
		}
		gap := k
		if j < len(es) {
			gap = es[j].id - p - 1
		}
		for x, e := range es[i:j] {
			switch {
			case x < gap:
				e.id = p + x + 1
				note(e.line, "indicator %d: no number printed; inferred from its neighbours", e.id)
				out = append(out, e)
			case len(out) == 0:
				note(e.line, "row without a number before the first indicator; dropped")
			default:
				prev := out[len(out)-1]
				note(e.line, "row without a number continues indicator %d (line %d): joined", prev.id, prev.line)
				prev.join(e)
			}
		}
		if gap > k {
			note(es[i].line, "numbers %d to %d missing: only %d numberless rows", p+k+1, p+gap, k)
		}
		i = j
	}
	for i := 1; i < len(out); i++ {
		if out[i].id != out[i-1].id+1 {
			note(out[i].line, "indicator %d follows indicator %d", out[i].id, out[i-1].id)
		}
	}
	return out
}

// keywordCategory returns the category the first matching content phrase
// points to, or 0.
func keywordCategory(s string) int {
	for _, k := range contentKeywords {
		if strings.Contains(s, k.phrase) {
			return k.category
		}
	}
	return 0
}

// categorize assigns categories. Categories run in order of indicator number,
// so this is a monotone fit: each entry's evidence (printed category labels,
// weight 3 by numeral and 2 by similarity; content phrases, weight 4 in the
// requirement and 2 in the materials) votes for a category, and the
// non-decreasing assignment that overrules the least evidence wins. Among
// equal fits the earlier category is kept longer.
func categorize(es []*entry, note func(int, string, ...any)) {
	const nc = len(categoryNames)
	n := len(es)
	if n == 0 {
		return
	}
	pen := make([][nc + 1]int, n)
	for i, e := range es {
		vote := func(c, w int) {
			for x := 1; x <= nc; x++ {
				if x != c {
					pen[i][x] += w
				}
			}
		}
		for _, l := range e.labels {
			if l.kind == labelCategory {
				w := 3
				if l.fuzzy {
					w = 2
				}
				vote(l.cat, w)
			}
		}
		if c := keywordCategory(e.text); c != 0 {
			vote(c, 4)
		}
		if c := keywordCategory(strings.Join(e.materials, "")); c != 0 {
			vote(c, 2)
		}
	}
	cost := make([][nc + 1]int, n)
	for i := range es {
		best := 1 << 30
		for c := 1; c <= nc; c++ {
			if i > 0 && cost[i-1][c] < best {
				best = cost[i-1][c]
			}
			if i == 0 {
				best = 0
			}
			cost[i][c] = pen[i][c] + best
		}
	}
	next := nc
	for i := n - 1; i >= 0; i-- {
		c := 1
		for x := 2; x <= next; x++ {
			if cost[i][x] < cost[i][c] {
				c = x
			}
		}
		es[i].category, next = c, c
	}
	for i, e := range es {
		if i > 0 && es[i-1].category != e.category && !hasCategoryLabel(e) {
			note(e.line, "indicator %d: no category printed on its row; its content starts %s、%s here",
				e.id, indicator.Numerals[e.category-1], categoryNames[e.category-1])
		}
		for _, l := range e.labels {
			if l.kind != labelCategory {
				continue
			}
			switch {
			case l.cat != e.category:
				note(l.line, "indicator %d: printed category %q disagrees with its content and neighbours; placed in %s、%s",
					e.id, l.text, indicator.Numerals[e.category-1], categoryNames[e.category-1])
			case l.fuzzy:
				note(l.line, "garbled category label %q read as %s、%s", l.text, indicator.Numerals[l.cat-1], categoryNames[l.cat-1])
			}
		}
	}
}

func hasCategoryLabel(e *entry) bool {
	for _, l := range e.labels {
		if l.kind == labelCategory {
			return true
		}
	}
	return false
}

// groupLabel returns the entry's first numbered group label, if any.
func groupLabel(e *entry) (label, bool) {
	for _, l := range e.labels {
		if l.kind == labelGroup {
			return l, true
		}
	}
	return label{}, false
}

func hasFragment(e *entry) bool {
	for _, l := range e.labels {
		if l.kind == labelFragment {
			return true
		}
	}
	return false
}

// groupNames collects the printed names of each category's groups.
type groupNames map[[2]int][]string

// assignGroups numbers groups within each category. A numbered label starts
// its group at its row; unlabelled rows stay in the group before them. When a
// label skips a number, the missing group begins at the first page-top row
// after the last row that showed the earlier group (a label or a broken
// label), or right after that row when the page does not break.
func assignGroups(es []*entry, note func(int, string, ...any)) groupNames {
	names := groupNames{}
	cur, lastEv := 0, 0
	for i, e := range es {
		if i == 0 || es[i-1].category != e.category {
			cur, lastEv = 1, i
		}
		l, ok := groupLabel(e)
		switch {
		case !ok:
			if hasFragment(e) {
				lastEv = i
			}
		case l.group < cur:
			note(l.line, "indicator %d: group label %q is out of order in %s、; ignored", e.id, l.text, indicator.Numerals[e.category-1])
		case l.group > cur+1 && !(i == 0 || es[i-1].category != e.category):
			start := lastEv + 1
			for x := lastEv + 1; x < i; x++ {
				if es[x].pageTop {
					start = x
					break
				}
			}
			for x := start; x < i; x++ {
				es[x].group = cur + 1
			}
			if start < i {
				note(es[start].line, "%s、group %d has no printed label; it starts at indicator %d (inferred)",
					indicator.Numerals[e.category-1], cur+1, es[start].id)
			}
			if l.group > cur+2 || start == i {
				note(l.line, "%s、groups %d to %d have no rows", indicator.Numerals[e.category-1], cur+1, l.group-1)
			}
			cur, lastEv = l.group, i
			names.add(e.category, l)
		default:
			cur, lastEv = l.group, i
			names.add(e.category, l)
		}
		e.group = cur
	}
	return names
}

func (g groupNames) add(c int, l label) {
	k := [2]int{c, l.group}
	g[k] = append(g[k], l.name)
}

// pick chooses the longest printed spelling of a group name.
func (g groupNames) pick(c, n int) string {
	best := ""
	for _, s := range g[[2]int{c, n}] {
		if utf8.RuneCountInString(s) > utf8.RuneCountInString(best) {
			best = s
		}
	}
	return best
}

var (
	circledRE = regexp.MustCompile(`[①-⑳]|[(（]\d{1,2}[)）]`)
	openRE    = regexp.MustCompile(`^[(（]`)
)

// splitMaterials splits a materials cell at ①②③… or (1)(2) markers.
func splitMaterials(s string, line int, note func(int, string, ...any)) []string {
	var items []string
	idx := circledRE.FindAllStringIndex(s, -1)
	for i := 0; i <= len(idx); i++ {
		from, to := 0, len(s)
		if i > 0 {
			from = idx[i-1][1]
		}
		if i < len(idx) {
			to = idx[i][0]
		}
		part := s[from:to]
		part, _ = clean(trimItem(part))
		part = trimItem(part)
		if openRE.MatchString(part) && !strings.ContainsAny(part, ")）") {
			note(line, "material item %q starts with an unmatched parenthesis; dropped the parenthesis", part)
			part = trimItem(part[len(string([]rune(part)[0])):])
		}
		if part != "" {
			items = append(items, part)
		}
	}
	return items
}

// splitMethods splits methods cells at 、, dropping empty and repeated ones.
func splitMethods(cells []string, line int, note func(int, string, ...any)) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range cells {
		for _, p := range strings.FieldsFunc(squeeze(c), func(r rune) bool { return r == '、' || r == '，' || r == ',' }) {
			if seen[p] {
				note(line, "method %q repeated; kept once", p)
				continue
			}
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}
