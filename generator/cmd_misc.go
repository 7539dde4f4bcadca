package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"

	"fzzf/generator/build"
	"fzzf/generator/content"
)

// version is the generator's version; release builds may set it with
// -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func runVersion(args []string, stdout, stderr io.Writer) int {
	v := version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
		fmt.Fprintf(stdout, "generator %s %s\n", v, info.GoVersion)
		return 0
	}
	fmt.Fprintf(stdout, "generator %s\n", v)
	return 0
}

// runNew writes content/<section>/<name>.md with front matter filled in:
// a title to replace, today's date in China time and draft = true, so
// nothing is published before the editor says so.
func runNew(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "site source folder")
	title := fs.String("title", "", "the page's title (default: a placeholder to replace)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: generator new [--title 标题] <section>/<name>.md   (for example: news/2023-03-meeting.md)")
		return 2
	}
	rel := strings.TrimPrefix(filepath.ToSlash(fs.Arg(0)), "content/")
	name := strings.TrimSuffix(path.Base(rel), ".md")
	if !strings.HasSuffix(rel, ".md") || !filepath.IsLocal(rel) || !asciiName(name) {
		fmt.Fprintf(stderr, "new: %q: give a path like news/2023-03-meeting.md; the file name becomes the URL, so use a-z, 0-9 and -\n", fs.Arg(0))
		return 2
	}
	file := filepath.Join(*source, content.Dir, filepath.FromSlash(rel))
	t := *title
	if t == "" {
		t = "请填写标题"
	}
	now := build.Today()
	body := fmt.Sprintf("+++\ntitle = %q\ndate = %s\ndraft = true\ntags = []\nunits = []\n+++\n\n在此撰写正文。\n", t, now.Format("2006-01-02T15:04:05"))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		fmt.Fprintf(stderr, "new: %v\n", err)
		return 1
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		fmt.Fprintf(stderr, "new: %s already exists; it was not changed\n", file)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "new: %v\n", err)
		return 1
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		os.Remove(file)
		fmt.Fprintf(stderr, "new: %v\n", err)
		return 1
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "created %s (draft = true: set it to false, or remove it, to publish)\n", file)
	return 0
}

func asciiName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return s != ""
}
