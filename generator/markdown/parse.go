package markdown

import (
	"encoding/binary"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// This file holds what this package adds to goldmark's parser to make it
// cheaper without changing its result:
//
//   - Heading ids. goldmark's parser.WithAutoHeadingID stores every id as an
//     attribute, which allocates an attribute list per heading. Here the
//     heading parsers are wrapped and generate the id at the same moment
//     goldmark would (when the heading is closed, so in the same order and
//     from the same line), but keep it in the parseState; headingRenderer
//     and the analyzer look it up there.
//   - Plain text blocks. goldmark's inline parser looks at every byte of a
//     paragraph, heading or table cell. A block whose lines hold no white
//     space and none of the characters that start inline syntax (most
//     Chinese prose; see plainLines) cannot contain any, and the inline
//     parser turns each of its lines into one text node. Such blocks are recorded when they are closed, their
//     lines are hidden from the inline parser, and restoreBlocks puts the
//     lines back and adds exactly those text nodes before any other AST
//     transformer runs.
//   - Plain starts. In a block that is not plain, the start of its first
//     line up to the first such character (most of a Chinese paragraph that
//     ends in a link) is hidden from the inline parser in the same way, and
//     the text node the inline parser would make for it is added before it
//     runs; see addPrefix.

// parseState is the parser.Context of one parse plus what this package
// keeps per parse. Every parse in this package uses one (see
// Renderer.parse); the wrappers below do nothing for other contexts.
type parseState struct {
	parser.Context

	ids      headingIDs
	headings []headingRef // in the order the ids were generated
	plain    []plainBlock // blocks whose inline parsing is done here

	// marked is the last paragraph that went through all paragraph
	// transformers (see markTransformed).
	marked *ast.Paragraph

	// htmlBlocks tells that the parse opened an HTML block: without one
	// there is no <!--more--> marker (see htmlBlockParser).
	htmlBlocks bool

	an analyzer // for Render, kept for its buffers

	nodes nodeSlabs // see nodes.go

	withContext parser.ParseOption // parser.WithContext(ps)
	keys        parser.ContextKey  // parser.ContextKeyMax when Context was made
}

// headingRef is the id generated for one heading.
type headingRef struct {
	node *ast.Heading
	id   string
}

// plainBlock is a block whose lines, or the start of its first line, are
// hidden from the inline parser.
type plainBlock struct {
	owner ast.Node       // the block that gets the text nodes
	lines *text.Segments // its lines, emptied until restoreBlocks
	n     int            // the number of lines

	// For a block with a hidden start (see addPrefix): the text node made
	// for it, and the first line as it was. The lines are not emptied.
	prefix *ast.Text
	first  text.Segment

	item  ast.Node // while its list is closed: the list item holding owner
	index int      // and owner's place in it
}

var parseStates = sync.Pool{New: func() any {
	ps := &parseState{ids: headingIDs{used: make(map[string]bool, 8)}}
	ps.withContext = parser.WithContext(ps)
	return ps
}}

func getParseState() *parseState {
	ps := parseStates.Get().(*parseState)
	if ps.Context == nil || ps.keys != parser.ContextKeyMax {
		ps.Context, ps.keys = parser.NewContext(), parser.ContextKeyMax
	}
	return ps
}

// resetContext makes pc, a parser.NewContext() used for one parse, what
// parser.NewContext() returns again, if it can: through the interface the
// values stored under its keys can be removed, but not link reference
// definitions, so a context that got some is not reused. The delimiter
// list is empty after every parse; the opened blocks are set back to the
// empty list NewContext starts with (parseBlocks sets them to nil anyway).
// Its IDs are used only for goldmark's automatic heading ids and heading
// attributes, which this package's parser does not have (see
// headingParser).
func resetContext(pc parser.Context, keys parser.ContextKey) bool {
	if len(pc.References()) != 0 || pc.FirstDelimiter() != nil || pc.LastDelimiter() != nil {
		return false
	}
	for k := parser.ContextKey(0); k <= keys; k++ {
		pc.Set(k, nil)
	}
	pc.SetBlockOffset(-1)
	pc.SetBlockIndent(-1)
	pc.SetOpenedBlocks([]parser.Block{})
	return true
}

func putParseState(ps *parseState) {
	if cap(ps.headings) > 256 || cap(ps.plain) > 4096 || len(ps.ids.used) > 256 ||
		cap(ps.an.summary.buf) > 4096 || cap(ps.an.heading.buf) > 4096 || cap(ps.an.arena) > 1<<16 ||
		ps.nodes.big() {
		return // do not keep huge ones alive
	}
	if ps.Context != nil && !resetContext(ps.Context, ps.keys) {
		ps.Context = nil
	}
	clear(ps.ids.used)
	clear(ps.headings)
	ps.headings = ps.headings[:0]
	clear(ps.plain)
	ps.plain = ps.plain[:0]
	ps.marked, ps.htmlBlocks = nil, false
	ps.an.init(nil, nil, false)
	ps.nodes.reset()
	parseStates.Put(ps)
}

// tocSize returns how many headings could go into the table of contents:
// those of level 2 to 4 that got an id.
func (ps *parseState) tocSize() int {
	n := 0
	for _, h := range ps.headings {
		if h.node.Level >= 2 && h.node.Level <= 4 {
			n++
		}
	}
	return n
}

// headingID returns the id of heading n. *cursor is where the search
// starts; headings are mostly looked up in the order they were generated.
func (ps *parseState) headingID(n *ast.Heading, cursor *int) (string, bool) {
	hs := ps.headings
	for i := range hs {
		j := *cursor + i
		if j >= len(hs) {
			j -= len(hs)
		}
		if hs[j].node == n {
			*cursor = j + 1
			return hs[j].id, true
		}
	}
	return "", false
}

// addPlain hides the lines of block owner from the inline parser if they
// are plain (see plainLines), else the plain start of its first line if
// it has one (see addPrefix). owner has no children yet.
func (ps *parseState) addPlain(owner ast.Node, source []byte) {
	lines := owner.Lines()
	if !plainLines(source, lines) {
		ps.addPrefix(owner, lines, source)
		return
	}
	n := lines.Len()
	ps.plain = append(ps.plain, plainBlock{owner: owner, lines: lines, n: n})
	lines.SetSliced(0, 0) // keeps the backing array: restoreBlocks reslices
}

// addPrefix hides the plain start of the first line of block owner from
// the inline parser: the bytes before the first inlineSpecial byte k of
// that line. goldmark's parser.parseBlock scans them without calling any
// inline parser and, on reaching k, if inline parsers are registered for
// that byte, appends them to the still childless block as one text node
// (ast.MergeOrAppendTextSegment) before calling those parsers; from there
// on everything depends on the source and the positions only. So owner
// gets that text node now, its first line starts at k, and the inline
// parser carries on from k as it would have. The conditions:
//
//   - The line starts with a non-ASCII byte. At the start of every line
//     parseBlock calls linkify, which could find an address (or, without
//     white space, an e-mail address) only from an ASCII letter or digit
//     there.
//   - Byte k is one of prefixStop: it has inline parsers. Not the line end
//     or '\r' (which parseBlock treats as white space only at the start of
//     a line), not '@' or '\\' (no parsers: the text would go on), and not
//     '*', '_' or '~': their parsers ask for the preceding character, which
//     a block reader reports as '\n' at the start of its first line.
//   - More than four bytes follow k on the line. parseBlock first takes a
//     hard line break ("\\\n", "  \n", and with "\r\n") off the end of
//     the line and does not scan those bytes; it looks at the last four
//     bytes for that (and at the whole line only when it is shorter), so
//     the shortened line ends the same way.
//
// The text node is marked raw until restoreBlocks, because the inline
// parser also visits the children of a block (as blocks): parseBlock
// returns at once for a raw node. Nothing else reads that mark before.
func (ps *parseState) addPrefix(owner ast.Node, lines *text.Segments, source []byte) {
	if lines.Len() == 0 {
		return
	}
	s := lines.At(0)
	if s.Padding != 0 || s.ForceNewline || s.Start < 0 || s.Stop > len(source) || s.Start >= s.Stop ||
		source[s.Start] < utf8.RuneSelf {
		return
	}
	k := s.Start + plainRun(source[s.Start:s.Stop])
	if s.Stop-k <= 4 {
		return
	}
	if !prefixStop[source[k]] {
		return
	}
	t := ps.newTextSegment(text.NewSegment(s.Start, k))
	t.SetRaw(true)
	owner.AppendChild(owner, t)
	lines.Set(0, text.NewSegment(k, s.Stop))
	ps.plain = append(ps.plain, plainBlock{owner: owner, lines: lines, prefix: t, first: s})
}

// inlineParsers are the inline parsers of a Renderer: the ones New
// registers and the ones its extensions add (linkify, footnotes, task
// lists, strikethrough).
func inlineParsers() []parser.InlineParser {
	return []parser.InlineParser{
		parser.NewCodeSpanParser(),
		parser.NewLinkParser(),
		parser.NewAutoLinkParser(),
		parser.NewRawHTMLParser(),
		cjkEmphasisParser{},
		cjkStrikeParser{},
		extension.NewLinkifyParser(),
		extension.NewFootnoteParser(),
		extension.NewTaskCheckBoxParser(),
	}
}

// inlineSpecial marks the bytes at which goldmark's inline parser
// (parser.parseBlock) may do something other than extend the current text:
// white space (line ends, hard breaks, and the trigger ' ' of linkify),
// the backslash (escapes) and the trigger characters of the inline
// parsers. Other ASCII punctuation ('-', '%', '.', '&', …) only makes it
// look for a parser for that character, and there is none. '@' is marked
// too: linkify, which also runs at the start of every line, finds an
// e-mail address only with one.
var inlineSpecial = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = util.IsSpace(byte(c))
	}
	t['\\'], t['@'] = true, true
	for _, p := range inlineParsers() {
		for _, c := range p.Trigger() {
			t[c] = true
		}
	}
	return t
}()

