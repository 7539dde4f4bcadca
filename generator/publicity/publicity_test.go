package publicity

import (
	"strings"
	"testing"
	"time"

	"fzzf/generator/content"
	"fzzf/generator/tomlfile"
)

func d(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, tomlfile.China)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWorkdaysBetween(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     int
	}{
		{"2022-08-29", "2022-08-31", 2}, // Mon → Wed
		{"2022-08-29", "2022-09-01", 3},
		{"2022-08-29", "2022-09-02", 4},
		{"2023-03-10", "2023-03-13", 1}, // Fri → Mon: the weekend does not count
		{"2022-09-30", "2022-10-10", 3}, // National Day: only the make-up days 10-08, 10-09 and 10-10
		{"2023-05-04", "2023-05-10", 5}, // Saturday 05-06 was a working day
		{"2023-01-20", "2023-01-30", 3}, // Spring Festival: 01-28, 01-29 (make-up) and 01-30
		{"2023-03-10", "2023-03-10", 0}, // same day
		{"2023-03-10", "2023-03-01", 0}, // earlier
		{"2025-01-03", "2025-01-06", 1}, // another year: weekends only
		{"2022-12-30", "2023-01-03", 1}, // New Year: 01-02 off
		{"2023-06-21", "2023-06-26", 2}, // Dragon Boat: 06-25 (Sun) worked, 06-26
		{"2023-09-28", "2023-10-09", 3}, // 10-07, 10-08 worked, 10-09
		{"2022-08-29", "2022-08-29", 0},
	} {
		if got := WorkdaysBetween(d(tc.from), d(tc.to)); got != tc.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestTextEquivalent(t *testing.T) {
	for _, tc := range []struct {
		body, want string
	}{
		{"![图](a.png)\n\n## 图解文字版\n\n全文。\n", ""},
		{"## 文字版\n### 第一部分\n内容\n", ""}, // text under a sub-heading counts
		{"![图](a.png)\n", "add a heading"},
		{"## 文字版\n\n## 下一节\n内容\n", "has no text under it"},
		{"```\n## 文字版\n```\n内容\n", "add a heading"}, // a heading in code is not one
		{"#文字版\n内容\n", "add a heading"},             // not a heading without the space
	} {
		got := textEquivalent([]byte(tc.body), []string{"文字版"})
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("textEquivalent(%q) = %q, want %q", tc.body, got, tc.want)
		}
	}
}

func TestRefPath(t *testing.T) {
	cp := &content.Page{Path: "interpretations/a.md"}
	bundle := &content.Page{Path: "policies/b/index.md"}
	for _, tc := range []struct {
		from      *content.Page
		ref, want string
	}{
		{cp, "policies/plan.md", "policies/plan.md"},
		{cp, "/policies/plan.md", "policies/plan.md"},
		{cp, "content/policies/plan.md", "policies/plan.md"},
		{cp, "../policies/plan.md", "policies/plan.md"},
		{cp, "./x.md", "interpretations/x.md"},
		{cp, "policies/../../etc/passwd", "etc/passwd"},
		{bundle, "./annex.pdf", "policies/b/annex.pdf"},
		{bundle, "files/annex.pdf", "files/annex.pdf"},
	} {
		if got := refPath(tc.from, tc.ref); got != tc.want {
			t.Errorf("refPath(%s, %q) = %q, want %q", tc.from.Path, tc.ref, got, tc.want)
		}
	}
}

func TestSchemasParse(t *testing.T) {
	ps := &content.Parser{Schemas: New().Schemas()}
	src := "+++\ntitle = \"文件\"\ndate = 2023-03-01\nissuer = \"局\"\nissued = 2023-02-28\nstatus = \"已废止\"\nstatus_date = \"2023-05-01\"\n+++\n正文\n"
	p, err := ps.Parse("content/policies/a.md", "policies/a.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f := p.Extra.(*policyFront)
	if f.Issuer != "局" || !f.issued.Equal(d("2023-02-28")) || !f.statusDate.Equal(d("2023-05-01")) || f.Status != StatusRepealed {
		t.Errorf("decoded %+v", f)
	}
	_, err = ps.Parse("content/policies/a.md", "policies/a.md", []byte("+++\ntitle = \"文件\"\ndate = 2023-03-01\nissuer = \"局\"\nissued = 2023-02-28\nnumbr = \"x\"\n+++\n"))
	if err == nil || !strings.Contains(err.Error(), "content/policies/a.md:6:") {
		t.Errorf("a misspelt key: got %v, want an error at line 6", err)
	}
}
