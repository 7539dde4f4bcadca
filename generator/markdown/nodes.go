package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// This file holds the node allocation of a parse. goldmark allocates every
// AST node on its own; the nodes this package creates (and the paragraphs
// and text blocks it creates in place of goldmark's parsers, see
// paragraphParser and listParser) come from slabs kept in the parseState
// instead. The tree of a parse is used only until Render or Inline returns:
// nothing in a Doc or in the returned HTML points into it. putParseState
// zeroes the nodes handed out, and the next parse gets them again. A node
// from a slab is the zero value, which is what goldmark's constructors
// (ast.NewTextSegment, ast.NewParagraph, east.NewTableCell, …) start from;
// the callers set the same fields those constructors set.

// slabChunk is the number of nodes in one chunk of a slab.
const slabChunk = 64

// slab hands out zeroed values of T from chunks that are kept for the next
// parse.
type slab[T any] struct {
	chunks [][]T
	c, i   int // the next value is chunks[c][i]
}

// alloc returns a pointer to a zero T.
func (s *slab[T]) alloc() *T {
	if s.c < len(s.chunks) {
		if ch := s.chunks[s.c]; s.i < len(ch) {
			s.i++
			return &ch[s.i-1]
		}
		if s.c+1 < len(s.chunks) {
			s.c, s.i = s.c+1, 1
			return &s.chunks[s.c][0]
		}
	}
	ch := make([]T, slabChunk)
	s.chunks = append(s.chunks, ch)
	s.c, s.i = len(s.chunks)-1, 1
	return &ch[0]
}

// reset zeroes the values handed out since the last reset, so they point
// nowhere, and makes them available again.
func (s *slab[T]) reset() {
	for c := 0; c < s.c && c < len(s.chunks); c++ {
		clear(s.chunks[c])
	}
	if s.c < len(s.chunks) {
		clear(s.chunks[s.c][:s.i])
	}
	s.c, s.i = 0, 0
}

// nodeSlabs are the slabs of one parseState.
type nodeSlabs struct {
	texts      slab[ast.Text]
	paragraphs slab[ast.Paragraph]
	textBlocks slab[ast.TextBlock]
	cells      slab[east.TableCell]
	rows       slab[east.TableRow]
	headers    slab[east.TableHeader]
	tables     slab[east.Table]
	headings   slab[ast.Heading]

	// oneLines holds the lines of the blocks that have exactly one line
	// for good, table cells and ATX headings: each one's lines are a
	// one-element slice of it (see setOneLine).
	oneLines text.Segments
}

// big reports whether the slabs grew too large to keep.
func (n *nodeSlabs) big() bool {
	const most = 64 // chunks
	return len(n.texts.chunks) > most || len(n.paragraphs.chunks) > most ||
		len(n.textBlocks.chunks) > most || len(n.cells.chunks) > most ||
		len(n.rows.chunks) > most || len(n.headers.chunks) > most ||
		len(n.tables.chunks) > most || len(n.headings.chunks) > most ||
		n.oneLines.Len() > most*slabChunk
}

func (n *nodeSlabs) reset() {
	n.texts.reset()
	n.paragraphs.reset()
	n.textBlocks.reset()
	n.cells.reset()
	n.rows.reset()
	n.headers.reset()
	n.tables.reset()
	n.headings.reset()
	// The next parse overwrites the segments: the blocks that use them
	// are gone.
	n.oneLines.SetSliced(0, 0)
}

// newTextSegment is ast.NewTextSegment(v).
func (ps *parseState) newTextSegment(v text.Segment) *ast.Text {
	t := ps.nodes.texts.alloc()
	t.Segment = v
	return t
}

// newTableRow is east.NewTableRow(alignments); ps may be nil.
func (ps *parseState) newTableRow(alignments []east.Alignment) *east.TableRow {
	if ps == nil {
		return east.NewTableRow(alignments)
	}
	r := ps.nodes.rows.alloc()
	r.Alignments = alignments
	return r
}

// newTableHeader is &east.TableHeader{} (what east.NewTableHeader starts
// from); ps may be nil.
func (ps *parseState) newTableHeader() *east.TableHeader {
	if ps == nil {
		return &east.TableHeader{}
	}
	return ps.nodes.headers.alloc()
}

// newTable is east.NewTable() for a table whose Alignments the caller
// sets; ps may be nil.
func (ps *parseState) newTable() *east.Table {
	if ps == nil {
		return east.NewTable()
	}
	return ps.nodes.tables.alloc()
}

// newTableCell is east.NewTableCell(); ps may be nil.
func (ps *parseState) newTableCell() *east.TableCell {
	if ps == nil {
		return east.NewTableCell()
	}
	c := ps.nodes.cells.alloc()
	c.Alignment = east.AlignNone
	return c
}

