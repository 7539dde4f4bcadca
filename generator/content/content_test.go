package content

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/diag"
	"fzzf/generator/tomlfile"
	"fzzf/generator/tomlfile/randtoml"
)

func TestParsePage(t *testing.T) {
	src := "\xef\xbb\xbf+++\r\ntitle = \"标题\"\r\ndate = 2023-03-15T09:30:00\r\nlastmod = \"2023-03-20\"\r\ntags = [\"甲\", \"乙\"]\r\nindicators = [21, 22]\r\n[params]\r\nsource = \"来源\"\r\n+++\r\n正文\r\n"
	var ps Parser
	p, err := ps.Parse("content/news/a.md", "news/a.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	fm := p.Front
	if fm.Title != "标题" || len(fm.Tags) != 2 || fm.Indicators[1] != 22 || fm.Params["source"] != "来源" {
		t.Errorf("front matter = %+v", fm)
	}
	want := time.Date(2023, 3, 15, 9, 30, 0, 0, tomlfile.China)
	if !fm.Date.Equal(want) || fm.Date.Location() != tomlfile.China {
		t.Errorf("date = %v, want %v in China time", fm.Date, want)
	}
	if !fm.Lastmod.Equal(time.Date(2023, 3, 20, 0, 0, 0, 0, tomlfile.China)) {
		t.Errorf("lastmod = %v", fm.Lastmod)
	}
	if string(p.Body) != "正文\n" || p.BodyLine != 10 {
		t.Errorf("body %q at line %d", p.Body, p.BodyLine)
	}
	if p.Section != "news" || p.Kind != KindPage || p.Name != "a" {
		t.Errorf("section %q kind %q name %q", p.Section, p.Kind, p.Name)
	}
}

func TestParseKinds(t *testing.T) {
	var ps Parser
	tests := []struct {
		rel                string
		kind               Kind
		dir, section, name string
		bundle             bool
	}{
		{"_index.md", KindHome, "", "", "_index", false},
		{"news/_index.md", KindSection, "news", "news", "_index", false},
		{"news/2023/_index.md", KindSection, "news/2023", "news", "_index", false},
		{"news/2023/a.md", KindPage, "news/2023", "news", "a", false},
		{"news/photo/index.md", KindPage, "news", "news", "photo", true},
		{"about.md", KindPage, "", "", "about", false},
	}
	for _, tt := range tests {
		p, err := ps.Parse("content/"+tt.rel, tt.rel, []byte("+++\ntitle = \"t\"\ndate = 2023-01-01\n+++\n"))
		if err != nil {
			t.Fatalf("%s: %v", tt.rel, err)
		}
		if p.Kind != tt.kind || p.Dir != tt.dir || p.Section != tt.section || p.Name != tt.name || p.Bundle != tt.bundle {
			t.Errorf("%s: got kind %q dir %q section %q name %q bundle %v", tt.rel, p.Kind, p.Dir, p.Section, p.Name, p.Bundle)
		}
	}
}

func TestParseProblems(t *testing.T) {
	var ps Parser
	tests := []struct{ src, want string }{
		{"+++\ntitle = \"t\"\ndate = 2023-01-01\ntitel = \"x\"\n+++\n", `a.md:4: unknown key "titel"`},
		{"+++\ntitle = \"t\"\ndate = 2023-01-01\n[paramz]\nx = 1\n+++\n", `a.md:4: unknown key "paramz"`},
		{"+++\ntitle = \"t\"\ndate = 2023-01-01 9:00\n+++\n", `a.md:3: invalid TOML`},
		{"+++\ntitle = \"t\"\n", `a.md:1: front matter is not closed`},
		{"正文\n", `a.md:1: no front matter`},
		{"---\ntitle: t\n---\n", `a.md:1: YAML front matter`},
		{"+++\ntitle = \"t\"\n+++\n", `date is missing`},
		{"+++\ndate = 2023-01-01\n+++\n", `title is missing`},
		{"+++\ntitle = \"t\"\ndate = \"2023年1月1日\"\n+++\n", `a.md:3: date: bad date "2023年1月1日"`},
		{"+++\ntitle = \"t\"\ndate = 5\n+++\n", `a.md:3: date: not a date`},
		{"+++\ntitle = \"t\"\ndate = 2023-01-01\nslug = \"中文\"\n+++\n", `a.md:4: slug "中文"`},
		{"+++\ntitle = \"t\"\ndate = 2023-01-01\nweight = \"1\"\n+++\n", `a.md:4: "weight" has the wrong type`},
	}
	for _, tt := range tests {
		_, err := ps.Parse("content/a.md", "a.md", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %q", tt.src, err, tt.want)
		}
	}
}

type policyKeys struct {
	Number string `toml:"number"`
	Status string `toml:"status"`
}

// TestSchema: a section's own keys are accepted there and nowhere else,
// and its check runs.
func TestSchema(t *testing.T) {
	ps := Parser{Schemas: map[string]Schema{
		"policies": {
			New: func() any { return &policyKeys{} },
			Check: func(p *Page, extra any) []*diag.Problem {
				if k := extra.(*policyKeys); k.Status != "" && k.Status != "现行有效" {
					return []*diag.Problem{diag.Errorf(p.File, p.KeyLine("status"), "bad status %q", k.Status)}
				}
				return nil
			},
		},
	}}
	src := "+++\ntitle = \"t\"\ndate = 2023-01-01\nnumber = \"许自规〔2022〕133号\"\nstatus = \"现行有效\"\n+++\n"
	p, err := ps.Parse("content/policies/a.md", "policies/a.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Extra.(*policyKeys).Number != "许自规〔2022〕133号" {
		t.Errorf("extra = %+v", p.Extra)
	}
	if _, err := ps.Parse("content/news/a.md", "news/a.md", []byte(src)); err == nil || !strings.Contains(err.Error(), `unknown key "number"`) {
		t.Errorf("policy key accepted in news: %v", err)
	}
	bad := strings.Replace(src, "现行有效", "作废", 1)
	if _, err := ps.Parse("content/policies/a.md", "policies/a.md", []byte(bad)); err == nil || !strings.Contains(err.Error(), "a.md:5: bad status") {
		t.Errorf("schema check not run: %v", err)
	}
}

func TestWalkIgnoresEditorFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"content/news/a.md":               {},
		"content/news/.a.md.swp":          {},
		"content/news/a.md~":              {},
		"content/news/4913":               {},
		"content/news/b.md.tmp":           {},
		"content/.git/x":                  {},
		"content/news/p/index.md":         {},
		"content/news/p/photo.png":        {},
		"content/progress/2023-03/x.toml": {},
		"content/files/a.pdf":             {},
	}
	files, err := Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(files, " ")
	if got != "files/a.pdf news/a.md news/p/index.md news/p/photo.png progress/2023-03/x.toml" {
		t.Errorf("Walk = %s", got)
	}
	md, data, plain := Classify(files)
	if len(md) != 2 || len(data) != 1 || len(plain) != 2 {
		t.Errorf("Classify = %v %v %v", md, data, plain)
	}
	var ps Parser
	page, _ := ps.Parse("content/news/p/index.md", "news/p/index.md", []byte("+++\ntitle = \"t\"\ndate = 2023-01-01\n+++\n"))
	AttachBundleFiles([]*Page{page}, plain)
	if len(page.Files) != 1 || page.Files[0] != "news/p/photo.png" {
		t.Errorf("bundle files = %v", page.Files)
	}
}

