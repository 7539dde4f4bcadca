package build

import (
	"hash/maphash"
	"reflect"
	"testing"
	"time"
)

// Data shaped like the portal's: indicators point to their category,
// which lists its indicators (a cycle), and share unit structs (a DAG).
type tUnit struct {
	Code, Name string
	Tags       []string
}

type tIndicator struct {
	ID       int
	Text     string
	Category *tCategory
	Units    []*tUnit
	History  []tReport
	Latest   *tReport
}

type tReport struct {
	Month  string
	Unit   *tUnit
	When   time.Time
	Detail map[string]any
}

type tCategory struct {
	Name       string
	Indicators []*tIndicator
}

type tPage struct {
	Indicator  *tIndicator
	Categories []*tCategory
}

func testData() (*tCategory, []*tUnit) {
	units := []*tUnit{{"u1", "甲科", []string{"a", "b"}}, {"u2", "乙科", nil}}
	cat := &tCategory{Name: "依法行政"}
	for i := 1; i <= 30; i++ {
		ind := &tIndicator{ID: i, Text: "指标", Category: cat, Units: units}
		for m := 1; m <= 3; m++ {
			ind.History = append(ind.History, tReport{Month: "2023-0" + string(rune('0'+m)), Unit: units[m%2],
				When: time.Date(2023, time.Month(m), 1, 0, 0, 0, 0, time.UTC), Detail: map[string]any{"n": m, "ok": true}})
		}
		ind.Latest = &ind.History[0]
		cat.Indicators = append(cat.Indicators, ind)
	}
	return cat, units
}

func testKeys(seed maphash.Seed) *keys {
	return &keys{seed: seed, sums: newSums(seed)}
}

func digest(k *keys, v any) uint64 {
	var h maphash.Hash
	h.SetSeed(k.seed)
	k.value(&h, reflect.ValueOf(v), pagesAsNothing)
	return h.Sum64()
}

// TestValueMemo checks that memoizing targets within a build changes no
// digest: a page's digest is the same whether it is computed first, with
// an empty memo, or after other pages filled the memo with what they
// share with it, cycles included.
func TestValueMemo(t *testing.T) {
	seed := maphash.MakeSeed()
	cat, _ := testData()
	pages := []tPage{{Indicator: cat.Indicators[4]}, {Indicator: cat.Indicators[17]}, {Categories: []*tCategory{cat}}}
	var cold []uint64
	for _, p := range pages {
		cold = append(cold, digest(testKeys(seed), p)) // each with a fresh memo
	}
	warm := testKeys(seed) // one memo for all, in two orders
	for round := 0; round < 2; round++ {
		for i := range pages {
			j := i
			if round == 1 {
				j = len(pages) - 1 - i
			}
			if got := digest(warm, pages[j]); got != cold[j] {
				t.Errorf("round %d: page %d digest %x with a warm memo, %x with a fresh one", round, j, got, cold[j])
			}
		}
	}
	memoized := 0
	for i := range warm.memo.shards {
		memoized += len(warm.memo.shards[i].m)
	}
	if memoized == 0 {
		t.Errorf("nothing was memoized: shared acyclic targets should be")
	}
	if cold[0] == cold[1] {
		t.Errorf("two different indicators have the same digest")
	}
}

// TestValueCoversDeepChanges changes one field deep inside shared, cyclic
// data and expects every digest that reaches it to change.
func TestValueCoversDeepChanges(t *testing.T) {
	seed := maphash.MakeSeed()
	for _, change := range []struct {
		name string
		do   func(cat *tCategory, units []*tUnit)
	}{
		{"unit name", func(_ *tCategory, u []*tUnit) { u[1].Name = "丙科" }},
		{"unit tags", func(_ *tCategory, u []*tUnit) { u[0].Tags[1] = "c" }},
		{"report detail", func(c *tCategory, _ []*tUnit) { c.Indicators[9].History[2].Detail["n"] = 7 }},
		{"report time", func(c *tCategory, _ []*tUnit) { c.Indicators[9].History[1].When = time.Time{} }},
		{"sibling indicator", func(c *tCategory, _ []*tUnit) { c.Indicators[20].Text = "改" }},
		{"category name", func(c *tCategory, _ []*tUnit) { c.Name = "改" }},
	} {
		cat, units := testData()
		before := digest(testKeys(seed), tPage{Indicator: cat.Indicators[3]})
		change.do(cat, units)
		after := digest(testKeys(seed), tPage{Indicator: cat.Indicators[3]})
		if before == after {
			t.Errorf("%s: the digest of an indicator page did not change", change.name)
		}
	}
}

// TestValueSharedAddress: a struct and its first field share an address;
// the field's digest (memoized: it is big enough) must not stand for the
// whole struct.
func TestValueSharedAddress(t *testing.T) {
	type inner struct{ A [memoMin]string }
	type outer struct {
		In inner
		B  string
	}
	type both struct {
		First *inner
		Whole *outer
	}
	seed := maphash.MakeSeed()
	o := &outer{B: "b"}
	before := digest(testKeys(seed), both{&o.In, o})
	o.B = "c"
	if after := digest(testKeys(seed), both{&o.In, o}); after == before {
		t.Errorf("changing outer.B did not change the digest")
	}
}

// TestValueMapOrder: map digests do not depend on iteration order, and
// cover keys and values.
func TestValueMapOrder(t *testing.T) {
	seed := maphash.MakeSeed()
	m := map[string]any{}
	n := map[int]string{}
	for i := 0; i < 50; i++ {
		m[string(rune('a'+i))] = i
		n[i] = string(rune('a' + i))
	}
	d1, d2 := digest(testKeys(seed), m), digest(testKeys(seed), n)
	for i := 0; i < 5; i++ {
		if digest(testKeys(seed), m) != d1 || digest(testKeys(seed), n) != d2 {
			t.Fatal("map digest depends on iteration order")
		}
	}
	m["b"] = 99
	n[7] = "z"
	if digest(testKeys(seed), m) == d1 || digest(testKeys(seed), n) == d2 {
		t.Error("changing a value did not change the map's digest")
	}
}

// TestValueSeenWhich: meeting a target again on a cycle writes which one
// it is, so two values that differ only in which already-seen category an
// indicator points back to get different digests.
func TestValueSeenWhich(t *testing.T) {
	seed := maphash.MakeSeed()
	a, b := &tCategory{Name: "甲"}, &tCategory{Name: "乙"}
	a.Indicators = []*tIndicator{{ID: 1, Category: a}}
	b.Indicators = []*tIndicator{{ID: 2, Category: b}}
	// Both categories are walked (and found cyclic) first; then an
	// indicator points back to one of them.
	v1 := []any{a, b, &tIndicator{ID: 3, Category: a}}
	v2 := []any{a, b, &tIndicator{ID: 3, Category: b}}
	if digest(testKeys(seed), v1) == digest(testKeys(seed), v2) {
		t.Error("values pointing back to different categories have the same digest")
	}
}
