// Package markdown turns a page body (Markdown, front matter already removed)
// into HTML plus the metadata the site needs: table of contents, summary,
// reading time and problems such as links to missing pages.
//
// # Dialect
//
// CommonMark with the GFM extensions (tables, strikethrough, autolinks, task
// lists) and footnotes. Raw HTML is omitted unless [Options.Unsafe] is set
// (config: [markdown] unsafe = true); omitted HTML becomes the comment
// "<!-- raw HTML omitted -->".
//
// # Chinese text
//
//   - Line breaks: a newline between two Chinese characters, or next to
//     Chinese punctuation (，。：（）…), adds no space, so editors may wrap
//     long paragraphs anywhere. Between Chinese and Latin text it stays a
//     space. extension.CJK is enabled (escaped spaces), but its line-break
//     rule is replaced: its "simple" style misses the full-width forms
//     ，：；！？（）and its "CSS3 draft" style joins "end.\nNext"; see
//     breakJoins.
//   - Emphasis: plain CommonMark does not make "**“政策”**文件",
//     "**「刻舟求剑」**" or "**真，**她" bold, because a delimiter run next to
//     punctuation must have white space or punctuation on its other side.
//     Editors write exactly this all the time, so this package deliberately
//     replaces goldmark's emphasis and strikethrough parsers by versions
//     that follow the CommonMark CJK-friendly amendments
//     (github.com/tats-u/markdown-cjk-friendly, commonmark-spec#650): a CJK
//     character counts like white space or punctuation on the outer side of
//     a delimiter run, and CJK punctuation (，。「」（）…) does not block
//     flanking. Ordinary Latin-script emphasis is unaffected. The ambiguous
//     curly quotes “ ” ‘ ’ are non-CJK punctuation as in the amendments,
//     which is why "**“政策”**" still works only next to CJK text or space.
//   - Autolinks: GFM recognises bare addresses only after white space or
//     one of * _ ~ (, so "链接：https://www.gov.cn/" would stay plain text.
//     An address (http://, https://, ftp://, www.) directly after a
//     non-ASCII character becomes a link too; it ends at the first
//     character that cannot be part of a URL (any Chinese character or
//     full-width punctuation included), trailing .,:;!? are dropped as in GFM.
//   - Heading ids keep Chinese: see [Slug]. Ids are unique per page
//     (x, x-1, x-2) and stable.
//
// # Links between pages
//
// A link whose destination is a relative path to a Markdown file
// ("../policies/plan.md", "plan.md#一总体要求") is passed to
// [Input.ResolveLink]; the fragment is kept. A target that does not exist is
// reported as a [Problem] with the 1-based line of the link. Images are left
// alone.
//
// # Summary and reading time
//
// A line "<!--more-->" at the top level splits the summary from the rest;
// it never appears in the HTML. Without it the summary is the plain text
// of the body (headings, code, tables and footnotes skipped, white space
// collapsed) cut at the last sentence end (。！？ or ! ? before a space)
// within the first 120 characters, or at 120 characters followed by "……".
// Reading time counts Han characters (and kana and Hangul) one each plus
// one per run of other letters and digits (an English word or a number);
// punctuation and spaces do not count. 400 counted characters take one
// minute.
package markdown

