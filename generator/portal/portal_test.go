package portal_test

import (
	"bytes"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/portal"
	"fzzf/generator/tomlfile"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, tomlfile.China)
	if err != nil {
		panic(err)
	}
	return t
}

// buildFixture builds testdata/site as of asOf with the portal extension.
func buildFixture(t *testing.T, asOf string) map[string][]byte {
	t.Helper()
	sink := &build.MemSink{}
	_, err := build.Build(os.DirFS("testdata/site"), build.Options{AsOf: day(asOf), Extensions: []build.Extension{portal.New()}}, sink)
	if err != nil {
		t.Fatalf("build as of %s: %v", asOf, err)
	}
	return sink.Files
}

// text returns the visible text of an HTML page's <main>, tags removed and
// white space collapsed, so assertions read like what a visitor sees.
func text(t *testing.T, files map[string][]byte, name string) string {
	t.Helper()
	data, ok := files[name]
	if !ok {
		t.Fatalf("no output %s", name)
	}
	s := string(data)
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if i := strings.Index(s, "</main>"); i >= 0 {
		s = s[:i]
	}
	s = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(s), " ")
}

func contains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: missing %q in:\n%s", what, w, got)
		}
	}
}

func TestIndicatorPage(t *testing.T) {
	files := buildFixture(t, "2022-11-10")
	html := string(files["indicators/1/index.html"])
	got := text(t, files, "indicators/1/index.html")
	contains(t, "indicator 1", got,
		"指标1：全面普及行政审批服务",
		"编号 三级指标第 1 项",
		"一级指标 一、政府依法全面履行职能",
		"二级指标 1. 加大简政放权力度",
		"测评方式 查看资料 、 网络检索",
		"责任单位 政策法规科 、 政务服务科",
		"完成进度 已完成",
		"完成时限 原文未载明",
		"最后更新日期 2022年11月5日",
		"工作开展的情况说明", "典型案例",
		// 佐证材料: the news page naming indicator 1, with column and date.
		"我局开展行政审批服务培训 创建动态 测试主办单位 2022-09-20",
		// Latest detail per unit, and the dated change log newest first.
		"政策法规科 已完成 2022年10月 已完成审批事项清单梳理并公布。",
		"2022年10月 2022-11-05 政务服务科 已完成 保持。",
		"示例数据",
	)
	contains(t, "indicator 1 markup", html,
		`<dl class="summary-list">`,
		`href="/fzzf/units/zcfgk/"`,
		`href="/fzzf/indicators/methods/web/"`,
		`href="/fzzf/news/training/"`,
		`href="/fzzf/progress/2022-10/"`,
		`<ol class="checklist">`,
	)
	// Breadcrumbs: home > 创建指标 > category.
	if !regexp.MustCompile(`(?s)breadcrumbs.*/fzzf/indicators/.*创建指标.*/fzzf/categories/1/.*一、政府依法全面履行职能.*aria-current="page">指标1`).MatchString(html) {
		t.Errorf("indicator 1: breadcrumbs do not go through the category:\n%s", html)
	}

	// Indicator 2: no text, a group name the plan lacks, no evidence.
	got2 := text(t, files, "indicators/2/index.html")
	contains(t, "indicator 2", got2, "指标内容 原文未载明", "二级指标 2. 原文未载明", "暂无 ：本指标采用网络检索方式测评", "完成进度 未报送")

	// Indicator 3: the prose of content/indicators/3.md, and the secret entry
	// counted but not shown.
	got3 := text(t, files, "indicators/3/index.html")
	contains(t, "indicator 3", got3, "审核工作说明", "本项指标由政策法规科统一审核。", "完成进度 已完成", "涉密内容，不予公开。")
}

