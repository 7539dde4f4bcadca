package serve

import (
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"fzzf/generator/content"
)

// Roots are the parts of a site folder the server reads and watches:
// everything a build reads. Each row says what a change to it means.
var Roots = []struct {
	Path string
	Kind Change
}{
	{"config.toml", ChangeConfig},
	{"content", ChangeContent},
	{"layouts", ChangeTemplates},
	{"themes", ChangeTemplates},
	{"static", ChangeStatic},
	{"seeds", ChangeConfig},
}

// Change is a kind of source change.
type Change int

// The kinds of change, from the cheapest rebuild to a full one.
const (
	ChangeContent   Change = iota // Markdown, data and files under content/
	ChangeStatic                  // CSS, JS and images
	ChangeTemplates               // layouts and themes
	ChangeConfig                  // config.toml and seeds: everything
)

// rootOf returns the row of Roots a site-relative path belongs to.
func rootOf(rel string) (Change, bool) {
	for _, r := range Roots {
		if rel == r.Path || strings.HasPrefix(rel, r.Path+"/") {
			return r.Kind, true
		}
	}
	return 0, false
}

// ignored reports whether a site-relative path is an editor's temporary
// file or inside a hidden folder: never read, never a reason to rebuild.
func ignored(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if content.Ignored(part) {
			return true
		}
	}
	return false
}

// snapshot is an immutable in-memory copy of the site's source files: a
// build reads it, never the disk, so a save in the middle of a build cannot
// give a half-old, half-new site, and unchanged files cost no system calls.
// It implements fs.FS, fs.ReadFileFS and fs.ReadDirFS.
type snapshot struct {
	files map[string][]byte   // site-relative path -> bytes (shared, never modified)
	dirs  map[string][]string // folder ("." for the root) -> sorted child names
}

// loadSnapshot reads the Roots of the site folder dir.
func loadSnapshot(dir string) (*snapshot, error) {
	files := map[string][]byte{}
	for _, r := range Roots {
		if err := readTree(dir, r.Path, files); err != nil {
			return nil, err
		}
	}
	return newSnapshot(files), nil
}

// readTree adds the file or folder rel (site-relative) of dir to files.
// A missing path adds nothing.
func readTree(dir, rel string, files map[string][]byte) error {
	root := filepath.Join(dir, filepath.FromSlash(rel))
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // deleted while we looked
			}
			return err
		}
		r, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		r = filepath.ToSlash(r)
		if ignored(r) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || isDirErr(p) {
				return nil
			}
			return err
		}
		files[r] = data
		return nil
	})
}

func isDirErr(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func newSnapshot(files map[string][]byte) *snapshot {
	s := &snapshot{files: files, dirs: map[string][]string{".": nil}}
	seen := map[string]bool{}
	for p := range files {
		child := p
		for {
			parent := path.Dir(child)
			key := parent + "/" + path.Base(child)
			if seen[key] {
				break
			}
			seen[key] = true
			s.dirs[parent] = append(s.dirs[parent], path.Base(child))
			if parent == "." {
				break
			}
			child = parent
		}
	}
	for _, names := range s.dirs {
		sort.Strings(names)
	}
	return s
}

// update returns a new snapshot with the given site-relative paths read
// again from dir: a file is re-read, a folder is read whole (one created
// or renamed into place after start), a missing path is removed with
// everything under it. When the same files exist as before (a save), the
// folder listing is shared with s.
func (s *snapshot) update(dir string, paths []string) (*snapshot, error) {
	files := maps.Clone(s.files)
	same := true // the same set of paths as s
	for _, rel := range paths {
		if _, isDir := s.dirs[rel]; isDir {
			prefix := rel + "/"
			for p := range files {
				if strings.HasPrefix(p, prefix) {
					delete(files, p)
				}
			}
			same = false
		}
		_, existed := files[rel]
		delete(files, rel)
		if err := readTree(dir, rel, files); err != nil {
			return nil, err
		}
		if _, exists := files[rel]; !existed || !exists {
			same = false
		}
	}
	if same {
		return &snapshot{files: files, dirs: s.dirs}, nil
	}
	return newSnapshot(files), nil
}

// Open implements fs.FS.
func (s *snapshot) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok := s.files[name]; ok {
		return &memFile{name: path.Base(name), data: data}, nil
	}
	if names, ok := s.dirs[name]; ok {
		return &memDir{s: s, name: name, names: names}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// ReadFile implements fs.ReadFileFS. The bytes are shared: callers must
// not change them.
func (s *snapshot) ReadFile(name string) ([]byte, error) {
	if data, ok := s.files[name]; ok {
		return data, nil
	}
	if _, ok := s.dirs[name]; ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
}

// ReadDir implements fs.ReadDirFS.
func (s *snapshot) ReadDir(name string) ([]fs.DirEntry, error) {
	names, ok := s.dirs[name]
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	return s.entries(name, names), nil
}

// Stat implements fs.StatFS.
func (s *snapshot) Stat(name string) (fs.FileInfo, error) {
	if data, ok := s.files[name]; ok {
		return info{name: path.Base(name), size: int64(len(data))}, nil
	}
	if _, ok := s.dirs[name]; ok {
		return info{name: path.Base(name), dir: true}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

func (s *snapshot) entries(dir string, names []string) []fs.DirEntry {
	out := make([]fs.DirEntry, len(names))
	for i, n := range names {
		full := n
		if dir != "." {
			full = dir + "/" + n
		}
		data, isFile := s.files[full]
		out[i] = info{name: n, size: int64(len(data)), dir: !isFile}
	}
	return out
}

// info is both the fs.FileInfo and the fs.DirEntry of a snapshot entry.
type info struct {
	name string
	size int64
	dir  bool
}

func (i info) Name() string { return i.name }
func (i info) Size() int64  { return i.size }
func (i info) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i info) ModTime() time.Time         { return time.Time{} }
func (i info) IsDir() bool                { return i.dir }
func (i info) Sys() any                   { return nil }
func (i info) Type() fs.FileMode          { return i.Mode().Type() }
func (i info) Info() (fs.FileInfo, error) { return i, nil }

type memFile struct {
	name string
	data []byte
	off  int
}

func (f *memFile) Stat() (fs.FileInfo, error) {
	return info{name: f.name, size: int64(len(f.data))}, nil
}
func (f *memFile) Close() error { return nil }
func (f *memFile) Read(b []byte) (int, error) {
	if f.off >= len(f.data) {
		return 0, io.EOF
	}
	n := copy(b, f.data[f.off:])
	f.off += n
	return n, nil
}

type memDir struct {
	s     *snapshot
	name  string
	names []string
	off   int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return info{name: path.Base(d.name), dir: true}, nil }
func (d *memDir) Close() error               { return nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}

func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.names[d.off:]
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if n > 0 && n < len(rest) {
		rest = rest[:n]
	}
	d.off += len(rest)
	return d.s.entries(d.name, rest), nil
}
