package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fzzf/generator/indicator"
	"fzzf/generator/ledger"
	"fzzf/generator/portal"
	"fzzf/generator/tomlfile"
)

// ledgerSite copies the portal fixture's seeds into a fresh site folder.
func ledgerSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("portal", "testdata", "site", "seeds")
	if err := os.MkdirAll(filepath.Join(dir, "seeds"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range indicator.Files {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "seeds", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// fill opens an xlsx template, sets cells as a unit would, and saves it.
func fill(t *testing.T, file string, cells map[string]any) {
	t.Helper()
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	for cell, v := range cells {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

// TestLedgerExcelRoundTrip makes the template for a unit, fills it in as the
// unit would, imports it and compares the ledger written.
func TestLedgerExcelRoundTrip(t *testing.T) {
	site := ledgerSite(t)
	sheet := filepath.Join(t.TempDir(), "法规科-2022-11.xlsx")
	code, stdout, stderr := runCmd(t, "ledger", "template", "--unit", "法规科", "--month", "2022-11", "-o", sheet, "--source", site)
	if code != 0 {
		t.Fatalf("template: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "政策法规科 2022年11月, 2 indicators") {
		t.Errorf("template stdout = %q", stdout)
	}
	f, err := excelize.OpenFile(sheet)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, r := range rows {
		all += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"三级指标", "完成进度", "具体情况", "责任人及联系方式", "1|全面普及行政审批服务", "3|行政规范性文件合法性审核率达100%。"} {
		if !strings.Contains(all, want) {
			t.Errorf("template lacks %q:\n%s", want, all)
		}
	}

	fill(t, sheet, map[string]any{
		"F2": time.Date(2022, 12, 3, 0, 0, 0, 0, time.UTC),
		"E4": "已完成：审批事项清单已公布",
		"G4": "王某 13912345678",
		"E5": " 未完成，正在审核规范性文件 ",
	})
	code, stdout, stderr = runCmd(t, "ledger", "import", sheet, "--unit", "zcfgk", "--month", "2022-11", "--source", site)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	rel := "content/progress/2022-11/zcfgk.toml"
	if !strings.Contains(stdout, rel+": 2 entries, submitted 2022-12-03") {
		t.Errorf("import stdout = %q", stdout)
	}
	data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	d, err := indicator.Load(os.DirFS(filepath.Join(site, "seeds")))
	if err != nil {
		t.Fatal(err)
	}
	l, err := ledger.Parse(rel, data, portal.NewRegistry(d))
	if err != nil {
		t.Fatalf("the written ledger does not parse: %v\n%s", err, data)
	}
	want := []ledger.Entry{
		{Indicator: 1, Status: ledger.Done, Detail: "审批事项清单已公布", Contact: "王某 13912345678"},
		{Indicator: 3, Status: ledger.InProgress, Detail: "正在审核规范性文件"},
	}
	if len(l.Entries) != len(want) {
		t.Fatalf("entries = %+v, want %+v", l.Entries, want)
	}
	for i, e := range l.Entries {
		w := want[i]
		if e.Indicator != w.Indicator || e.Status != w.Status || e.Detail != w.Detail || e.Contact != w.Contact {
			t.Errorf("entry %d = %+v, want %+v", i, e, w)
		}
	}
	if l.Unit != "zcfgk" || l.Month.String() != "2022-11" || !l.Submitted.Equal(time.Date(2022, 12, 3, 0, 0, 0, 0, tomlfile.China)) {
		t.Errorf("ledger = %s %s %v", l.Unit, l.Month, l.Submitted)
	}

	// A second import refuses to replace it; --force does.
	code, _, stderr = runCmd(t, "ledger", "import", sheet, "--unit", "zcfgk", "--month", "2022-11", "--source", site)
	if code != 1 || !strings.Contains(stderr, rel+" already exists: use --force") {
		t.Errorf("second import: exit %d, stderr %q", code, stderr)
	}
	fill(t, sheet, map[string]any{"E5": "已完成"})
	code, _, stderr = runCmd(t, "ledger", "import", sheet, "--force", "--unit", "zcfgk", "--month", "2022-11", "--source", site)
	if code != 0 {
		t.Fatalf("import --force: exit %d: %s", code, stderr)
	}
	data, _ = os.ReadFile(filepath.Join(site, filepath.FromSlash(rel)))
	if !strings.Contains(string(data), "indicator = 3\nstatus = \"已完成\"") {
		t.Errorf("--force did not replace the ledger:\n%s", data)
	}
}

// TestLedgerExcelBadRows: every bad row is reported with its sheet row and
// nothing is written.
func TestLedgerExcelBadRows(t *testing.T) {
	site := ledgerSite(t)
	sheet := filepath.Join(t.TempDir(), "t.xlsx")
	if code, _, stderr := runCmd(t, "ledger", "template", "--unit", "zcfgk", "--month", "2022-11", "-o", sheet, "--source", site); code != 0 {
		t.Fatalf("template: %s", stderr)
	}
	fill(t, sheet, map[string]any{
		"F2": "2022-12-03",
		"E4": "",                          // indicator 1: empty status
		"E5": "差不多吧",                      // indicator 3: unreadable status
		"A6": 2, "B6": "指标2", "E6": "已完成", // not zcfgk's
		"A7": 99, "B7": "指标99", "E7": "已完成", // no such indicator
	})
	code, _, stderr := runCmd(t, "ledger", "import", sheet, "--unit", "zcfgk", "--month", "2022-11", "--source", site)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, stderr)
	}
	for _, want := range []string{"row 4", "row 5", "row 6", "row 7", "nothing was written"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "content")); !os.IsNotExist(err) {
		t.Errorf("a ledger was written from an invalid sheet (stat: %v)", err)
	}
}
