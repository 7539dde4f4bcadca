package serve

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"fzzf/generator/build"
)

// TestIncrementalEqualsFull applies random sequences of edits, creations,
// renames and deletions to a site on disk, rebuilds incrementally after
// each (re-reading only the changed paths, as the server does) and
// compares the result with a fresh full build of the same files, byte for
// byte, and the problems when both fail.
func TestIncrementalEqualsFull(t *testing.T) {
	steps := 60
	if testing.Short() {
		steps = 15
	}
	for _, tc := range []struct {
		seed   int64
		drafts bool
	}{{1, true}, {2, false}, {3, true}, {4, false}} {
		t.Run(fmt.Sprintf("seed%d-drafts%v", tc.seed, tc.drafts), func(t *testing.T) {
			dir := copyTree(t, fixture)
			opts := build.Options{AsOf: asOf("2023-06-01"), Drafts: tc.drafts, BaseURL: "http://127.0.0.1:1313/fzzf/"}
			b := build.NewBuilder(opts, nil)
			snap, err := loadSnapshot(dir)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewSource(tc.seed))
			m := &mutator{t: t, dir: dir, rng: rng}
			var ok, failed, reused int
			for step := 0; step <= steps; step++ {
				var changed []string
				what := "first build"
				if step > 0 {
					changed = append(changed, m.pending...)
					m.pending = nil
					// One to three operations per rebuild, like a burst.
					var whats []string
					for n := 1 + rng.Intn(3); n > 0; n-- {
						w, paths := m.random()
						whats = append(whats, w)
						changed = append(changed, paths...)
					}
					what = strings.Join(whats, "; ")
					snap, err = snap.update(dir, changed)
					if err != nil {
						t.Fatal(err)
					}
				}
				var inc build.MemSink
				_, incErr := b.Build(snap, &inc)
				var full build.MemSink
				_, fullErr := build.Build(os.DirFS(dir), opts, &full)
				if (incErr == nil) != (fullErr == nil) {
					t.Fatalf("step %d (%s): incremental error %v, full error %v", step, what, incErr, fullErr)
				}
				if incErr != nil {
					if incErr.Error() != fullErr.Error() {
						t.Fatalf("step %d (%s): problems differ:\nincremental: %v\nfull: %v", step, what, incErr, fullErr)
					}
					failed++
					if failed < 3 {
						t.Logf("step %d (%s): both fail: %v", step, what, incErr)
					}
					m.restore()
					continue
				}
				ok++
				m.keep()
				reused += b.Stats().RenderReused
				compareSites(t, fmt.Sprintf("step %d (%s)", step, what), inc.Files, full.Files)
			}
			t.Logf("%d good builds, %d failed builds, %d outputs reused", ok, failed, reused)
			if ok < steps/2 {
				t.Errorf("only %d of %d builds succeeded: the property is barely tested", ok, steps)
			}
			if reused == 0 {
				t.Errorf("nothing was reused: the builds were not incremental")
			}
		})
	}
}

func compareSites(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	var diffs []string
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+p)
		case !bytes.Equal(g, w):
			diffs = append(diffs, "differs "+p+":\n"+firstDiff(string(w), string(g)))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		if len(diffs) > 5 {
			diffs = append(diffs[:5], fmt.Sprintf("… and %d more", len(diffs)-5))
		}
		t.Fatalf("%s: incremental build differs from full build:\n%s", what, strings.Join(diffs, "\n"))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("  line %d\n  full:        %s\n  incremental: %s", i+1, x, y)
		}
	}
	return ""
}

// mutator changes the site on disk the way editors do.
type mutator struct {
	t       *testing.T
	dir     string
	rng     *rand.Rand
	n       int
	good    map[string][]byte // the files of the last good build
	pending []string          // paths restore changed
}

func (m *mutator) abs(rel string) string { return filepath.Join(m.dir, filepath.FromSlash(rel)) }

