package serve

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium returns Debian's Chromium, or skips (fails with CI=true).
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (CI=true: the browser test must run; .ci/run installs it)")
	}
	t.Skip("chromium is not installed: skipping the live-reload browser test (apt-get install chromium)")
	return ""
}

// TestBrowserLiveReload opens a page in headless Chromium, edits its file
// and waits for the new text to appear with no manual reload; it checks
// the scroll position is kept across the reload.
func TestBrowserLiveReload(t *testing.T) {
	exe := chromium(t)
	ts := startServer(t, copyTree(t, fixture), false)
	// A long page, so that there is something to scroll.
	src := ts.read(t, "content/news/b.md") + strings.Repeat("\n长段落，用于测试滚动位置。\n", 200)
	ts.write(t, "content/news/b.md", src)
	ts.waitFor(t, "/fzzf/news/b/", "长段落", false)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer acancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	defer tcancel()

	// poll evaluates expr until it is true; a reload in between makes an
	// evaluation fail, which only means "not yet".
	poll := func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		var last error
		for time.Now().Before(deadline) {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
			if err == nil && ok {
				return
			}
			last = err
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s: not within 20 s (last error: %v)", what, last)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL()+"news/b/")); err != nil {
		t.Fatal(err)
	}
	poll("page loaded", `document.readyState === "complete" && document.body.innerText.indexOf("长段落") >= 0`)
	// Give the page's script time to open the event stream before saving.
	time.Sleep(500 * time.Millisecond)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.scrollTo(0, 600); window.scrollY`)); err != nil {
		t.Fatal(err)
	}
	ts.write(t, "content/news/b.md", strings.Replace(src, "正文乙。", "正文乙。浏览器自动刷新后的新文字。", 1))
	poll("the new text appears without a manual reload", `document.body.innerText.indexOf("浏览器自动刷新后的新文字。") >= 0 && document.readyState === "complete"`)
	time.Sleep(300 * time.Millisecond)
	y, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.scrollY`))
	if err != nil {
		t.Fatal(err)
	}
	if y < 500 {
		t.Errorf("scroll position after the reload is %v, want about 600 (kept)", y)
	}
	// A broken save shows the overlay in the open page, a fix removes it.
	ts.write(t, "content/news/b.md", strings.Replace(src, "title = ", "titel = ", 1))
	poll("an overlay names content/news/b.md:2:", `!!document.getElementById("preview-problems") && document.getElementById("preview-problems").innerText.indexOf("content/news/b.md:2:") >= 0`)
	ts.write(t, "content/news/b.md", src)
	poll("the overlay goes after the fix", `!document.getElementById("preview-problems") && document.readyState === "complete" && document.body.innerText.indexOf("长段落") >= 0`)
}
