package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"fzzf/generator/build"
	"fzzf/generator/check"
	"fzzf/generator/publicity"
)

// publicityExtensions returns the build extensions of the publicity
// feature: the policy, interpretation, news and response content types,
// and the publication checks (links, images, URL registry, freshness),
// which therefore run in every build, check and preview.
func publicityExtensions(m *memo) []build.Extension {
	c := check.New()
	if m != nil {
		c.Memo = &m.publicity.check
	}
	return []build.Extension{publicity.New(), c}
}

// publicityMemo is what the publicity feature keeps between preview builds:
// what the publication checks extracted from each output, so that a save
// scans only the outputs it changed.
type publicityMemo struct {
	check check.Memo
}

// recordURLs updates the URL registry (urls.txt in the site source) after a
// successful build, when the site keeps one: an empty urls.txt starts it.
// Only publishing builds record: not --drafts previews and not copies built
// for another address with --base-url. It writes the
// file only when something changed, and reports what it added.
func recordURLs(source string, opts build.Options, res *build.Result, stdout io.Writer) error {
	if opts.Drafts || opts.BaseURL != "" || res == nil || res.Site == nil {
		return nil
	}
	file := filepath.Join(source, check.RegistryFile)
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return nil // the site keeps no registry (create an empty urls.txt to start one)
	}
	reg, err := check.LoadRegistry(os.DirFS(source))
	if err != nil {
		return err
	}
	before := len(reg.Entries)
	if !reg.Record(res.Site) {
		return nil
	}
	data := reg.Encode()
	if old, err := os.ReadFile(file); err == nil && bytes.Equal(old, data) {
		return nil
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// Write beside it and rename, so an interrupted build never leaves a
	// half-written registry.
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("update the URL registry: %w", err)
	}
	if err := os.Rename(tmp, file); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("update the URL registry: %w", err)
	}
	if n := len(reg.Entries) - before; n > 0 {
		fmt.Fprintf(stdout, "recorded %d new URL(s) in %s\n", n, check.RegistryFile)
	}
	return nil
}
