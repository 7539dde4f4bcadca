// Package serve is the preview server: it builds the site into memory
// (public/ is never touched), serves it on a loopback port, watches the
// source folder and rebuilds after every save, and tells open pages to
// reload over Server-Sent Events.
//
// # What editors see
//
// Drafts and pages dated in the future are shown (marked 预览 by the
// layouts) unless Options.Build.Drafts is off. After a save the page
// reloads and keeps its scroll position; a change to CSS files only swaps
// the stylesheets. When a build fails, the last good site stays up and every
// open page shows an overlay listing each problem as file:line: message;
// the next good build removes it.
//
// # How
//
// The source folder's Roots (config.toml, content/, layouts/, themes/,
// static/, seeds/) are held in an in-memory snapshot. Watching (fsnotify,
// or polling with Options.Poll or when the inotify limit is reached) gives
// changed paths; a burst of them is folded into one rebuild, which re-reads
// only those paths and runs build.Builder, which renders again only what
// the change can affect and takes over the rest (see build.Builder). The
// served files are swapped in one step after a successful build. The
// server asks the Go runtime to keep its memory under a soft limit
// (memory.go), since it holds the site, twice while a layout change renders
// every page again.
//
// Only files of the built site are served: a request path is looked up in
// the built file table, so nothing else on disk can be reached; unknown
// paths get the site's 404 page with status 404.
package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/config"
	"fzzf/generator/diag"
)

// Options configure a preview server.
type Options struct {
	Source string // the site folder (holds config.toml)
	Bind   string // address to listen on; default 127.0.0.1
	Port   int    // 0 picks a free port

	Build      build.Options            // Drafts, AsOf; BaseURL is set by the server
	Extensions func() []build.Extension // fresh extensions for every build

	Poll         bool          // poll instead of using inotify
	PollInterval time.Duration // default 500 ms
	Settle       time.Duration // quiet time that ends a burst of events; default 10 ms

	Log io.Writer // progress and problems; default io.Discard
}

// Server is a running preview server.
type Server struct {
	opts     Options
	dir      string
	builder  *build.Builder
	basePath string
	url      string
	ln       net.Listener

	mu       sync.RWMutex
	snap     *snapshot
	files    map[string][]byte // the last good site
	problems []string          // of the last build, if it failed
	version  int

	hub   hub
	ready chan struct{} // closed after the first build

	// OnBuild, if set, is called after every build with what it did (for
	// tests and benchmarks).
	OnBuild func(BuildInfo)
}

// BuildInfo describes one rebuild.
type BuildInfo struct {
	Paths    []string      // site-relative paths that changed
	Duration time.Duration // from the first event to the files being swapped in
	Err      error
	Stats    build.Stats
	CSSOnly  bool
}

// New reads the site, builds it and listens; Serve then serves it.
// A build that fails is not an error here: the problems are shown in the
// browser until a save fixes them.
func New(opts Options) (*Server, error) {
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 500 * time.Millisecond
	}
	if opts.Settle <= 0 {
		opts.Settle = 10 * time.Millisecond
	}
	dir, err := filepath.Abs(opts.Source)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, dir: dir, ready: make(chan struct{})}
	s.snap, err = loadSnapshot(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	cfg, err := config.Load(s.snap, "")
	if err != nil {
		return nil, err
	}
	s.basePath = cfg.BasePath()
	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Bind, fmt.Sprint(opts.Port)))
	if err != nil {
		return nil, fmt.Errorf("listen on %s port %d: %w", opts.Bind, opts.Port, err)
	}
	s.ln = ln
	s.url = "http://" + ln.Addr().String() + s.basePath
	bopts := opts.Build
	bopts.BaseURL = s.url
	s.builder = build.NewBuilder(bopts, opts.Extensions)
	return s, nil
}

// URL is the address of the site's home page.
func (s *Server) URL() string { return s.url }