// prefixStop marks the bytes at which addPrefix can end a hidden start:
// the trigger characters of the inline parsers except '*', '_' and '~',
// and the white space for which parseBlock calls the parsers of ' '.
var prefixStop = func() (t [256]bool) {
	for _, p := range inlineParsers() {
		for _, c := range p.Trigger() {
			t[c] = true
		}
	}
	t['*'], t['_'], t['~'] = false, false, false
	t[' '], t['\t'], t['\v'], t['\f'] = true, true, true, true
	return t
}()

// plainLines reports whether the inline parser would turn each line into
// one text node without looking further: every line is non-empty, has no
// padding, holds no inlineSpecial byte except a final '\n', and does not
// start with 'h', 'f' or 'w' (linkify, called at the start of each line,
// finds addresses starting with http:, https:, ftp: and www.). For such a
// line goldmark's parser.parseBlock emits the line without its '\n' as a
// text node with a soft line break when the '\n' is there.
func plainLines(source []byte, lines *text.Segments) bool {
	n := lines.Len()
	if n == 0 {
		return false
	}
	for i := 0; i < n; i++ {
		s := lines.At(i)
		if s.Padding != 0 || s.ForceNewline || s.Start < 0 || s.Stop > len(source) || s.Start >= s.Stop {
			return false
		}
		v := source[s.Start:s.Stop]
		if v[len(v)-1] == '\n' {
			v = v[:len(v)-1]
			if len(v) == 0 {
				return false
			}
		}
		if c := v[0]; c == 'h' || c == 'f' || c == 'w' {
			return false
		}
		if plainRun(v) < len(v) {
			return false
		}
	}
	return true
}

