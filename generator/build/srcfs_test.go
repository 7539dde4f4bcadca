package build

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestSrcFSReadsWhatDirFSReads compares srcFS.ReadFile with os.DirFS on
// files around the sizes where its buffer changes, and on names it must
// refuse or cannot read, where the error must be DirFS's own.
func TestSrcFSReadsWhatDirFSReads(t *testing.T) {
	root := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	var names []string
	for _, n := range []int{0, 1, 100, 16<<10 - 1, 16 << 10, 16<<10 + 1, 32 << 10, 32<<10 + 7, 100_000, 1 << 20} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		name := filepath.Join("d", "f"+string(rune('a'+len(names)))+".md")
		if err := os.MkdirAll(filepath.Join(root, "d"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.ToSlash(name))
	}
	fast, dir := newSrcFS(root), os.DirFS(root)
	for _, name := range names {
		got, err := fs.ReadFile(fast, name)
		want, err2 := fs.ReadFile(dir, name)
		if err != nil || err2 != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes (%v), want %d bytes (%v)", name, len(got), err, len(want), err2)
		}
		if cap(got) > len(got)+len(got)/2+64 && len(got) < 16<<10 {
			t.Errorf("%s: %d bytes kept in a buffer of %d", name, len(got), cap(got))
		}
	}
	for _, name := range []string{"missing.md", "d", "../x", "/etc/passwd", "d/../d/fa.md", ""} {
		_, err := fs.ReadFile(fast, name)
		_, err2 := fs.ReadFile(dir, name)
		if err == nil || err2 == nil || err.Error() != err2.Error() {
			t.Errorf("%q: error %v, want %v", name, err, err2)
		}
	}
	entries, err := fs.ReadDir(fast, "d")
	if err != nil || len(entries) != len(names) {
		t.Errorf("ReadDir: %d entries (%v), want %d", len(entries), err, len(names))
	}
	if info, err := fs.Stat(fast, names[3]); err != nil || info.Size() != 16<<10-1 {
		t.Errorf("Stat: %v, %v", info, err)
	}
}