// Ready is closed once the first build is done and the site is served.
func (s *Server) Ready() <-chan struct{} { return s.ready }

// Loopback reports whether the server listens only on this machine.
func (s *Server) Loopback() bool {
	host, _, _ := net.SplitHostPort(s.ln.Addr().String())
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve builds the site, then serves and rebuilds it until ctx ends, and
// shuts down cleanly.
func (s *Server) Serve(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	changes := make(chan string, 1024)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := watch(ctx, s.dir, s.opts.Poll, s.opts.PollInterval, s.opts.Log, changes); err != nil {
			fmt.Fprintf(s.opts.Log, "serve: watching stopped: %v\n", err)
		}
	}()
	// Watch first, so a save during the first build is not missed.
	s.rebuild(nil, time.Now())
	go func() {
		defer wg.Done()
		s.loop(ctx, changes)
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(s.ln) }()
	close(s.ready)
	select {
	case <-ctx.Done():
	case err := <-errc:
		cancel()
		wg.Wait()
		return err
	}
	s.hub.closeAll()
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	err := srv.Shutdown(sctx)
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// loop folds bursts of changes into rebuilds.
func (s *Server) loop(ctx context.Context, changes <-chan string) {
	for {
		var first string
		select {
		case <-ctx.Done():
			return
		case first = <-changes:
		}
		start := time.Now()
		paths := map[string]bool{first: true}
		timer := time.NewTimer(s.opts.Settle)
		deadline := time.After(10 * s.opts.Settle)
	burst:
		for {
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case p := <-changes:
				paths[p] = true
				if !timer.Stop() {
					select {
					case <-timer.C:
					default:
					}
				}
				timer.Reset(s.opts.Settle)
			case <-timer.C:
				break burst
			case <-deadline:
				break burst
			}
		}
		list := make([]string, 0, len(paths))
		for p := range paths {
			list = append(list, p)
		}
		s.rebuild(list, start)
	}
}

// rebuild re-reads the changed paths (nil: the first build), builds and
// swaps in the result or shows its problems.
func (s *Server) rebuild(paths []string, start time.Time) {
	info := BuildInfo{Paths: paths, CSSOnly: len(paths) > 0}
	for _, p := range paths {
		if path.Ext(p) != ".css" {
			info.CSSOnly = false
		}
	}
	snap := s.snap
	if paths != nil {
		next, err := s.snap.update(s.dir, paths)
		if err != nil {
			info.Err = err
		} else {
			snap = next
		}
	}
	// Sized like the last site: a map grown from empty, again for every
	// save, costs more than the build's reused outputs.
	sink := build.MemSink{Files: make(map[string][]byte, len(s.files))}
	var res *build.Result
	if info.Err == nil {
		s.snap = snap
		res, info.Err = s.builder.Build(snap, &sink)
	}
	info.Stats = s.builder.Stats()
	limitMemory()
	s.mu.Lock()
	s.version++
	if info.Err != nil {
		s.problems = problemLines(info.Err)
	} else {
		s.problems = nil
		s.files = sink.Files
	}
	probs := s.problems
	s.mu.Unlock()
	info.Duration = time.Since(start)
	switch {
	case info.Err != nil:
		data, _ := json.Marshal(probs)
		s.hub.broadcast("problems", string(data))
		fmt.Fprintf(s.opts.Log, "build failed (the last good site is still served):\n  %s\n", strings.Join(probs, "\n  "))
	case info.CSSOnly:
		s.hub.broadcast("css", "{}")
	default:
		s.hub.broadcast("reload", "{}")
	}
	if info.Err == nil {
		for _, w := range res.Warnings {
			fmt.Fprintln(s.opts.Log, w.Error())
		}
		fmt.Fprintf(s.opts.Log, "built %d pages, %d files in %d ms (%d rendered, %d reused)\n",
			res.Pages, res.Files, info.Duration.Milliseconds(), info.Stats.Rendered, info.Stats.RenderReused)
	}
	if s.OnBuild != nil {
		s.OnBuild(info)
	}
}

