package tomlfile

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"fzzf/generator/tomlfile/randtoml"
)

// Decode targets: the field types the fast path stores into, and some it
// must leave to BurntSushi/toml.
type frontLike struct {
	Title      string         `toml:"title"`
	Draft      bool           `toml:"draft"`
	Weight     int            `toml:"weight"`
	Number     int64          `toml:"number"`
	Tags       []string       `toml:"tags"`
	Units      []string       `toml:"units"`
	Indicators []int          `toml:"indicators"`
	Aliases    []int64        `toml:"aliases"`
	Params     map[string]any `toml:"params"`
	Date       any            `toml:"date"`
	Lastmod    any            `toml:"lastmod,omitempty"`
	Skipped    time.Time      `toml:"-"`
	Source     string
	hidden     string
}

type otherTypes struct {
	Date        time.Time         `toml:"date"`
	Weight      float64           `toml:"weight"`
	Slug        namedString       `toml:"slug"`
	Tags        []any             `toml:"tags"`
	Units       [2]string         `toml:"units"`
	Attachments []struct{ A int } `toml:"attachments"`
	Params      map[string]string `toml:"params"`
	Status      *string           `toml:"status"`
	Policy      uint8             `toml:"policy"`
	Form        time.Duration     `toml:"form"`
}

type namedString string

type embedded struct {
	frontLike
	X string `toml:"x"`
}

type twice struct {
	A string `toml:"title"`
	B string `toml:"title"`
}

// newTargets returns fresh decode targets.
func newTargets() []any {
	return []any{&frontLike{}, &otherTypes{}, &embedded{}, &twice{}, &struct{}{}}
}

// checkSimple compares the fast path with toml.Decode on one document: when
// the fast path takes the document, toml.Decode must accept it and decode
// the same values and mark the same top-level keys decoded.
func checkSimple(t *testing.T, src string) (fast int) {
	t.Helper()
	doc, ok := ParseSimple([]byte(src))
	var all map[string]any
	md, err := toml.Decode(src, &all)
	if !ok {
		return 0
	}
	if err != nil {
		t.Fatalf("fast path took a document toml.Decode rejects (%v):\n%s", err, src)
	}
	// The whole document, as an `any`.
	got := map[string]any{}
	for i := range doc.entries {
		got[doc.entries[i].key] = doc.raw(&doc.entries[i].val)
	}
	if !reflect.DeepEqual(got, all) {
		t.Fatalf("fast path read\n%#v\ntoml.Decode read\n%#v\nfrom:\n%s", got, all, src)
	}
	var order []string
	for _, k := range md.Keys() {
		if len(k) == 1 {
			order = append(order, k[0])
		}
	}
	var fastOrder []string
	for i := 0; i < doc.Len(); i++ {
		fastOrder = append(fastOrder, doc.Key(i))
	}
	if !reflect.DeepEqual(order, fastOrder) {
		t.Fatalf("keys %q, toml.Decode has %q, in:\n%s", fastOrder, order, src)
	}
	for _, target := range newTargets() {
		claimed := make([]bool, doc.Len())
		if !doc.Decode(target, claimed) {
			continue
		}
		fast++
		want := reflect.New(reflect.TypeOf(target).Elem()).Interface()
		md, err := toml.Decode(src, want)
		if err != nil {
			t.Fatalf("fast path decoded into %T what toml.Decode rejects (%v):\n%s", target, err, src)
		}
		if !reflect.DeepEqual(target, want) {
			t.Fatalf("fast path decoded into %T\n%#v\ntoml.Decode\n%#v\nfrom:\n%s", target, target, want, src)
		}
		undecoded := map[string]bool{}
		for _, k := range md.Undecoded() {
			undecoded[k.String()] = true
		}
		for _, k := range md.Keys() {
			if len(k) == 1 {
				continue
			}
			// A key in a table is decoded with its table.
			if undecoded[k.String()] != undecoded[k[0]] {
				t.Fatalf("%s decoded %v but %s %v, into %T from:\n%s", k, !undecoded[k.String()], k[0], !undecoded[k[0]], target, src)
			}
		}
		for i, c := range claimed {
			if c == undecoded[doc.Key(i)] {
				t.Fatalf("fast path claimed %s: %v; toml.Decode decoded it: %v, into %T from:\n%s", doc.Key(i), c, !undecoded[doc.Key(i)], target, src)
			}
		}
	}
	return fast
}