// plainRun returns the length of the longest prefix of v without an
// inlineSpecial byte.
func plainRun(v []byte) int { return runWithout(v, &inlineSpecial) }

// runWithout returns the length of the longest prefix of v without a byte
// marked in special (whose bytes are all ASCII).
func runWithout(v []byte, special *[256]bool) int {
	i := 0
	for ; i+8 <= len(v); i += 8 {
		// Eight bytes of multi-byte UTF-8 (Chinese text) at a time.
		if binary.LittleEndian.Uint64(v[i:])&0x8080808080808080 != 0x8080808080808080 {
			for j, c := range v[i : i+8] {
				if special[c] {
					return i + j
				}
			}
		}
	}
	for ; i < len(v); i++ {
		if special[v[i]] {
			return i
		}
	}
	return i
}

// restoreBlocks is the AST transformer that runs first: it gives the
// blocks recorded by addPlain their lines back and the text nodes the
// inline parser would have made (a hidden start already has its node).
type restoreBlocks struct{}

func (restoreBlocks) Transform(_ *ast.Document, reader text.Reader, pc parser.Context) {
	ps, ok := pc.(*parseState)
	if !ok || len(ps.plain) == 0 {
		return
	}
	source := reader.Source()
	for _, b := range ps.plain {
		if b.prefix != nil {
			b.lines.Set(0, b.first)
			b.prefix.SetRaw(false)
			continue
		}
		b.lines.SetSliced(0, b.n)
		for i := 0; i < b.n; i++ {
			s := b.lines.At(i)
			stop, soft := s.Stop, false
			if source[stop-1] == '\n' {
				stop, soft = stop-1, true
			}
			t := ps.newTextSegment(text.NewSegment(s.Start, stop))
			t.SetSoftLineBreak(soft)
			b.owner.AppendChild(b.owner, t)
		}
	}
}

