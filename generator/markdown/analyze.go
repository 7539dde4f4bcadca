package markdown

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// analyzer collects everything Render needs besides the HTML in a single
// walk over the AST: table of contents, summary text, character count,
// resolved links and problems.
type analyzer struct {
	src     []byte
	resolve func(string) (string, bool)

	toc      []Heading
	problems []Problem
	count    counter

	summary   plainText // plain text eligible for the summary
	summaryOn bool      // still collecting summary text
	heading   plainText // text of the heading being walked
	inHeading bool
	skip      int // depth inside blocks excluded from the summary
	inCode    int // depth inside code spans (no escapes there)
	basePath  string

	ps     *parseState // heading ids; nil means they are attributes
	cursor int         // for parseState.headingID

	// arena holds the link destinations made for one page (see bytes).
	// They are used only while the page is rendered.
	arena []byte
}

// init sets a up for a new page. It keeps only the capacity of the text
// buffers from an earlier use.
func (a *analyzer) init(src []byte, resolve func(string) (string, bool), auto bool) {
	*a = analyzer{src: src, resolve: resolve, summaryOn: true,
		summary: plainText{buf: a.summary.buf[:0]}, heading: plainText{buf: a.heading.buf[:0]},
		arena: a.arena[:0]}
	if auto {
		// Collect a little more than needed: closing quotes after a
		// sentence end and the knowledge that the text goes on.
		a.summary.limit = SummaryLength + 8
		// Room for that many runes of Chinese text and the spaces between.
		if cap(a.summary.buf) < 4*a.summary.limit {
			a.summary.buf = make([]byte, 0, 4*a.summary.limit)
		}
	}
}

// endSummary stops collecting summary text (at the <!--more--> marker).
func (a *analyzer) endSummary() { a.summaryOn = false }

// visit is the ast.Walker for one top-level block.
func (a *analyzer) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	switch n := n.(type) {
	case *ast.Text:
		if entering {
			a.text(n.Segment.Value(a.src), n.IsRaw() || a.inCode > 0)
			if n.SoftLineBreak() || n.HardLineBreak() {
				a.lineBreak()
			}
		}
		return ast.WalkContinue, nil
	case *ast.String:
		if entering {
			a.text(n.Value, true)
		}
		return ast.WalkContinue, nil
	case *ast.CodeSpan:
		if entering {
			a.inCode++
		} else {
			a.inCode--
		}
		return ast.WalkContinue, nil
	case *ast.AutoLink:
		if entering {
			a.text(n.Label(a.src), true)
		}
		return ast.WalkSkipChildren, nil
	case *ast.Link:
		if entering {
			a.link(n)
		}
		return ast.WalkContinue, nil
	case *ast.Image:
		if entering {
			n.Destination = a.rooted(n.Destination)
		}
		return ast.WalkSkipChildren, nil
	case *ast.Heading:
		if entering {
			a.inHeading = true
			a.heading.reset()
		} else {
			a.inHeading = false
			a.count.boundary()
			if n.Level >= 2 && n.Level <= 4 {
				a.toc = append(a.toc, Heading{Level: n.Level, ID: a.headingID(n), Text: a.heading.String()})
			}
		}
		return ast.WalkContinue, nil
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		if entering {
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				a.count.write(seg.Value(a.src))
				a.count.boundary()
			}
		}
		return ast.WalkSkipChildren, nil
	case *ast.HTMLBlock, *ast.RawHTML, *east.FootnoteLink, *east.FootnoteBacklink, *east.TaskCheckBox:
		return ast.WalkSkipChildren, nil
	case *east.Table, *east.Footnote, *east.FootnoteList:
		if entering {
			a.skip++
		} else {
			a.skip--
		}
	}
	if n.Type() == ast.TypeBlock && !entering {
		a.count.boundary()
		if a.summaryOn && a.skip == 0 {
			a.summary.softBreak()
		}
	}
	return ast.WalkContinue, nil
}

// text feeds visible text to the counters. Unless literal, backslash
// escapes and character references are resolved first, as the HTML
// renderer does.
func (a *analyzer) text(v []byte, literal bool) {
	if !literal && (bytes.IndexByte(v, '\\') >= 0 || bytes.IndexByte(v, '&') >= 0) {
		v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
	}
	a.visible(v)
}

// visible feeds visible text, escapes resolved, to the counters.
func (a *analyzer) visible(v []byte) {
	a.count.write(v)
	a.collect(v)
}

// collect adds visible text v to the heading or the summary being
// collected, if any.
func (a *analyzer) collect(v []byte) {
	switch {
	case a.inHeading:
		a.heading.write(v)
	case a.summaryOn && a.skip == 0:
		a.summary.write(v)
	}
}

// textNode is what visit does for text node n when entering it, for the
// walker's fast path (walker.text): value is n's text. It returns
// textRun(value), found while counting. A prefix without textSpecial
// bytes holds no backslash or '&', so only when value has such a byte
// and escapes apply, the count is undone, and redone on the resolved
// text.
func (a *analyzer) textNode(n *ast.Text, value []byte) int {
	v := value
	saved := a.count
	run := a.count.writeRun(value)
	if run < len(value) && !n.IsRaw() && a.inCode == 0 {
		if rest := value[run:]; bytes.IndexByte(rest, '\\') >= 0 || bytes.IndexByte(rest, '&') >= 0 {
			v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(value)))
			a.count = saved
			a.count.write(v)
		}
	}
	a.collect(v)
	if n.SoftLineBreak() || n.HardLineBreak() {
		a.lineBreak()
	}
	return run
}

