package search

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestJSParity runs search.js under Node.js against a built index and
// checks that it tokenises, hashes, matches, ranks and snippets exactly
// as Query does, and that its rendering escapes index text.
func TestJSParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not on PATH; the search.js parity test needs Node.js in CI")
		}
		t.Skip("node is not on PATH: skipping the search.js parity test")
	}
	docs := append(fixture(), syntheticCorpus(300, 300)...)
	files := build(t, docs, Options{ShardBits: 5})
	dir := t.TempDir()
	for p, b := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	queries := []string{
		"行政复议", "段简", "段", "简单 会议", "许自规〔2022〕133号", "许自规［２０２２］１３３号", "许自规 2022 133",
		"第21项", "21", "2021", "ＡＢＣ", "<script>", "脚本", "法治政府", "听证 公示", "规", "，。", "",
		"不动产登记", "测评方式 网络检索", strings.Repeat("法治政府建设示范市", 5),
	}
	for _, d := range docs[len(docs)-20:] {
		// Phrases from synthetic pages: a slice of title and of body.
		rs := []rune(d.Body)
		queries = append(queries, string([]rune(d.Title)[:3]), string(rs[100:104]), string(rs[7:8]))
	}
	strs := append(slices.Clone(queries), "𠀀𠀁", "ＧＢ／Ｔ 37668-2019", "WCAG2.2", "二〇二二年", "é中文", "\u3000全角　空格", "a", "号")
	input, err := json.Marshal(map[string]any{"queries": queries, "strings": strs, "render": "脚本"})
	if err != nil {
		t.Fatal(err)
	}
	inputPath := filepath.Join(dir, "input.json")
	if err := os.WriteFile(inputPath, input, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join("testdata", "parity.js"), filepath.Join(dir, "search", "search.js"), filepath.Join(dir, "search"), inputPath)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	type jsResult struct {
		URL, Title, Section, Date, Snippet string
		Score                              float64
	}
	var got struct {
		Queries map[string]struct {
			Total   int
			Results []jsResult
		}
		Terms  map[string][]string
		Hashes map[string]uint32
		Render string
		None   string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node output: %v\n%s", err, out)
	}

	for _, s := range strs {
		if want := queryTerms(s); !slices.Equal(got.Terms[s], want) && len(want)+len(got.Terms[s]) > 0 {
			t.Errorf("terms of %q: js %q, go %q", s, got.Terms[s], want)
		}
		if want := hashTerm(s); got.Hashes[s] != want {
			t.Errorf("hash of %q: js %#x, go %#x", s, got.Hashes[s], want)
		}
	}
	nonEmpty := 0
	for _, q := range queries {
		want, err := Query(files, q, 0)
		if err != nil {
			t.Fatal(err)
		}
		js := got.Queries[q]
		if js.Total != len(want) || len(js.Results) != len(want) {
			t.Errorf("query %q: js %d results (total %d), go %d", q, len(js.Results), js.Total, len(want))
			continue
		}
		if len(want) > 0 {
			nonEmpty++
		}
		for i, w := range want {
			j := js.Results[i]
			if j != (jsResult{w.URL, w.Title, w.Section, w.Date, w.Snippet, w.Score}) {
				t.Errorf("query %q result %d:\n js %+v\n go %+v", q, i, j, w)
				break
			}
		}
	}
	if nonEmpty < len(queries)/2 {
		t.Errorf("only %d of %d parity queries have results; the test is too weak", nonEmpty, len(queries))
	}

	if strings.Contains(got.Render, "<script") || !strings.Contains(got.Render, "标题&lt;script&gt;alert(1)&lt;/script&gt;&amp;“引号”") ||
		!strings.Contains(got.Render, "回应关切&lt;b&gt;") || !strings.Contains(got.Render, "<mark>脚本</mark>") {
		t.Errorf("rendered results not escaped as expected:\n%s", got.Render)
	}
	if want := "未找到与“&lt;b&gt;无&lt;/b&gt;”相关的内容"; !strings.Contains(got.None, want) {
		t.Errorf("no-results message = %q, want it to contain %q", got.None, want)
	}
}

// TestScriptSyntax guards the ES2017 promise of search.js against a few
// later features that are easy to type by habit.
func TestScriptSyntax(t *testing.T) {
	src := string(script)
	for _, bad := range []string{"?.", "??", "\nimport ", "\nexport ", "replaceAll(", ".at(", "Object.fromEntries"} {
		if strings.Contains(src, bad) {
			t.Errorf("search.js uses %q, which is not ES2017", bad)
		}
	}
}
