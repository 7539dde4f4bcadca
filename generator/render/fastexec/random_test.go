package fastexec

import (
	"bytes"
	"fmt"
	"html/template"
	"math/rand"
	"os"
	"strings"
	"testing"
)

func TestReviewRandom(t *testing.T) {
	r := rand.New(rand.NewSource(int64(testSeed())))
	funcs := template.FuncMap{}
	for k, v := range testFuncs {
		funcs[k] = v
	}
	for k, v := range revFuncs {
		funcs[k] = v
	}
	values := []string{".S", ".N", ".U", ".B", ".H", ".URL", ".I", ".E", ".M.k", ".M.n", ".M.missing", ".MS.k", ".Upper", ".Maybe", ".Lv", ".Cnt", ".Nm", ".On", ".Big",
		"(.Twice .N)", "(.Join \"/\")", "(len .L)", "(index .L 0)", "(up .S)", "(iso .T)", "(add .N 1)", "(pick \"d\" .I)", "$", "$.S", "\"lit\"", "3", "1.5", "'x'",
		"(eq .N 3)", "(not .S)", "(and .B .N)", "(or .S .N)", "(md .S)", "(.Self.Upper)", "(lt .N 4)", "$v", "$i", "$k", ".", "(ident .I)", "(ident .)", "(.Variadic .S \"z\")",
		"(cached \"p\" . .S .N)", "(safe .S)", "(safeURL .S)", "(i8 200)", "(cat .S \"x\" \"y\")", "(.S | cat \"a\")", "(.N | add 2)", "(index .M \"k\")", "(index .Kids 0).S", "(.Kid 0).S",
		"nil", "(ident nil)", "(and)", "(eq .I nil)", "(ne .U .N)", "(len .M)"}
	conds := []string{".B", ".S", ".N", ".L", ".M", ".P", ".I", "(eq .S \"a\")", "(gt .N 2)", "(and .B .L)", "(or .P .S)", "(not .Kids)", "(ne .U 3)", "(le (len .L) 2)", "$v", "$i", ".M.k", ".H", ".URL"}
	wraps := []string{"<p>%s</p>", `<a href="%s">x</a>`, `<a href="/q?x=%s&y=%s">y</a>`, `<a title="%s">z</a>`, "<title>%s</title>", "<textarea>%s</textarea>", `<img src="%s%s">`, "%s"}
	var gen func(depth int, inRange bool) string
	gen = func(depth int, inRange bool) string {
		var b strings.Builder
		for range 1 + r.Intn(3) {
			v := values[r.Intn(len(values))]
			k := r.Intn(16)
			if depth >= 3 && k >= 4 {
				k = r.Intn(4)
			}
			switch k {
			case 0, 1, 2:
				w := wraps[r.Intn(len(wraps))]
				n := strings.Count(w, "%s")
				args := make([]any, n)
				for i := range args {
					args[i] = "{{" + values[r.Intn(len(values))] + "}}"
				}
				fmt.Fprintf(&b, w, args...)
			case 3:
				if inRange {
					if r.Intn(2) == 0 {
						b.WriteString("{{break}}")
					} else {
						b.WriteString("{{continue}}")
					}
				} else {
					fmt.Fprintf(&b, "<b>{{%s}}</b>", v)
				}
			case 4:
				fmt.Fprintf(&b, "{{if %s}}%s{{else if %s}}%s{{else}}%s{{end}}", conds[r.Intn(len(conds))], gen(depth+1, inRange), conds[r.Intn(len(conds))], gen(depth+1, inRange), gen(depth+1, inRange))
			case 5:
				fmt.Fprintf(&b, "{{with %s}}%s{{else with %s}}%s{{end}}", conds[r.Intn(len(conds))], gen(depth+1, inRange), conds[r.Intn(len(conds))], gen(depth+1, inRange))
			case 6:
				fmt.Fprintf(&b, "{{range $i, $k := .Kids}}{{if $i}},{{end}}%s{{else}}none%s{{end}}", gen(depth+1, true), gen(depth+1, inRange))
			case 7:
				fmt.Fprintf(&b, "{{range .L}}[{{.}}%s]{{else}}%s{{end}}", gen(depth+1, true), gen(depth+1, inRange))
			case 8:
				fmt.Fprintf(&b, "{{$v = %s}}", v)
			case 9:
				fmt.Fprintf(&b, "{{$w := %s}}{{$w}}", v)
			case 10:
				fmt.Fprintf(&b, `{{template "sub" %s}}`, v)
			case 11:
				fmt.Fprintf(&b, `<title>{{template "sub2" %s}}</title>`, v)
			case 12:
				fmt.Fprintf(&b, "{{range $x := .Kids}}{{with $x.P}}%s{{end}}{{$x.S}}%s{{end}}", gen(depth+1, true), gen(depth+1, true))
			case 13:
				fmt.Fprintf(&b, "{{with $z := %s}}{{$z}}%s{{end}}", conds[r.Intn(len(conds))], gen(depth+1, inRange))
			default:
				fmt.Fprintf(&b, "<span>{{%s}} {{%s | up | len}}</span>", v, ".S")
			}
		}
		return b.String()
	}
	items := make([]*item, 30)
	for i := range items {
		items[i] = randomItem(r, 0)
	}
	total, fast := 0, 0
	n := 300
	for it := 0; it < n; it++ {
		body := gen(0, false)
		src := `{{define "sub"}}<i>{{.}}</i>{{if .}}{{$}}{{end}}{{end}}{{define "sub2"}}{{.}}{{end}}{{$v := .S}}{{$i := 0}}{{$k := .}}` + body
		set, err := template.New("t").Funcs(funcs).Parse(src)
		if err != nil {
			continue // e.g. $v undefined in some scope
		}
		var ok bool
		for _, d := range items {
			if set.ExecuteTemplate(&bytes.Buffer{}, "t", d) == nil {
				ok = true
				break
			}
		}
		if !ok {
			continue
		}
		prog, err := Compile(set, "t", funcs)
		if err != nil {
			continue
		}
		for _, d := range items {
			total++
			if compare(t, set, prog, src, d) {
				fast++
			}
		}
	}
	t.Logf("total %d fast %d", total, fast)
}

func testSeed() int {
	var s int
	fmt.Sscan(strings.TrimSpace(os.Getenv("SEED")), &s)
	return s
}
