package portal

import (
	"strconv"
	"strings"
)

// The charts are drawn by the layouts as inline SVG from the geometry
// worked out here, in whole SVG user units; each chart has a table beside
// it with the same numbers, so nothing depends on seeing the picture.

// barChart lays out one bar per category: done in full colour, in progress
// hatched, the rest empty.
func barChart(cats []*Category) BarChart {
	const rowH, barH, labelW, barW = 36, 20, 150, 400
	c := BarChart{LabelW: labelW, BarW: barW, BarH: barH, PctX: labelW + barW + 8}
	c.Width = c.PctX + 56
	for i, cv := range cats {
		y := i*rowH + 8
		total := cv.Count.Total
		b := Bar{Label: cv.Numeral + "、" + shortText(cv.Name, 8), URL: cv.URL, Y: y, TextY: y + barH - 5, Count: cv.Count}
		if total > 0 {
			b.DoneW = cv.Count.Done * barW / total
			b.DoingW = cv.Count.InProgress * barW / total
		}
		b.DoingX = labelW + b.DoneW
		c.Bars = append(c.Bars, b)
	}
	c.Height = len(cats)*rowH + 8
	return c
}

// trendChart lays out the number of indicators done after each month's
// ledgers as a line, on a y axis from 0 to the number of indicators.
func trendChart(months []MonthRef, total int) TrendChart {
	c := TrendChart{Width: 640, Height: 260, Left: 44, Right: 16, Top: 16, Bottom: 40, Max: total}
	if total <= 0 || len(months) == 0 {
		return c
	}
	plotW := c.Width - c.Left - c.Right
	plotH := c.Height - c.Top - c.Bottom
	step := 0
	if len(months) > 1 {
		step = plotW / (len(months) - 1)
	}
	// At most about eight labels on the x axis.
	every := (len(months) + 7) / 8
	var pts []string
	for i, m := range months {
		x := c.Left + i*step
		if len(months) == 1 {
			x = c.Left + plotW/2
		}
		y := c.Top + plotH - m.Count.Done*plotH/total
		short := m.Code
		if len(short) == 7 {
			mo, _ := strconv.Atoi(short[5:])
			short = short[2:4] + "." + strconv.Itoa(mo)
		}
		c.Points = append(c.Points, Point{X: x, Y: y, Month: m.Month, Short: short, ShowX: i%every == 0 || i == len(months)-1, Count: m.Count, URL: m.URL})
		pts = append(pts, strconv.Itoa(x)+","+strconv.Itoa(y))
	}
	c.Line = strings.Join(pts, " ")
	for _, frac := range []int{0, 1, 2, 3, 4} {
		v := total * frac / 4
		c.Ticks = append(c.Ticks, Tick{Y: c.Top + plotH - v*plotH/total, Label: strconv.Itoa(v)})
	}
	return c
}
