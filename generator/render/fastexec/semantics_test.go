package fastexec

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"testing"
)

type rv struct {
	A    []int
	B    [][]int
	S    string
	N    int
	Any  any
	Str  fmt.Stringer
	Ptr  *rv
	Vals []rv
	M    map[string]any
	MI   map[int]string
	MK   map[mykey]string
	F    func() string
	Emb2
	*EmbP
}

type mykey string
type Emb2 struct{ X string }
type EmbP struct{ Y string }

func (r rv) Val() string         { return "val:" + r.S }
func (r *rv) PtrM() string       { return "ptr:" + r.S }
func (r rv) Arg(n int) int       { return n * 10 }
func (r rv) I8(n int8) int8      { return n }
func (r rv) Str2(s mystr) string { return string(s) + "!" }
func (e Emb2) EM() string        { return "emb:" + e.X }
func (e *EmbP) EPM() string      { return "embp" }

type mystr string

type st1 struct{ Name string }
type st2 struct{ Name int }

func (s st1) String() string { return "st1<" + s.Name + ">" }

var revFuncs = template.FuncMap{
	"up":    strings.ToUpper,
	"ident": func(v any) any { return v },
	"i8":    func(n int8) int8 { return n },
	"add":   func(a, b int) int { return a + b },
	"cat":   func(a string, rest ...string) string { return a + strings.Join(rest, "") },
	"cached": func(name string, dot any, vs ...any) (template.HTML, error) {
		return template.HTML(fmt.Sprintf("%s|%v|%d|%v", name, dot, len(vs), vs)), nil
	},
	"html1": func(s string) (template.HTML, error) { return template.HTML(s), nil },
	"err":   func(s string) (string, error) { return s, nil },
	"strs":  func() fmt.Stringer { return st1{"x"} },
	"safe":  func(s string) template.HTML { return template.HTML(s) },
	"url":   func(s string) template.URL { return template.URL(s) },
	"boolf": func(b bool) bool { return b },
	"u8":    func(n uint8) uint8 { return n },
	"f64":   func(f float64) float64 { return f },
	"rvf":   func(v reflect.Value) string { return v.Kind().String() },
}

// runBoth executes src with revFuncs on each data, with html/template and
// with fastexec, through compare; it returns how many runs were fast.
func runBoth(t *testing.T, src string, datas ...any) (fast int) {
	t.Helper()
	set, err := template.New("t").Funcs(revFuncs).Parse(src)
	if err != nil {
		t.Fatalf("parse %s: %v", src, err)
	}
	// The first execution escapes the set, even when it fails.
	set.ExecuteTemplate(&bytes.Buffer{}, "t", datas[0])
	prog, err := Compile(set, "t", revFuncs)
	if err != nil {
		t.Fatalf("compile %s: %v", src, err)
	}
	for _, d := range datas {
		if compare(t, set, prog, src, d) {
			fast++
		}
	}
	return fast
}

