package markdown

import (
	"bytes"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// fixups is an AST transformer that turns bare http://, https:// and www.
// addresses that directly follow a non-ASCII character (typically Chinese
// text or a full-width colon, as in "链接：https://www.gov.cn/") into links,
// which GFM's linkify does not do because it only looks after white space
// and a few ASCII marks. (Aligned table cells get their class from
// tableCellRenderer.)
type fixups struct{}

var _ parser.ASTTransformer = fixups{}

// Transform implements parser.ASTTransformer.
func (fixups) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	if !hasURLStart(source) {
		// Every text node is a piece of source, so none can hold an
		// address: skip the walk.
		return
	}
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.AutoLink, *ast.Image, *ast.CodeSpan, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if !n.IsRaw() && hasURLStart(n.Segment.Value(source)) {
				mergeFollowingText(n)
				texts = append(texts, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		linkifyText(t, source)
	}
}

// mergeFollowingText joins t with the text nodes directly after it that
// continue it in the source. The inline parser splits text at characters
// such as '_' and '*', which may be part of an address.
func mergeFollowingText(t *ast.Text) {
	parent := t.Parent()
	for !t.SoftLineBreak() && !t.HardLineBreak() {
		next, ok := t.NextSibling().(*ast.Text)
		if !ok || next.IsRaw() || next.Segment.Start != t.Segment.Stop {
			return
		}
		t.Segment = t.Segment.WithStop(next.Segment.Stop)
		t.SetSoftLineBreak(next.SoftLineBreak())
		t.SetHardLineBreak(next.HardLineBreak())
		parent.RemoveChild(parent, next)
	}
}

// hasURLStart is a cheap pre-check: does v contain "://" or "www."?
func hasURLStart(v []byte) bool {
	return bytes.Contains(v, []byte("://")) || bytes.Contains(v, []byte("www."))
}

// linkifyText splits t into text and autolink nodes for every address in it
// that directly follows a non-ASCII character.
func linkifyText(t *ast.Text, source []byte) {
	parent := t.Parent()
	seg := t.Segment
	for {
		v := seg.Value(source)
		start, stop, www := findCJKURL(v)
		if start < 0 {
			break
		}
		// Text before the address.
		head := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+start))
		parent.InsertBefore(parent, t, head)
		link := ast.NewAutoLink(ast.AutoLinkURL,
			ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+stop)))
		if www {
			link.Protocol = []byte("http")
		}
		parent.InsertBefore(parent, t, link)
		seg = seg.WithStart(seg.Start + stop)
	}
	t.Segment = seg
	if seg.Len() == 0 && !t.SoftLineBreak() && !t.HardLineBreak() {
		parent.RemoveChild(parent, t)
	}
}

// findCJKURL finds the first address in v that starts right after a
// non-ASCII rune and returns its byte range. www reports an address without
// a scheme. start is -1 when there is none.
func findCJKURL(v []byte) (start, stop int, www bool) {
	for i := 1; i < len(v); i++ {
		if v[i-1] < utf8.RuneSelf || v[i] != 'h' && v[i] != 'f' && v[i] != 'w' {
			continue
		}
		rest := v[i:]
		var n int
		switch {
		case bytes.HasPrefix(rest, []byte("https://")):
			n = len("https://")
		case bytes.HasPrefix(rest, []byte("http://")):
			n = len("http://")
		case bytes.HasPrefix(rest, []byte("ftp://")):
			n = len("ftp://")
		case bytes.HasPrefix(rest, []byte("www.")):
			www = true
		default:
			continue
		}
		end := urlEnd(rest, n)
		if end < 0 {
			www = false
			continue
		}
		return i, i + end, www
	}
	return -1, -1, false
}

// urlEnd returns the length of the address at the start of s whose host
// starts at offset hostStart, or -1 if it is not a plausible address. The
// rules follow GFM's extended autolinks: the host needs a dot, trailing
// ?!.,:*_~ and unbalanced ')' are not part of the address, nor is a trailing
// entity reference like &amp;.
func urlEnd(s []byte, hostStart int) int {
	i := hostStart
	dot := false
	for i < len(s) && isHostByte(s[i]) {
		if s[i] == '.' {
			dot = true
		}
		i++
	}
	if i == hostStart || !dot {
		return -1
	}
	for i < len(s) && isURLByte(s[i]) {
		i++
	}
	open := bytes.Count(s[:i], []byte{'('})
	closing := bytes.Count(s[:i], []byte{')'})
	for i > hostStart {
		switch s[i-1] {
		case '?', '!', '.', ',', ':', '*', '_', '~', '\'', '"':
			i--
			continue
		case ')':
			if closing > open {
				closing--
				i--
				continue
			}
		case ';':
			j := i - 2
			for j > hostStart && isASCIIAlnum(s[j]) {
				j--
			}
			if j < i-2 && s[j] == '&' {
				i = j
				continue
			}
		}
		break
	}
	return i
}

func isASCIIAlpha(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

func isASCIIAlnum(b byte) bool { return isASCIIAlpha(b) || b >= '0' && b <= '9' }

func isHostByte(b byte) bool {
	return isASCIIAlnum(b) || b == '-' || b == '.' || b == '_' || b == ':' || b == '@' || b == '%' || b == '+' || b == '~' || b == '='
}

func isURLByte(b byte) bool {
	if isASCIIAlnum(b) {
		return true
	}
	switch b {
	case '-', '@', ':', '%', '_', '+', '.', '~', '#', '$', '!', '?', '&', '/', '=', '(', ')', ';', ',', '\'', '^', '{', '}', '[', ']':
		return true
	}
	return false
}