import (
	"bytes"
	"fmt"
	"html"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// SummaryLength is the number of characters (runes) the automatic summary
// is cut to at most, before the sentence-end rule applies.
const SummaryLength = 120

// CharsPerMinute is the reading speed used for [Doc.ReadingMinutes].
const CharsPerMinute = 400

// MoreMarker is the line that separates a hand-written summary from the
// rest of a page.
const MoreMarker = "<!--more-->"

// Options configure a Renderer.
type Options struct {
	// Unsafe allows raw HTML (config [markdown] unsafe = true). By default
	// raw HTML is omitted.
	Unsafe bool
}

// Renderer converts Markdown to HTML. It is safe for concurrent use by many
// goroutines.
type Renderer struct {
	md    goldmark.Markdown
	nodes *nodeRenderers // md's renderer
}

// Heading is one entry of a table of contents.
type Heading struct {
	Level int    // 2, 3 or 4
	ID    string // the id attribute of the heading element
	Text  string // plain text of the heading
}

// Input holds the page-level inputs for one render.
type Input struct {
	Source []byte
	// ResolveLink is called for every link destination that is a relative
	// path to a Markdown file (ends in .md, possibly followed by #fragment;
	// not an absolute URL, not starting with // or #; a leading / means the content folder). It receives the path
	// part as written (e.g. "../policies/plan.md") and returns the URL to
	// use; ok=false means the file does not exist. nil leaves links
	// unchanged.
	ResolveLink func(path string) (url string, ok bool)
	// BasePath is the site's base path, such as "/fzzf/". A link or image
	// to a site-absolute path ("/files/a.pdf") gets it in front, unless the
	// path already starts with it. Empty or "/" changes nothing.
	BasePath string
}

// Problem is something wrong in a page that the author should fix.
type Problem struct {
	Line    int // 1-based within Input.Source
	Message string
}

// Doc is the result of rendering one page body.
type Doc struct {
	HTML string // the full body
	// SummaryHTML is the HTML of the part before <!--more--> if present,
	// else one paragraph holding the escaped automatic Summary.
	SummaryHTML    string
	Summary        string    // plain-text summary
	TOC            []Heading // h2..h4 in document order
	Chars          int       // counted characters, see the package comment
	ReadingMinutes int       // ceil(Chars/400), at least 1
	Problems       []Problem // in source order
}

// New returns a Renderer configured by opts.
func New(opts Options) *Renderer {
	// goldmark's default inline parsers, with emphasis replaced by the
	// CJK-friendly version (see emphasis.go).
	p := parser.NewParser(
		parser.WithBlockParsers(blockParsers()...),
		parser.WithInlineParsers(
			util.Prioritized(parser.NewCodeSpanParser(), 100),
			util.Prioritized(parser.NewLinkParser(), 200),
			util.Prioritized(parser.NewAutoLinkParser(), 300),
			util.Prioritized(parser.NewRawHTMLParser(), 400),
			util.Prioritized(cjkEmphasisParser{}, 500),
		),
		// goldmark's default paragraph transformer, and the marker that
		// a paragraph went through all transformers (see parse.go).
		parser.WithParagraphTransformers(
			util.Prioritized(linkReferences{}, 100),
			util.Prioritized(markTransformed{}, 1<<30),
		),
	)
	var htmlOpts []renderer.Option
	if opts.Unsafe {
		htmlOpts = append(htmlOpts, ghtml.WithUnsafe())
	}
	nodes := newNodeRenderers(renderer.WithNodeRenderers(util.Prioritized(ghtml.NewRenderer(), 1000)))
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithRenderer(nodes), // as goldmark.DefaultRenderer()
		goldmark.WithParserOptions(
			parser.WithASTTransformers(
				util.Prioritized(restoreBlocks{}, -1<<30),
				util.Prioritized(fixups{}, 1000),
			),
		),
		goldmark.WithRendererOptions(htmlOpts...),
		goldmark.WithExtensions(
			tables{},
			cjkStrikethrough{},
			extension.Linkify,
			extension.TaskList,
			extension.Footnote,
			extension.CJK,
			lineBreaks{},
			links{},
			headings{},
		),
	)
	return &Renderer{md: md, nodes: nodes}
}

// cjkStrikethrough is GFM strikethrough with CJK-friendly flanking rules.
type cjkStrikethrough struct{}

func (cjkStrikethrough) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(cjkStrikeParser{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500)))
}

// blockParsers returns goldmark's default block parsers
// (parser.DefaultBlockParsers) with the heading, list and paragraph parsers
// wrapped as described in parse.go, and the HTML block parser wrapped to
// note that a page has HTML blocks (see htmlBlockParser).
func blockParsers() []util.PrioritizedValue {
	return []util.PrioritizedValue{
		util.Prioritized(headingParser{BlockParser: parser.NewSetextHeadingParser()}, 100),
		util.Prioritized(parser.NewThematicBreakParser(), 200),
		util.Prioritized(listParser{parser.NewListParser()}, 300),
		util.Prioritized(parser.NewListItemParser(), 400),
		util.Prioritized(parser.NewCodeBlockParser(), 500),
		util.Prioritized(headingParser{BlockParser: parser.NewATXHeadingParser(), atx: true}, 600),
		util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
		util.Prioritized(parser.NewBlockquoteParser(), 800),
		util.Prioritized(htmlBlockParser{parser.NewHTMLBlockParser()}, 900),
		util.Prioritized(paragraphParser{parser.NewParagraphParser()}, 1000),
	}
}