// problemLines turns a build error into file:line: message lines.
func problemLines(err error) []string {
	var l *diag.List
	if errors.As(err, &l) {
		var out []string
		for _, p := range l.Problems() {
			out = append(out, p.Error())
		}
		if len(out) > 0 {
			return out
		}
	}
	return []string{err.Error()}
}

// eventsPath is where pages listen for rebuilds. It is outside any base
// path a site can have a file at, since outputs never start with "__".
const eventsPath = "/__preview/events"

// ServeHTTP serves the built site, the events stream and the 404 page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == eventsPath {
		s.events(w, r)
		return
	}
	if r.URL.Path == "/" && s.basePath != "/" {
		http.Redirect(w, r, s.basePath, http.StatusFound)
		return
	}
	s.mu.RLock()
	files, problems := s.files, s.problems
	s.mu.RUnlock()
	out, ok := outputPath(r.URL, s.basePath)
	var data []byte
	if ok {
		data, ok = files[out]
		if !ok && path.Ext(out) == "" {
			if _, dir := files[out+"/index.html"]; dir {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
		}
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusNotFound
		out = "404.html"
		data, ok = files[out]
		if !ok {
			data = []byte("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>页面未找到</title></head><body><h1>页面未找到</h1></body></html>\n")
		}
	}
	if files == nil {
		status = http.StatusInternalServerError
		out = "error.html"
		data = []byte("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>构建失败</title></head><body><h1>构建失败</h1><p>修改并保存文件后，本页会自动刷新。</p></body></html>\n")
	}
	ctype := contentType(out)
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, problems)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// outputPath maps a request to an output file of the site, refusing
// anything that is not a plain path under the base path: dot segments,
// encoded slashes or dots, backslashes, NUL.
func outputPath(u *url.URL, base string) (string, bool) {
	raw := u.EscapedPath()
	low := strings.ToLower(raw)
	if strings.Contains(low, "%2f") || strings.Contains(low, "%5c") || strings.Contains(low, "%2e") || strings.Contains(low, "%00") {
		return "", false
	}
	p := u.Path
	if strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return "", false
		}
	}
	if !strings.HasPrefix(p, base) {
		return "", false
	}
	rel := strings.TrimPrefix(p, base)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if path.Clean(rel) != rel || strings.HasPrefix(rel, "/") {
		return "", false
	}
	return rel, true
}

// types are the Content-Types of a site's files, with a charset for text;
// they do not depend on the host's mime tables.
var types = map[string]string{
	".html":  "text/html; charset=utf-8",
	".htm":   "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json; charset=utf-8",
	".xml":   "application/xml; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".csv":   "text/csv; charset=utf-8",
	".md":    "text/markdown; charset=utf-8",
	".svg":   "image/svg+xml; charset=utf-8",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".ico":   "image/x-icon",
	".pdf":   "application/pdf",
	".woff2": "font/woff2",
	".xlsx":  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".docx":  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".doc":   "application/msword",
	".xls":   "application/vnd.ms-excel",
	".zip":   "application/zip",
	".mp4":   "video/mp4",
	".mp3":   "audio/mpeg",
	".vtt":   "text/vtt; charset=utf-8",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		if strings.HasPrefix(t, "text/") && !strings.Contains(t, "charset") {
			t += "; charset=utf-8"
		}
		return t
	}
	return "application/octet-stream"
}

// inject adds the live-reload script, and the problems overlay when the
// last build failed, before </body>. Built files never contain either.
func inject(page []byte, problems []string) []byte {
	var b bytes.Buffer
	b.Grow(len(page) + len(reloadScript) + 512)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	b.Write(page[:i])
	if len(problems) > 0 {
		b.WriteString(overlayHTML(problems))
	}
	b.WriteString(reloadScript)
	b.Write(page[i:])
	return b.Bytes()
}
