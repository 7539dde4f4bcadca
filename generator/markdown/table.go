package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// tables is GFM tables as extension.NewTable with TableCellAlignNone sets
// them up, with tableParagraphs and tableCellRenderer in place of goldmark's
// paragraph transformer and cell renderer.
type tables struct{}

func (tables) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(tableParagraphs{}, 200)),
		parser.WithASTTransformers(util.Prioritized(extension.NewTableASTTransformer(), 0)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(extension.NewTableHTMLRenderer(
			extension.WithTableCellAlignMethod(extension.TableCellAlignNone)), 500),
		util.Prioritized(tableCellRenderer{}, 100),
	))
}

// alignClasses are the classes of aligned table cells: a class instead of
// goldmark's inline style, so pages work under a strict
// Content-Security-Policy.
var alignClasses = [...]string{
	east.AlignLeft:   "align-left",
	east.AlignRight:  "align-right",
	east.AlignCenter: "align-center",
}

// tableCellRenderer renders table cells (<th>, <td>) like goldmark's
// extension.TableHTMLRenderer with TableCellAlignNone, except that an
// aligned cell gets class="align-left" (-center, -right) as its first
// attribute. It writes the tags directly instead of through fmt and does not
// allocate an attribute list per cell.
type tableCellRenderer struct{}

func (tableCellRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTableCell, renderTableCell)
}

func renderTableCell(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.TableCell)
	header := n.Parent().Kind() == east.KindTableHeader
	if !entering {
		if header {
			_, _ = w.WriteString("</th>\n")
		} else {
			_, _ = w.WriteString("</td>\n")
		}
		return ast.WalkContinue, nil
	}
	if header {
		_, _ = w.WriteString("<th")
	} else {
		_, _ = w.WriteString("<td")
	}
	if n.Alignment != east.AlignNone {
		_, _ = w.WriteString(` class="`)
		_, _ = w.WriteString(alignClasses[n.Alignment])
		_ = w.WriteByte('"')
	}
	if n.Attributes() != nil {
		if header {
			html.RenderAttributes(w, n, extension.TableThCellAttributeFilter)
		} else {
			html.RenderAttributes(w, n, extension.TableTdCellAttributeFilter)
		}
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// tableParagraphs is goldmark's table paragraph transformer
// (extension.NewTableParagraphTransformer, goldmark v1.8.7) with the
// delimiter row parsed without regular expressions. A paragraph with an
// escaped pipe ("\|") in it is left to goldmark's transformer, which records
// such pipes for extension.NewTableASTTransformer; without one its rows are
// parsed exactly as goldmark does.
type tableParagraphs struct{}

var goldmarkTableParagraphs = extension.NewTableParagraphTransformer()

func (tableParagraphs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() < 2 {
		return
	}
	source := reader.Source()
	for i := 0; i < lines.Len(); i++ {
		if seg := lines.At(i); bytes.Contains(seg.Value(source), []byte(`\|`)) {
			goldmarkTableParagraphs.Transform(node, reader, pc)
			return
		}
	}
	ps, _ := pc.(*parseState)
	ppos := node.Pos()
	for i := 1; i < lines.Len(); i++ {
		delim := lines.At(i)
		alignments := parseTableDelimiter(delim.Value(source))
		if alignments == nil {
			continue
		}
		// goldmark parses the header row into a row and moves its cells
		// to an east.NewTableHeader, which takes the row's position.
		header := ps.newTableHeader()
		header.SetPos(lines.At(i - 1).Start)
		parseTableRow(ps, header, lines.At(i-1), alignments, true, source)
		if len(alignments) != header.ChildCount() {
			return
		}
		table := ps.newTable()
		table.Alignments = alignments
		table.SetPos(ppos)
		table.AppendChild(table, header)
		for j := i + 1; j < lines.Len(); j++ {
			row := ps.newTableRow(alignments)
			row.SetPos(lines.At(j).Start)
			parseTableRow(ps, row, lines.At(j), alignments, false, source)
			table.AppendChild(table, row)
		}
		if ps != nil {
			// Cells of plain text skip the inline parser (see parse.go).
			for row := table.FirstChild(); row != nil; row = row.NextSibling() {
				for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
					ps.addPlain(cell, source)
				}
			}
		}
		node.Lines().SetSliced(0, i-1)
		node.Parent().InsertAfter(node.Parent(), node, table)
		if node.Lines().Len() == 0 {
			node.Parent().RemoveChild(node.Parent(), node)
		} else {
			last := node.Lines().At(i - 2)
			last.Stop = last.Stop - 1 // trim last newline(\n)
			node.Lines().Set(i-2, last)
		}
	}
}

