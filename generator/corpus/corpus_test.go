package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"

	"fzzf/generator/privacy"
)

// readTree returns every file under dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := make(map[string][]byte)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func write(t *testing.T, opts Options) (string, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	if err := Write(dir, opts); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return dir, readTree(t, dir)
}

// corpusOf is written once and shared by the tests that only read it.
var corpusOf = func() func(t *testing.T) map[string][]byte {
	var files map[string][]byte
	return func(t *testing.T) map[string][]byte {
		if files == nil {
			_, files = write(t, Options{Pages: 600, Seed: 7})
		}
		return files
	}
}()

func TestLayout(t *testing.T) {
	files := corpusOf(t)
	if got := len(files); got != 600+3+1 {
		t.Errorf("%d files, want 600 pages, 3 section indexes and config.toml", got)
	}
	for _, want := range []string{"config.toml", "content/news/_index.md", "content/notices/_index.md",
		"content/articles/_index.md", "content/news/p00001.md", "content/notices/p00002.md",
		"content/articles/p00003.md", "content/news/p00004.md", "content/articles/p00600.md"} {
		if files[want] == nil {
			t.Errorf("missing %s", want)
		}
	}
	if string(files["config.toml"]) != ConfigTOML {
		t.Errorf("config.toml differs from ConfigTOML")
	}
}

func TestDeterministic(t *testing.T) {
	opts := Options{Pages: 200, Seed: 42}
	_, a := write(t, opts)
	_, b := write(t, opts)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, content := range a {
		if !bytes.Equal(content, b[name]) {
			t.Errorf("%s differs between two writes with the same seed", name)
		}
	}

	opts.Seed = 43
	_, c := write(t, opts)
	differ := 0
	for name, content := range a {
		if strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, "_index.md") && !bytes.Equal(content, c[name]) {
			differ++
		}
	}
	if differ < 190 {
		t.Errorf("only %d of 200 pages differ between seeds 42 and 43", differ)
	}
}

// frontMatter is the front matter every page must have, and nothing else.
type frontMatter struct {
	Title string
	Date  time.Time
	Tags  []string
	Units []string
}

// split returns the front matter and body of a page.
func split(t *testing.T, name string, page []byte) (string, string) {
	t.Helper()
	s := string(page)
	if !strings.HasPrefix(s, "+++\n") {
		t.Fatalf("%s does not start with +++", name)
	}
	fm, body, ok := strings.Cut(s[4:], "\n+++\n")
	if !ok {
		t.Fatalf("%s has no closing +++", name)
	}
	return fm, body
}

