package ledger

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress", "2023-03", "zcfgk.toml")
	l := &Ledger{Unit: "zcfgk", Month: Month{2023, time.March}, Submitted: time.Date(2023, 4, 3, 0, 0, 0, 0, china),
		Entries: []Entry{{Indicator: 21, Status: Done, Detail: "第一版"}}}
	if err := WriteFile(path, l, false); err != nil {
		t.Fatal(err)
	}
	l.Entries[0].Detail = "第二版"
	err := WriteFile(path, l, false)
	if err == nil || !strings.Contains(err.Error(), "already exists") || !strings.HasPrefix(err.Error(), path) {
		t.Errorf("second WriteFile error = %v, want %s: already exists …", err, path)
	}
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), "第一版") {
		t.Errorf("the refused write changed the file:\n%s", data)
	}
	if err := WriteFile(path, l, true); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != string(Encode(l)) {
		t.Errorf("forced write left\n%s\nwant\n%s", data, Encode(l))
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644", info.Mode().Perm())
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only zcfgk.toml (no temporary files)", names)
	}
}

func TestWriteFileFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	// The target is a folder: the rename fails after the temporary file was
	// written, and the temporary file must be gone.
	path := filepath.Join(dir, "zcfgk.toml")
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(path, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	l := &Ledger{Unit: "zcfgk", Month: Month{2023, time.March}}
	if err := WriteFile(path, l, true); err == nil {
		t.Fatal("WriteFile over a folder succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only the original", len(entries))
	}
}
