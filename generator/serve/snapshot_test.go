package serve

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"testing"
)

// TestSnapshotUpdate changes files and folders on disk and checks that
// the updated snapshot holds what a fresh read of the folder does, and
// that a plain save keeps the folder listing.
func TestSnapshotUpdate(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("config.toml", "title = \"站\"\n")
	write("content/news/a.md", "甲")
	write("content/news/b.md", "乙")
	snap, err := loadSnapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		what    string
		do      func()
		paths   []string
		sameDir bool // the listing is shared: only contents changed
	}{
		{"save a file", func() { write("content/news/a.md", "甲改") }, []string{"content/news/a.md"}, true},
		{"add a file in a new folder", func() { write("content/notices/c.md", "丙") }, []string{"content/notices/c.md"}, false},
		{"delete a file", func() { os.Remove(filepath.Join(dir, "content/news/b.md")) }, []string{"content/news/b.md"}, false},
		{"a file becomes a folder", func() {
			os.Remove(filepath.Join(dir, "content/news/a.md"))
			write("content/news/a.md/index.md", "甲")
		}, []string{"content/news/a.md"}, false},
		{"delete a folder", func() { os.RemoveAll(filepath.Join(dir, "content/notices")) }, []string{"content/notices"}, false},
		{"a new folder, as one event", func() { write("static/css/x.css", "a{}") }, []string{"static"}, false},
	}
	for _, st := range steps {
		st.do()
		next, err := snap.update(dir, st.paths)
		if err != nil {
			t.Fatal(err)
		}
		want, err := loadSnapshot(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(next.files) != len(want.files) {
			t.Fatalf("%s: %d files, want %d", st.what, len(next.files), len(want.files))
		}
		for p, data := range want.files {
			if !bytes.Equal(next.files[p], data) {
				t.Errorf("%s: %s is %q, want %q", st.what, p, next.files[p], data)
			}
		}
		if !reflect.DeepEqual(next.dirs, want.dirs) {
			t.Errorf("%s: folders\n%v\nwant\n%v", st.what, next.dirs, want.dirs)
		}
		if shared := reflect.ValueOf(next.dirs).UnsafePointer() == reflect.ValueOf(snap.dirs).UnsafePointer(); shared != st.sameDir {
			t.Errorf("%s: folder listing shared = %v, want %v", st.what, shared, st.sameDir)
		}
		snap = next
	}
}

// TestLimitMemory: the server sets a soft memory limit unless GOMEMLIMIT
// sets one.
func TestLimitMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)

	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "")
	limitMemory()
	if got := debug.SetMemoryLimit(-1); got < softLimit || got == math.MaxInt64 {
		t.Errorf("limit = %d, want at least %d", got, softLimit)
	}

	// A later build never lowers the limit an earlier one set.
	debug.SetMemoryLimit(softLimit * 4)
	limitMemory()
	if got := debug.SetMemoryLimit(-1); got != softLimit*4 {
		t.Errorf("limit after a higher one = %d, want it kept at %d", got, softLimit*4)
	}

	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "123MiB")
	limitMemory()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, limit = %d, want it left alone", got)
	}
}
