package portal_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"fzzf/generator/build"
	"fzzf/generator/check"
	"fzzf/generator/portal"
)

// TestMemoMatchesFull changes the fixture site at random between builds
// (ledgers edited, made late, broken, removed, added; seed data and
// content edited; the as-of day switched) and builds it incrementally with
// the extensions' memos, as the preview server does, and in full without
// them: the outputs must be the same bytes, and the problems the same.
func TestMemoMatchesFull(t *testing.T) {
	fsys := fstest.MapFS{}
	root := os.DirFS("testdata/site")
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	orig := map[string][]byte{}
	for p, f := range fsys {
		orig[p] = f.Data
	}
	ledgers := []string{"content/progress/2022-09/zcfgk.toml", "content/progress/2022-09/zwfwk.toml",
		"content/progress/2022-10/zcfgk.toml", "content/progress/2022-10/zwfwk.toml"}
	set := func(p string, data []byte) { fsys[p] = &fstest.MapFile{Data: data} }
	get := func(p string) string {
		if f, ok := fsys[p]; ok {
			return string(f.Data)
		}
		return ""
	}
	edits := []struct {
		name string
		do   func(r *rand.Rand)
	}{
		{"flip a status", func(r *rand.Rand) {
			l := ledgers[r.Intn(len(ledgers))]
			if s := get(l); s != "" {
				s = strings.NewReplacer("推进中", "已完成", "已完成", "推进中").Replace(s)
				set(l, []byte(s))
			}
		}},
		{"hand a ledger in late", func(r *rand.Rand) {
			l := ledgers[r.Intn(len(ledgers))]
			if s := get(l); s != "" {
				set(l, []byte(strings.Replace(s, "submitted = 2022-1", "submitted = 2023-0", 1)))
			}
		}},
		{"edit a detail", func(r *rand.Rand) {
			l := ledgers[r.Intn(len(ledgers))]
			if s := get(l); s != "" {
				set(l, []byte(strings.Replace(s, "detail = \"", fmt.Sprintf("detail = \"第%d次", r.Intn(100)), 1)))
			}
		}},
		{"break a ledger", func(r *rand.Rand) {
			l := ledgers[r.Intn(len(ledgers))]
			set(l, []byte(get(l)+"\nbogus = 1\n"))
		}},
		{"remove a ledger", func(r *rand.Rand) { delete(fsys, ledgers[r.Intn(len(ledgers))]) }},
		{"remove every ledger", func(r *rand.Rand) {
			for _, l := range ledgers {
				delete(fsys, l)
			}
		}},
		{"restore a ledger", func(r *rand.Rand) {
			l := ledgers[r.Intn(len(ledgers))]
			set(l, orig[l])
		}},
		{"add a month", func(r *rand.Rand) {
			s := strings.NewReplacer("2022-10", "2022-11", "2022-11-0", "2022-12-0").Replace(string(orig["content/progress/2022-10/zcfgk.toml"]))
			set("content/progress/2022-11/zcfgk.toml", []byte(s))
		}},
		{"drop the added month", func(r *rand.Rand) { delete(fsys, "content/progress/2022-11/zcfgk.toml") }},
		{"rename a stage", func(r *rand.Rand) {
			set("seeds/stages.toml", []byte(strings.Replace(string(orig["seeds/stages.toml"]), "name = \"", fmt.Sprintf("name = \"%d", r.Intn(3)), 1)))
		}},
		{"take an indicator from a unit", func(r *rand.Rand) {
			set("seeds/indicators.toml", []byte(strings.Replace(string(orig["seeds/indicators.toml"]), "units = [\"zcfgk\", \"zwfwk\"]\nline = 10", "units = [\"zcfgk\"]\nline = 10", 1)))
		}},
		{"give an indicator to a second unit", func(r *rand.Rand) {
			set("seeds/indicators.toml", []byte(strings.Replace(string(orig["seeds/indicators.toml"]), "units = [\"zcfgk\"]\nline = 12", "units = [\"zcfgk\", \"zwfwk\"]\nline = 12", 1)))
		}},
		{"restore the seeds", func(r *rand.Rand) {
			set("seeds/stages.toml", orig["seeds/stages.toml"])
			set("seeds/indicators.toml", orig["seeds/indicators.toml"])
		}},
		{"edit the news", func(r *rand.Rand) {
			set("content/news/training.md", []byte(strings.Replace(string(orig["content/news/training.md"]), "title = \"", fmt.Sprintf("title = \"%d", r.Intn(3)), 1)))
		}},
		{"edit the indicator prose", func(r *rand.Rand) {
			set("content/indicators/3.md", append(append([]byte(nil), orig["content/indicators/3.md"]...), fmt.Sprintf("\n第%d段。\n", r.Intn(3))...))
		}},
	}

	pm, cm := &portal.Memo{}, &check.Memo{}
	withMemo := func() []build.Extension {
		p, c := portal.New(), check.New()
		p.Memo, c.Memo = pm, cm
		return []build.Extension{p, c}
	}
	days := []string{"2022-10-20", "2023-06-30", "2022-11-04"}
	var builders []*build.Builder
	for _, d := range days {
		builders = append(builders, build.NewBuilder(build.Options{AsOf: day(d)}, withMemo))
	}
	r := rand.New(rand.NewSource(1))
	which, ok, failed := 0, 0, 0
	for step := 0; step < 120; step++ {
		what := "first build"
		if step > 0 {
			var names []string
			for n := 1 + r.Intn(2); n > 0; n-- {
				e := edits[r.Intn(len(edits))]
				e.do(r)
				names = append(names, e.name)
			}
			if r.Intn(6) == 0 {
				which = r.Intn(len(days))
				names = append(names, "as of "+days[which])
			}
			what = strings.Join(names, ", ")
		}
		var inc, full build.MemSink
		_, incErr := builders[which].Build(fsys, &inc)
		opts := build.Options{AsOf: day(days[which]), Extensions: []build.Extension{portal.New(), check.New()}}
		_, fullErr := build.Build(fsys, opts, &full)
		if fmt.Sprint(incErr) != fmt.Sprint(fullErr) {
			t.Fatalf("step %d (%s): problems differ:\nwith memos: %v\nfull: %v", step, what, incErr, fullErr)
		}
		if incErr != nil {
			failed++
			set("seeds/indicators.toml", orig["seeds/indicators.toml"])
			for _, l := range ledgers {
				if strings.Contains(get(l), "bogus") {
					set(l, orig[l])
				}
			}
			continue
		}
		ok++
		var paths []string
		for p := range full.Files {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		if len(inc.Files) != len(full.Files) {
			t.Fatalf("step %d (%s): %d outputs with memos, %d in full", step, what, len(inc.Files), len(full.Files))
		}
		for _, p := range paths {
			if !bytes.Equal(inc.Files[p], full.Files[p]) {
				t.Fatalf("step %d (%s): %s differs with memos:\n%s\nin full:\n%s", step, what, p, inc.Files[p], full.Files[p])
			}
		}
	}
	t.Logf("%d builds passed, %d failed", ok, failed)
	if ok < 40 || failed < 5 {
		t.Errorf("%d builds passed and %d failed: the edits are too tame or too wild", ok, failed)
	}
}
