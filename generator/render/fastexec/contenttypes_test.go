package fastexec

import (
	"errors"
	"html/template"
	"testing"
)

type errT struct{ s string }

func (e errT) Error() string { return "E<" + e.s + ">" }

type ptrStringer struct{ s string }

func (p *ptrStringer) String() string { return "PS<" + p.s + ">" }

func TestReviewContentTypes(t *testing.T) {
	strs := []string{"", "a b", "<b>x</b>&amp;'\"+", "javascript:alert(1)", "JavaScript:x", "http://x/?a=b&c=%41%zz#f", "mailto:a@b", "/p/政策/%e6", "\x00\xff\uFFFE", "a:b/c", "/a:b"}
	var vals []any
	for _, s := range strs {
		h, u, c, a, j, js, ss := template.HTML(s), template.URL(s), template.CSS(s), template.HTMLAttr(s), template.JS(s), template.JSStr(s), template.Srcset(s)
		sp := s
		vals = append(vals, s, &sp, h, &h, u, &u, c, a, j, js, ss, errT{s}, &errT{s}, ptrStringer{s}, &ptrStringer{s}, []any{s, 1}, map[string]string{"k": s})
	}
	var nilHTML *template.HTML
	var nilStr *string
	vals = append(vals, nil, nilHTML, nilStr, 3, 2.5, true, []string{"a", "b"}, errors.New("e<"))
	ctxs := []string{
		`{{.}}`, `<title>{{.}}</title>`, `<textarea>{{.}}</textarea>`, `<a title="{{.}}">`, `<a title='{{.}}'>`,
		`<a href="{{.}}">`, `<a href="/x/{{.}}">`, `<a href="/x?q={{.}}">`, `<a href='{{.}}#{{.}}'>`, `<img src="{{.}}">`,
		`<form action="{{.}}">`, `<a href="{{.}}{{.}}">`, `<p>{{.}} {{. | ident}}</p>`, `<a href="{{. | ident}}" title="{{ident .}}">`,
	}
	fast := 0
	for _, c := range ctxs {
		out := runBoth(t, c, vals...)
		fast += out
	}
	t.Logf("fast runs %d of %d", fast, len(ctxs)*len(vals))
}
