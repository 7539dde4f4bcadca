package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// breakJoins reports whether a soft line break between runes a and b
// disappears instead of becoming a space. This follows the segment break
// transformation of CSS Text Level 3: the break is removed next to a
// zero-width space, between two CJK characters (Hangul excepted, Korean
// uses spaces), and next to CJK punctuation such as ，。：（）. Between a
// Chinese character and a Latin letter or digit the break stays a space.
//
// goldmark's extension.CJK "simple" style misses the full-width forms
// (，：；！？（）are U+FFxx), so "，\n许昌" would show a space; its
// "CSS3 draft" style also removes the break in "end.\nNext".
func breakJoins(a, b rune) bool {
	if a == '\u200B' || b == '\u200B' {
		return true
	}
	ca, cb := isCJK(a), isCJK(b)
	if ca && cb {
		return !unicode.Is(unicode.Hangul, a) && !unicode.Is(unicode.Hangul, b)
	}
	return ca && util.IsPunctRune(a) || cb && util.IsPunctRune(b) || a == '\u3000' || b == '\u3000'
}

// textRenderer replaces goldmark's renderer for ast.Text so that soft line
// breaks follow breakJoins, also across inline markup ("文字\n**重点**").
// Everything else is as in goldmark's html.Renderer.
type textRenderer struct {
	html.Config
}

// lineBreaks is the goldmark.Extender that installs textRenderer.
type lineBreaks struct{}

func (lineBreaks) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&textRenderer{Config: html.NewConfig()}, 100)))
}

func (r *textRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindText, r.renderText)
}

func (r *textRenderer) renderText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	value := n.Segment.Value(source)
	r.render(w, source, n, value, textRun(value))
	return ast.WalkContinue, nil
}

// render renders text n when entering it; value is its text and i is
// textRun(value).
func (r *textRenderer) render(w util.BufWriter, source []byte, n *ast.Text, value []byte, i int) {
	// Copy the longest prefix that neither Writer.Write nor
	// Writer.RawWrite would change (no escape, reference or character to
	// escape in it) straight to w, and leave only the rest to them. Both
	// handle text left to right without state across such a prefix, so the
	// output is the same.
	_, _ = w.Write(value[:i])
	if i < len(value) {
		if n.IsRaw() {
			r.Writer.RawWrite(w, value[i:])
		} else {
			r.Writer.Write(w, value[i:])
		}
	}
	switch {
	case n.HardLineBreak() || n.SoftLineBreak() && r.HardWraps:
		if r.XHTML {
			_, _ = w.WriteString("<br />\n")
		} else {
			_, _ = w.WriteString("<br>\n")
		}
	case n.SoftLineBreak():
		before, ok1 := lastRuneBefore(n, source)
		after, ok2 := firstRuneAfter(n, source)
		if !ok1 || !ok2 || !breakJoins(before, after) {
			_ = w.WriteByte('\n')
		}
	}
}

// textSpecial marks the bytes that goldmark's html.Writer does not copy
// unchanged: NUL, the characters escaped in HTML, and the starts of
// backslash escapes and character references. All are ASCII.
var textSpecial = [256]bool{0: true, '"': true, '&': true, '<': true, '>': true, '\\': true}

// textRun returns the length of the longest prefix of v without a
// textSpecial byte.
func textRun(v []byte) int { return runWithout(v, &textSpecial) }

// lastRuneBefore returns the last rune of text n, or, when n is empty, of
// the text before it in the same block.
func lastRuneBefore(n *ast.Text, source []byte) (rune, bool) {
	if v := n.Segment.Value(source); len(v) > 0 {
		r, _ := utf8.DecodeLastRune(v)
		return r, true
	}
	for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		if t := lastText(p); t != nil {
			if v := t.Segment.Value(source); len(v) > 0 {
				r, _ := utf8.DecodeLastRune(v)
				return r, true
			}
		}
	}
	return 0, false
}

// firstRuneAfter returns the first rune of the text that follows n in the
// same block, looking into inline markup such as emphasis and links.
func firstRuneAfter(n ast.Node, source []byte) (rune, bool) {
	for s := n.NextSibling(); s != nil; s = s.NextSibling() {
		switch s := s.(type) {
		case *ast.Text:
			if v := s.Segment.Value(source); len(v) > 0 {
				r, _ := utf8.DecodeRune(v)
				return r, true
			}
			continue
		case *ast.AutoLink:
			r, _ := utf8.DecodeRune(s.Label(source))
			return r, true
		case *ast.String:
			if len(s.Value) > 0 {
				r, _ := utf8.DecodeRune(s.Value)
				return r, true
			}
			continue
		}
		if t := firstText(s); t != nil {
			if v := t.Segment.Value(source); len(v) > 0 {
				r, _ := utf8.DecodeRune(v)
				return r, true
			}
		}
		return 0, false
	}
	return 0, false
}

// firstText returns the first text node in n (n itself included), or nil.
func firstText(n ast.Node) *ast.Text {
	if t, ok := n.(*ast.Text); ok {
		return t
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t := firstText(c); t != nil {
			return t
		}
	}
	return nil
}