func TestWalkNoContent(t *testing.T) {
	files, err := Walk(fstest.MapFS{"config.toml": {}})
	if err != nil || len(files) != 0 {
		t.Errorf("Walk without content/ = %v, %v", files, err)
	}
}

// Schemas like the portal's (see publicity): strings, dates as `any`, a
// table array, unexported fields.
type testPolicy struct {
	Number      string `toml:"number"`
	Issuer      string `toml:"issuer"`
	RawIssued   any    `toml:"issued"`
	Status      string `toml:"status"`
	Attachments []struct {
		Title string `toml:"title"`
		File  string `toml:"file"`
	} `toml:"attachments"`
	issued time.Time
}

type testNews struct {
	Source string `toml:"source"`
}

type testResponse struct {
	Answer   string `toml:"answer"`
	RawAsked any    `toml:"asked"`
	Params   map[string]any
}

func testSchemas() map[string]Schema {
	return map[string]Schema{
		"policies": {New: func() any { return &testPolicy{} }, Check: func(p *Page, extra any) []*diag.Problem {
			f := extra.(*testPolicy)
			t, err := toDate(f.RawIssued)
			f.issued = t
			if err != nil || f.Issuer == "" {
				return []*diag.Problem{diag.Errorf(p.File, p.KeyLine("issued"), "issued %v %v", t, err)}
			}
			return nil
		}},
		"news":      {New: func() any { return &testNews{} }},
		"responses": {New: func() any { return &testResponse{} }, Check: func(p *Page, extra any) []*diag.Problem { return nil }},
		"odd":       {New: func() any { return map[string]any{} }},
	}
}