func TestUnitPage(t *testing.T) {
	files := buildFixture(t, "2022-11-10")
	got := text(t, files, "units/zcfgk/index.html")
	contains(t, "unit zcfgk", got,
		"政策法规科",
		"单位类别 局机关科室",
		"工作方案中的其他写法 法规科",
		"承担指标 2 项",
		"完成情况 已完成 2 项，推进中 0 项，未报送 0 项（完成率 100%）",
		"一、政府依法全面履行职能 指标1 全面普及行政审批服务",
		"二、依法行政制度体系完善 指标3 行政规范性文件合法性审核率达100%。",
		"2022年10月 2022-11-04 按时报送 2",
		"2022年9月 2022-10-03 按时报送 2",
		"我局开展行政审批服务培训",
	)
	if i, j := strings.Index(got, "指标1"), strings.Index(got, "指标3"); i < 0 || j < i {
		t.Errorf("unit zcfgk: indicators not in category order")
	}
	late := text(t, files, "units/zwfwk/index.html")
	contains(t, "unit zwfwk", late, "2022年9月 2022-10-09 逾期报送")
	group := text(t, files, "units/gfj/index.html")
	contains(t, "group gfj", group, "汇总类责任单位（代指多个单位，台账由创建办公室汇总报送）", "2022年9月 — 未报送 0")

	// The content page links its units to the unit pages, not /units/<中文>/.
	news := string(files["news/training/index.html"])
	contains(t, "news units", news, `href="/fzzf/units/zcfgk/">政策法规科</a>`, `href="/fzzf/units/zwfwk/">政务服务科</a>`)
	for name := range files {
		if strings.HasPrefix(name, "units/") && !regexp.MustCompile(`^units/([a-z0-9-]+/)?index\.html$`).MatchString(name) {
			t.Errorf("unexpected output %s: the generic units taxonomy should be gone", name)
		}
	}
}

func TestStagesAtTwoDates(t *testing.T) {
	for _, c := range []struct {
		asOf, current, note string
		past                []string
	}{
		{"2022-09-15", "第2阶段　全面自查阶段", "第2阶段“全面自查阶段”", []string{"第1阶段"}},
		{"2022-11-10", "第3阶段　深入整改阶段", "第3阶段“深入整改阶段”", []string{"第1阶段", "第2阶段"}},
	} {
		files := buildFixture(t, c.asOf)
		html := string(files["stages/index.html"])
		cur := regexp.MustCompile(`(?s)<li class="stage stage-current" aria-current="step">\s*<h2 class="stage-name">([^<]*)</h2>`).FindAllStringSubmatch(html, -1)
		if len(cur) != 1 || cur[0][1] != c.current {
			t.Errorf("as of %s: current stage %v, want exactly %q", c.asOf, cur, c.current)
		}
		contains(t, "stages "+c.asOf, text(t, files, "stages/index.html"), c.note, "进行中（当前阶段）")
		for _, p := range c.past {
			if !regexp.MustCompile(`(?s)stage-past">\s*<h2 class="stage-name">` + p).MatchString(html) {
				t.Errorf("as of %s: %s not marked past", c.asOf, p)
			}
		}
		home := string(files["index.html"])
		contains(t, "home "+c.asOf, home, "当前阶段", c.note, `href="/fzzf/indicators/"`, `href="/fzzf/progress/"`)
	}
	files := buildFixture(t, "2023-06-01")
	contains(t, "after the last stage", text(t, files, "stages/index.html"), "各实施阶段均已结束。")
}

