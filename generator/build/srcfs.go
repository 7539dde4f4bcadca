package build

import (
	"io/fs"
	"os"
	"path/filepath"
)

// srcFS is os.DirFS(root) with a cheaper ReadFile: a build reads every
// Markdown file once, and os.ReadFile spends six to nine system calls on
// each (the poller, non-blocking checks, a stat), where open, read until
// the end and close will do. Anything unusual (an error, a name DirFS
// would refuse) goes to os.DirFS, so errors are exactly its errors.
type srcFS struct {
	dir  fs.FS // os.DirFS(root)
	root string
}

func newSrcFS(root string) srcFS { return srcFS{dir: os.DirFS(root), root: root} }

func (f srcFS) Open(name string) (fs.File, error) { return f.dir.Open(name) }

func (f srcFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return f.dir.(fs.ReadDirFS).ReadDir(name)
}

func (f srcFS) Stat(name string) (fs.FileInfo, error) { return f.dir.(fs.StatFS).Stat(name) }

func (f srcFS) ReadFile(name string) ([]byte, error) {
	if fs.ValidPath(name) && filepath.Separator == '/' {
		if data, ok := readFileFast(f.root + "/" + name); ok {
			return data, nil
		}
	}
	return f.dir.(fs.ReadFileFS).ReadFile(name)
}
