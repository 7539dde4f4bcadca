package fastexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The data the test templates see: fields, methods on values and
// pointers, maps, slices, interfaces, nil pointers, safe-content types.
type item struct {
	S    string
	N    int
	U    uint8
	F    float64
	B    bool
	T    time.Time
	H    template.HTML
	URL  template.URL
	L    []string
	Kids []*item
	M    map[string]any
	MS   map[string]string
	I    any
	P    *item
	Emb
	hidden string
	// Named basic types, printed by fmt: with and without methods.
	Lv  level
	Cnt count
	Nm  name
	On  onOff
	Big int64
}

type Emb struct{ E string }

type (
	level int    // a Stringer
	count uint16 // no methods
	name  string // no methods, but not a content type
	onOff bool   // a Stringer
)

func (l level) String() string {
	return [...]string{"低", "中", "<高>"}[(int(l)%3+3)%3]
}

func (o onOff) String() string {
	if o {
		return "on&"
	}
	return "off"
}

func (it item) Upper() string                { return strings.ToUpper(it.S) }
func (it *item) Twice(n int) int             { return 2 * n }
func (it *item) Join(sep string) string      { return strings.Join(it.L, sep) }
func (it item) Fail() (string, error)        { return "", errors.New("method failed") }
func (it item) Maybe() (string, error)       { return it.S + "!", nil }
func (it *item) Self() *item                 { return it }
func (it item) Kid(i int) *item              { return it.Kids[i] }
func (it item) Variadic(xs ...string) string { return strings.Join(xs, "+") }
func (it *item) Copy() item                  { return *it }

var testFuncs = template.FuncMap{
	"up":      strings.ToUpper,
	"safe":    func(s string) template.HTML { return template.HTML(s) },
	"safeURL": func(s string) template.URL { return template.URL(s) },
	"iso":     func(t time.Time) string { return t.Format("2006-01-02") },
	"fmtDate": func(layout string, t time.Time) string { return t.Format(layout) },
	"add":     func(a, b int) int { return a + b },
	"pct":     func(a, b int) string { return fmt.Sprint(a * 100 / max(b, 1)) },
	"check":   func(s string) (string, error) { return s, map[bool]error{true: errors.New("empty")}[s == ""] },
	"none":    func() string { return "none" },
	"pick":    func(def string, v any) any { return map[bool]any{true: def, false: v}[v == nil] },
	"md":      func(s string) (template.HTML, error) { return template.HTML("<em>" + s + "</em>"), nil },
	"cached": func(name string, dot any, vs ...any) (template.HTML, error) {
		return template.HTML(fmt.Sprint(name, len(vs), vs)), nil
	},
}

