// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE-go file.

// This file copies the escapers html/template puts into a template's
// actions (Go 1.26, src/html/template/{content,html,url}.go), which are
// not exported. Only the ones whose whole behaviour is copied here are
// supported; any other escaper makes the action fall back (see exec.go),
// as does the one case that needs html/template's tag stripper.

package fastexec

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"unicode/utf8"
)

type contentType uint8

const (
	contentTypePlain contentType = iota
	contentTypeCSS
	contentTypeHTML
	contentTypeHTMLAttr
	contentTypeJS
	contentTypeJSStr
	contentTypeURL
	contentTypeSrcset
)

const filterFailsafe = "ZgotmplZ"

// escaper is one of html/template's escapers. typed escapes a single
// string of content type t, and returns false when it cannot give
// html/template's result; str is typed for a plain string, the usual
// case, and write writes what str returns.
type escaper struct {
	typed func(s string, t contentType) (string, bool)
	str   func(s string) string
	write func(w *bytes.Buffer, s string)
}

// any escapes what html/template passes the escaper.
func (e escaper) any(args []any) (string, bool) {
	s, t := stringify(args)
	return e.typed(s, t)
}

// escapers maps the escaper names html/template inserts to their copies.
var escapers = map[string]escaper{
	"_html_template_attrescaper":   {attrEscaper, htmlEscapeString, writeHTMLEscaped},
	"_html_template_htmlescaper":   {htmlEscaper, htmlEscapeString, writeHTMLEscaped},
	"_html_template_rcdataescaper": {rcdataEscaper, htmlEscapeString, writeHTMLEscaped},
	"_html_template_urlescaper":    {urlEscaper, func(s string) string { return processURL(s, false) }, func(w *bytes.Buffer, s string) { writeURL(w, s, false) }},
	"_html_template_urlfilter":     {urlFilter, filterURL, func(w *bytes.Buffer, s string) { w.WriteString(filterURL(s)) }},
	"_html_template_urlnormalizer": {urlNormalizer, func(s string) string { return processURL(s, true) }, func(w *bytes.Buffer, s string) { writeURL(w, s, true) }},
}

// contentTypeOf returns the content type stringify gives a single value
// of type t, a string kind; false for a named string type of its own,
// which stringify formats with fmt.
func contentTypeOf(t reflect.Type) (contentType, bool) {
	switch t {
	case stringType:
		return contentTypePlain, true
	case htmlType:
		return contentTypeHTML, true
	case urlType:
		return contentTypeURL, true
	case htmlAttrType:
		return contentTypeHTMLAttr, true
	case cssType:
		return contentTypeCSS, true
	case jsType:
		return contentTypeJS, true
	case jsStrType:
		return contentTypeJSStr, true
	case srcsetType:
		return contentTypeSrcset, true
	}
	return 0, false
}

var (
	htmlType     = reflect.TypeFor[template.HTML]()
	urlType      = reflect.TypeFor[template.URL]()
	htmlAttrType = reflect.TypeFor[template.HTMLAttr]()
	cssType      = reflect.TypeFor[template.CSS]()
	jsType       = reflect.TypeFor[template.JS]()
	jsStrType    = reflect.TypeFor[template.JSStr]()
	srcsetType   = reflect.TypeFor[template.Srcset]()
)

// htmlSpecial marks the bytes htmlReplacementTable replaces.
var htmlSpecial = func() (t [256]bool) {
	for c, r := range htmlReplacementTable {
		t[c] = r != ""
	}
	return t
}()

// writeHTMLEscaped writes htmlEscapeString(s) to w.
func writeHTMLEscaped(w *bytes.Buffer, s string) {
	written := 0
	for i := nextHTMLSpecial(s, 0); i < len(s); i = nextHTMLSpecial(s, i+1) {
		w.WriteString(s[written:i])
		w.WriteString(htmlReplacementTable[s[i]])
		written = i + 1
	}
	w.WriteString(s[written:])
}

// nextHTMLSpecial returns the index of the first byte from i on that
// htmlReplacementTable replaces, or len(s).
func nextHTMLSpecial(s string, i int) int {
	// Eight bytes at a time while none of them is below '?': every byte
	// htmlReplacementTable replaces is, and Chinese text (UTF-8 bytes from
	// 0x80) and letters are not.
	for ; i+8 <= len(s); i += 8 {
		if anyBelowQuestionMark(load64(s[i : i+8])) {
			for end := i + 8; i < end; i++ {
				if htmlSpecial[s[i]] {
					return i
				}
			}
			i -= 8
		}
	}
	for ; i < len(s); i++ {
		if htmlSpecial[s[i]] {
			return i
		}
	}
	return len(s)
}