// parse parses src with a fresh parse state (heading ids and the like),
// which the caller returns with putParseState when done with the tree.
func (r *Renderer) parse(src []byte) (ast.Node, *parseState) {
	ps := getParseState()
	return r.md.Parser().Parse(text.NewReader(src), ps.withContext), ps
}

// Render converts one page body.
func (r *Renderer) Render(in Input) (*Doc, error) {
	src := in.Source
	root, ps := r.parse(src)
	defer putParseState(ps)

	var marker ast.Node
	if ps.htmlBlocks {
		marker = moreMarker(root, src)
	}
	a := &ps.an
	a.init(src, in.ResolveLink, marker == nil)
	a.basePath = in.BasePath
	a.ps = ps
	if n := ps.tocSize(); n > 0 {
		a.toc = make([]Heading, 0, n)
	}

	w := getWriter(ps)
	defer putWriter(w)
	doc := &Doc{}
	summaryEnd := -1
	// table() sets nodes.text in its sync.Once: call it before reading
	// the field (the order of a composite literal's parts is not fixed).
	funcs := r.nodes.table()
	k := walker{a: a, w: w, src: src, funcs: funcs, tr: r.nodes.text}
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		if c == marker {
			summaryEnd = w.Len()
			a.endSummary()
			continue
		}
		if err := k.block(c); err != nil {
			return nil, fmt.Errorf("render markdown: %w", err)
		}
	}

	doc.HTML = w.String()
	if len(a.toc) > 0 { // nil without entries, as without the room made above
		doc.TOC = a.toc
	}
	doc.Problems = a.problems
	doc.Chars = a.count.n
	doc.ReadingMinutes = max(1, (doc.Chars+CharsPerMinute-1)/CharsPerMinute)
	if summaryEnd >= 0 {
		doc.SummaryHTML = doc.HTML[:summaryEnd]
		doc.Summary = a.summary.String()
	} else {
		doc.Summary = cutSummary(a.summary.buf, SummaryLength)
		if doc.Summary != "" {
			doc.SummaryHTML = "<p>" + html.EscapeString(doc.Summary) + "</p>"
		}
	}
	return doc, nil
}

// Inline converts one line of Markdown to HTML without the wrapping <p>,
// for the template function markdownify. Input that is not a single
// paragraph (a list, several paragraphs) is rendered as blocks.
func (r *Renderer) Inline(src string) (string, error) {
	source := []byte(src)
	root, ps := r.parse(source)
	defer putParseState(ps)
	var nodes ast.Node = root
	if p, ok := root.FirstChild().(*ast.Paragraph); ok && root.ChildCount() == 1 {
		nodes = p
	}
	w := getWriter(ps)
	defer putWriter(w)
	for c := nodes.FirstChild(); c != nil; c = c.NextSibling() {
		if err := r.md.Renderer().Render(w, source, c); err != nil {
			return "", fmt.Errorf("render markdown: %w", err)
		}
	}
	return string(bytes.TrimRight(w.Bytes(), "\n")), nil
}

// moreMarker returns the top-level HTML block that is exactly the
// <!--more--> line, or nil.
func moreMarker(root ast.Node, src []byte) ast.Node {
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		b, ok := c.(*ast.HTMLBlock)
		if !ok || b.Lines().Len() != 1 || b.HasClosure() {
			continue
		}
		line := b.Lines().At(0)
		if bytes.Equal(bytes.TrimSpace(line.Value(src)), []byte(MoreMarker)) {
			return c
		}
	}
	return nil
}

// writer is a util.BufWriter writing straight into a bytes.Buffer, so the
// output length is known between top-level blocks. It also carries the
// parse state to the node renderers (see headingRenderer).
type writer struct {
	bytes.Buffer
	ps     *parseState
	cursor int // for parseState.headingID
}

func (*writer) Buffered() int { return 0 }
func (*writer) Flush() error  { return nil }

var _ util.BufWriter = (*writer)(nil)

var writers = sync.Pool{New: func() any { return new(writer) }}

func getWriter(ps *parseState) *writer {
	w := writers.Get().(*writer)
	w.ps, w.cursor = ps, 0
	return w
}

func putWriter(w *writer) {
	w.ps = nil
	if w.Cap() > 1<<20 { // do not keep huge buffers alive
		return
	}
	w.Reset()
	writers.Put(w)
}
