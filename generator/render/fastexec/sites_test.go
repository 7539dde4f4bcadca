package fastexec

import (
	"bytes"
	"errors"
	"html/template"
	"reflect"
	"sync"
	"testing"
)

type named struct{ Name string }

func (n *named) Hi() string { return "hi " + n.Name }

type keyed map[string]string

func (k keyed) Name() string { return "method on map" }

type wrap struct {
	Things []any
	Vals   []named
	MV     map[string]named
	Arr    [2]named
}

func TestReviewInterfaceSites(t *testing.T) {
	d := wrap{
		Things: []any{st1{"a"}, st2{7}, &st1{"p"}, map[string]any{"Name": "m"}, keyed{"Name": "k"}, &named{"n"}, named{"v"}, map[string]int{"Name": 3}},
		Vals:   []named{{"x"}, {"y"}},
		MV:     map[string]named{"a": {"z"}},
		Arr:    [2]named{{"q"}, {"r"}},
	}
	for _, src := range []string{
		`{{range .Things}}<{{.Name}}>{{end}}`,
		`{{range .Vals}}{{.Hi}}{{end}}`,
		`{{.MV.a.Name}}`, `{{.MV.a.Hi}}`,
		`{{range .Arr}}{{.Hi}}{{end}}`,
		`{{with index .Vals 1}}{{.Hi}}{{end}}`,
		`{{range .Things}}{{with .}}{{.Name}}{{end}}{{end}}`,
	} {
		runBoth(t, src, d, &d)
	}
}

func TestReviewReflectValueData(t *testing.T) {
	d := &rv{S: "s", N: 3}
	for _, src := range []string{`{{.Kind}}`, `{{.IsValid}}`, `{{.S}}`, `{{.}}`} {
		set := template.Must(template.New("t").Parse(src))
		var want bytes.Buffer
		err1 := set.Execute(&want, reflect.ValueOf(d))
		set.Execute(&bytes.Buffer{}, d)
		prog, err := Compile(set, "t", nil)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		err2 := prog.Execute(&got, reflect.ValueOf(d))
		if err2 == nil && (err1 != nil || got.String() != want.String()) {
			t.Errorf("BUG reflect.Value data %s: std %q %v, fast %q", src, want.String(), err1, got.String())
		}
	}
}

func TestReviewRace(t *testing.T) {
	src := `{{range .Things}}<{{.Name}}>{{end}}{{range .Vals}}{{.Hi}}{{end}}{{define "x"}}{{$}}{{.}}{{end}}{{template "x" .MV.a.Name}}`
	set := template.Must(template.New("t").Parse(src))
	d1 := wrap{Things: []any{st1{"a"}, &st1{"p"}, map[string]any{"Name": "m"}, keyed{"Name": "k"}}, Vals: []named{{"x"}}, MV: map[string]named{"a": {"z"}}}
	d2 := wrap{Things: []any{&named{"n"}, named{"v"}, st2{7}}, Vals: []named{{"y"}}, MV: map[string]named{"a": {"w"}}}
	set.Execute(&bytes.Buffer{}, d1)
	prog, _ := Compile(set, "t", nil)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				d := d1
				if (i+g)%2 == 0 {
					d = d2
				}
				var want, got bytes.Buffer
				set.Execute(&want, d)
				err := prog.Execute(&got, d)
				if err != nil && !errors.Is(err, ErrFallback) {
					t.Error(err)
				}
				if err == nil && got.String() != want.String() {
					t.Errorf("race mismatch %q %q", got.String(), want.String())
					return
				}
			}
		}()
	}
	wg.Wait()
}