func pages(files map[string][]byte) []string {
	var names []string
	for name := range files {
		if strings.HasPrefix(name, "content/") && !strings.HasSuffix(name, "_index.md") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func TestFrontMatter(t *testing.T) {
	files := corpusOf(t)
	from, to := time.Date(2022, 8, 1, 0, 0, 0, 0, time.Local), time.Date(2024, 1, 1, 0, 0, 0, 0, time.Local)
	for _, name := range pages(files) {
		fm, _ := split(t, name, files[name])
		var m frontMatter
		md, err := toml.Decode(fm, &m)
		if err != nil {
			t.Errorf("%s: front matter: %v", name, err)
			continue
		}
		if u := md.Undecoded(); len(u) > 0 {
			t.Errorf("%s: unexpected keys %v", name, u)
		}
		if m.Title == "" || hans(m.Title) < 4 {
			t.Errorf("%s: title %q", name, m.Title)
		}
		if m.Date.Before(from) || !m.Date.Before(to) {
			t.Errorf("%s: date %v outside the campaign", name, m.Date)
		}
		checkPicks(t, name, "tags", m.Tags, tags, 2, 3)
		checkPicks(t, name, "units", m.Units, units, 1, 3)
	}
	for _, sec := range DefaultSections {
		var m struct{ Title string }
		if _, err := toml.Decode(strings.Split(string(files["content/"+sec+"/_index.md"]), "+++")[1], &m); err != nil || m.Title != sectionTitles[sec] {
			t.Errorf("%s/_index.md: title %q, err %v", sec, m.Title, err)
		}
	}
}

func checkPicks(t *testing.T, name, key string, got, from []string, lo, hi int) {
	t.Helper()
	if len(got) < lo || len(got) > hi {
		t.Errorf("%s: %d %s, want %d to %d", name, len(got), key, lo, hi)
	}
	seen := make(map[string]bool)
	for _, g := range got {
		if !slices.Contains(from, g) || seen[g] {
			t.Errorf("%s: %s %q unknown or repeated", name, key, g)
		}
		seen[g] = true
	}
}

// hans counts Han characters, independently of the package's hanCount.
func hans(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

var (
	linkRE    = regexp.MustCompile(`\[[^\]]+\]\(([^)]+)\)`)
	headingRE = regexp.MustCompile(`(?m)^## \S`)
	listRE    = regexp.MustCompile(`(?m)^- \S`)
	tableRE   = regexp.MustCompile(`(?m)^\| [^\n]+ \|\n\|( :?-+:? \|)+\n(\| [^\n]+ \|\n)+`)
)

func TestBody(t *testing.T) {
	files := corpusOf(t)
	lo, hi := 1500, 0
	for _, name := range pages(files) {
		_, body := split(t, name, files[name])
		n := hans(body)
		lo, hi = min(lo, n), max(hi, n)
		if n < 600 || n > 1500 {
			t.Errorf("%s: body has %d Han characters, want 600 to 1,500", name, n)
		}
		if h := len(headingRE.FindAllString(body, -1)); h < 2 || h > 4 {
			t.Errorf("%s: %d headings, want 2 to 4", name, h)
		}
		if !listRE.MatchString(body) {
			t.Errorf("%s: no bulleted list", name)
		}
		if !tableRE.MatchString(body) {
			t.Errorf("%s: no GFM table", name)
		}
		links := linkRE.FindAllStringSubmatch(body, -1)
		if len(links) < 1 || len(links) > 3 {
			t.Errorf("%s: %d links, want 1 to 3", name, len(links))
		}
		for _, l := range links {
			target := path.Join(path.Dir(name), l[1])
			if !strings.HasPrefix(l[1], "../") || files[target] == nil || strings.HasSuffix(target, "_index.md") {
				t.Errorf("%s: link %s: no page %s", name, l[1], target)
			}
			if target == name {
				t.Errorf("%s: links to itself", name)
			}
		}
	}
	t.Logf("bodies have %d to %d Han characters", lo, hi)
}

// TestNothingPrivate checks that the benchmark site passes the privacy scan
// the build runs on its output.
func TestNothingPrivate(t *testing.T) {
	s := privacy.New(nil)
	for name, content := range corpusOf(t) {
		for _, f := range s.Scan(content) {
			t.Errorf("%s:%d:%d: %s", name, f.Line, f.Col, f.Message())
		}
	}
}

func TestSectionsAndSmallSites(t *testing.T) {
	_, files := write(t, Options{Pages: 2, Seed: 1, Sections: []string{"responses", "其他"}})
	for _, want := range []string{"content/responses/p00001.md", "content/其他/p00002.md", "content/其他/_index.md"} {
		if files[want] == nil {
			t.Errorf("missing %s", want)
		}
	}
	if !bytes.Contains(files["content/其他/_index.md"], []byte(`title = "其他"`)) {
		t.Errorf("_index.md of a new section is not titled with its name:\n%s", files["content/其他/_index.md"])
	}
	if !bytes.Contains(files["content/responses/p00001.md"], []byte("(../其他/p00002.md)")) {
		t.Errorf("page 1 of 2 does not link to page 2")
	}

	_, files = write(t, Options{Pages: 1})
	if !bytes.Contains(files["content/news/p00001.md"], []byte("(../news/p00001.md)")) {
		t.Errorf("a one-page site does not link to its only page")
	}
	_, files = write(t, Options{})
	if len(files) != 4 {
		t.Errorf("a site with no pages has %d files, want config.toml and 3 section indexes", len(files))
	}
}

func TestBadOptions(t *testing.T) {
	for _, opts := range []Options{
		{Pages: -1},
		{Pages: 1, Sections: []string{"news", "news"}},
		{Pages: 1, Sections: []string{"a/b"}},
		{Pages: 1, Sections: []string{".."}},
		{Pages: 1, Sections: []string{""}},
	} {
		if err := Write(t.TempDir(), opts); err == nil {
			t.Errorf("Write(%+v) succeeded", opts)
		}
	}
}

func TestRewrite(t *testing.T) {
	dir, _ := write(t, Options{Pages: 30, Seed: 1})
	if err := Write(dir, Options{Pages: 10, Seed: 1}); err != nil {
		t.Fatalf("rewriting a corpus: %v", err)
	}
	files := readTree(t, dir)
	if files["content/news/p00028.md"] != nil || len(pages(files)) != 10 {
		t.Errorf("rewriting with fewer pages left %d pages", len(pages(files)))
	}
}

func TestRefusesToOverwriteASite(t *testing.T) {
	dir := t.TempDir()
	site := []byte("title = \"真实站点\"\n")
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), site, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, Options{Pages: 3}); err == nil {
		t.Errorf("Write over a site's config.toml succeeded")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "config.toml")); !bytes.Equal(b, site) {
		t.Errorf("config.toml was changed")
	}

	dir = t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content", "news"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, Options{Pages: 3}); err == nil {
		t.Errorf("Write into an existing content directory succeeded")
	}
}

// BenchmarkPages measures making pages in memory, without the disk.
func BenchmarkPages(b *testing.B) {
	c := &corpus{seed: 1, pages: 10000, sections: DefaultSections}
	var sb strings.Builder
	n := 0
	for i := 1; b.Loop(); i++ {
		sb.Reset()
		c.page(&sb, 1+i%10000)
		n += sb.Len()
	}
	b.SetBytes(int64(n / max(b.N, 1)))
}

// BenchmarkWrite writes a 1,000-page corpus to disk.
func BenchmarkWrite(b *testing.B) {
	for b.Loop() {
		if err := Write(b.TempDir(), Options{Pages: 1000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
