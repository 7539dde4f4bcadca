package deploytest

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// need returns the path of a program the test needs; without it the test
// is skipped, or fails when CI=true.
func need(t *testing.T, name string, extra ...string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, p := range extra {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed: CI must install it (Debian: apt-get install %s)", name, name)
	}
	t.Skipf("%s is not installed: skipping the deployment test (install Debian's %s to run it)", name, name)
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func TestNginxConf(t *testing.T) {
	conf := NginxConf(Server{Prefix: "/tmp/p", SiteDir: "/tmp/site/", BasePath: "fzzf", Port: 8080})
	for _, want := range []string{
		"daemon off;", "pid /tmp/p/nginx.pid;", "listen 127.0.0.1:8080;",
		"location /fzzf/ {", "alias /tmp/site/;", "error_page 404 /fzzf/404.html;",
		"client_body_temp_path /tmp/p/client_body;", "text/css css;",
	} {
		if !strings.Contains(conf, want) {
			t.Errorf("NginxConf lacks %q:\n%s", want, conf)
		}
	}
	if strings.Contains(conf, "user ") {
		t.Errorf("NginxConf sets a user without being asked:\n%s", conf)
	}
	if again := NginxConf(Server{Prefix: "/tmp/p", SiteDir: "/tmp/site/", BasePath: "fzzf", Port: 8080}); again != conf {
		t.Error("NginxConf is not deterministic")
	}
}

// TestDeploy builds the repository's site for a sub-path, serves it with
// nginx and crawls it.
func TestDeploy(t *testing.T) {
	nginx := need(t, "nginx", "/usr/sbin/nginx")
	goBin := need(t, "go")
	if testing.Short() {
		t.Skip("deployment test skipped in -short mode")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "config.toml")); err != nil {
		t.Fatalf("the repository's site is not at %s: %v", root, err)
	}
	tmp := t.TempDir()
	port := freePort(t)
	base := fmt.Sprintf("http://127.0.0.1:%d/fzzf/", port)
	site := filepath.Join(tmp, "site")

	// The generator command itself builds the site, with every extension.
	gen := filepath.Join(tmp, "generator")
	if out, err := exec.Command(goBin, "build", "-o", gen, "fzzf/generator").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	build := exec.Command(gen, "build", "--source", root, "--dest", site, "--base-url", base, "--as-of", "2023-12-31", "--quiet")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("generator build: %v\n%s", err, out)
	}

	prefix := filepath.Join(tmp, "nginx")
	if err := os.MkdirAll(prefix, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := Server{Prefix: prefix, SiteDir: site, BasePath: "/fzzf/", Port: port}
	if os.Geteuid() == 0 {
		srv.User = "root" // t.TempDir is private to the test's user
	}
	conf := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(conf, []byte(NginxConf(srv)), 0o644); err != nil {
		t.Fatal(err)
	}
	// nginx's own output goes to a file: a pipe would stay open as long as
	// any worker lives.
	out, err := os.Create(filepath.Join(prefix, "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(nginx, "-p", prefix, "-c", conf, "-e", filepath.Join(prefix, "error.log"))
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatalf("start nginx: %v", err)
	}
	t.Cleanup(func() {
		// TERM makes the master stop its workers and exit; KILL if not.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	waitFor(t, port, prefix)

	c := &crawler{t: t, client: &http.Client{Timeout: 10 * time.Second}, base: base, seen: map[string]bool{}}
	locs := c.sitemap(base + "sitemap.xml")
	if len(locs) < 10 {
		t.Fatalf("sitemap.xml lists %d URLs; want the whole site", len(locs))
	}
	for _, u := range locs {
		c.visit(u, base+"sitemap.xml")
	}
	c.run()
	if c.kinds["text/css"] == 0 || c.kinds["application/javascript"] == 0 {
		t.Errorf("no stylesheet or script was fetched: %v", c.kinds)
	}
	if c.kinds["application/xml"] < 2 {
		t.Errorf("the feeds were not fetched: %v", c.kinds)
	}
	t.Logf("crawled %d URLs (%d in sitemap.xml): %v", len(c.seen), len(locs), c.kinds)

	// An unknown path answers 404 with the site's own 404 page.
	for _, p := range []string{"no-such-page/", "news/no-such-item/", "css/missing.css"} {
		resp, err := c.client.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s%s: status %d, want 404", base, p, resp.StatusCode)
		}
		if !bytes.Contains(body, []byte("<h1>页面未找到</h1>")) || !bytes.Contains(body, []byte(`lang="zh-CN"`)) {
			t.Errorf("GET %s%s: not the site's 404 page:\n%.300s", base, p, body)
		}
	}
}

func waitFor(t *testing.T, port int, prefix string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err == nil {
			conn.Close()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	out, _ := os.ReadFile(filepath.Join(prefix, "stderr.log"))
	log, _ := os.ReadFile(filepath.Join(prefix, "error.log"))
	t.Fatalf("nginx did not start listening on port %d:\n%s\n%s", port, out, log)
}

type crawler struct {
	t      *testing.T
	client *http.Client
	base   string
	seen   map[string]bool
	queue  []visit
	kinds  map[string]int
}

type visit struct{ url, from string }

func (c *crawler) visit(u, from string) {
	if c.seen[u] {
		return
	}
	c.seen[u] = true
	c.queue = append(c.queue, visit{u, from})
}

var linkRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

func (c *crawler) run() {
	c.kinds = map[string]int{}
	for len(c.queue) > 0 {
		v := c.queue[0]
		c.queue = c.queue[1:]
		resp, err := c.client.Get(v.url)
		if err != nil {
			c.t.Errorf("GET %s (linked from %s): %v", v.url, v.from, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			c.t.Errorf("GET %s (linked from %s): status %d, want 200", v.url, v.from, resp.StatusCode)
			continue
		}
		typ, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
		c.kinds[typ]++
		if typ != "text/html" {
			continue
		}
		for _, m := range linkRE.FindAllSubmatch(body, -1) {
			ref := strings.ReplaceAll(string(m[1]), "&amp;", "&")
			u, err := url.Parse(v.url)
			if err != nil {
				continue
			}
			r, err := u.Parse(ref)
			if err != nil {
				c.t.Errorf("%s: bad link %q", v.url, ref)
				continue
			}
			r.Fragment = ""
			abs := r.String()
			if strings.HasPrefix(abs, c.base) {
				c.visit(abs, v.url)
			}
		}
	}
}

// sitemap returns the <loc> URLs of a sitemap, sorted.
func (c *crawler) sitemap(u string) []string {
	resp, err := c.client.Get(u)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("GET %s: status %d", u, resp.StatusCode)
	}
	var out []string
	for _, m := range regexp.MustCompile(`<loc>([^<]+)</loc>`).FindAllSubmatch(body, -1) {
		out = append(out, string(m[1]))
	}
	sort.Strings(out)
	return out
}