// lineBreak records a soft or hard line break after a text node.
func (a *analyzer) lineBreak() {
	a.count.boundary()
	switch {
	case a.inHeading:
		a.heading.softBreak()
	case a.summaryOn && a.skip == 0:
		a.summary.softBreak()
	}
}

// link resolves a link to a Markdown file, or records a problem.
func (a *analyzer) link(n *ast.Link) {
	path, fragment, ok := markdownTarget(n.Destination)
	if !ok || a.resolve == nil {
		n.Destination = a.rooted(n.Destination)
		return
	}
	url, found := a.resolve(string(path))
	if !found {
		a.problems = append(a.problems, Problem{
			Line:    linkLine(a.src, n),
			Message: fmt.Sprintf("link to missing page %q", path),
		})
		return
	}
	dest := a.bytes(len(url) + len(fragment))
	dest = append(dest, url...)
	n.Destination = append(dest, fragment...)
}

// bytes returns an empty slice with room for n bytes (and no more, so
// appending beyond n cannot overwrite what comes next) from the arena.
func (a *analyzer) bytes(n int) []byte {
	l := len(a.arena)
	if cap(a.arena)-l < n {
		a.arena, l = make([]byte, 0, max(2*cap(a.arena), n, 512)), 0
	}
	a.arena = a.arena[:l+n]
	return a.arena[l : l : l+n]
}

// rooted puts the site's base path in front of a site-absolute destination
// ("/files/a.pdf" becomes "/fzzf/files/a.pdf"), so content written for the
// site root keeps working when the site lives under a sub-path. Other
// destinations, and ones already under the base path, are unchanged.
func (a *analyzer) rooted(dest []byte) []byte {
	base := a.basePath
	if base == "" || base == "/" || len(dest) == 0 || dest[0] != '/' || bytes.HasPrefix(dest, []byte("//")) {
		return dest
	}
	if bytes.HasPrefix(dest, []byte(base)) {
		return dest
	}
	out := make([]byte, 0, len(base)+len(dest))
	out = append(out, base...)
	return append(out, dest[1:]...)
}

// markdownTarget splits a link destination into the path of a Markdown file
// and the fragment (with its '#'). ok is false for absolute URLs
// (with a scheme), site-absolute paths, pure fragments and paths that do
// not end in ".md".
func markdownTarget(dest []byte) (path, fragment []byte, ok bool) {
	if len(dest) == 0 || dest[0] == '#' || bytes.HasPrefix(dest, []byte("//")) {
		return nil, nil, false
	}
	path = dest
	if i := bytes.IndexByte(dest, '#'); i >= 0 {
		path, fragment = dest[:i], dest[i:]
	}
	for _, c := range path {
		if c == ':' { // a scheme such as https: or mailto:
			return nil, nil, false
		}
		if c == '/' || c == '?' {
			break
		}
	}
	if len(path) < 4 || !bytes.EqualFold(path[len(path)-3:], []byte(".md")) {
		return nil, nil, false
	}
	return path, fragment, true
}

// linkLine returns the 1-based source line where inline node n starts.
// Inline nodes carry no position, so it is taken from the first text below
// n, else from the nearest text before or right after it, else from the first line
// of the enclosing block.
func linkLine(src []byte, n ast.Node) int {
	found := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			found = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if found >= 0 {
		return lineOf(src, found)
	}
	for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		if t := lastText(p); t != nil {
			line := lineOf(src, t.Segment.Stop)
			if t.SoftLineBreak() || t.HardLineBreak() {
				line++
			}
			return line
		}
	}
	if t, ok := n.NextSibling().(*ast.Text); ok {
		return lineOf(src, t.Segment.Start)
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return lineOf(src, p.Lines().At(0).Start)
		}
	}
	return 1
}

// lastText returns the last text node in n (n itself included), or nil.
func lastText(n ast.Node) *ast.Text {
	if t, ok := n.(*ast.Text); ok {
		return t
	}
	for c := n.LastChild(); c != nil; c = c.PreviousSibling() {
		if t := lastText(c); t != nil {
			return t
		}
	}
	return nil
}

// lineOf returns the 1-based line number of byte offset off in src.
func lineOf(src []byte, off int) int {
	off = min(max(off, 0), len(src))
	return bytes.Count(src[:off], []byte{'\n'}) + 1
}

// headingID returns the id of heading n.
func (a *analyzer) headingID(n *ast.Heading) string {
	if a.ps == nil {
		return attrString(n, "id")
	}
	id, _ := a.ps.headingID(n, &a.cursor)
	return id
}

// attrString returns the attribute name of n as a string.
func attrString(n ast.Node, name string) string {
	v, ok := n.AttributeString(name)
	if !ok {
		return ""
	}
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}