// The fixed templates: each construct the executor handles, and some it
// must hand back. fast names the ones that must never be handed back.
var fixed = []struct {
	src  string
	fast bool
}{
	{`<p>{{.S}}</p>{{.N}} {{.U}} {{.B}} {{.F}}`, true},
	{`<a href="{{.S}}" title="{{.S}}">{{.S}}</a>`, true},
	{`<a href="/x?q={{.S}}&n={{.N}}">x</a>`, true},
	{`<a href="{{.URL}}">{{.URL}}</a><a href="{{safeURL .S}}">y</a>`, true},
	{`<title>{{.S}} – {{.H}}</title>`, true},
	{`{{.H}}<p title="{{.S}}">{{safe .S}}</p>`, true},
	{`<p title="{{.H}}">x</p>`, false}, // html/template strips tags there: handed back
	{`{{.Upper}} {{.Twice 3}} {{.Join ", "}} {{.Maybe}} {{.Self.S}} {{(.Kid 0).S}}`, true},
	{`{{.Variadic "a" "b"}}{{.Variadic}}`, true},
	{`{{.Fail}}`, false},
	{`{{.P.S}}`, false},
	{`{{with .P}}{{.S}}{{else}}no p{{end}}`, true},
	{`{{.M.k}}|{{.M.missing}}|{{.MS.k}}|{{.I}}|{{.E}}|{{.Emb.E}}`, true},
	{`{{.M.k.x}}`, false},
	{`{{range .L}}<li>{{.}}</li>{{else}}empty{{end}}`, true},
	{`{{range $i, $x := .L}}{{if $i}}, {{end}}{{$i}}={{$x}}{{end}}`, true},
	{`{{range $x := .L}}{{if eq $x "b"}}{{continue}}{{end}}{{if eq $x "d"}}{{break}}{{end}}{{$x}}{{end}}`, true},
	{`{{range .Kids}}{{.S}}:{{range .L}}{{.}}{{end}};{{end}}`, true},
	{`{{range .M}}{{.}}{{end}}`, false},
	{`{{range .Kids}}({{range .L}}{{.}}{{else}}-{{continue}}{{end}}tail){{end}}`, true},
	{`{{range .Kids}}({{range .L}}{{.}}{{else}}-{{break}}{{end}}tail){{end}}`, true},
	{`{{range 3}}{{.}}{{end}}`, false},
	{`{{$x := .S}}{{with .Kids}}{{$x}}{{$x = "changed"}}{{end}}{{$x}}`, true},
	{`{{$ := .}}{{range .Kids}}{{$.S}}/{{.S}} {{end}}`, true},
	{`{{if and .B .S}}a{{else if or .N .S}}b{{else}}c{{end}}{{and .S .N}}{{or .N .S}}{{not .B}}`, true},
	{`{{if eq .N 1 2 3}}small{{end}}{{if ne .S "x"}}nx{{end}}{{if lt .N 5}}lt{{end}}{{if le .N 5}}le{{end}}{{if gt .N 5}}gt{{end}}{{if ge .U 5}}ge{{end}}`, true},
	{`{{eq .N .U}}{{lt .N .U}}{{eq .I nil}}{{eq .P nil}}`, true},
	{`{{eq .S 1}}`, false},
	{`{{len .L}} {{len .S}} {{len .M}} {{index .L 1}} {{index .M "k"}} {{index .MS "nope"}}`, true},
	{`{{index .L 99}}`, false},
	{`{{up .S}} {{iso .T}} {{fmtDate "2006年1月2日" .T}} {{add .N 2}} {{pct .N 7}} {{none}} {{check .S}}`, true},
	{`{{.S | up}} {{.S | printf "%s"}}`, false}, // printf is not copied
	{`{{pick "d" .I}} {{pick "d" .M.missing}}`, true},
	{`{{md .S}} {{cached "p" . .S .B}} {{cached "q" .}}`, true},
	{`{{define "u"}}<b>{{.}}</b>{{end}}{{template "u" .S}}{{template "u" .N}}{{block "b" .}}{{.S}}{{end}}`, true},
	{`{{define "r"}}{{if .}}{{len .}}{{template "r" (slice . 1)}}{{end}}{{end}}{{template "r" .L}}`, false}, // slice is not copied
	{`{{.hidden}}`, false},
	{`{{.Nope}}`, false},
	{`{{with $x := .S}}{{$x}}{{end}}{{with .N}}{{.}}{{else with .S}}{{.}}{{end}}`, true},
	{`<script>var x = {{.S}};</script>`, false}, // JS escaper: not copied
	{`<a href="{{.S}}{{.N}}#{{.S}}">{{"const"}} {{1}} {{1.5}} {{true}} {{'a'}}</a>`, true},
	{`{{(.Self).Upper}} {{(index .Kids 0).S}} {{$k := index .Kids 0}}{{$k.Upper}}`, true},
	{`{{.Twice .N}}`, true},
	{`{{.Upper 1}}`, false},
	{`{{.S | .Copy.Upper}}`, false},
	{`{{.Copy.Upper}} {{.Copy.Self.Upper}} {{with .Copy}}{{.Upper}}{{end}}`, true},
	{`<p>{{up .S | len}} {{iso .T | up}} {{none | up}}</p><a href="{{up .S | up}}">x</a>`, true},
	{`<p title="{{.Lv}}">{{.Lv}} {{.Cnt}} {{.Nm}} {{.On}} {{.Big}} {{.U}} {{.B}}</p><a href="{{.Nm}}?{{.Lv}}={{.Cnt}}">x</a><a href="/q?x={{.On}}">y</a>`, true},
	{`<textarea>{{.H}}{{.S}}{{.N}}</textarea><a title="{{.URL}}" href="/x?q={{.URL}}">{{.URL}}</a><a href="{{.URL}}">u</a>`, true},
	{`{{.Twice "x"}}`, false},
}