// paragraphParser is goldmark's paragraph parser; a paragraph with plain
// lines is recorded for restoreBlocks when it is closed for good.
type paragraphParser struct{ parser.BlockParser }

func (p paragraphParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	p.BlockParser.Close(node, reader, pc)
	ps, ok := pc.(*parseState)
	// goldmark also closes an open paragraph before the paragraph
	// transformers run, when a setext heading underline follows; the
	// heading then takes its lines. Only a paragraph that has been through
	// the transformers (see markTransformed) is final here.
	if !ok || ps.marked != node || node.Parent() == nil {
		return
	}
	ps.marked = nil
	ps.addPlain(node, reader.Source())
}

// markTransformed is the last paragraph transformer: it notes that a
// paragraph went through all of them.
type markTransformed struct{}

func (markTransformed) Transform(node *ast.Paragraph, _ text.Reader, pc parser.Context) {
	if ps, ok := pc.(*parseState); ok {
		ps.marked = node
	}
}

// listParser is goldmark's list parser. Closing a tight list replaces
// each paragraph of its items by a text block at the same place, with a
// copy of the paragraph's lines; a recorded paragraph's entry then moves
// to the text block.
type listParser struct{ parser.BlockParser }

func (p listParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	ps, ok := pc.(*parseState)
	if !ok {
		p.BlockParser.Close(node, reader, pc)
		return
	}
	if len(ps.plain) == 0 {
		ps.closeList(node)
		return
	}
	// Note the place of the recorded paragraphs directly in this list's
	// items.
	found := false
	for i := range ps.plain {
		b := &ps.plain[i]
		item := b.owner.Parent()
		if item == nil || item.Parent() != node {
			continue
		}
		b.item, b.index, found = item, 0, true
		for c := item.FirstChild(); c != b.owner; c = c.NextSibling() {
			b.index++
		}
	}
	ps.closeList(node)
	if !found {
		return
	}
	for i := range ps.plain {
		b := &ps.plain[i]
		if b.item == nil || b.item.Parent() != node {
			continue
		}
		c := b.item.FirstChild()
		for j := 0; j < b.index && c != nil; j++ {
			c = c.NextSibling()
		}
		if tb, ok := c.(*ast.TextBlock); ok && b.owner.Parent() == nil {
			b.owner, b.lines = tb, tb.Lines()
			if b.prefix != nil {
				// The text block shares the paragraph's lines, not
				// its children.
				tb.AppendChild(tb, b.prefix)
			}
		}
		b.item = nil
	}
}