func TestReviewTargeted(t *testing.T) {
	d := &rv{A: []int{1, 2, 3}, B: [][]int{{1, 2}, {3}, {}}, S: "s<", N: 2, Any: 5, Str: st1{"a"},
		Vals: []rv{{S: "v1"}, {S: "v2"}}, M: map[string]any{"k": "v", "n": nil, "i": 3},
		MI: map[int]string{1: "one"}, MK: map[mykey]string{"k": "mk"}, Emb2: Emb2{"ex"}}
	cases := []string{
		// continue in inner range else
		`{{range $i, $x := .A}}[{{range $.Ptr}}{{else}}E{{continue}}{{end}}after{{$x}}]{{end}}`,
		`{{range $i, $x := .A}}[{{range $.Ptr}}{{else}}E{{break}}{{end}}after{{$x}}]{{end}}`,
		`{{range .B}}({{range .}}{{.}}{{else}}empty{{continue}}{{end}}tail){{end}}`,
		`{{range .B}}({{range .}}{{.}}{{else}}empty{{break}}{{end}}tail){{end}}`,
		// derived template in rcdata
		`{{define "x"}}{{.S}}{{end}}<title>{{template "x" .}}</title>`,
		`{{define "x"}}{{.S}}{{end}}<a title="{{template "x" .}}">a</a>`,
		// methods
		`{{.Val}} {{.PtrM}} {{.Arg 3}} {{.I8 300}} {{.EM}} {{.X}} {{.Str2 "q"}}`,
		`{{range .Vals}}{{.Val}}{{.PtrM}}{{end}}`,
		`{{with index .Vals 0}}{{.PtrM}}{{end}}`,
		`{{.EPM}}`, `{{.Y}}`,
		`{{.Str}} {{.Str.String}} {{.Any}}`,
		`{{.MI.k}}`, `{{.MK.k}}`, `{{index .MI 1}} {{index .MK "k"}}`,
		`{{.F}}`,
		`{{i8 300}} {{i8 'a'}} {{i8 1.0}} {{i8 0x7f}} {{add 1e2 0b11}} {{add 0o17 1_000}}`,
		`{{u8 3}}`, `{{f64 1.5}}`, `{{boolf true}}`, `{{rvf .}} {{rvf 3}} {{rvf nil}} {{rvf .M.missing}}`,
		`{{ident 1}} {{ident 1.0}} {{ident 1e3}} {{ident 0x1p4}} {{ident 'x'}} {{ident 1i}} {{ident "s"}} {{ident true}} {{ident nil}} {{ident 0x1E}}`,
		`{{cat "a"}} {{cat "a" "b" "c"}} {{"z" | cat "a"}} {{"z" | cat "a" "b"}}`,
		`{{cached "p" .}} {{cached "p" . 1 "a" true nil .N}} {{. | cached "p"}} {{3 | cached "p" .}}`,
		`{{strs}} {{ident .Str}} {{html1 "<b>"}} {{safe "<i>"}} <a href="{{url "javascript:x"}}">u</a>`,
		`{{and 1 0 2}} {{or 0 "" .N}} {{and}}`,
		`{{0 | and 1}} {{1 | or 0}} {{.M.missing | or 0}} {{.M.missing | and 1}}`,
		`{{not .M.missing}} {{len .M}} {{eq .Any 5}} {{eq .M.n nil}} {{eq .Str .Str}}`,
		`{{eq .N 2 3}} {{ne .N 2}} {{lt .N 3}} {{le 2 .N}} {{gt .N -1}} {{ge .N 3}} {{eq .N .A}}`,
		`{{$x := 1}}{{range .A}}{{$x = .}}{{end}}{{$x}}`,
		`{{define "r"}}{{$}}{{.}}{{end}}{{$y := 5}}{{template "r" .N}}{{$y}}{{template "r" $y := 7}}{{$y}}`,
		`{{with .Ptr}}p{{else with .M.k}}{{.}}{{else}}none{{end}}`,
		`{{with $v := .S}}{{$v}}{{end}}{{if $w := .N}}{{$w}}{{end}}`,
		`<a href="{{.S}}?q={{.S}}#{{.S}}">x</a><a href="/p/{{.M.k}}/{{.Any}}">y</a>`,
		`<a href="{{"javascript:alert(1)"}}">x</a><a href="{{url "javascript:alert(1)"}}">x</a><a href="{{safe "<b>"}}">x</a>`,
		`<a title="{{.Any}}" href="{{.Str}}">x</a><title>{{safe "a&amp;<b>"}}</title><textarea>{{.S}}</textarea>`,
		`{{.M}}`, `{{.A}}`, `{{.Vals}}`,
		`{{range $i, $e := .Vals}}{{$i}}{{$e.S}}{{$e.PtrM}}{{end}}`,
		`{{range $e := .Vals}}{{$e.PtrM}}{{end}}`,
		`{{(index .Vals 1).PtrM}}`,
		`{{$v := index .Vals 1}}{{$v.PtrM}}`,
		`{{up.X}}`,
	}
	for _, c := range cases {
		runBoth(t, c, d)
	}
}