// parseTableRow is goldmark's tableParagraphTransformer.parseRow for a line
// without escaped pipes, with the nodes from ps's slabs unless ps is nil:
// it appends the cells of the row to row, the new row (or header) node.
func parseTableRow(ps *parseState, row ast.Node, segment text.Segment, alignments []east.Alignment, isHeader bool, source []byte) {
	npos := segment
	segment = segment.TrimLeftSpace(source)
	segment = segment.TrimRightSpace(source)
	line := segment.Value(source)
	pos := 0
	limit := len(line)
	if len(line) > 0 && line[pos] == '|' {
		pos++
	}
	if len(line) > 0 && line[limit-1] == '|' {
		limit--
	}
	i := 0
	for ; pos < limit; i++ {
		alignment := east.AlignNone
		if i >= len(alignments) {
			if !isHeader {
				return
			}
		} else {
			alignment = alignments[i]
		}
		node := ps.newTableCell()
		node.SetPos(npos.Start + pos - npos.Padding)
		node.Alignment = alignment
		// The first '|' ends the cell: no escaped pipes here, see
		// tableParagraphs.
		closure := limit
		if k := bytes.IndexByte(line[pos:limit], '|'); k >= 0 {
			closure = pos + k
		}
		seg := text.NewSegment(segment.Start+pos, segment.Start+closure)
		seg = seg.TrimLeftSpace(source)
		seg = seg.TrimRightSpace(source)
		ps.setOneLine(&node.BaseBlock, seg)
		row.AppendChild(row, node)
		pos = closure + 1
	}
	for ; i < len(alignments); i++ {
		row.AppendChild(row, ps.newTableCell())
	}
}

// parseTableDelimiter is goldmark's tableParagraphTransformer.parseDelimiter
// with tableDelimAlignment in place of its regular expressions.
func parseTableDelimiter(line []byte) []east.Alignment {
	if !isTableDelim(line) {
		return nil
	}
	// goldmark splits line at every '|' and drops the first column and
	// then the last one if they are blank.
	n := bytes.Count(line, []byte{'|'}) + 1
	var alignments []east.Alignment
	for j, rest := 0, line; j < n; j++ {
		col := rest
		if k := bytes.IndexByte(rest, '|'); k >= 0 {
			col, rest = rest[:k], rest[k+1:]
		}
		if (j == 0 || j == n-1) && util.IsBlank(col) {
			continue
		}
		a, ok := tableDelimAlignment(col)
		if !ok {
			return nil
		}
		if alignments == nil {
			alignments = make([]east.Alignment, 0, n)
		}
		alignments = append(alignments, a)
	}
	return alignments
}

// isTableDelim is goldmark's: could line be a delimiter row?
func isTableDelim(bs []byte) bool {
	if w, _ := util.IndentWidth(bs, 0); w > 3 {
		return false
	}
	allSep := true
	for _, b := range bs {
		if b != '-' {
			allSep = false
		}
		if !(util.IsSpace(b) || b == '-' || b == '|' || b == ':') {
			return false
		}
	}
	return !allSep
}

// tableDelimAlignment matches one column of a delimiter row as goldmark's
// regular expressions `^\s*:-+\s*$` (left), `^\s*-+:\s*$` (right),
// `^\s*:-+:\s*$` (center) and `^\s*-+\s*$` (none) do; \s is [\t\n\f\r ].
func tableDelimAlignment(col []byte) (east.Alignment, bool) {
	isRESpace := func(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r' }
	for len(col) > 0 && isRESpace(col[0]) {
		col = col[1:]
	}
	for len(col) > 0 && isRESpace(col[len(col)-1]) {
		col = col[:len(col)-1]
	}
	left := len(col) > 0 && col[0] == ':'
	if left {
		col = col[1:]
	}
	right := len(col) > 0 && col[len(col)-1] == ':'
	if right {
		col = col[:len(col)-1]
	}
	if len(col) == 0 {
		return east.AlignNone, false
	}
	for _, b := range col {
		if b != '-' {
			return east.AlignNone, false
		}
	}
	switch {
	case left && right:
		return east.AlignCenter, true
	case left:
		return east.AlignLeft, true
	case right:
		return east.AlignRight, true
	}
	return east.AlignNone, true
}