// headingParser is goldmark's ATX or setext heading parser (set up without
// WithAutoHeadingID). When a heading is closed it generates its id as
// goldmark's generateAutoHeadingID does at that point, and records the
// heading for restoreBlocks if its line is plain.
type headingParser struct {
	parser.BlockParser
	atx bool // the ATX heading parser, see Open
}

func (p headingParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	p.BlockParser.Close(node, reader, pc)
	ps, ok := pc.(*parseState)
	if !ok {
		return
	}
	h := node.(*ast.Heading)
	if v, ok := h.AttributeString("id"); ok {
		// Not reached without parser.WithAttribute; as goldmark does.
		if b, ok := v.([]byte); ok {
			ps.ids.Put(b)
		}
	} else {
		var line []byte
		if last := h.Lines().Len() - 1; last >= 0 {
			seg := h.Lines().At(last)
			line = seg.Value(reader.Source())
		}
		ps.headings = append(ps.headings, headingRef{node: h, id: ps.ids.generate(line)})
	}
	if h.Parent() != nil {
		ps.addPlain(h, reader.Source())
	}
}

// linkReferences is goldmark's parser.LinkReferenceParagraphTransformer,
// skipped for a paragraph that cannot start with a link reference
// definition: its first line has a character other than white space and
// it is not '['. goldmark's transformer changes nothing then (it returns
// at the first non-space character of the paragraph when that is not '[').
type linkReferences struct{}

func (linkReferences) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if lines := node.Lines(); lines.Len() > 0 {
		s := lines.At(0)
		source := reader.Source()
		for i := s.Start; i < s.Stop && i < len(source); i++ {
			if c := source[i]; !util.IsSpace(c) {
				if c != '[' {
					return
				}
				break
			}
		}
	}
	parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
}

// headings is the goldmark.Extender that installs headingRenderer.
type headings struct{}

func (headings) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(headingRenderer{}, 100)))
}

// headingRenderer renders headings as goldmark's html.Renderer does, with
// the id from the parse state written where goldmark writes the id
// attribute that parser.WithAutoHeadingID sets (the first attribute).
type headingRenderer struct{}

func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
}

func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if !entering {
		_, _ = w.WriteString("</h")
		_ = w.WriteByte("0123456"[n.Level])
		_, _ = w.WriteString(">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<h")
	_ = w.WriteByte("0123456"[n.Level])
	if wr, ok := w.(*writer); ok && wr.ps != nil {
		if id, ok := wr.ps.headingID(n, &wr.cursor); ok {
			_, _ = w.WriteString(` id="`)
			_, _ = w.Write(util.EscapeHTML(util.StringToReadOnlyBytes(id)))
			_ = w.WriteByte('"')
		}
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, node, html.HeadingAttributeFilter)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// htmlBlockParser is goldmark's HTML block parser; it notes in the parse
// state that a block was opened, so that Render looks for the
// <!--more--> marker, an HTML block, only in pages that have one.
type htmlBlockParser struct{ parser.BlockParser }

func (p htmlBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	node, state := p.BlockParser.Open(parent, reader, pc)
	if node != nil {
		if ps, ok := pc.(*parseState); ok {
			ps.htmlBlocks = true
		}
	}
	return node, state
}
