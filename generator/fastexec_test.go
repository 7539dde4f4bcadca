package main

import (
	"os"
	"path/filepath"
	"testing"

	"fzzf/generator/build"
	"fzzf/generator/corpus"
	"fzzf/generator/render"
)

// TestFastTemplatesEqualStd builds the demo portal, with drafts and
// without, and a small generated corpus, once with the layouts executed
// by fastexec and once by html/template alone: every file and problem
// must be the same, and on this portal fastexec must never hand a layout
// back (if it did, the speed would be lost without a word).
func TestFastTemplatesEqualStd(t *testing.T) {
	defer render.FastTemplates.Store(render.FastTemplates.Load())
	corpusDir := t.TempDir()
	if err := corpus.Write(corpusDir, corpus.Options{Pages: 300, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	sites := []struct {
		name   string
		dir    string
		drafts bool
	}{
		{"demo portal", "..", false},
		{"demo portal with drafts", "..", true},
		{"corpus", corpusDir, false},
	}
	for _, site := range sites {
		opts := build.Options{AsOf: mustDay(t, "2023-12-31"), Drafts: site.drafts, Extensions: extensions()}
		fast0, handed0 := render.FastStats()
		render.FastTemplates.Store(true)
		var fast build.MemSink
		_, fastErr := build.Build(os.DirFS(filepath.Clean(site.dir)), opts, &fast)
		fast1, handed1 := render.FastStats()
		render.FastTemplates.Store(false)
		opts.Extensions = extensions()
		var std build.MemSink
		_, stdErr := build.Build(os.DirFS(filepath.Clean(site.dir)), opts, &std)
		if (fastErr == nil) != (stdErr == nil) || fastErr != nil && fastErr.Error() != stdErr.Error() {
			t.Fatalf("%s: fast build error %v, standard build error %v", site.name, fastErr, stdErr)
		}
		if d := diffFiles(fast.Files, std.Files); d != "" {
			t.Fatalf("%s: fastexec output differs from html/template's:\n%s", site.name, d)
		}
		if handed1 != handed0 {
			t.Errorf("%s: fastexec handed %d layout executions back to html/template", site.name, handed1-handed0)
		}
		if fast1-fast0 < int64(len(fast.Files))/3 {
			t.Errorf("%s: only %d of %d files went through fastexec", site.name, fast1-fast0, len(fast.Files))
		}
		t.Logf("%s: %d files, %d through fastexec", site.name, len(fast.Files), fast1-fast0)
	}
}