func TestDashboard(t *testing.T) {
	files := buildFixture(t, "2022-11-10")
	html := string(files["progress/index.html"])
	got := text(t, files, "progress/index.html")
	contains(t, "dashboard", got,
		"示例数据",
		"数据截至 2022年11月10日",
		"66% 已完成",
		"三级指标 3 项 已完成 2 项 推进中 0 项 未报送 1 项",
		// Category table (the bar chart's text equivalent).
		"一、政府依法全面履行职能 2 1 0 1 50%",
		"二、依法行政制度体系完善 1 1 0 0 100%",
		// Trend table.
		"2022年9月 0 2 1 0% 2/3",
		"2022年10月 2 0 1 66% 2/3",
		// Overdue: the group label never sent its consolidated ledger.
		"2022年10月 2022年11月5日 各分局",
		"2022年9月 2022年10月5日 各分局",
		"第3阶段 深入整改阶段 2022-10-01 至 2022-12-31 进行中（当前阶段）",
	)
	contains(t, "dashboard markup", html, `<svg viewBox="0 0 614 80" role="img"`, `class="bar-done"`, `<polyline points="`, `href="/fzzf/progress/progress.csv"`)

	month := text(t, files, "progress/2022-09/index.html")
	contains(t, "month page", month,
		"全面自查阶段各单位按时报送台账。", // the commentary of _index.md, above the data
		"下一月：2022年10月",
		"政策法规科 2022-10-03 按时报送 2",
		"政务服务科 2022-10-09 逾期报送 1",
		"各分局 — 未报送 0",
		"指标1 政务服务科 已完成 已完成：审批服务“马上办”全面推行。 我局开展行政审批服务培训",
	)
	if i, j := strings.Index(month, "全面自查阶段各单位按时报送台账"), strings.Index(month, "台账报送情况"); i < 0 || i > j {
		t.Errorf("month page: the commentary should come above the data")
	}
	// Not yet due: as of 2022-11-03 October's ledgers are not overdue.
	early := buildFixture(t, "2022-11-04")
	contains(t, "month before due", text(t, early, "progress/2022-10/index.html"), "各分局 — 未到报送期限")
}

func TestOpenData(t *testing.T) {
	files := buildFixture(t, "2022-11-10")
	csv := files["indicators.csv"]
	if !bytes.HasPrefix(csv, []byte("\uFEFF编号,一级指标,二级指标,三级指标")) {
		t.Errorf("indicators.csv does not start with a BOM and the header: %q", csv[:min(len(csv), 60)])
	}
	contains(t, "indicators.csv", string(csv), "2,政府依法全面履行职能,原文未载明,原文未载明,网络检索")
	contains(t, "indicators.json", string(files["indicators.json"]), `"id": 3`, `"text_missing": true`, `"url": "https://example.gov.cn/fzzf/indicators/1/"`, `"title": "我局开展行政审批服务培训"`)
	pcsv := string(files["progress/progress.csv"])
	contains(t, "progress.csv", pcsv, "\uFEFF编号,一级指标,当前进度,2022-09,2022-10", "1,一,已完成,推进中,已完成", "2,一,未报送,未报送,未报送", "示例数据")
	contains(t, "progress.json", string(files["progress/progress.json"]), `"sample": true`, `"2022-09": "推进中"`, `"month": "2022-10"`)
}