// load64 returns the eight bytes of b as a little-endian word.
func load64(b string) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// anyBelowQuestionMark reports whether a byte of x is below '?' (0x3F),
// the "haslessthan" bit trick: subtracting 0x3F from each byte borrows
// only out of a byte below it, so the lowest such byte, and no byte at or
// above 0x3F, ends with its high bit set where x's was clear.
func anyBelowQuestionMark(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (x-ones*'?')&^x&highs != 0
}

// htmlEscapeString is htmlReplacer(s, htmlReplacementTable, true), what
// the html, attribute and RCDATA escapers do to a plain string, after a
// check that usually finds nothing to replace.
func htmlEscapeString(s string) string {
	if nextHTMLSpecial(s, 0) < len(s) {
		return htmlReplacer(s, htmlReplacementTable, true)
	}
	return s
}

func filterURL(s string) string {
	if !isSafeURL(s) {
		return "#" + filterFailsafe
	}
	return s
}

// processURL is urlProcessor for a plain string.
func processURL(s string, norm bool) string {
	if !urlNeedsWork(s, norm) {
		return s
	}
	var b strings.Builder
	if processURLOnto(s, norm, &b) {
		return b.String()
	}
	return s
}

// urlNeedsWork reports whether processURLOnto would change s.
func urlNeedsWork(s string, norm bool) bool {
	plain := urlPlain(norm, false)
	for i := 0; i < len(s); i++ {
		if !plain[s[i]] && !urlKeeps(s, i, norm) {
			return true
		}
	}
	return false
}

// urlPlainTables are urlPlain's answers.
var urlPlainTables = func() (t [2][2][256]bool) {
	for c := range 256 {
		for norm := range 2 {
			for attr := range 2 {
				switch urlClass[c] {
				case urlUnreserved:
					t[norm][attr][c] = true
				case urlReserved:
					t[norm][attr][c] = norm == 1 && (attr == 0 || !htmlSpecial[c])
				}
			}
		}
	}
	return t
}()

// urlPlain returns the table of the bytes that processURLOnto copies
// whatever follows them (not '%'), and, with attr, that the HTML escaper
// keeps too: a quick test before urlKeeps.
func urlPlain(norm, attr bool) *[256]bool {
	return &urlPlainTables[boolInt(norm)][boolInt(attr)]
}

// urlAttrEscaper is the URL normalizer (norm) or escaper followed by the
// attribute escaper.
func urlAttrEscaper(norm bool) escaper {
	url := urlEscaper
	if norm {
		url = urlNormalizer
	}
	return escaper{
		typed: func(s string, t contentType) (string, bool) {
			s, _ = url(s, t)
			return htmlEscapeString(s), true
		},
		str:   func(s string) string { return htmlEscapeString(processURL(s, norm)) },
		write: func(w *bytes.Buffer, s string) { writeURLAttr(w, s, norm) },
	}
}

// writeURLAttr writes htmlEscapeString(processURL(s, norm)) to w. Of the
// bytes the HTML escaper replaces, processURL keeps only '&' and '+', and
// those only when it normalizes.
func writeURLAttr(w *bytes.Buffer, s string, norm bool) {
	plain := urlPlain(norm, true)
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		if plain[c] {
			continue
		}
		if urlKeeps(s, i, norm) {
			if c == '&' || c == '+' {
				w.WriteString(s[written:i])
				w.WriteString(htmlReplacementTable[c])
				written = i + 1
			}
			continue
		}
		w.WriteString(s[written:i])
		w.WriteByte('%')
		w.WriteByte(lowerHex[c>>4])
		w.WriteByte(lowerHex[c&15])
		written = i + 1
	}
	w.WriteString(s[written:])
}

// writeURL writes processURL(s, norm) to w.
func writeURL(w *bytes.Buffer, s string, norm bool) { urlOnto(w, s, norm) }

// urlOnto writes s to w with the bytes html/template's processURLOnto
// escapes escaped, and reports whether it escaped any.
func urlOnto[W interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
}](w W, s string, norm bool) bool {
	plain := urlPlain(norm, false)
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		if plain[s[i]] || urlKeeps(s, i, norm) {
			continue
		}
		c := s[i]
		w.WriteString(s[written:i])
		w.WriteByte('%') // fmt.Fprintf(b, "%%%02x", c) in html/template
		w.WriteByte(lowerHex[c>>4])
		w.WriteByte(lowerHex[c&15])
		written = i + 1
	}
	w.WriteString(s[written:])
	return written != 0
}

