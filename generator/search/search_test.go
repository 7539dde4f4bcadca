package search

import (
	"bytes"
	"cmp"
	"maps"
	"math/rand/v2"
	"path"
	"slices"
	"strings"
	"testing"
	"time"
)

var shanghai = time.FixedZone("CST", 8*3600)

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// fixture is a small site with the cases the tests need.
func fixture() []Doc {
	return []Doc{
		{
			URL:      "/fzzf/policies/plan/",
			Title:    "许昌市自然资源和规划局创建法治政府建设示范市实施方案",
			Section:  "政策文件",
			Date:     day("2022-08-15"),
			Headings: []string{"许自规〔2022〕133号", "一、指导思想", "二、创建任务"},
			Body:     "为深入贯彻落实党中央关于法治政府建设的决策部署，结合我局实际，制定本方案。各单位要依法办理行政复议案件。",
		},
		{
			URL:      "/fzzf/interpretations/plan/",
			Title:    "《实施方案》政策解读",
			Section:  "政策解读",
			Date:     day("2022-08-17"),
			Headings: []string{"一、出台背景", "二、主要内容"},
			Body:     "2022年8月，我局印发了《实施方案》（许自规〔2022〕133号），明确了九项创建任务。",
		},
		{
			URL:      "/fzzf/policies/other/",
			Title:    "关于规范行政执法的通知",
			Section:  "政策文件",
			Date:     day("2022-09-20"),
			Headings: []string{"许自规〔2022〕134号"},
			Body:     "根据许自规〔2021〕133号文件精神，规范行政执法行为。",
		},
		{
			URL:      "/fzzf/indicators/21/",
			Title:    "第21项 行政复议决定书网上公开",
			Section:  "指标体系",
			Date:     day("2022-08-10"),
			Headings: []string{"测评方式", "报送材料"},
			Body:     "测评方式：网络检索。报送材料：①行政复议决定书公开情况。",
		},
		{
			URL:     "/fzzf/news/meeting/",
			Title:   "我局召开行政复议工作推进会",
			Section: "创建动态",
			Date:    day("2022-09-01"),
			Body:    "会议要求各科室做好行政复议应诉工作。",
		},
		{
			URL:     "/fzzf/news/old/",
			Title:   "我局召开专题会议",
			Section: "创建动态",
			Date:    day("2022-08-01"),
			Body:    "会议听取了行政复议工作情况汇报。",
		},
		{
			URL:     "/fzzf/news/new/",
			Title:   "我局召开季度会议",
			Section: "创建动态",
			Date:    day("2022-10-01"),
			Body:    "会议听取了行政复议工作情况汇报。",
		},
		{
			URL:     "/fzzf/responses/simple/",
			Title:   "关于办事指南的回复",
			Section: "回应关切",
			Date:    day("2022-09-05"),
			Body:    "这是一段简单的说明，共有２０２２个字ＡＢＣ。",
		},
		{
			URL:     "/fzzf/responses/script/",
			Title:   "标题<script>alert(1)</script>&“引号”",
			Section: "回应关切<b>",
			Date:    day("2022-09-06"),
			Body:    "正文含有<script>alert('x')</script>脚本示例。",
		},
		{
			URL:     "/fzzf/about/",
			Title:   "关于本专栏",
			Section: "",
			Body:    "本专栏发布法治政府建设示范市创建工作信息。",
		},
	}
}

func build(t testing.TB, docs []Doc, opts Options) map[string][]byte {
	t.Helper()
	files, err := Build(docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func urls(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.URL)
	}
	return out
}

func query(t testing.TB, files map[string][]byte, q string) []Result {
	t.Helper()
	rs, err := Query(files, q, 0)
	if err != nil {
		t.Fatalf("Query(%q): %v", q, err)
	}
	return rs
}