// setOneLine gives node, a new table cell or ATX heading, the single line
// seg, as node.Lines().Append(seg) does. With a parse state the line is
// stored in the shared oneLines and the node's lines are a one-element
// slice of it. Nothing appends to the lines of a table cell or an ATX
// heading later (goldmark's and this package's code only trims, slices and
// sets them), which such a slice would not survive: it would write over the
// next node's line.
//
// node is the node's BaseBlock: through the ast.Node interface, lines
// would escape to the heap.
func (ps *parseState) setOneLine(node *ast.BaseBlock, seg text.Segment) {
	if ps == nil {
		node.Lines().Append(seg)
		return
	}
	all := &ps.nodes.oneLines
	all.Append(seg)
	lines := *all
	lines.SetSliced(all.Len()-1, all.Len())
	node.SetLines(&lines)
}

// Open is goldmark's atxHeadingParser.Open (goldmark v1.8.7, set up
// without options, so without attributes) with the heading from the slab
// and its line in oneLines. The setext heading parser is goldmark's.
func (p headingParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	ps, ok := pc.(*parseState)
	if !ok || !p.atx {
		return p.BlockParser.Open(parent, reader, pc)
	}
	line, segment := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	i := pos
	for ; i < len(line) && line[i] == '#'; i++ {
	}
	level := i - pos
	if i == pos || level > 6 {
		return nil, parser.NoChildren
	}
	if i == len(line) { // alone '#' (without a new line character)
		return ps.newHeading(level), parser.NoChildren
	}
	l := util.TrimLeftSpaceLength(line[i:])
	if l == 0 {
		return nil, parser.NoChildren
	}

	start := min(i+l, len(line)-1)
	node := ps.newHeading(level)
	hl := text.NewSegment(
		segment.Start+start-segment.Padding,
		segment.Start+len(line)-segment.Padding)
	hl = hl.TrimRightSpace(reader.Source())
	if hl.Len() == 0 {
		reader.AdvanceToEOL()
		return node, parser.NoChildren
	}

	// handle closing sequence of '#' characters
	line = hl.Value(reader.Source())
	stop := len(line)
	if stop != 0 {
		i = stop - 1
		for ; line[i] == '#' && i > 0; i-- {
		}
		if i == 0 && line[0] == '#' { // empty headings like '### ###'
			reader.AdvanceToEOL()
			return node, parser.NoChildren
		}
		if i != stop-1 && util.IsSpace(line[i]) {
			stop = i
			stop -= util.TrimRightSpaceLength(line[0:stop])
		}
	}
	hl.Stop = hl.Start + stop
	ps.setOneLine(&node.BaseBlock, hl)
	reader.AdvanceToEOL()

	return node, parser.NoChildren
}

// newHeading is ast.NewHeading(level).
func (ps *parseState) newHeading(level int) *ast.Heading {
	h := ps.nodes.headings.alloc()
	h.Level = level
	return h
}

// Open is goldmark's paragraphParser.Open with the paragraph from the slab.
func (p paragraphParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	ps, ok := pc.(*parseState)
	if !ok {
		return p.BlockParser.Open(parent, reader, pc)
	}
	line, segment := reader.PeekLine()
	if util.IsBlank(line) {
		return nil, parser.NoChildren
	}
	node := ps.nodes.paragraphs.alloc()
	node.Lines().Append(segment)
	reader.AdvanceToEOL()
	return node, parser.NoChildren
}

// closeList is goldmark's listParser.Close (goldmark v1.8.7) with the text
// blocks from the slab.
func (ps *parseState) closeList(node ast.Node) {
	list := node.(*ast.List)

	for c := node.FirstChild(); c != nil && list.IsTight; c = c.NextSibling() {
		if c.FirstChild() != nil && c.FirstChild() != c.LastChild() {
			for c1 := c.FirstChild().NextSibling(); c1 != nil; c1 = c1.NextSibling() {
				if c1.HasBlankPreviousLines() {
					list.IsTight = false
					break
				}
			}
		}
		if c != node.FirstChild() {
			if c.HasBlankPreviousLines() {
				list.IsTight = false
			}
		}
	}

	if list.IsTight {
		for child := node.FirstChild(); child != nil; child = child.NextSibling() {
			for gc := child.FirstChild(); gc != nil; {
				paragraph, ok := gc.(*ast.Paragraph)
				gc = gc.NextSibling()
				if ok {
					textBlock := ps.nodes.textBlocks.alloc()
					textBlock.SetLines(paragraph.Lines())
					child.ReplaceChild(child, paragraph, textBlock)
				}
			}
		}
	}
}
