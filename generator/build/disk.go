package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Run builds the site in the folder src into dest. It writes into a fresh
// folder beside dest and swaps it in only after everything succeeded, so a
// failed build leaves dest exactly as it was and a successful one leaves no
// stale files from earlier builds.
func Run(src, dest string, opts Options) (*Result, error) {
	absSrc, err := filepath.Abs(src)
	if err != nil {
		return nil, err
	}
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if err := checkDest(absSrc, absDest); err != nil {
		return nil, err
	}
	parent := filepath.Dir(absDest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(absDest)+".new-")
	if err != nil {
		return nil, fmt.Errorf("create a build folder beside %s: %w", absDest, err)
	}
	// The temp folder is 0700 from MkdirTemp; a web server must read it.
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	res, err := Build(newSrcFS(absSrc), opts, &dirSink{root: tmp})
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	if err := swap(tmp, absDest); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return res, nil
}

// checkDest refuses destinations whose replacement would delete the user's
// own files: the source folder itself or a folder that contains it, or an
// existing folder that does not look like build output.
func checkDest(src, dest string) error {
	rel, err := filepath.Rel(dest, src)
	if err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		return fmt.Errorf("--dest %s holds the site source; choose an output folder such as %s", dest, filepath.Join(src, "public"))
	}
	if rel, err := filepath.Rel(src, dest); err == nil && !strings.HasPrefix(rel, "..") {
		top := strings.Split(filepath.ToSlash(rel), "/")[0]
		switch top {
		case "content", "layouts", "static", "themes", "seeds", "generator", "docs":
			return fmt.Errorf("--dest %s is inside the site's %s/ folder; choose an output folder such as %s", dest, top, filepath.Join(src, "public"))
		}
	}
	for _, name := range []string{"config.toml", "content", "go.mod", ".git"} {
		if _, err := os.Stat(filepath.Join(dest, name)); err == nil {
			return fmt.Errorf("--dest %s contains %s, so it is not build output; refusing to replace it", dest, name)
		}
	}
	return nil
}

// swap puts the new folder in place of dest.
func swap(tmp, dest string) error {
	old := ""
	if _, err := os.Lstat(dest); err == nil {
		old = fmt.Sprintf("%s.old-%d", dest, time.Now().UnixNano())
		if err := os.Rename(dest, old); err != nil {
			return fmt.Errorf("move the previous output aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest)
		}
		return fmt.Errorf("put the new output in place: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// dirSink writes outputs under root.
type dirSink struct {
	root string
	mu   sync.Mutex
	dirs map[string]*dirOnce
}

// dirOnce creates one output folder once, however many goroutines write
// into it: a file is written only after its folder exists.
type dirOnce struct {
	once sync.Once
	err  error
}

func (d *dirSink) Put(out, _ string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(out)) {
		return errors.New("output path escapes the output folder: " + out)
	}
	p := filepath.Join(d.root, filepath.FromSlash(out))
	dir := filepath.Dir(p)
	d.mu.Lock()
	if d.dirs == nil {
		d.dirs = map[string]*dirOnce{}
	}
	o := d.dirs[dir]
	if o == nil {
		o = &dirOnce{}
		d.dirs[dir] = o
	}
	d.mu.Unlock()
	o.once.Do(func() { o.err = mkdir(dir) })
	if o.err != nil {
		return o.err
	}
	return writeFile(p, data)
}

// mkdir makes dir, and its parents only when they are missing: most
// output folders (one per page) sit in a folder that already exists, so
// this is one system call where MkdirAll makes three. Creating files is
// what costs most time on a slow disk.
func mkdir(dir string) error {
	err := os.Mkdir(dir, 0o755)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
			return fmt.Errorf("create folder %s: a file of that name is in the way", dir)
		}
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	}
	return err
}

// MemSink keeps outputs in memory, for tests and the preview server.
type MemSink struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// Put stores a file.
func (m *MemSink) Put(out, _ string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Files == nil {
		m.Files = map[string][]byte{}
	}
	m.Files[out] = data
	return nil
}

// Transient reports that dirSink is done with data when Put returns: it
// has written the file.
func (d *dirSink) Transient() bool { return true }
