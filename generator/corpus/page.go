package corpus

import (
	"fmt"
	"math/bits"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Body length in Han characters: each body aims at a target drawn from
// [minTarget, maxTarget] and overshoots it by at most one sentence, which
// keeps it within the 600 to 1,500 characters the benchmark promises.
const (
	minTarget = 700
	maxTarget = 1400
)

// rng is a splitmix64 generator. It is written out here, not taken from
// math/rand, so that a seed gives the same corpus with every Go release.
type rng struct{ s uint64 }

// newRNG returns the generator of page i of the corpus with the given seed,
// independent of every other page so that pages can be made in any order.
func newRNG(seed int64, i int) *rng {
	r := &rng{s: uint64(seed)}
	r.s = r.next() ^ uint64(i)*0xd1b54a32d192ed03
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

func (r *rng) pick(list []string) string { return list[r.intn(len(list))] }

// picks returns n distinct elements of list in list order.
func (r *rng) picks(list []string, n int) []string {
	out := make([]string, 0, n)
	for _, j := range r.indices(len(list), n) {
		out = append(out, list[j])
	}
	return out
}

// indices returns min(n, m) distinct numbers from [0, m) in increasing order.
func (r *rng) indices(m, n int) []int {
	n = min(n, m)
	chosen := make([]bool, m)
	for k := 0; k < n; {
		if j := r.intn(m); !chosen[j] {
			chosen[j] = true
			k++
		}
	}
	out := make([]int, 0, n)
	for j, c := range chosen {
		if c {
			out = append(out, j)
		}
	}
	return out
}

// corpus is what every page needs to know about the whole site.
type corpus struct {
	seed     int64
	pages    int
	sections []string
}

// section returns the section of page i (1-based): pages are dealt to the
// sections in turn.
func (c *corpus) section(i int) string { return c.sections[(i-1)%len(c.sections)] }

// path returns the slash-separated path of page i under content/.
func (c *corpus) path(i int) string { return fmt.Sprintf("%s/p%05d.md", c.section(i), i) }

// campaignStart is the first possible page date: the plan was issued in
// August 2022; pages are dated up to the end of 2023.
var campaignStart = time.Date(2022, 8, 1, 0, 0, 0, 0, time.UTC)

const campaignDays = 518 // 2022-08-01 to 2023-12-31

// page writes page i (1-based) to b.
func (c *corpus) page(b *strings.Builder, i int) {
	r := newRNG(c.seed, i)
	sec := c.section(i)

	date := campaignStart.AddDate(0, 0, r.intn(campaignDays)).
		Add(time.Duration(r.between(8*60, 17*60+59)) * time.Minute)
	b.WriteString("+++\n")
	fmt.Fprintf(b, "title = %s\n", quote(c.title(r, sec, date)))
	fmt.Fprintf(b, "date = %s\n", date.Format("2006-01-02T15:04:05"))
	fmt.Fprintf(b, "tags = %s\n", quoteList(r.picks(tags, r.between(2, 3))))
	fmt.Fprintf(b, "units = %s\n", quoteList(r.picks(units, r.between(1, 3))))
	b.WriteString("+++\n\n")
	c.body(b, r, i)
}

func (c *corpus) title(r *rng, sec string, date time.Time) string {
	obj := r.pick(objects)
	switch sec {
	case "notices":
		return fmt.Sprintf("关于印发《许昌市自然资源和规划局%s工作方案》的通知（许自规〔%d〕%d号）",
			obj, date.Year(), r.between(1, 200))
	case "articles":
		switch r.intn(3) {
		case 0:
			return fmt.Sprintf("《%s》政策解读", r.pick(docs))
		case 1:
			return fmt.Sprintf("图解：%s", obj)
		}
		return fmt.Sprintf("一图读懂%s", obj)
	case "news":
		return r.pick(subjects) + r.pick(verbs) + obj
	}
	return fmt.Sprintf("关于%s%s的通知（第%d号）", r.pick(verbs), obj, r.between(1, 300))
}

// block is a piece of the body: a heading, a paragraph (filled later), a
// list or a table.
type block struct {
	text string   // heading, list or table Markdown; empty for a paragraph
	para []string // the sentences of a paragraph
	link string   // a sentence with a link, closing the paragraph
}

func (c *corpus) body(b *strings.Builder, r *rng, i int) {
	target := r.between(minTarget, maxTarget)

	// The fixed parts: headings with one or two paragraphs each, one list,
	// one table, links in some paragraphs.
	nHead := r.between(2, 4)
	heads := r.picks(headings, nHead)
	blocks := []block{{}} // the opening paragraph
	listAt, tableAt := r.intn(nHead), r.intn(nHead)
	for h, head := range heads {
		blocks = append(blocks, block{text: fmt.Sprintf("## %s、%s\n", ordinals[h], head)})
		for range r.between(1, 2) {
			blocks = append(blocks, block{})
		}
		if h == listAt {
			blocks = append(blocks, block{text: list(r)}, block{})
		}
		if h == tableAt {
			blocks = append(blocks, block{text: table(r)}, block{})
		}
	}
	var paras []int
	for k := range blocks {
		if blocks[k].text == "" {
			paras = append(paras, k)
		}
	}
	for _, k := range r.indices(len(paras), r.between(1, 3)) {
		blocks[paras[k]].link = fmt.Sprintf("详见[%s](../%s)。", r.pick(linkTexts), c.path(c.linkTarget(r, i)))
	}

	han := 0
	for _, bl := range blocks {
		han += hanCount(bl.text) + hanCount(bl.link)
	}
	// Fill the paragraphs a sentence at a time, in turn, until the target
	// is reached; every paragraph gets at least one sentence.
	for k := 0; han < target || k < len(paras); k++ {
		s := sentence(r)
		blocks[paras[k%len(paras)]].para = append(blocks[paras[k%len(paras)]].para, s)
		han += hanCount(s)
	}

	for k, bl := range blocks {
		if k > 0 {
			b.WriteByte('\n')
		}
		if bl.text != "" {
			b.WriteString(bl.text)
			continue
		}
		for _, s := range bl.para {
			b.WriteString(s)
		}
		b.WriteString(bl.link)
		b.WriteByte('\n')
	}
}

// linkTarget returns another page to link to from page i.
func (c *corpus) linkTarget(r *rng, i int) int {
	if c.pages == 1 {
		return i
	}
	t := 1 + r.intn(c.pages-1)
	if t >= i {
		t++
	}
	return t
}

func list(r *rng) string {
	var b strings.Builder
	items := r.picks(measures, r.between(3, 5))
	for k, m := range items {
		end := "；"
		if k == len(items)-1 {
			end = "。"
		}
		fmt.Fprintf(&b, "- %s%s\n", m, end)
	}
	return b.String()
}

func table(r *rng) string {
	var b strings.Builder
	b.WriteString("| 序号 | 工作事项 | 责任单位 | 完成时限 |\n| :-: | --- | --- | :-: |\n")
	for k := range r.between(2, 4) {
		fmt.Fprintf(&b, "| %d | %s%s | %s | %d年%d月底 |\n",
			k+1, r.pick(verbs), r.pick(objects), r.pick(units), r.between(2022, 2023), r.between(1, 12))
	}
	return b.String()
}

// sentence returns one sentence of government prose.
func sentence(r *rng) string {
	switch r.intn(9) {
	case 0:
		return r.pick(subjects) + "坚持把" + r.pick(objects) + "作为" + r.pick(focuses) + "，" +
			r.pick(verbs) + r.pick(objects) + "，" + r.pick(verbs) + r.pick(objects) + "。"
	case 1:
		return "围绕" + r.pick(objects) + "，" + r.pick(subjects) + r.pick(measures) + "，" + r.pick(results) + "。"
	case 2:
		f := figures[r.intn(len(figures))]
		return r.pick(times) + "，" + fmt.Sprintf(f.format, r.between(f.lo1, f.hi1), r.between(f.lo2, f.hi2)) + "。"
	case 3:
		return r.pick(connectors) + "，" + r.pick(subjects) + "还" + r.pick(verbs) + r.pick(objects) + "，" + r.pick(results) + "。"
	case 4:
		return "按照《" + r.pick(docs) + "》要求，" + r.pick(subjects) + r.pick(verbs) + r.pick(objects) + "。"
	case 5:
		return "针对" + r.pick(problems) + "的问题，" + r.pick(subjects) + r.pick(verbs) + r.pick(objects) + "，" + r.pick(results) + "。"
	case 6:
		if r.intn(4) == 0 {
			// Numbers a government page really carries; none of them is
			// private (see package privacy).
			return fmt.Sprintf("如有疑问，请在工作日拨打咨询电话0374-%07d，或登录政务服务网查询（文号：许自规〔%d〕%d号）。",
				r.between(2000000, 2999999), r.between(2022, 2023), r.between(1, 200))
		}
	}
	return r.pick(times) + "，" + r.pick(subjects) + r.pick(verbs) + r.pick(objects) + "，" + r.pick(results) + "。"
}

// hanCount returns the number of Han characters in s.
func hanCount(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			i++
			continue
		} else if c >= 0xE5 && c <= 0xE9 && i+2 < len(s) {
			// U+5000 to U+9FFF: all Han.
			n++
			i += 3
			continue
		}
		c, w := utf8.DecodeRuneInString(s[i:])
		if unicode.Is(unicode.Han, c) {
			n++
		}
		i += w
	}
	return n
}

var tomlEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// quote returns s as a TOML basic string.
func quote(s string) string {
	return `"` + tomlEscaper.Replace(s) + `"`
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for k, s := range list {
		q[k] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
