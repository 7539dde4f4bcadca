package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// errWatchLimit means the system's limit on inotify watches was reached.
var errWatchLimit = errors.New("inotify watch limit reached")

// watch reports changed site-relative paths under the Roots of dir on out
// until ctx ends. It uses fsnotify, or polls every interval when poll is
// set or when the watch limit is hit (saying so on log).
func watch(ctx context.Context, dir string, poll bool, interval time.Duration, log io.Writer, out chan<- string) error {
	if !poll {
		err := notify(ctx, dir, out)
		if err == nil || ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, errWatchLimit) {
			fmt.Fprintf(log, "serve: the system's limit on watched folders is reached (%v); watching by polling every %v instead.\n"+
				"       To watch without polling, raise the limit, e.g.: sudo sysctl fs.inotify.max_user_watches=524288\n"+
				"       (add fs.inotify.max_user_watches=524288 to /etc/sysctl.conf to keep it)\n", err, interval)
		} else {
			fmt.Fprintf(log, "serve: cannot watch files (%v); polling every %v instead\n", err, interval)
		}
	}
	return pollTree(ctx, dir, interval, out)
}

// notify watches with fsnotify. It returns an error when watching cannot
// go on (the caller falls back to polling) and nil when ctx ends.
func notify(ctx context.Context, dir string, out chan<- string) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return limitErr(err)
	}
	defer w.Close()
	if err := w.Add(dir); err != nil {
		return limitErr(err)
	}
	for _, r := range Roots {
		if err := addTree(w, filepath.Join(dir, r.Path)); err != nil {
			return err
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: re-read everything.
				for _, r := range Roots {
					send(ctx, out, r.Path)
				}
				continue
			}
			return err
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			rel, err := filepath.Rel(dir, ev.Name)
			if err != nil {
				continue
			}
			rel = filepath.ToSlash(rel)
			if _, ok := rootOf(rel); !ok || ignored(rel) {
				continue
			}
			if ev.Op == fsnotify.Chmod {
				continue // touching permissions changes nothing a build reads
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					// A folder created or moved in after start: watch it
					// and everything in it.
					if err := addTree(w, ev.Name); err != nil {
						return err
					}
				}
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				// A folder moved away keeps its watches under the old
				// name; drop them (the new name arrives as a Create).
				for _, p := range w.WatchList() {
					if p == ev.Name || strings.HasPrefix(p, ev.Name+string(filepath.Separator)) {
						_ = w.Remove(p)
					}
				}
			}
			send(ctx, out, rel)
		}
	}
}

func send(ctx context.Context, out chan<- string, rel string) {
	select {
	case out <- rel:
	case <-ctx.Done():
	}
}

// addTree watches the folder root and every folder under it; a missing
// root is not an error.
func addTree(w *fsnotify.Watcher, root string) error {
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != root && ignored(d.Name()) {
			return fs.SkipDir
		}
		if err := w.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return limitErr(err)
		}
		return nil
	})
	return err
}

// limitErr marks the errors inotify gives when a limit is reached.
func limitErr(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
		return fmt.Errorf("%w: %v", errWatchLimit, err)
	}
	return err
}

// stamp is what polling compares: size and modification time.
type stamp struct {
	size int64
	mod  int64
	dir  bool
}

// pollTree reports changes by listing the Roots every interval.
func pollTree(ctx context.Context, dir string, interval time.Duration, out chan<- string) error {
	prev := listStamps(dir)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		cur := listStamps(dir)
		for p, st := range cur {
			if old, ok := prev[p]; !ok || old != st {
				send(ctx, out, p)
			}
		}
		for p := range prev {
			if _, ok := cur[p]; !ok {
				send(ctx, out, p)
			}
		}
		prev = cur
	}
}

func listStamps(dir string) map[string]stamp {
	out := map[string]stamp{}
	for _, r := range Roots {
		root := filepath.Join(dir, r.Path)
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(dir, p)
			rel = filepath.ToSlash(rel)
			if ignored(rel) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			st, err := d.Info()
			if err != nil {
				return nil
			}
			if d.IsDir() {
				out[rel] = stamp{dir: true}
				return nil
			}
			out[rel] = stamp{size: st.Size(), mod: st.ModTime().UnixNano()}
			return nil
		})
	}
	return out
}