// TestNothingPrivate proves that contacts and secret entries never reach
// any output file.
func TestNothingPrivate(t *testing.T) {
	files := buildFixture(t, "2022-11-10")
	for name, data := range files {
		for _, secret := range []string{"13912345678", "13812345678", "2961234", "王某", "李某", "绝不公开的涉密说明文字"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s contains private text %q", name, secret)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := buildFixture(t, "2022-11-10")
	b := buildFixture(t, "2022-11-10")
	if len(a) != len(b) {
		t.Fatalf("%d outputs, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds of the same input:\n%s\n----\n%s", name, data, b[name])
		}
	}
}

// TestAsOfCutOff: a ledger that came in after the as-of day does not count.
func TestAsOfCutOff(t *testing.T) {
	files := buildFixture(t, "2022-11-04") // zwfwk's October ledger came in on 11-05
	got := text(t, files, "indicators/1/index.html")
	contains(t, "as of 2022-11-04", got, "完成进度 已完成", "最后更新日期 2022年11月4日")
	if strings.Contains(got, "保持。") {
		t.Errorf("a ledger submitted after the as-of day is shown")
	}
	files = buildFixture(t, "2022-10-05") // only zcfgk's September ledger
	contains(t, "as of 2022-10-05", text(t, files, "indicators/1/index.html"), "完成进度 推进中")
}

func TestErrorsAtLines(t *testing.T) {
	base := fixtureFS(t)
	for _, c := range []struct {
		name, file, src, want string
	}{
		{"unknown unit", "content/news/b.md", "+++\ntitle = \"乙\"\ndate = 2022-09-01\nunits = [\"规划科\"]\n+++\n正文。\n",
			`content/news/b.md:4: unknown unit "规划科"`},
		{"unknown indicator", "content/news/b.md", "+++\ntitle = \"乙\"\ndate = 2022-09-01\n\nindicators = [1, 99]\n+++\n正文。\n",
			"content/news/b.md:5: unknown indicator 99"},
		{"prose contradicts", "content/indicators/2.md", "+++\ntitle = \"说明\"\ndate = 2022-09-01\nunits = [\"政策法规科\"]\n+++\n正文。\n",
			"content/indicators/2.md:4: unit 政策法规科 is not responsible for indicator 2"},
		{"prose of no indicator", "content/indicators/9.md", "+++\ntitle = \"说明\"\ndate = 2022-09-01\n+++\n正文。\n",
			"content/indicators/9.md:1: content/indicators/ holds prose for indicators only"},
		{"ledger unit not responsible", "content/progress/2022-10/gfj.toml", "unit = \"gfj\"\nmonth = \"2022-10\"\nsubmitted = 2022-11-01\n\n[[entry]]\nindicator = 3\nstatus = \"已完成\"\n",
			"content/progress/2022-10/gfj.toml:6: unit gfj is not responsible for indicator 3"},
		{"phone in detail", "content/progress/2022-10/gfj.toml", "unit = \"gfj\"\nmonth = \"2022-10\"\nsubmitted = 2022-11-01\n\n[[entry]]\nindicator = 2\nstatus = \"已完成\"\ndetail = \"联系13812345678\"\n",
			"content/progress/2022-10/gfj.toml:5: publication blocked: indicator 2:"},
		{"bad evidence", "content/progress/2022-10/gfj.toml", "unit = \"gfj\"\nmonth = \"2022-10\"\nsubmitted = 2022-11-01\n\n[[entry]]\nindicator = 2\nstatus = \"已完成\"\nevidence = [\"/news/nothing/\"]\n",
			`content/progress/2022-10/gfj.toml:5: indicator 2: evidence "/news/nothing/" is not a published page`},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			fsys[c.file] = &fstest.MapFile{Data: []byte(c.src)}
			_, err := build.Build(fsys, build.Options{AsOf: day("2022-11-10"), Extensions: []build.Extension{portal.New()}}, &build.MemSink{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
			if err != nil && strings.Contains(err.Error(), "13812345678") {
				t.Errorf("the error message repeats the private number: %v", err)
			}
		})
	}
}

// TestNoSeeds: without seeds data the extension leaves the site alone, and
// units stay a plain taxonomy.
func TestNoSeeds(t *testing.T) {
	fsys := fstest.MapFS{}
	for k, v := range fixtureFS(t) {
		if !strings.HasPrefix(k, "seeds/") && !strings.HasPrefix(k, "content/progress/") && !strings.HasPrefix(k, "content/indicators/") {
			fsys[k] = v
		}
	}
	sink := &build.MemSink{}
	res, err := build.Build(fsys, build.Options{AsOf: day("2022-11-10"), Extensions: []build.Extension{portal.New()}}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Site.Generated) != 0 || len(res.Site.Files) != 0 {
		t.Errorf("generated %d pages and %d files without seeds", len(res.Site.Generated), len(res.Site.Files))
	}
	if _, ok := sink.Files["units/法规科/index.html"]; !ok {
		t.Errorf("without seeds the units taxonomy should make /units/法规科/")
	}
}

func fsWalk(root fs.FS, f func(p string, data []byte)) error {
	return fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		f(p, data)
		return nil
	})
}

func fixtureFS(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	root := os.DirFS("testdata/site")
	err := fsWalk(root, func(p string, data []byte) { out[p] = &fstest.MapFile{Data: data} })
	if err != nil {
		t.Fatal(err)
	}
	return out
}
