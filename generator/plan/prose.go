package plan

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"fzzf/generator/indicator"
)

// paragraph is a paragraph of the plan's prose and the line it starts on.
type paragraph struct {
	line int
	text string
}

// paragraphs joins the lines from..to (0-based, exclusive) into paragraphs.
// The OCR breaks paragraphs at page ends, mid-sentence; a line continues the
// paragraph before it unless that paragraph ends a sentence.
func paragraphs(lines []string, from, to int) []paragraph {
	var out []paragraph
	for i := from; i < to && i < len(lines); i++ {
		s := strings.TrimSpace(lines[i])
		if s == "" {
			continue
		}
		if n := len(out); n > 0 && !endsSentence(out[n-1].text) {
			out[n-1].text += s
			continue
		}
		out = append(out, paragraph{line: i + 1, text: s})
	}
	return out
}

func endsSentence(s string) bool {
	for _, end := range []string{"。", "！", "？", "；", "：", "）"} {
		if strings.HasSuffix(s, end) {
			return true
		}
	}
	return false
}

var markerRE = regexp.MustCompile(`^（([一二三四五六七八九十]+)）(.*)$`)

// section finds the lines between a heading (三、实施步骤) and the next
// top-level heading, as 0-based indexes.
func section(lines []string, heading string) (from, to int, ok bool) {
	for i, l := range lines {
		if strings.TrimSpace(l) == heading {
			from = i + 1
			for to = from; to < len(lines); to++ {
				t := strings.TrimSpace(lines[to])
				if topHeadingRE.MatchString(t) || strings.HasPrefix(t, "- 附件") || strings.HasPrefix(t, "附件") {
					break
				}
			}
			return from, to, true
		}
	}
	return 0, 0, false
}

var topHeadingRE = regexp.MustCompile(`^[一二三四五六七八九十]+、\S{2,8}$`)

// numbered splits a section into its （一）（二）… items: each item's heading
// paragraph and the paragraphs that follow it.
func numbered(ps []paragraph) [][]paragraph {
	var out [][]paragraph
	for _, p := range ps {
		if markerRE.MatchString(p.text) {
			out = append(out, []paragraph{p})
			continue
		}
		if len(out) > 0 {
			out[len(out)-1] = append(out[len(out)-1], p)
		}
	}
	return out
}

// titled splits "（一）依法全面履行政府职能。切实履行…" into its title and text.
func titled(p paragraph) (title, text string) {
	m := markerRE.FindStringSubmatch(p.text)
	body := m[2]
	if i := strings.Index(body, "。"); i >= 0 {
		return body[:i], body[i+len("。"):]
	}
	return body, ""
}

func parseTasks(lines []string, note func(int, string, ...any)) ([]indicator.Task, error) {
	from, to, ok := section(lines, "二、创建任务")
	if !ok {
		note(0, "no section %s", "二、创建任务")
		return nil, nil
	}
	var out []indicator.Task
	for i, item := range numbered(paragraphs(lines, from, to)) {
		title, text := titled(item[0])
		for _, p := range item[1:] {
			text += "\n" + p.text
		}
		out = append(out, indicator.Task{N: i + 1, Title: title, Text: text})
	}
	return out, nil
}

func parseMechanisms(lines []string, note func(int, string, ...any)) ([]indicator.Mechanism, error) {
	from, to, ok := section(lines, "四、工作机制")
	if !ok {
		note(0, "no section %s", "四、工作机制")
		return nil, nil
	}
	var out []indicator.Mechanism
	for i, item := range numbered(paragraphs(lines, from, to)) {
		title, text := titled(item[0])
		for _, p := range item[1:] {
			text += "\n" + p.text
		}
		out = append(out, indicator.Mechanism{N: i + 1, Title: title, Text: text})
	}
	return out, nil
}

var (
	stageHeadRE = regexp.MustCompile(`^（[一二三四五六七八九十]+）(\S+阶段)（(.+)）$`)
	byEndRE     = regexp.MustCompile(`^(\d{4})年(\d{1,2})月底前$`)
	rangeRE     = regexp.MustCompile(`^(\d{4})年(\d{1,2})月[—–-]+(\d{1,2})月(?:底)?$`)
)

// parseStages reads 三、实施步骤. "2022年9月底前" ends at the month's last day and
// starts the day after the previous stage ends (the first stage starts on the
// first day of its month); "2023年4月—7月" runs from the first day of the first
// month to the last day of the second.
func parseStages(lines []string, name string, note func(int, string, ...any)) ([]indicator.Stage, error) {
	from, to, ok := section(lines, "三、实施步骤")
	if !ok {
		note(0, "no section %s", "三、实施步骤")
		return nil, nil
	}
	var out []indicator.Stage
	for _, item := range numbered(paragraphs(lines, from, to)) {
		head := item[0]
		m := stageHeadRE.FindStringSubmatch(head.text)
		if m == nil {
			return nil, fmt.Errorf("%s:%d: stage heading %q has no （date）", name, head.line, head.text)
		}
		s := indicator.Stage{N: len(out) + 1, Name: m[1]}
		if b := byEndRE.FindStringSubmatch(m[2]); b != nil {
			y, mo := atoi(b[1]), atoi(b[2])
			s.End = lastDay(y, mo)
			if len(out) == 0 {
				s.Start = date(y, mo, 1)
				note(head.line, "stage %q has only a deadline; it starts on %s, the first day of its month", s.Name, s.Start)
			} else {
				prev, _ := time.Parse(time.DateOnly, out[len(out)-1].End)
				s.Start = prev.AddDate(0, 0, 1).Format(time.DateOnly)
			}
		} else if r := rangeRE.FindStringSubmatch(m[2]); r != nil {
			y := atoi(r[1])
			s.Start, s.End = date(y, atoi(r[2]), 1), lastDay(y, atoi(r[3]))
		} else {
			return nil, fmt.Errorf("%s:%d: stage date %q is neither 'YYYY年M月底前' nor 'YYYY年M月—N月'", name, head.line, m[2])
		}
		var text []string
		for _, p := range item[1:] {
			text = append(text, p.text)
		}
		s.Text = strings.Join(text, "\n")
		out = append(out, s)
	}
	return out, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func date(y, m, d int) string {
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

func lastDay(y, m int) string {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}
