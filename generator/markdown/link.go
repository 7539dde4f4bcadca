package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// linkRenderer renders links exactly as goldmark's html.Renderer does, but
// checks for dangerous URLs without allocating (see isDangerousURL).
type linkRenderer struct {
	html.Config
}

// links is the goldmark.Extender that installs linkRenderer.
type links struct{}

func (links) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&linkRenderer{Config: html.NewConfig()}, 100)))
}

func (r *linkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, r.renderLink)
}

// renderLink is html.Renderer.renderLink (goldmark v1.8.7) with
// isDangerousURL.
func (r *linkRenderer) renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if entering {
		_, _ = w.WriteString("<a href=\"")
		dest := util.URLEscape(n.Destination, true)
		if r.Unsafe || !isDangerousURL(dest) {
			_, _ = w.Write(util.EscapeHTML(dest))
		}
		_ = w.WriteByte('"')
		if n.Title != nil {
			_, _ = w.WriteString(` title="`)
			r.Writer.Write(w, n.Title)
			_ = w.WriteByte('"')
		}
		if n.Attributes() != nil {
			html.RenderAttributes(w, n, html.LinkAttributeFilter)
		}
		_ = w.WriteByte('>')
	} else {
		_, _ = w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

// isDangerousURL is html.IsDangerousURL without its two bytes.ToLower
// allocations per prefix tested. goldmark compares lowercased prefixes; a
// non-ASCII byte in the part compared can never match an ASCII prefix that
// way, but to be plainly equal such URLs are left to goldmark.
func isDangerousURL(url []byte) bool {
	for i := 0; i < len(url) && i < len("data:image/")+len("jpeg;"); i++ {
		if url[i] >= 0x80 {
			return html.IsDangerousURL(url)
		}
	}
	if hasPrefixFold(url, "data:image/") && len(url) >= 11 {
		v := url[11:]
		if hasPrefixFold(v, "png;") || hasPrefixFold(v, "gif;") ||
			hasPrefixFold(v, "jpeg;") || hasPrefixFold(v, "webp;") {
			return false
		}
		return true
	}
	return hasPrefixFold(url, "javascript:") || hasPrefixFold(url, "vbscript:") ||
		hasPrefixFold(url, "file:") || hasPrefixFold(url, "data:")
}

// hasPrefixFold reports whether s starts with the lowercase ASCII prefix,
// ignoring the case of ASCII letters in s.
func hasPrefixFold(s []byte, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}
