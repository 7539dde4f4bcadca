package serve

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/tomlfile"
)

// fixture is the build package's golden site: sections, a bundle, a
// future page, tags, a site layout and a site stylesheet.
const fixture = "../build/testdata/site"

func asOf(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, tomlfile.China)
	if err != nil {
		panic(err)
	}
	return t
}

// copyTree copies the folder src to a new temporary folder.
func copyTree(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// testServer is a real server on a loopback port over a real folder.
type testServer struct {
	*Server
	dir    string
	builds chan BuildInfo
}

func startServer(t testing.TB, dir string, poll bool) *testServer {
	t.Helper()
	srv, err := New(Options{
		Source: dir, Port: 0, Poll: poll, PollInterval: 50 * time.Millisecond,
		Build: build.Options{AsOf: asOf("2023-06-01"), Drafts: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: srv, dir: dir, builds: make(chan BuildInfo, 100)}
	srv.OnBuild = func(b BuildInfo) { ts.builds <- b }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("server did not shut down within 10 s")
		}
	})
	select {
	case <-srv.Ready():
	case <-time.After(30 * time.Second):
		t.Fatal("first build did not finish")
	}
	<-ts.builds
	return ts
}

func (ts *testServer) get(t testing.TB, p string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(strings.TrimSuffix(ts.URL(), "/fzzf/") + p)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

func (ts *testServer) write(t testing.TB, rel, text string) {
	t.Helper()
	p := filepath.Join(ts.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (ts *testServer) read(t testing.TB, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(ts.dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// waitFor polls a URL until its body contains want (or, with absent,
// no longer contains it).
func (ts *testServer) waitFor(t testing.TB, p, want string, absent bool) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body, _ := ts.get(t, p)
		if strings.Contains(body, want) != absent {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: after 10 s, contains %q is still %v; body:\n%s", p, want, absent, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// events connects to the server's event stream and returns the names of
// the events it sends.
func (ts *testServer) events(t testing.TB) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(ts.URL(), "/fzzf/")+eventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("events Content-Type %q", ct)
	}
	out := make(chan string, 100)
	ready := make(chan bool)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		once := sync.Once{}
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "retry:") {
				once.Do(func() { close(ready) })
			}
			if name, ok := strings.CutPrefix(line, "event: "); ok {
				out <- name
			}
		}
	}()
	<-ready
	return out
}

func waitEvent(t testing.TB, ch <-chan string, want string) {
	t.Helper()
	waitEventWithin(t, ch, want, 10*time.Second)
}

func waitEventWithin(t testing.TB, ch <-chan string, want string, d time.Duration) {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case got := <-ch:
			if got == want {
				return
			}
		case <-timeout:
			t.Fatalf("no %q event within %v", want, d)
		}
	}
}

func TestEditReloads(t *testing.T) {
	ts := startServer(t, copyTree(t, fixture), false)
	ev := ts.events(t)
	code, body, h := ts.get(t, "/fzzf/news/b/")
	if code != 200 || !strings.Contains(body, "<script>") || !strings.Contains(body, eventsPath) {
		t.Fatalf("GET news/b: %d, reload script missing:\n%s", code, body)
	}
	if ct := h.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	src := ts.read(t, "content/news/b.md")
	ts.write(t, "content/news/b.md", src+"\n新增的一段话：预览服务器测试。\n")
	waitEvent(t, ev, "reload")
	_, body, _ = ts.get(t, "/fzzf/news/b/")
	if !strings.Contains(body, "新增的一段话：预览服务器测试。") {
		t.Fatalf("after the reload event the page still has the old text:\n%s", body)
	}
	// The title shows in lists too.
	ts.write(t, "content/news/b.md", strings.Replace(src, "title = \"", "title = \"改名", 1))
	waitEvent(t, ev, "reload")
	for _, p := range []string{"/fzzf/", "/fzzf/news/page/3/", "/fzzf/news/index.xml", "/fzzf/tags/部署/"} {
		if _, body, _ := ts.get(t, p); !strings.Contains(body, "改名乙") {
			t.Errorf("%s does not show the new title", p)
		}
	}
}

