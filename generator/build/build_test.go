package build

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/tomlfile"
)

var update = flag.Bool("update", false, "rewrite the golden output in testdata/golden")

func asOf(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, tomlfile.China)
	if err != nil {
		panic(err)
	}
	return t
}

// TestGolden builds the fixture site in testdata/site and compares every
// output file with testdata/golden. Run with -update after a deliberate
// change and review the diff.
func TestGolden(t *testing.T) {
	var sink MemSink
	_, err := Build(os.DirFS("testdata/site"), Options{AsOf: asOf("2023-06-01")}, &sink)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	golden := "testdata/golden"
	if *update {
		os.RemoveAll(golden)
		for p, data := range sink.Files {
			f := filepath.Join(golden, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := map[string][]byte{}
	err = filepath.WalkDir(golden, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(golden, p)
		want[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatalf("read golden tree (run go test ./generator/build -run TestGolden -update): %v", err)
	}
	for p, data := range sink.Files {
		w, ok := want[p]
		if !ok {
			t.Errorf("unexpected output %s", p)
			continue
		}
		if !bytes.Equal(w, data) {
			t.Errorf("output %s differs from golden:\n%s", p, firstDiff(string(w), string(data)))
		}
	}
	for p := range want {
		if _, ok := sink.Files[p]; !ok {
			t.Errorf("missing output %s", p)
		}
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + "\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(equal lines, different bytes)"
}

// TestDeterministic builds the same input twice, with the scheduler free to
// order work differently, and compares every byte.
func TestDeterministic(t *testing.T) {
	build := func() map[string][]byte {
		var sink MemSink
		if _, err := Build(os.DirFS("testdata/site"), Options{AsOf: asOf("2023-06-01")}, &sink); err != nil {
			t.Fatal(err)
		}
		return sink.Files
	}
	a, b := build(), build()
	if len(a) != len(b) {
		t.Fatalf("file count differs: %d vs %d", len(a), len(b))
	}
	var names []string
	for p := range a {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestRunFailureKeepsOutput checks the disk build's promise: a failed build
// leaves the old output exactly as it was and leaves no temp folder.
func TestRunFailureKeepsOutput(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	if err := os.CopyFS(src, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "out")
	if _, err := Run(src, dest, Options{AsOf: asOf("2023-06-01")}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(src, "content", "news", "bad.md")
	if err := os.WriteFile(bad, []byte("+++\ntitle = \"坏\"\ndate = 2023-01-01\nnope = 1\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Run(src, dest, Options{AsOf: asOf("2023-06-01")})
	if err == nil || !strings.Contains(err.Error(), "content/news/bad.md:4: unknown key \"nope\"") {
		t.Fatalf("want an unknown-key error at bad.md:4, got %v", err)
	}
	after, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil || !bytes.Equal(before, after) {
		t.Fatalf("output changed after a failed build (err %v)", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".out") || strings.Contains(e.Name(), ".old-") {
			t.Errorf("left behind %s", e.Name())
		}
	}
}

func TestRunRefusesSourceAsDest(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	for _, dest := range []string{dir, filepath.Dir(dir), filepath.Join(dir, "content")} {
		if _, err := Run(dir, dest, Options{AsOf: asOf("2023-06-01")}); err == nil {
			t.Errorf("Run with --dest %s succeeded; it would have replaced the source", dest)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "news")); err != nil {
		t.Fatalf("source damaged: %v", err)
	}
}

// TestEmbeddedTheme: a site of config.toml plus content/ builds with the
// theme built into the binary.
func TestEmbeddedTheme(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":            {Data: []byte("title = \"站\"\nbaseURL = \"https://a.gov.cn/x/\"\n[identity]\nsponsor = \"甲\"\ncontact = \"0374-1234567\"\nsiteCode = \"1\"\nicp = \"豫ICP备1号\"\npolice = \"豫公网安备41100202000001号\"\n")},
		"content/news/a.md":      {Data: []byte("+++\ntitle = \"甲文\"\ndate = 2023-01-02\n+++\n正文。\n")},
		"content/news/_index.md": {Data: []byte("+++\ntitle = \"动态\"\n+++\n")},
	}
	var sink MemSink
	res, err := Build(fsys, Options{AsOf: asOf("2023-06-01")}, &sink)
	if err != nil {
		t.Fatal(err)
	}
	page := string(sink.Files["news/a/index.html"])
	for _, want := range []string{"<title>甲文 – 站</title>", `<meta name="SiteIDCode" content="1">`, "主办单位：甲", "https://beian.miit.gov.cn/", "webSearch?code=41100202000001"} {
		if !strings.Contains(page, want) {
			t.Errorf("news/a/index.html lacks %q", want)
		}
	}
	if res.Pages < 4 {
		t.Errorf("pages = %d, want home, section, page, 404 at least", res.Pages)
	}
}

// TestDirSinkFileInTheWay: an output folder whose name is taken by a file
// is reported as such, not as a puzzling write error.
func TestDirSinkFileInTheWay(t *testing.T) {
	root := t.TempDir()
	d := &dirSink{root: root}
	if err := d.Put("news", "", []byte("x")); err != nil {
		t.Fatal(err)
	}
	err := d.Put("news/index.html", "", []byte("y"))
	if err == nil || !strings.Contains(err.Error(), "a file of that name is in the way") {
		t.Errorf("err = %v, want one saying a file is in the way", err)
	}
	if err := d.Put("a/b/c/index.html", "", []byte("z")); err != nil {
		t.Errorf("nested folders: %v", err)
	}
}