func TestSimpleExamples(t *testing.T) {
	for _, src := range []string{
		"",
		"\n\n# only a comment\n",
		"title = \"关于印发《方案》的通知（许自规〔2023〕101号）\"\ndate = 2023-12-16T09:11:00\ntags = [\"生态修复\", \"权责清单\"]\nunits = [\"国土空间规划科\"]\n",
		"title = 'lit'  # c\ndraft = true\nweight = -3\nindicators = [\n  1, # one\n  2,\n]\n[params]\nsource = \"x\"\nn = 1\nd = 2023-03-15\nlist = [1, 'a', true, 2023-01-01T00:00:00]\n",
		"[params]\n",
		"[ params ]   # c\na=1",
		"date = 2024-02-29",
		"tags = []\nunits=[ ]",
		"1 = 1\n2023-01-01 = 2\ntrue = false\n- = 1\n_ = ''",
	} {
		if _, ok := ParseSimple([]byte(src)); !ok {
			t.Errorf("fast path refused:\n%s", src)
		}
		if checkSimple(t, src) == 0 {
			t.Errorf("no decode took the fast path:\n%s", src)
		}
	}
	for _, src := range []string{
		"title = \"a\\\"b\"", "title = \"\"\"x\"\"\"", "\"title\" = 1", "params.x = 1", "a = {b = 1}",
		"date = 2023-03-15T09:30:00Z", "date = 2023-03-15 09:30:00", "date = 2023-02-29", "n = 1_000",
		"n = 0x10", "n = 1.5", "a = 1\na = 2", "[p]\n[p]", "a = 1\n[a]", "[[a]]", "[a.b]", "a = [[1]]",
		"a = 1\r\n", "a = \"\x01\"", "a = \"\xff\"", "a = 1 # \x7f", "a = 'x'y", "a = [1,,2]", "a = [,]",
		"n = 01", "n = 1234567890123456789", "date = 0999-01-01",
	} {
		if _, ok := ParseSimple([]byte(src)); ok {
			t.Errorf("fast path took %q", src)
		}
	}
}

// TestSimpleDifferential compares the fast path with toml.Decode on many
// random documents.
func TestSimpleDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n, took, decoded := 20000, 0, 0
	if testing.Short() {
		n = 2000
	}
	for i := 0; i < n; i++ {
		var src string
		switch i % 4 {
		case 0:
			src = randtoml.Plain(r, nil)
		case 1:
			src = mutate(r, randtoml.Plain(r, nil))
		default:
			src = randtoml.Document(r)
		}
		if _, ok := ParseSimple([]byte(src)); ok {
			took++
		}
		decoded += checkSimple(t, src)
	}
	t.Logf("%d documents, %d parsed by the fast path, %d fast decodes", n, took, decoded)
	if took < n/4 || decoded < n/4 {
		t.Errorf("only %d of %d documents took the fast path (%d decodes): the test compares too little", took, n, decoded)
	}
}

// mutate changes a few bytes of src.
func mutate(r *rand.Rand, src string) string {
	b := []byte(src)
	for k := r.IntN(3) + 1; k > 0 && len(b) > 0; k-- {
		i := r.IntN(len(b))
		switch r.IntN(3) {
		case 0:
			b = append(b[:i], b[i+1:]...)
		case 1:
			c := "\"'[]{}=,.#\n \t0-+:T_ZeExb\\\x00\xe4"[r.IntN(27)]
			b = append(b[:i], append([]byte{c}, b[i:]...)...)
		default:
			b[i] = "\"'[]{}=,.#\n \t0-+:T_ZeExb\\\x00\xe4"[r.IntN(27)]
		}
	}
	return string(b)
}

// FuzzSimple runs the same comparison on fuzzed documents.
func FuzzSimple(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 50; i++ {
		f.Add(randtoml.Plain(r, nil))
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkSimple(t, src)
	})
}

func BenchmarkFrontMatter(b *testing.B) {
	src := []byte(strings.Join([]string{
		`title = "关于印发《许昌市自然资源和规划局法律顾问制度工作方案》的通知（许自规〔2023〕101号）"`,
		`date = 2023-12-16T09:11:00`,
		`tags = ["生态修复", "权责清单"]`,
		`units = ["国土空间规划科", "建设项目管理科", "机关服务中心"]`, ""}, "\n"))
	b.Run("simple", func(b *testing.B) {
		for b.Loop() {
			var v frontLike
			doc, ok := ParseSimple(src)
			if !ok || !doc.Decode(&v, make([]bool, doc.Len())) {
				b.Fatal("not simple")
			}
			doc.Release()
		}
	})
	b.Run("toml", func(b *testing.B) {
		for b.Loop() {
			var v frontLike
			if _, err := toml.Decode(string(src), &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