func indirectAny(a any) any {
	if a == nil {
		return nil
	}
	if t := reflect.TypeOf(a); t.Kind() != reflect.Pointer {
		return a
	}
	v := reflect.ValueOf(a)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

func indirectToStringerOrError(a any) any {
	if a == nil {
		return nil
	}
	v := reflect.ValueOf(a)
	for !v.Type().Implements(fmtStringerType) && !v.Type().Implements(errorType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

func stringify(args []any) (string, contentType) {
	if len(args) == 1 {
		switch s := indirectAny(args[0]).(type) {
		case string:
			return s, contentTypePlain
		case template.CSS:
			return string(s), contentTypeCSS
		case template.HTML:
			return string(s), contentTypeHTML
		case template.HTMLAttr:
			return string(s), contentTypeHTMLAttr
		case template.JS:
			return string(s), contentTypeJS
		case template.JSStr:
			return string(s), contentTypeJSStr
		case template.URL:
			return string(s), contentTypeURL
		case template.Srcset:
			return string(s), contentTypeSrcset
		}
	}
	i := 0
	for _, arg := range args {
		if arg == nil {
			continue
		}
		args[i] = indirectToStringerOrError(arg)
		i++
	}
	return fmt.Sprint(args[:i]...), contentTypePlain
}

func attrEscaper(s string, t contentType) (string, bool) {
	if t == contentTypeHTML {
		return "", false // needs html/template's stripTags
	}
	return htmlReplacer(s, htmlReplacementTable, true), true
}

func rcdataEscaper(s string, t contentType) (string, bool) {
	if t == contentTypeHTML {
		return htmlReplacer(s, htmlNormReplacementTable, true), true
	}
	return htmlReplacer(s, htmlReplacementTable, true), true
}

func htmlEscaper(s string, t contentType) (string, bool) {
	if t == contentTypeHTML {
		return s, true
	}
	return htmlReplacer(s, htmlReplacementTable, true), true
}

var htmlReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

var htmlNormReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

func htmlReplacer(s string, replacementTable []string, badRunes bool) string {
	written, b := 0, new(strings.Builder)
	r, w := rune(0), 0
	for i := 0; i < len(s); i += w {
		r, w = utf8.DecodeRuneInString(s[i:])
		if int(r) < len(replacementTable) {
			if repl := replacementTable[r]; len(repl) != 0 {
				if written == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[written:i])
				b.WriteString(repl)
				written = i + w
			}
		} else if badRunes {
			// No-op.
		} else if 0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff {
			if written == 0 {
				b.Grow(len(s))
			}
			fmt.Fprintf(b, "%s&#x%x;", s[written:i], r)
			written = i + w
		}
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func urlFilter(s string, t contentType) (string, bool) {
	if t == contentTypeURL {
		return s, true
	}
	if !isSafeURL(s) {
		return "#" + filterFailsafe, true
	}
	return s, true
}

func isSafeURL(s string) bool {
	if len(s) > 0 && s[0] == '/' {
		return true // what comes before a colon, if any, has a slash
	}
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

func urlEscaper(s string, t contentType) (string, bool)    { return urlProcessor(false, s, t), true }
func urlNormalizer(s string, t contentType) (string, bool) { return urlProcessor(true, s, t), true }

func urlProcessor(norm bool, s string, t contentType) string {
	if t == contentTypeURL {
		norm = true
	}
	var b strings.Builder
	if processURLOnto(s, norm, &b) {
		return b.String()
	}
	return s
}

func processURLOnto(s string, norm bool, b *strings.Builder) bool {
	b.Grow(len(s) + 16)
	return urlOnto(b, s, norm)
}

// urlKeeps reports whether processURLOnto copies s[i] as it is: the
// switch of html/template's processURLOnto, looked up in a table.
func urlKeeps(s string, i int, norm bool) bool {
	switch urlClass[s[i]] {
	case urlUnreserved:
		return true
	case urlReserved:
		return norm
	case urlPercent:
		return norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return false
}

const (
	urlOther uint8 = iota
	urlUnreserved
	urlReserved
	urlPercent
)

// urlClass is urlClassOf as a table.
var urlClass = func() (t [256]uint8) {
	for c := range 256 {
		t[c] = urlClassOf(byte(c))
	}
	return t
}()

// urlClassOf is the switch of html/template's processURLOnto.
func urlClassOf(c byte) uint8 {
	switch c {
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return urlReserved
	case '-', '.', '_', '~':
		return urlUnreserved
	case '%':
		return urlPercent
	default:
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			return urlUnreserved
		}
		return urlOther
	}
}

const lowerHex = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
