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
		out := runBothQuiet(t, c, vals)
		fast += out
	}
	t.Logf("fast runs %d of %d", fast, len(ctxs)*len(vals))
}

func runBothQuiet(t *testing.T, src string, datas []any) int {
	t.Helper()
	set := template.Must(template.New("t").Funcs(revFuncs).Parse(src))
	for _, d := range datas {
		if set.ExecuteTemplate(new(discard), "t", d) == nil {
			break
		}
	}
	prog, err := Compile(set, "t", revFuncs)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range datas {
		var w, f sbuf
		stdErr := set.ExecuteTemplate(&w, "t", d)
		err := prog.Execute(&f.Buffer, d)
		switch {
		case err != nil && !errors.Is(err, ErrFallback):
			t.Errorf("non-fallback %v", err)
		case err != nil:
		case stdErr != nil:
			t.Errorf("BUG std err %v fast %q: %s %#v", stdErr, f.String(), src, d)
		case w.String() != f.String():
			t.Errorf("BUG %s %#v\n std  %q\n fast %q", src, d, w.String(), f.String())
		default:
			n++
		}
	}
	return n
}