// TestDecodeSimpleDifferential parses many random pages with and without
// the fast path of decodeSimple: whenever it takes a page, the page and
// the problems must be what tomlfile.Decode gives.
func TestDecodeSimpleDifferential(t *testing.T) {
	ps := Parser{Schemas: testSchemas()}
	rels := []string{"news/a.md", "policies/p.md", "responses/r.md", "odd/o.md", "notices/n.md", "a.md", "_index.md", "news/_index.md", "policies/b/index.md"}
	common := []string{"title", "date", "lastmod", "publishDate", "expiryDate", "draft", "weight", "slug", "url", "aliases", "summary", "tags", "units", "indicators"}
	own := map[string][]string{"policies": {"number", "issuer", "issued", "status"}, "news": {"source"}, "responses": {"answer", "asked"}}
	r := rand.New(rand.NewPCG(5, 6))
	n, fast := 20000, 0
	if testing.Short() {
		n = 2000
	}
	defer func() { fastFront = true }()
	for i := 0; i < n; i++ {
		rel := oneOf(r, rels)
		var front string
		switch i % 3 {
		case 0:
			// Keys the page may have.
			keys := append([]string{}, common...)
			if k := strings.Split(rel, "/"); len(k) > 1 {
				keys = append(keys, own[k[0]]...)
			}
			front = randtoml.Plain(r, keys)
		case 1:
			front = randtoml.Plain(r, nil)
		default:
			front = randtoml.Document(r)
		}
		if r.IntN(4) == 0 {
			front = oneOf(r, []string{"type = \"policies\"\n", "type = \"news\"\n", "type = \"x\"\n", ""}) + front
		}
		src := "+++\n" + front + "\n+++\n正文\n"
		p := &Page{File: "content/" + rel, data: []byte(front + "\n"), Kind: KindPage}
		p.Section, _, _ = strings.Cut(rel, "/")
		if !strings.Contains(rel, "/") {
			p.Section = ""
		}
		if strings.HasSuffix(rel, "_index.md") {
			p.Kind = KindSection
		}
		fastFront = true
		gotPage, gotErr := ps.Parse("content/"+rel, rel, []byte(src))
		fastFront = false
		wantPage, wantErr := ps.Parse("content/"+rel, rel, []byte(src))
		fastFront = true
		if _, _, _, _, ok := ps.decodeSimple(p); !ok {
			// Both took tomlfile.Decode, whose problems may come in a
			// different order from run to run.
			continue
		}
		fast++
		if errString(gotErr) != errString(wantErr) {
			t.Fatalf("%s: fast path gives\n%v\nTOML decode\n%v\nfor:\n%s", rel, gotErr, wantErr, src)
		}
		if !reflect.DeepEqual(gotPage, wantPage) {
			t.Fatalf("%s: fast path gives\n%#v\nTOML decode\n%#v\nfor:\n%s", rel, gotPage, wantPage, src)
		}
	}
	t.Logf("%d pages, %d took the fast path", n, fast)
	if fast < n/4 {
		t.Errorf("only %d of %d pages took the fast path: the test compares too little", fast, n)
	}
}

func oneOf(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// BenchmarkParse parses a page like those of the benchmark corpus, in a
// section with a schema and in one without, with and without the fast path.
func BenchmarkParse(b *testing.B) {
	src := []byte("+++\ntitle = \"关于印发《许昌市自然资源和规划局法律顾问制度工作方案》的通知（许自规〔2023〕101号）\"\ndate = 2023-12-16T09:11:00\ntags = [\"生态修复\", \"权责清单\"]\nunits = [\"国土空间规划科\", \"建设项目管理科\", \"机关服务中心\"]\n+++\n\n" + strings.Repeat("针对基层法治力量薄弱的问题，测绘地理信息科深化拓展公平竞争审查。\n\n", 40))
	ps := Parser{Schemas: testSchemas()}
	defer func() { fastFront = true }()
	for _, fast := range []bool{true, false} {
		for _, rel := range []string{"news/a.md", "notices/a.md"} {
			b.Run(fmt.Sprintf("fast=%v/%s", fast, rel), func(b *testing.B) {
				fastFront = fast
				for b.Loop() {
					if _, err := ps.Parse("content/"+rel, rel, src); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
