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

// escaper is one of html/template's escapers: any escapes what html/template
// passes it, and returns false when it cannot give html/template's
// result; str is the same for a single plain string, the usual case.
type escaper struct {
	any func(args []any) (string, bool)
	str func(s string) string
	// write, when not nil, is str writing to the output.
	write func(w *bytes.Buffer, s string)
}

// escapers maps the escaper names html/template inserts to their copies.
var escapers = map[string]escaper{
	"_html_template_attrescaper":   {attrEscaper, htmlEscapeString, writeHTMLEscaped},
	"_html_template_htmlescaper":   {htmlEscaper, htmlEscapeString, writeHTMLEscaped},
	"_html_template_rcdataescaper": {rcdataEscaper, htmlEscapeString, writeHTMLEscaped},
	"_html_template_urlescaper":    {urlEscaper, func(s string) string { return processURL(s, false) }, nil},
	"_html_template_urlfilter":     {urlFilter, filterURL, nil},
	"_html_template_urlnormalizer": {urlNormalizer, func(s string) string { return processURL(s, true) }, nil},
}

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
	for i := 0; i < len(s); i++ {
		if c := s[i]; htmlSpecial[c] {
			w.WriteString(s[written:i])
			w.WriteString(htmlReplacementTable[c])
			written = i + 1
		}
	}
	w.WriteString(s[written:])
}

// htmlEscapeString is htmlReplacer(s, htmlReplacementTable, true), what
// the html, attribute and RCDATA escapers do to a plain string, after a
// check that usually finds nothing to replace.
func htmlEscapeString(s string) string {
	for i := 0; i < len(s); i++ {
		if htmlSpecial[s[i]] {
			return htmlReplacer(s, htmlReplacementTable, true)
		}
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
	for i := 0; i < len(s); i++ {
		if !urlKeeps(s, i, norm) {
			return true
		}
	}
	return false
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

func attrEscaper(args []any) (string, bool) {
	s, t := stringify(args)
	if t == contentTypeHTML {
		return "", false // needs html/template's stripTags
	}
	return htmlReplacer(s, htmlReplacementTable, true), true
}

func rcdataEscaper(args []any) (string, bool) {
	s, t := stringify(args)
	if t == contentTypeHTML {
		return htmlReplacer(s, htmlNormReplacementTable, true), true
	}
	return htmlReplacer(s, htmlReplacementTable, true), true
}

func htmlEscaper(args []any) (string, bool) {
	s, t := stringify(args)
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

func urlFilter(args []any) (string, bool) {
	s, t := stringify(args)
	if t == contentTypeURL {
		return s, true
	}
	if !isSafeURL(s) {
		return "#" + filterFailsafe, true
	}
	return s, true
}

func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

func urlEscaper(args []any) (string, bool)    { return urlProcessor(false, args), true }
func urlNormalizer(args []any) (string, bool) { return urlProcessor(true, args), true }

func urlProcessor(norm bool, args []any) string {
	s, t := stringify(args)
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
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		if urlKeeps(s, i, norm) {
			continue
		}
		c := s[i]
		b.WriteString(s[written:i])
		b.WriteByte('%') // fmt.Fprintf(b, "%%%02x", c) in html/template
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&15])
		written = i + 1
	}
	b.WriteString(s[written:])
	return written != 0
}

// urlKeeps reports whether processURLOnto copies s[i] as it is: the
// switch of html/template's processURLOnto.
func urlKeeps(s string, i int, norm bool) bool {
	switch c := s[i]; c {
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return norm
	case '-', '.', '_', '~':
		return true
	case '%':
		return norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	default:
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
}

const lowerHex = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
