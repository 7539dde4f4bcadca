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
