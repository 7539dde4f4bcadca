package portal_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/portal"
	"fzzf/generator/publicity"
	"fzzf/generator/tomlfile"
)

// TestDumpDemo builds the repository's own site with only this extension
// and writes it to $PORTAL_DUMP, for looking at by hand. Skipped unless set.
func TestDumpDemo(t *testing.T) {
	dest := os.Getenv("PORTAL_DUMP")
	if dest == "" {
		t.Skip("set PORTAL_DUMP=/some/dir to write the demo site built with the portal extension only")
	}
	asOf := time.Date(2023, 6, 30, 0, 0, 0, 0, tomlfile.China)
	if s := os.Getenv("PORTAL_ASOF"); s != "" {
		asOf, _ = time.ParseInLocation(time.DateOnly, s, tomlfile.China)
	}
	sink := &build.MemSink{}
	_, err := build.Build(os.DirFS("../.."), build.Options{AsOf: asOf, Extensions: []build.Extension{portal.New(), publicity.New()}}, sink)
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range sink.Files {
		f := filepath.Join(dest, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(f), 0o755)
		os.WriteFile(f, data, 0o644)
	}
}
