package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fzzf/generator/diag"
	"fzzf/generator/tomlfile"
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
