package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/tomlfile"
)

// TestSessionEqualsFull is the preview server's promise for this portal:
// with the extensions' memos (sessionExtensions), a rebuild after random
// editors' changes to the demo site (bodies, titles, ledgers, new and
// deleted articles, broken links) gives exactly the files and problems of
// a fresh build with fresh extensions.
func TestSessionEqualsFull(t *testing.T) {
	steps := 24
	if testing.Short() {
		steps = 8
	}
	dir := t.TempDir()
	for _, p := range []string{"config.toml", "urls.txt", "content", "seeds"} {
		copyPath(t, filepath.Join("..", p), filepath.Join(dir, p))
	}
	opts := build.Options{AsOf: mustDay(t, "2023-12-31"), Drafts: true, BaseURL: "http://127.0.0.1:1313/fzzf/"}
	b := build.NewBuilder(opts, sessionExtensions())
	rng := rand.New(rand.NewSource(7))
	var okBuilds, failed int
	for step := 0; step <= steps; step++ {
		what, undo := "first build", func() {}
		if step > 0 {
			what, undo = mutate(t, rng, dir)
		}
		var inc build.MemSink
		_, incErr := b.Build(os.DirFS(dir), &inc)
		full := opts
		full.Extensions = extensions()
		var want build.MemSink
		_, fullErr := build.Build(os.DirFS(dir), full, &want)
		switch {
		case (incErr == nil) != (fullErr == nil):
			t.Fatalf("step %d (%s): session build error %v, fresh build error %v", step, what, incErr, fullErr)
		case incErr != nil:
			if incErr.Error() != fullErr.Error() {
				t.Fatalf("step %d (%s): problems differ:\nsession: %v\nfresh:   %v", step, what, incErr, fullErr)
			}
			failed++
			undo()
			continue
		}
		okBuilds++
		if d := diffFiles(inc.Files, want.Files); d != "" {
			t.Fatalf("step %d (%s): session build differs from a fresh build:\n%s", step, what, d)
		}
	}
	t.Logf("%d good builds, %d failing builds", okBuilds, failed)
	if okBuilds < steps/2 || failed == 0 {
		t.Errorf("%d good and %d failing builds: the promise is barely tested", okBuilds, failed)
	}
}

// mutate makes one random editor's change under dir/content and returns
// what it did and how to undo it (used after a change that fails the
// build, so the next step starts from a good site).
func mutate(t *testing.T, rng *rand.Rand, dir string) (string, func()) {
	t.Helper()
	var md, ledgers []string
	_ = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			switch {
			case strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md"):
				md = append(md, p)
			case strings.HasSuffix(p, ".toml"):
				ledgers = append(ledgers, p)
			}
		}
		return nil
	})
	sort.Strings(md)
	sort.Strings(ledgers)
	pick := func(list []string) string { return list[rng.Intn(len(list))] }
	read := func(p string) []byte {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	write := func(p string, data []byte) {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rel := func(p string) string { r, _ := filepath.Rel(dir, p); return filepath.ToSlash(r) }
	restore := func(p string, old []byte) func() { return func() { write(p, old) } }
	switch n := rng.Intn(7); n {
	case 0, 1: // edit a body
		p := pick(md)
		old := read(p)
		write(p, append(bytes.Clone(old), fmt.Sprintf("\n补充说明第%d条（示例数据）。\n", rng.Intn(1000))...))
		return "edit body of " + rel(p), restore(p, old)
	case 2: // edit a title
		p := pick(md)
		old := read(p)
		write(p, bytes.Replace(old, []byte(`title = "`), []byte(`title = "（修订）`), 1))
		return "edit title of " + rel(p), restore(p, old)
	case 3: // edit a ledger entry
		p := pick(ledgers)
		old := read(p)
		mod := bytes.Replace(old, []byte(`status = "推进中"`), []byte(`status = "已完成"`), 1)
		if bytes.Equal(mod, old) {
			mod = bytes.Replace(old, []byte(`detail = "`), []byte(`detail = "（更新）`), 1)
		}
		write(p, mod)
		return "edit ledger " + rel(p), restore(p, old)
	case 4: // a new article, copied from another
		src := pick(md)
		p := filepath.Join(filepath.Dir(src), fmt.Sprintf("copy-%d.md", rng.Intn(1e6)))
		write(p, bytes.Replace(read(src), []byte(`title = "`), []byte(`title = "（副本）`), 1))
		return "add " + rel(p), func() { os.Remove(p) }
	case 5: // delete an article (may break links to it)
		p := pick(md)
		old := read(p)
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		return "delete " + rel(p), restore(p, old)
	default: // a broken link: fails both builds
		p := pick(md)
		old := read(p)
		write(p, append(bytes.Clone(old), "\n见[旧文](../nowhere/missing.md)。\n"...))
		return "broken link in " + rel(p), restore(p, old)
	}
}

func diffFiles(got, want map[string][]byte) string {
	var diffs []string
	for p, w := range want {
		if g, ok := got[p]; !ok {
			diffs = append(diffs, "missing "+p)
		} else if !bytes.Equal(g, w) {
			diffs = append(diffs, "differs "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 8 {
		diffs = append(diffs[:8], fmt.Sprintf("… and %d more", len(diffs)-8))
	}
	return strings.Join(diffs, "\n")
}

func mustDay(t *testing.T, day string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", day, tomlfile.China)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// copyPath copies a file or a folder tree.
func copyPath(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, r)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
