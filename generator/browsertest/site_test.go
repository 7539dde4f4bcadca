package browsertest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// asOf is the day the demo site is built for: the end of the campaign's
// last stage, so every sample page and ledger month is published and the
// result does not change with the calendar.
const asOf = "2023-12-31"

// basePath is the sub-path the site is served under, as on the bureau's
// server (https://zrzy.xuchang.gov.cn/fzzf/).
const basePath = "/fzzf/"

// need skips the test when a tool is missing, or fails it when CI=true:
// CI must run every browser test.
func need(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true: browser tests must run)", msg)
	}
	t.Skipf("skipped: %s", msg)
}

// chromium returns the browser to drive.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	need(t, false, "Chromium not found (apt-get install chromium)")
	return ""
}

// axeScript returns axe.min.js, installing axe-core@4 from the npm
// registry into the user cache folder the first time.
func axeScript(t *testing.T) []byte {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "fzzf-axe")
	file := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
	if b, err := os.ReadFile(file); err == nil {
		return b
	}
	npm, err := exec.LookPath("npm")
	need(t, err == nil, "npm not found: it installs axe-core (apt-get install npm)")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(npm, "install", "--no-audit", "--no-fund", "--prefix", dir, "axe-core@4")
	out, err := cmd.CombinedOutput()
	need(t, err == nil, "npm install axe-core@4 failed: %v\n%s", err, out)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("axe-core installed but %s is missing: %v", file, err)
	}
	return b
}

// repoRoot is the folder holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("go.mod not found above the test folder")
		}
		dir = up
	}
}

// site is the demo site, built and served.
type site struct {
	root   string // repository root
	public string // built output
	origin string // http://127.0.0.1:PORT
	pages  []string
}

// URL returns the absolute address of a site path such as "news/".
func (s *site) URL(p string) string {
	return s.origin + basePath + strings.TrimPrefix(p, "/")
}

// buildSite copies the demo site (config.toml, content/, seeds/, themes/
// and the other files at the top of the repository that a build reads)
// into a temporary folder, builds it with the generator command for the
// address it is then served at, and serves it until the test ends.
func buildSite(t *testing.T) *site {
	t.Helper()
	root := repoRoot(t)
	src := filepath.Join(t.TempDir(), "site")
	for _, name := range []string{"config.toml", "content", "seeds", "themes", "layouts", "static"} {
		if err := copyTree(filepath.Join(root, name), filepath.Join(src, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
	// Top-level data files such as the URL registry.
	tops, _ := filepath.Glob(filepath.Join(root, "*.txt"))
	for _, f := range tops {
		if err := copyTree(f, filepath.Join(src, filepath.Base(f))); err != nil {
			t.Fatal(err)
		}
	}
	return serveBuild(t, root, src)
}

// buildFixture builds and serves testdata/<name>, a small site with the
// built-in theme, for Markdown the demo content does not use.
func buildFixture(t *testing.T, name string) *site {
	t.Helper()
	root := repoRoot(t)
	src := filepath.Join(t.TempDir(), name)
	if err := copyTree(filepath.Join("testdata", name), src); err != nil {
		t.Fatal(err)
	}
	return serveBuild(t, root, src)
}

// serveBuild builds the site in src with the generator command for the
// address it is then served at, and serves it until the test ends.
func serveBuild(t *testing.T, root, src string) *site {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	public := filepath.Join(t.TempDir(), "public")
	cmd := exec.Command("go", "run", "./generator", "build", "--quiet",
		"--source", src, "--dest", public, "--base-url", origin+basePath, "--as-of", asOf)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", src, err, out)
	}
	srv := &http.Server{Handler: siteHandler(public), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	s := &site{root: root, public: public, origin: origin}
	s.pages = sitemapPaths(t, public, origin)
	return s
}

// siteHandler serves the output folder under basePath like the bureau's
// server: the site's 404.html with status 404 for anything missing.
func siteHandler(public string) http.Handler {
	files := http.FileServer(http.Dir(public))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, basePath)
		name := filepath.Join(public, filepath.FromSlash(rest))
		if st, err := os.Stat(name); ok && err == nil && st.IsDir() {
			_, err = os.Stat(filepath.Join(name, "index.html"))
			ok = err == nil
		} else if err != nil {
			ok = false
		}
		if !ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			b, _ := os.ReadFile(filepath.Join(public, "404.html"))
			w.Write(b)
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + rest
		files.ServeHTTP(w, r2)
	})
}

// sitemapPaths returns the site paths (below basePath) sitemap.xml lists.
func sitemapPaths(t *testing.T, public, origin string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(public, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(b, &set); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	var out []string
	for _, u := range set.URLs {
		p, ok := strings.CutPrefix(u.Loc, origin+basePath)
		if !ok {
			t.Fatalf("sitemap.xml lists %s, outside %s", u.Loc, origin+basePath)
		}
		out = append(out, p)
	}
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatal("sitemap.xml lists no pages")
	}
	return out
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}

var numberSegment = regexp.MustCompile(`^(\d+|\d{4}-\d{2}|page)$`)

// pageType groups addresses by shape: "news/*", "indicators/#",
// "progress/#": the same layout shows pages of one shape.
func pageType(p string) string {
	u, err := url.PathUnescape(strings.Trim(p, "/"))
	if err != nil || u == "" {
		return "(home)"
	}
	segs := strings.Split(u, "/")
	for i := 1; i < len(segs); i++ {
		switch {
		case numberSegment.MatchString(segs[i]):
			segs[i] = "#"
		default:
			segs[i] = "*"
		}
	}
	return strings.Join(segs, "/")
}

// sample returns up to n pages of each page type, in address order.
func sample(pages []string, n int) []string {
	count := map[string]int{}
	var out []string
	for _, p := range pages {
		k := pageType(p)
		if count[k] < n {
			count[k]++
			out = append(out, p)
		}
	}
	return out
}
