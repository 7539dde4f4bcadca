package render

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// TestPartialCached checks partialCached's contract: one execution per
// build for each list of keys, whatever the dot; different keys execute
// again; and a missing partial is an error, not empty output.
func TestPartialCached(t *testing.T) {
	src := fstest.MapFS{
		"themes/t/layouts/_default/single.html":  {Data: []byte(`{{partialCached "partials/site.html" . .Key}}|{{.Own}}`)},
		"themes/t/layouts/partials/site.html":    {Data: []byte(`<b>{{.Key}}:{{.Own}}</b>`)},
		"themes/t/layouts/_default/missing.html": {Data: []byte(`{{partialCached "partials/nope.html" .}}`)},
	}
	th, err := LoadTheme(src, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	type dot struct{ Key, Own string }
	exec := func(layout string, d dot) (string, error) {
		tm, entry, err := th.Lookup(layout)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		err = tm.ExecuteTemplate(&b, entry, d)
		return b.String(), err
	}
	// Many pages at once, as the renderer runs them.
	var wg sync.WaitGroup
	got := make([]string, 40)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := "a"
			if i%2 == 1 {
				key = "b"
			}
			out, err := exec("_default/single.html", dot{Key: key, Own: strings.Repeat("x", i+1)})
			if err != nil {
				t.Error(err)
			}
			got[i] = out
		}()
	}
	wg.Wait()
	firstA, firstB := strings.Split(got[0], "|")[0], strings.Split(got[1], "|")[0]
	if !strings.HasPrefix(firstA, "<b>a:") || !strings.HasPrefix(firstB, "<b>b:") {
		t.Fatalf("cached parts %q and %q do not follow their keys", firstA, firstB)
	}
	for i, out := range got {
		part, own, _ := strings.Cut(out, "|")
		want := firstA
		if i%2 == 1 {
			want = firstB
		}
		if part != want {
			t.Errorf("page %d: cached part %q, want the one made for its key, %q", i, part, want)
		}
		if own != strings.Repeat("x", i+1) {
			t.Errorf("page %d: own part %q is not the page's", i, own)
		}
	}
	if _, err := exec("_default/missing.html", dot{}); err == nil || !strings.Contains(err.Error(), "partials/nope.html") {
		t.Errorf("missing partial: err = %v, want one naming partials/nope.html", err)
	}
}