func TestQueryMatches(t *testing.T) {
	files := build(t, fixture(), Options{})
	tests := []struct {
		q    string
		want []string // exact result order
	}{
		// Substring semantics for Chinese: every bigram must be present.
		{"段简", []string{"/fzzf/responses/simple/"}},
		{"一段简单的说明", []string{"/fzzf/responses/simple/"}},
		{"段", []string{"/fzzf/responses/simple/"}},
		{"简单 回复", []string{"/fzzf/responses/simple/"}},
		// AND: 简单 and 会议 are both indexed, never in one page.
		{"简单 会议", nil},
		{"复议决定书", []string{"/fzzf/indicators/21/"}},
		// Full-width digits and letters are folded.
		{"2022个字", []string{"/fzzf/responses/simple/"}},
		{"abc", []string{"/fzzf/responses/simple/"}},
		{"ＡＢＣ", []string{"/fzzf/responses/simple/"}},
		{"不存在的词", nil},
		{"，。", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := urls(query(t, files, tt.q)); !slices.Equal(got, tt.want) {
			t.Errorf("Query(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestQueryDocumentNumber(t *testing.T) {
	files := build(t, fixture(), Options{})
	for _, q := range []string{"许自规〔2022〕133号", "许自规[2022]133号", "许自规［２０２２］１３３号", "许自规 2022 133"} {
		got := urls(query(t, files, q))
		// The policy has the 文号 in a heading, its interpretation cites it
		// in the body, the other policy has 134号 and cites a 2021 文号.
		want := []string{"/fzzf/policies/plan/", "/fzzf/interpretations/plan/"}
		if q == "许自规 2022 133" {
			// Without brackets the numbers are separate words, and the
			// other policy has them all too (with its 134号 heading it
			// even ties with the plan and wins as the newer page).
			slices.Sort(got)
			want = []string{"/fzzf/interpretations/plan/", "/fzzf/policies/other/", "/fzzf/policies/plan/"}
		}
		if !slices.Equal(got, want) {
			t.Errorf("Query(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestQueryIndicatorNumber(t *testing.T) {
	files := build(t, fixture(), Options{})
	if got := urls(query(t, files, "第21项")); !slices.Equal(got, []string{"/fzzf/indicators/21/"}) {
		t.Errorf("Query(第21项) = %q", got)
	}
	got := urls(query(t, files, "21"))
	if len(got) == 0 || got[0] != "/fzzf/indicators/21/" {
		t.Errorf("Query(21) = %q, want the indicator first", got)
	}
	// 2021 is a different number: a word matches whole words only.
	if got := urls(query(t, files, "2021")); !slices.Equal(got, []string{"/fzzf/policies/other/"}) {
		t.Errorf("Query(2021) = %q", got)
	}
}

func TestQueryRanking(t *testing.T) {
	files := build(t, fixture(), Options{})
	rs := query(t, files, "行政复议")
	got := urls(rs)
	// Title hits first (newer first), then body-only hits, newest first:
	// new (10-01), plan (08-15), old (08-01).
	want := []string{"/fzzf/news/meeting/", "/fzzf/indicators/21/", "/fzzf/news/new/", "/fzzf/policies/plan/", "/fzzf/news/old/"}
	if !slices.Equal(got, want) {
		t.Fatalf("Query(行政复议) = %q, want %q", got, want)
	}
	if !(rs[0].Score > rs[2].Score) || rs[2].Score != rs[3].Score {
		t.Errorf("scores %v: want title hits above body hits, body hits equal", []float64{rs[0].Score, rs[1].Score, rs[2].Score, rs[3].Score})
	}
	if rs[0].Title != "我局召开行政复议工作推进会" || rs[0].Section != "创建动态" || rs[0].Date != "2022-09-01" {
		t.Errorf("first result = %+v", rs[0])
	}

	// A heading hit beats a body hit; same date and score go by URL.
	docs := []Doc{
		{URL: "/b/", Title: "甲", Body: "测绘地理信息", Date: day("2023-01-01")},
		{URL: "/a/", Title: "乙", Body: "测绘地理信息", Date: day("2023-01-01")},
		{URL: "/c/", Title: "丙", Headings: []string{"测绘地理信息"}, Date: day("2022-01-01")},
		{URL: "/d/", Title: "测绘地理信息", Date: time.Time{}},
	}
	got = urls(query(t, build(t, docs, Options{}), "测绘"))
	if want := []string{"/d/", "/c/", "/a/", "/b/"}; !slices.Equal(got, want) {
		t.Errorf("Query(测绘) = %q, want %q", got, want)
	}

	rs, err := Query(files, "行政复议", 2)
	if err != nil || len(rs) != 2 || rs[1].URL != "/fzzf/indicators/21/" {
		t.Errorf("Query with limit 2 = %q, %v", urls(rs), err)
	}
}

func TestSnippet(t *testing.T) {
	files := build(t, fixture(), Options{})
	rs := query(t, files, "段简")
	if want := "这是一<mark>段简</mark>单的说明，共有２０２２个字ＡＢＣ。"; rs[0].Snippet != want {
		t.Errorf("snippet = %q, want %q", rs[0].Snippet, want)
	}
	rs = query(t, files, "２０２２ abc")
	if want := "这是一段简单的说明，共有<mark>２０２２</mark>个字<mark>ＡＢＣ</mark>。"; rs[0].Snippet != want {
		t.Errorf("snippet = %q, want %q", rs[0].Snippet, want)
	}
	// Non-adjacent bigrams are marked one by one.
	if got, want := snippet("甲乙丙，乙丙丁", "甲乙丙丁"), "<mark>甲乙丙</mark>，<mark>乙丙丁</mark>"; got != want {
		t.Errorf("snippet = %q, want %q", got, want)
	}
	// The window starts a little before a match far into the text.
	long := strings.Repeat("甲", 200) + "目标" + strings.Repeat("乙", 200)
	got := snippet(long, "目标")
	want := "…" + strings.Repeat("甲", snippetBefore) + "<mark>目标</mark>" + strings.Repeat("乙", snippetLen-snippetBefore-2) + "…"
	if got != want {
		t.Errorf("long snippet = %q, want %q", got, want)
	}
	// Near the end the window is filled from the left.
	got = snippet(strings.Repeat("甲", 200)+"目标", "目标")
	if want := "…" + strings.Repeat("甲", snippetLen-2) + "<mark>目标</mark>"; got != want {
		t.Errorf("end snippet = %q, want %q", got, want)
	}
	// No match in the text: its beginning.
	if got := snippet("正文", "标题"); got != "正文" {
		t.Errorf("snippet without match = %q", got)
	}
}

func TestEscaping(t *testing.T) {
	files := build(t, fixture(), Options{})
	rs := query(t, files, "脚本")
	if len(rs) != 1 {
		t.Fatalf("Query(脚本) = %q", urls(rs))
	}
	r := rs[0]
	if strings.Contains(r.Snippet, "<script") || !strings.Contains(r.Snippet, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") {
		t.Errorf("snippet not escaped: %q", r.Snippet)
	}
	if r.Title != "标题<script>alert(1)</script>&“引号”" {
		t.Errorf("title = %q, want the plain text", r.Title)
	}
	// A query for markup finds the words, and marks escaped text.
	rs = query(t, files, "<script>")
	if len(rs) != 1 || !strings.Contains(rs[0].Snippet, "&lt;<mark>script</mark>&gt;") {
		t.Errorf("Query(<script>) = %+v", rs)
	}
}

func TestBuildDeterministic(t *testing.T) {
	docs := append(fixture(), syntheticCorpus(300, 200)...)
	want := build(t, docs, Options{})
	r := rand.New(rand.NewPCG(7, 8))
	for range 3 {
		shuffled := slices.Clone(docs)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := build(t, shuffled, Options{})
		if !maps.EqualFunc(got, want, bytes.Equal) {
			t.Fatal("shuffled input gave different output")
		}
	}
}

func TestBuildFiles(t *testing.T) {
	files := build(t, fixture(), Options{ShardBits: 4, Dir: "/fzzf-search/"})
	for _, p := range []string{"fzzf-search/meta.json", "fzzf-search/search.js", "fzzf-search/s/0.json", "fzzf-search/s/f.json", "fzzf-search/d/0.json"} {
		if _, ok := files[p]; !ok {
			t.Errorf("no %s in output", p)
		}
	}
	for p := range files {
		if !strings.HasPrefix(p, "fzzf-search/") {
			t.Errorf("file %s outside the index directory", p)
		}
	}
	if !bytes.Equal(files["fzzf-search/search.js"], script) {
		t.Error("search.js differs from the embedded script")
	}
	if got := urls(query(t, files, "段简")); len(got) != 1 {
		t.Errorf("query on a custom directory = %q", got)
	}
	// Doc 0 is the newest page.
	if !bytes.HasPrefix(files["fzzf-search/d/0.json"], []byte(`[["/fzzf/news/new/","我局召开季度会议","创建动态","2022-10-01","会议听取了行政复议工作情况汇报。"],`)) {
		t.Errorf("d/0.json = %s, want the newest page", files["fzzf-search/d/0.json"])
	}
}

func TestBuildErrors(t *testing.T) {
	ok := Doc{URL: "/a/", Title: "甲"}
	tests := []struct {
		name string
		docs []Doc
		opts Options
		want string
	}{
		{"duplicate", []Doc{ok, ok}, Options{}, `page "/a/" indexed twice`},
		{"relative URL", []Doc{{URL: "a/"}}, Options{}, "URL must start with"},
		{"script URL", []Doc{{URL: "javascript:alert(1)"}}, Options{}, "URL must start with"},
		{"bits", []Doc{ok}, Options{ShardBits: 17}, "shard bits 17"},
		{"dir", []Doc{ok}, Options{Dir: "../x"}, "invalid output directory"},
	}
	for _, tt := range tests {
		_, err := Build(tt.docs, tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := Query(map[string][]byte{}, "x", 1); err == nil {
		t.Error("Query without an index succeeded")
	}
}

// TestShardsFetched checks that a query reads meta.json, only the shards
// of its terms, and only the record groups of the results it returns.
func TestShardsFetched(t *testing.T) {
	docs := append(fixture(), syntheticCorpus(500, 300)...)
	files := build(t, docs, Options{ShardBits: 6})
	if n := statsOf(files).shards; n != 64 {
		t.Fatalf("%d shards, want 64", n)
	}
	for _, q := range []string{"行政复议", "许自规〔2022〕133号", "规", "第21项"} {
		read := map[string]int{}
		load := func(p string) ([]byte, error) {
			read[p]++
			return files[path.Join("search", p)], nil
		}
		rs, total, err := run(load, q, 3)
		if err != nil {
			t.Fatal(err)
		}
		wantShards := map[string]bool{}
		for _, term := range queryTerms(q) {
			wantShards[shardName(shardOf(term, 6), 6)] = true
		}
		wantGroups := map[string]bool{}
		quiet := func(p string) ([]byte, error) { return files[path.Join("search", p)], nil }
		hits, err := match(quiet, meta{Bits: 6, Weights: [3]int{weightTitle, weightHeading, weightBody}}, queryTerms(q))
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(b.score-a.score, a.doc-b.doc) })
		for _, h := range hits[:len(rs)] {
			wantGroups[recordName(h.doc, groupSize)] = true
		}
		var shards, records int
		for p, n := range read {
			if n != 1 {
				t.Errorf("query %q read %s %d times", q, p, n)
			}
			switch {
			case strings.HasPrefix(p, "s/"):
				shards++
				if !wantShards[p] {
					t.Errorf("query %q read shard %s of none of its terms", q, p)
				}
			case strings.HasPrefix(p, "d/"):
				records++
				if !wantGroups[p] {
					t.Errorf("query %q read record group %s of none of its results", q, p)
				}
			case p != "meta.json":
				t.Errorf("query %q read %s", q, p)
			}
		}
		if shards != len(wantShards) || records != len(wantGroups) || total < len(rs) || len(rs) == 0 {
			t.Errorf("query %q: %d shards (want %d), %d record groups (want %d) for %d results of %d", q, shards, len(wantShards), records, len(wantGroups), len(rs), total)
		}
	}
}

func TestAutoShardBits(t *testing.T) {
	small := statsOf(build(t, fixture(), Options{}))
	if small.shards != 1 {
		t.Errorf("small site: %d shards, want 1", small.shards)
	}
	s := statsOf(build(t, syntheticCorpus(1000, 1000), Options{}))
	if avg := s.shardBytes / s.shards; avg > targetShardBytes || s.shards < 2 {
		t.Errorf("1,000 pages: %d shards averaging %d bytes, want 2+ under %d", s.shards, avg, targetShardBytes)
	}
}

// TestPostingsHaveNoDigits: the build scans every output for phone and ID
// numbers, so encoded posting lists must never contain digit runs.
func TestPostingsHaveNoDigits(t *testing.T) {
	var b []byte
	for v := 0; v < 1<<16; v += 7 {
		b = appendVarint(b, v)
	}
	if i := strings.IndexAny(string(b), "0123456789"); i >= 0 {
		t.Fatalf("encoded postings contain a digit at %d: %q", i, b[max(0, i-5):i+5])
	}
}