func randomItem(r *rand.Rand, depth int) *item {
	words := []string{"", "a", "b", "d", "x", "政策解读", `<b>"q"</b>`, "a&b", "javascript:alert(1)", "https://example.gov.cn/a b", "/fzzf/政策/", "it's", "1+1", "%zz", "%41", "mailto:x@y.cn", "\x00", "\uFFFE", "\xff"}
	w := func() string { return words[r.Intn(len(words))] }
	it := &item{
		S:   w(),
		N:   r.Intn(12) - 2,
		U:   uint8(r.Intn(9)),
		F:   r.Float64() * 3,
		B:   r.Intn(2) == 0,
		T:   time.Date(2020+r.Intn(5), time.Month(1+r.Intn(12)), 1+r.Intn(28), r.Intn(24), 0, 0, 0, time.UTC),
		H:   template.HTML(w()),
		URL: template.URL(w()),
		Emb: Emb{E: w()},
		Lv:  level(r.Intn(7) - 3),
		Cnt: count(r.Intn(70000)),
		Nm:  name(w()),
		On:  r.Intn(2) == 0,
		Big: r.Int63() - r.Int63(),
	}
	for range r.Intn(5) {
		it.L = append(it.L, w())
	}
	if r.Intn(3) > 0 {
		it.M = map[string]any{"k": w(), "n": r.Intn(3)}
		it.MS = map[string]string{"k": w()}
	}
	switch r.Intn(4) {
	case 0:
		it.I = w()
	case 1:
		it.I = r.Intn(5)
	case 2:
		it.I = template.HTML(w())
	}
	if depth < 2 {
		for range 1 + r.Intn(3) {
			it.Kids = append(it.Kids, randomItem(r, depth+1))
		}
		if r.Intn(2) == 0 {
			it.P = randomItem(r, depth+1)
		}
	}
	return it
}

// compare executes src with html/template and with the fast executor on
// data, and fails when they differ in anything but a hand-back.
func compare(t *testing.T, set *template.Template, prog *Program, src string, data any) (fast bool) {
	t.Helper()
	var want bytes.Buffer
	stdErr := set.ExecuteTemplate(&want, "t", data)
	var got bytes.Buffer
	err := prog.Execute(&got, data)
	switch {
	case err != nil && !errors.Is(err, ErrFallback):
		t.Fatalf("%s: fast executor returned %v, not a hand-back", src, err)
	case err != nil:
		return false
	case stdErr != nil:
		t.Fatalf("%s: html/template failed (%v) but the fast executor gave %q", src, stdErr, got.String())
	case got.String() != want.String():
		t.Fatalf("%s with %+v:\nfast %q\nstd  %q", src, data, got.String(), want.String())
	}
	return true
}

func prepare(t *testing.T, src string, data *item) (*template.Template, *Program, bool) {
	t.Helper()
	set, err := template.New("t").Funcs(testFuncs).Parse(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	// The first execution escapes the set; it may fail on this data.
	set.ExecuteTemplate(&bytes.Buffer{}, "t", data)
	prog, err := Compile(set, "t", testFuncs, testMethods...)
	if err != nil {
		return nil, nil, false
	}
	return set, prog, true
}

// testMethods are the methods of item the fixed and random templates call
// without reflection (random_test.go calls every one through reflection).
var testMethods = []Method{
	MethodOf("Upper", item.Upper),
	MethodOf("Upper", (*item).Upper),
	MethodOf("Self", (*item).Self),
}

type iface struct{}

func (iface) Any() any           { return 1 }
func (iface) Val() reflect.Value { return reflect.Value{} }
func (iface) Str() fmt.Stringer  { return nil }
func (iface) Plain() string      { return "" }
func (*iface) PtrPlain() string  { return "" }

// TestMethodOfRefuses: a method whose result text/template would give an
// interface type, and a function that is not the type's method.
func TestMethodOfRefuses(t *testing.T) {
	for name, f := range map[string]func(){
		"any result":     func() { MethodOf("Any", iface.Any) },
		"Value result":   func() { MethodOf("Val", iface.Val) },
		"Stringer":       func() { MethodOf("Str", iface.Str) },
		"wrong name":     func() { MethodOf("Nope", iface.Plain) },
		"wrong receiver": func() { MethodOf("PtrPlain", func(iface) string { return "" }) },
		"wrong type":     func() { MethodOf("Plain", func(iface) int { return 0 }) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: MethodOf did not panic", name)
				}
			}()
			f()
		}()
	}
	MethodOf("Plain", iface.Plain)
	MethodOf("PtrPlain", (*iface).PtrPlain)
	MethodOf("Plain", (*iface).Plain)
}