// TestPartialCachedNested: a cached partial that asks for a cached partial
// (itself, here) is an error naming it, not a build that never ends.
func TestPartialCachedNested(t *testing.T) {
	src := fstest.MapFS{
		"themes/t/layouts/_default/single.html": {Data: []byte(`{{partialCached "partials/loop.html" .}}`)},
		"themes/t/layouts/partials/loop.html":   {Data: []byte(`<i>{{partialCached "partials/loop.html" .}}</i>`)},
	}
	th, err := LoadTheme(src, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	tm, entry, err := th.Lookup("_default/single.html")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- tm.ExecuteTemplate(&bytes.Buffer{}, entry, nil) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "inside a cached partial") {
			t.Errorf("err = %v, want one about partialCached inside a cached partial", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a nested partialCached hangs")
	}
}

// TestPartialCachedKeys: keys of every kind, and long ones, tell cached
// outputs apart as their printed values do.
func TestPartialCachedKeys(t *testing.T) {
	src := fstest.MapFS{
		"themes/t/layouts/_default/single.html": {Data: []byte(`{{partialCached "partials/p.html" . .S .B .N}}`)},
		"themes/t/layouts/partials/p.html":      {Data: []byte(`{{.S}}/{{.B}}/{{.N}}`)},
	}
	th, err := LoadTheme(src, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	type dot struct {
		S string
		B bool
		N int
	}
	long := strings.Repeat("长", 100)
	for _, d := range []dot{{"a", true, 1}, {"a", false, 1}, {"a", true, 2}, {long, true, 1}, {long + "x", true, 1}, {"a", true, 1}, {long, true, 1}} {
		tm, entry, err := th.Lookup("_default/single.html")
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tm.ExecuteTemplate(&b, entry, d); err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%s/%v/%d", d.S, d.B, d.N); b.String() != want {
			t.Errorf("keys %q %v %d: got %q", d.S, d.B, d.N, b.String())
		}
	}
}

// TestPartialCachedManyKeys: past the results read without a lock
// (maxCopied), partialCached still runs a partial once per key and gives
// each key its own output, in both orders of asking.
func TestPartialCachedManyKeys(t *testing.T) {
	src := fstest.MapFS{
		"themes/t/layouts/_default/single.html": {Data: []byte(`{{partialCached "partials/p.html" . .S}}`)},
		"themes/t/layouts/partials/p.html":      {Data: []byte(`{{.S}}:{{.Own}}`)},
	}
	th, err := LoadTheme(src, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	type dot struct{ S, Own string }
	n := 3*maxCopied + 7
	for round, own := range []string{"first", "second"} {
		for i := range n {
			if round == 1 {
				i = n - 1 - i
			}
			tm, entry, err := th.Lookup("_default/single.html")
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := tm.ExecuteTemplate(&b, entry, dot{S: fmt.Sprint("k", i), Own: own}); err != nil {
				t.Fatal(err)
			}
			// The first asker's dot made the output: a second round must
			// not run the partial again.
			if want := fmt.Sprintf("k%d:first", i); b.String() != want {
				t.Fatalf("round %d, key %d: got %q, want %q", round, i, b.String(), want)
			}
		}
	}
}

// TestPartialCachedFast: partialCached as fastexec calls it (keys from
// reflect values, the dot made an any only when the partial runs) gives
// what html/template's call of it gives, key by key, the first asker's
// dot included.
func TestPartialCachedFast(t *testing.T) {
	defer FastTemplates.Store(FastTemplates.Load())
	src := fstest.MapFS{
		"themes/t/layouts/_default/single.html": {Data: []byte(`{{partialCached "partials/p.html" . .S .B .N .I .NS .M.k (eq .N 1)}}|{{partialCached "partials/q.html" .}}|{{with .I}}{{partialCached "partials/p.html" $ .}}{{end}}`)},
		"themes/t/layouts/partials/p.html":      {Data: []byte(`{{.S}}/{{.B}}/{{.N}}/{{.I}}/{{.NS}}/{{.Own}}`)},
		"themes/t/layouts/partials/q.html":      {Data: []byte(`<q>{{.Own}}</q>`)},
	}
	type named string
	type dot struct {
		S   string
		B   bool
		N   int
		I   any
		NS  named
		M   map[string]any
		Own int
	}
	var dots []dot
	words := []string{"", "a", "b", "true", "<nil>", "1", "长"}
	for i := range 400 {
		w := func(k int) string { return words[(i*k+i/7)%len(words)] }
		d := dot{S: w(1), B: i%3 == 0, N: i % 4, NS: named(w(3)), Own: i}
		switch i % 5 {
		case 0:
			d.I = w(5)
		case 1:
			d.I = i%2 == 0
		case 2:
			d.I = i % 3
		case 3:
			d.I = named(w(2))
		}
		if i%4 != 0 {
			d.M = map[string]any{"k": w(7)}
		}
		dots = append(dots, d)
	}
	run := func(fast bool) []string {
		FastTemplates.Store(fast)
		th, err := LoadTheme(src, "t", nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range dots {
			tm, entry, err := th.Lookup("_default/single.html")
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := th.Execute(tm, entry, &b, d); err != nil {
				t.Fatal(err)
			}
			out = append(out, b.String())
		}
		return out
	}
	fast0, handed0 := FastStats()
	got := run(true)
	fast1, handed1 := FastStats()
	if fast1-fast0 != int64(len(dots)-1) || handed1 != handed0 {
		t.Errorf("%d of %d executions went through fastexec, %d handed back", fast1-fast0, len(dots), handed1-handed0)
	}
	want := run(false)
	for i := range dots {
		if got[i] != want[i] {
			t.Fatalf("dot %d %+v: fastexec gave\n%s\nhtml/template gave\n%s", i, dots[i], got[i], want[i])
		}
	}
}
