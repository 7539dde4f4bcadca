package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSrcFSReadsPipeWhole: a named pipe is read to its end like
// os.ReadFile reads it, not cut at the first pause of its writer.
func TestSrcFSReadsPipeWhole(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "pipe.md")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		f.WriteString("AAAA")
		time.Sleep(50 * time.Millisecond)
		f.WriteString("BBBB")
	}()
	data, err := fs.ReadFile(newSrcFS(root), "pipe.md")
	if err != nil || string(data) != "AAAABBBB" {
		t.Fatalf("got %q, %v; want AAAABBBB", data, err)
	}
}
