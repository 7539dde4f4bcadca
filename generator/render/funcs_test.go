package render

import (
	"bytes"
	"html/template"
	"math/rand"
	"strings"
	"testing"
	"time"

	"fzzf/generator/config"
	"fzzf/generator/tomlfile"
)

// TestFuncExamples runs every example listed in the Funcs doc comment.
func TestFuncExamples(t *testing.T) {
	cfg, err := config.Parse([]byte(`title = "站"
baseURL = "https://zrzy.xuchang.gov.cn/fzzf/"
[identity]
siteCode = "4110000001"
police = "豫公网安备41100202000123号"
[[menu.main]]
name = "创建动态"
url = "news/"
`), "")
	if err != nil {
		t.Fatal(err)
	}
	md := func(s string) (string, error) {
		return strings.ReplaceAll(strings.ReplaceAll(s, "**重点**", "<strong>重点</strong>"), "x", "x"), nil
	}
	funcs := Funcs(cfg, map[string]string{"css/site.css": "css/site.3f2a9c1b.css"}, md)
	date := time.Date(2023, 3, 15, 9, 30, 0, 0, tomlfile.China)
	data := map[string]any{
		"Date":   date,
		"UTC":    time.Date(2023, 3, 15, 16, 30, 0, 0, time.UTC), // 00:30 on the 16th in China
		"List":   []int{1, 2, 3, 4, 5},
		"Params": map[string]any{"source": "市局"},
		"Empty":  "",
	}
	tests := []struct{ tmpl, want string }{
		{`{{relURL "css/site.css"}}`, "/fzzf/css/site.css"},
		{`{{relURL "/news/"}}`, "/fzzf/news/"},
		{`{{relURL "/fzzf/news/"}}`, "/fzzf/news/"},
		{`{{absURL "news/"}}`, "https://zrzy.xuchang.gov.cn/fzzf/news/"},
		{`{{asset "css/site.css"}}`, "/fzzf/css/site.3f2a9c1b.css"},
		{`{{dateFormat "2006年1月2日" .Date}}`, "2023年3月15日"},
		{`{{chineseDate .UTC}}`, "2023年3月16日"},
		{`{{isoDate .Date}}`, "2023-03-15"},
		{`{{pubDate .Date}}`, "2023-03-15 09:30"},
		{`{{markdownify "**重点**工作"}}`, "<strong>重点</strong>工作"},
		{`{{first 3 .List}}`, "[1 2 3]"},
		{`{{after 3 .List}}`, "[4 5]"},
		{`{{first 9 .List}}`, "[1 2 3 4 5]"},
		{`{{add 1 2}}`, "3"},
		{`{{sub 5 2}}`, "3"},
		{`{{percent 3 8}}`, "37.5%"},
		{`{{percent 1 2}}`, "50%"},
		{`{{percent 1 0}}`, "0%"},
		{`{{jiucuoURL "https://zrzy.xuchang.gov.cn/fzzf/news/"}}`, "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=4110000001&amp;url=https%3A%2F%2Fzrzy.xuchang.gov.cn%2Ffzzf%2Fnews%2F"},
		{`{{policeURL}}`, "https://beian.mps.gov.cn/#/query/webSearch?code=41100202000123"},
		{`{{default "无" .Empty}}`, "无"},
		{`{{default "无" .Params.source}}`, "市局"},
		{`{{param "source" .Params}}`, "市局"},
		{`{{param "nope" .Params}}`, ""},
		{`{{menuURL "/fzzf/news/"}}`, "/fzzf/news/"},
		{`{{menuURL "/fzzf/news/a/"}}`, ""},
	}
	for _, tt := range tests {
		tm, err := template.New("t").Funcs(funcs).Parse(tt.tmpl)
		if err != nil {
			t.Fatalf("%s: %v", tt.tmpl, err)
		}
		var b bytes.Buffer
		if err := tm.Execute(&b, data); err != nil {
			t.Errorf("%s: %v", tt.tmpl, err)
			continue
		}
		if b.String() != tt.want {
			t.Errorf("%s = %q, want %q", tt.tmpl, b.String(), tt.want)
		}
	}
	// An unknown asset is an error, not a silently broken link.
	tm := template.Must(template.New("t").Funcs(funcs).Parse(`{{asset "css/nope.css"}}`))
	if err := tm.Execute(&bytes.Buffer{}, nil); err == nil {
		t.Error("asset of a missing file succeeded")
	}
}

// TestFastDate: chineseDate, isoDate and pubDate give what dateFormat
// gives with their layouts, for times of every kind: zero, in any zone,
// around China's summer times of 1986–1991, years of other lengths.
func TestFastDate(t *testing.T) {
	zones := []*time.Location{time.UTC, tomlfile.China, time.FixedZone("x", -11*3600-1800), time.FixedZone("y", 14*3600)}
	r := rand.New(rand.NewSource(1))
	times := []time.Time{{}, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(999, 12, 31, 23, 59, 0, 0, tomlfile.China), time.Date(1000, 1, 1, 0, 0, 0, 0, tomlfile.China),
		time.Date(9999, 12, 31, 23, 59, 59, 0, tomlfile.China), time.Date(10000, 1, 1, 0, 0, 0, 0, tomlfile.China),
		time.Date(-5, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(1988, 4, 10, 2, 30, 0, 0, tomlfile.China)}
	for range 20000 {
		var sec int64
		switch r.Intn(4) {
		case 0: // around the summer times
			sec = time.Date(1985, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + r.Int63n(8*365*86400)
		case 1: // the years sites date things in
			sec = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + r.Int63n(60*365*86400)
		default:
			sec = r.Int63n(1<<40) - 1<<39
		}
		times = append(times, time.Unix(sec, r.Int63n(2e9)).In(zones[r.Intn(len(zones))]))
	}
	for _, tm := range times {
		for layout, want := range map[int]string{dateChinese: "2006年1月2日", dateISO: "2006-01-02", datePub: "2006-01-02 15:04"} {
			if got, want := fastDate(layout, tm), dateFormat(want, tm); got != want {
				t.Fatalf("%v with %q: got %q, want %q", tm, dateLayouts[layout], got, want)
			}
		}
	}
}