func TestFixedTemplates(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	items := make([]*item, 300)
	for i := range items {
		items[i] = randomItem(r, 0)
	}
	for _, c := range fixed {
		set, prog, ok := prepare(t, c.src, items[0])
		if !ok {
			if c.fast {
				t.Errorf("%s: does not compile", c.src)
			}
			continue
		}
		fastRuns, stdOK := 0, 0
		for _, it := range items {
			if set.ExecuteTemplate(&bytes.Buffer{}, "t", it) == nil {
				stdOK++
			}
			if compare(t, set, prog, c.src, it) {
				fastRuns++
			}
		}
		if c.fast && fastRuns != len(items) {
			// Some must-be-fast templates fail in html/template on some
			// data (a nil pointer): those runs are handed back.
			if fastRuns != stdOK {
				t.Errorf("%s: fast on %d of %d runs html/template completed", c.src, fastRuns, stdOK)
			}
		}
		if !c.fast && fastRuns == len(items) {
			t.Errorf("%s: expected at least one hand-back, got none", c.src)
		}
	}
}

// TestRandomTemplates composes templates at random from the constructs
// above, in every HTML context the portal's layouts use.
func TestRandomTemplates(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	values := []string{".S", ".N", ".U", ".B", ".H", ".URL", ".I", ".E", ".M.k", ".M.n", ".M.missing", ".MS.k", ".P.S", ".Upper", ".Lv", ".Cnt", ".Nm", ".On", ".Big", ".Self.Self.Upper", ".Copy.Upper", "(up .S | len)", ".Maybe", "(.Twice .N)", "(.Join \"/\")", "(len .L)", "(index .L 0)", "(up .S)", "(iso .T)", "(add .N .N)", "(pick \"d\" .I)", "$", "$.S", "\"lit\"", "3", "(eq .N 3)", "(not .S)", "(and .B .N)", "(or .S .N)", "(md .S)", "(.Self.Upper)", "(lt .N 4)"}
	conds := []string{".B", ".S", ".N", ".L", ".M", ".P", ".I", "(eq .S \"a\")", "(gt .N 2)", "(and .B .L)", "(or .P .S)", "(not .Kids)", "(ne .U 3)", "(le (len .L) 2)"}
	var gen func(depth int) string
	gen = func(depth int) string {
		var b strings.Builder
		for range 1 + r.Intn(4) {
			v := values[r.Intn(len(values))]
			switch k := r.Intn(10); {
			case k < 3:
				fmt.Fprintf(&b, "<p>{{%s}}</p>", v)
			case k == 3:
				fmt.Fprintf(&b, `<a href="{{%s}}" title="{{%s}}">x</a>`, v, v)
			case k == 4:
				fmt.Fprintf(&b, `<a href="/q?x={{%s}}">y</a>`, v)
			case k == 5 && depth < 3:
				fmt.Fprintf(&b, "{{if %s}}%s{{else}}%s{{end}}", conds[r.Intn(len(conds))], gen(depth+1), gen(depth+1))
			case k == 6 && depth < 3:
				fmt.Fprintf(&b, "{{with %s}}%s{{end}}", conds[r.Intn(len(conds))], gen(depth+1))
			case k == 7 && depth < 3:
				fmt.Fprintf(&b, "{{range $i, $k := .Kids}}{{if $i}},{{end}}%s{{else}}none{{end}}", gen(depth+1))
			case k == 8 && depth < 3:
				fmt.Fprintf(&b, "{{$v := %s}}{{range .L}}[{{$v}}|{{.}}]{{end}}", v)
			default:
				fmt.Fprintf(&b, "<span>{{%s}} {{%s}}</span>", v, values[r.Intn(len(values))])
			}
		}
		return b.String()
	}
	items := make([]*item, 40)
	for i := range items {
		items[i] = randomItem(r, 0)
	}
	total, fast := 0, 0
	for range 400 {
		src := "<title>{{.S}}</title>" + gen(0)
		set, prog, ok := prepare(t, src, items[0])
		if !ok {
			continue
		}
		for _, it := range items {
			total++
			if compare(t, set, prog, src, it) {
				fast++
			}
		}
	}
	// Most random runs must go the fast way, or the test proves little.
	if fast < total/2 {
		t.Errorf("only %d of %d runs were fast", fast, total)
	}
	t.Logf("%d of %d runs fast", fast, total)
}

// TestUnescapedSetHandsBack: a set html/template never executed has no
// escapers in its actions; running it fast would print unescaped data.
func TestUnescapedSetHandsBack(t *testing.T) {
	set := template.Must(template.New("t").Parse(`<p>{{.}}</p>{{$x := 1}}`))
	prog, err := Compile(set, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := prog.Execute(&b, "<b>"); !errors.Is(err, ErrFallback) {
		t.Fatalf("unescaped set: got %q, %v; want a hand-back", b.String(), err)
	}
}