func (m *mutator) pages() []string {
	var out []string
	filepath.WalkDir(m.abs("content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "_index.md" {
			rel, _ := filepath.Rel(m.dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func (m *mutator) read(rel string) string {
	data, err := os.ReadFile(m.abs(rel))
	if err != nil {
		m.t.Fatal(err)
	}
	return string(data)
}

func (m *mutator) write(rel, text string) {
	if err := os.MkdirAll(filepath.Dir(m.abs(rel)), 0o755); err != nil {
		m.t.Fatal(err)
	}
	if err := os.WriteFile(m.abs(rel), []byte(text), 0o644); err != nil {
		m.t.Fatal(err)
	}
}

// keep remembers the files of a good build.
func (m *mutator) keep() {
	snap, err := loadSnapshot(m.dir)
	if err != nil {
		m.t.Fatal(err)
	}
	m.good = snap.files
}

// restore puts back the files of the last good build, so that the
// sequence goes on from a good site; the paths it touches are part of the
// next rebuild.
func (m *mutator) restore() {
	cur, err := loadSnapshot(m.dir)
	if err != nil {
		m.t.Fatal(err)
	}
	for p, data := range m.good {
		if !bytes.Equal(cur.files[p], data) {
			m.write(p, string(data))
			m.pending = append(m.pending, p)
		}
	}
	for p := range cur.files {
		if _, ok := m.good[p]; !ok {
			os.Remove(m.abs(p))
			m.pending = append(m.pending, p)
		}
	}
	sort.Strings(m.pending)
}

var words = []string{"法治政府", "行政审批", "自然资源", "规划许可", "政务公开", "依法行政", "执法监督", "复议应诉"}

func (m *mutator) word() string { return words[m.rng.Intn(len(words))] }

// random applies one random change and returns what it did and the paths
// it touched.
func (m *mutator) random() (string, []string) {
	pages := m.pages()
	pick := func() string { return pages[m.rng.Intn(len(pages))] }
	m.n++
	switch op := m.rng.Intn(17); {
	case op < 4 && len(pages) > 0: // body edit, the common case
		p := pick()
		text := m.read(p) + "\n" + m.word() + fmt.Sprintf("第%d次修改。\n", m.n)
		if m.rng.Intn(3) == 0 && len(pages) > 1 {
			other := pick()
			rel, _ := filepath.Rel(path.Dir(p), other)
			text += fmt.Sprintf("\n参见[相关](%s)。\n", filepath.ToSlash(rel))
		}
		m.write(p, text)
		return "edit body of " + p, []string{p}
	case op < 6 && len(pages) > 0: // title edit
		p := pick()
		m.write(p, strings.Replace(m.read(p), "title = \"", fmt.Sprintf("title = \"%s%d", m.word(), m.n), 1))
		return "edit title of " + p, []string{p}
	case op < 7 && len(pages) > 0: // date edit
		p := pick()
		text := m.read(p)
		i := strings.Index(text, "date = ")
		if i < 0 {
			return "no-op", nil
		}
		j := strings.IndexByte(text[i:], '\n')
		day := fmt.Sprintf("date = 2023-%02d-%02d", 1+m.rng.Intn(8), 1+m.rng.Intn(28))
		m.write(p, text[:i]+day+text[i+j:])
		return "edit date of " + p, []string{p}
	case op < 8 && len(pages) > 0: // tags
		p := pick()
		text := m.read(p)
		tags := fmt.Sprintf("tags = [%q]\n", m.word())
		if strings.Contains(text, "\ntags = ") {
			i := strings.Index(text, "\ntags = ")
			j := strings.IndexByte(text[i+1:], '\n')
			text = text[:i+1] + tags + text[i+1+j+1:]
		} else {
			text = strings.Replace(text, "+++\n", "+++\n"+tags, 1)
		}
		m.write(p, text)
		return "set tags of " + p, []string{p}
	case op < 10: // create
		dirs := []string{"content/news", "content/news/2023", "content/policies", "content/notices"}
		rel := fmt.Sprintf("%s/n%d.md", dirs[m.rng.Intn(len(dirs))], m.n)
		body := fmt.Sprintf("+++\ntitle = \"新%s%d\"\ndate = 2023-%02d-%02d\ntags = [%q]\n+++\n%s正文。\n",
			m.word(), m.n, 1+m.rng.Intn(8), 1+m.rng.Intn(28), m.word(), m.word())
		if m.rng.Intn(4) == 0 {
			body = strings.Replace(body, "+++\n", "+++\ndraft = true\n", 1)
		}
		m.write(rel, body)
		return "create " + rel, []string{rel}
	case op < 11 && len(pages) > 1: // rename (as a move)
		p := pick()
		if strings.HasSuffix(p, "/index.md") {
			return "no-op", nil
		}
		to := path.Join(path.Dir(p), fmt.Sprintf("r%d.md", m.n))
		if err := os.Rename(m.abs(p), m.abs(to)); err != nil {
			m.t.Fatal(err)
		}
		return "rename " + p + " to " + to, []string{p, to}
	case op < 12 && len(pages) > 3: // delete
		p := pick()
		if strings.HasSuffix(p, "/index.md") {
			return "no-op", nil
		}
		os.Remove(m.abs(p))
		return "delete " + p, []string{p}
	case op < 13: // section title
		rel := "content/news/_index.md"
		m.write(rel, fmt.Sprintf("+++\ntitle = \"创建动态%d\"\nsummary = \"动态栏目说明\"\n+++\n", m.n))
		return "edit " + rel, []string{rel}
	case op < 14: // a site layout
		rel := "layouts/partials/pagemeta.html"
		m.write(rel, m.read(rel)+fmt.Sprintf("<!-- %d -->\n", m.n))
		return "edit " + rel, []string{rel}
	case op < 15: // a stylesheet
		rel := "static/css/extra.css"
		m.write(rel, m.read(rel)+fmt.Sprintf("/* %d */\n", m.n))
		return "edit " + rel, []string{rel}
	case op < 16 && len(pages) > 0: // a new slug: pages linking to it change, their files do not
		p := pick()
		text := m.read(p)
		slug := fmt.Sprintf("slug = \"s%d\"\n", m.n)
		if i := strings.Index(text, "\nslug = "); i >= 0 {
			j := strings.IndexByte(text[i+1:], '\n')
			text = text[:i+1] + slug + text[i+1+j+1:]
		} else {
			text = strings.Replace(text, "+++\n", "+++\n"+slug, 1)
		}
		m.write(p, text)
		return "set slug of " + p, []string{p}
	default: // a draft toggled
		if len(pages) == 0 {
			return "no-op", nil
		}
		p := pick()
		text := m.read(p)
		if strings.Contains(text, "draft = true\n") {
			text = strings.Replace(text, "draft = true\n", "", 1)
		} else {
			text = strings.Replace(text, "+++\n", "+++\ndraft = true\n", 1)
		}
		m.write(p, text)
		return "toggle draft of " + p, []string{p}
	}
}