func TestAtomicSave(t *testing.T) {
	ts := startServer(t, copyTree(t, fixture), false)
	ev := ts.events(t)
	src := ts.read(t, "content/news/c.md")
	// As vim does: write a swap file, then a temp file renamed over the
	// original.
	ts.write(t, "content/news/.c.md.swp", "swap")
	ts.write(t, "content/news/4913", "probe")
	os.Remove(filepath.Join(ts.dir, "content/news/4913"))
	tmp := filepath.Join(ts.dir, "content/news/c.md~")
	if err := os.WriteFile(tmp, []byte(src+"\n原子保存后的新内容。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(ts.dir, "content/news/c.md")); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, ev, "reload")
	ts.waitFor(t, "/fzzf/news/rectify/", "原子保存后的新内容。", false)
	// A second save the same way is seen too (the watch survives).
	if err := os.WriteFile(tmp, []byte(src+"\n第二次保存。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(ts.dir, "content/news/c.md")); err != nil {
		t.Fatal(err)
	}
	ts.waitFor(t, "/fzzf/news/rectify/", "第二次保存。", false)
	// Delete and recreate.
	os.Remove(filepath.Join(ts.dir, "content/news/c.md"))
	ts.write(t, "content/news/c.md", src+"\n重新创建。\n")
	ts.waitFor(t, "/fzzf/news/rectify/", "重新创建。", false)
}

const newPage = `+++
title = "新栏目里的文章"
date = 2023-03-01T09:00:00
+++
新文件夹里的正文。
`

func TestFolderCreatedAfterStart(t *testing.T) {
	for _, poll := range []bool{false, true} {
		name := "inotify"
		if poll {
			name = "poll"
		}
		t.Run(name, func(t *testing.T) {
			ts := startServer(t, copyTree(t, fixture), poll)
			ts.write(t, "content/notices/2023/first.md", newPage)
			ts.waitFor(t, "/fzzf/notices/2023/first/", "新文件夹里的正文。", false)
			// A file added later in the new folder is seen: it is watched.
			ts.write(t, "content/notices/2023/second.md", strings.Replace(newPage, "正文", "第二篇", 1))
			ts.waitFor(t, "/fzzf/notices/2023/second/", "新文件夹里的第二篇。", false)
			// The folder renamed: old addresses go, new ones come.
			if err := os.Rename(filepath.Join(ts.dir, "content/notices"), filepath.Join(ts.dir, "content/gonggao")); err != nil {
				t.Fatal(err)
			}
			ts.waitFor(t, "/fzzf/gonggao/2023/second/", "新文件夹里的第二篇。", false)
			if code, _, _ := ts.get(t, "/fzzf/notices/2023/second/"); code != 404 {
				t.Errorf("old address after rename: status %d, want 404", code)
			}
			ts.write(t, "content/gonggao/2023/third.md", strings.Replace(newPage, "正文", "第三篇", 1))
			ts.waitFor(t, "/fzzf/gonggao/2023/third/", "新文件夹里的第三篇。", false)
		})
	}
}

func TestErrorOverlay(t *testing.T) {
	ts := startServer(t, copyTree(t, fixture), false)
	ev := ts.events(t)
	src := ts.read(t, "content/news/b.md")
	bad := strings.Replace(src, "title = ", "titel = ", 1)
	ts.write(t, "content/news/b.md", bad)
	waitEvent(t, ev, "problems")
	body := ts.waitFor(t, "/fzzf/news/a/", `<div id="preview-problems"`, false)
	if !strings.Contains(body, "content/news/b.md:2: ") {
		t.Fatalf("overlay does not name content/news/b.md:2:\n%s", body)
	}
	// The last good site is still served, also for the broken page.
	if code, body, _ := ts.get(t, "/fzzf/news/b/"); code != 200 || !strings.Contains(body, `<div id="preview-problems"`) {
		t.Fatalf("news/b during the error: %d", code)
	}
	ts.write(t, "content/news/b.md", src)
	waitEvent(t, ev, "reload")
	ts.waitFor(t, "/fzzf/news/a/", `<div id="preview-problems"`, true)
}

func TestOnlySiteFiles(t *testing.T) {
	ts := startServer(t, copyTree(t, fixture), false)
	code, notFound, _ := ts.get(t, "/fzzf/no/such/page/")
	if code != 404 || !strings.Contains(notFound, "页面未找到") {
		t.Fatalf("unknown page: %d\n%s", code, notFound)
	}
	for _, p := range []string{
		"/fzzf/../config.toml", "/fzzf/%2e%2e/config.toml", "/fzzf/%2E%2E%2Fconfig.toml",
		"/fzzf/..%2fconfig.toml", "/fzzf/news/..%5c..%5cconfig.toml", "/config.toml",
		"/fzzf/content/news/a.md", "/fzzf/news/%2e%2e/%2e%2e/config.toml", "/fzzf/news/a/%00",
		"/fzzf/..%252fconfig.toml", "/fzzf/layouts/partials/pagemeta.html", "/fzzf//etc/passwd",
	} {
		req, _ := http.NewRequest("GET", strings.TrimSuffix(ts.URL(), "/fzzf/")+"/", nil)
		req.URL.Opaque = p // sent as written, not cleaned by the client
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 || strings.Contains(string(body), "baseURL") {
			t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
		}
	}
	for p, want := range map[string]string{
		"/fzzf/sitemap.xml": "application/xml; charset=utf-8",
		"/fzzf/robots.txt":  "text/plain; charset=utf-8",
		"/fzzf/index.xml":   "application/xml; charset=utf-8",
	} {
		code, _, h := ts.get(t, p)
		if code != 200 || h.Get("Content-Type") != want {
			t.Errorf("GET %s: %d %q, want 200 %q", p, code, h.Get("Content-Type"), want)
		}
	}
	// public/ is never written.
	if _, err := os.Stat(filepath.Join(ts.dir, "public")); err == nil {
		t.Errorf("serve wrote public/")
	}
}
