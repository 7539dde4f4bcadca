package build

import (
	"testing"

	"fzzf/generator/check"
	"fzzf/generator/diag"
)

type keepingInspector struct{}

func (keepingInspector) Inspect(string, string, []byte) {}
func (keepingInspector) Problems() []*diag.Problem      { return nil }

type sayingInspector struct{ keeps bool }

func (sayingInspector) Inspect(string, string, []byte) {}
func (sayingInspector) Problems() []*diag.Problem      { return nil }
func (i sayingInspector) Transient() bool              { return !i.keeps }

// TestScanSinkTransient pins when the renderer may reuse its buffer: only
// when nothing after it keeps an output's bytes.
func TestScanSinkTransient(t *testing.T) {
	for _, tc := range []struct {
		name string
		sink *scanSink
		want bool
	}{
		{"disk", &scanSink{next: &dirSink{}}, true},
		{"disk and checker", &scanSink{next: &dirSink{}, inspectors: []Inspector{check.New()}}, true},
		{"checker with a memo", &scanSink{next: &dirSink{}, inspectors: []Inspector{&check.Checker{Memo: &check.Memo{}}}}, false},
		{"memory sink", &scanSink{next: &MemSink{}}, false},
		{"cache", &scanSink{next: &dirSink{}, cache: &cache{}}, false},
		{"inspector that does not say", &scanSink{next: &dirSink{}, inspectors: []Inspector{sayingInspector{}, keepingInspector{}}}, false},
		{"inspector that keeps", &scanSink{next: &dirSink{}, inspectors: []Inspector{sayingInspector{keeps: true}}}, false},
		{"inspectors that keep nothing", &scanSink{next: &dirSink{}, inspectors: []Inspector{sayingInspector{}, sayingInspector{}}}, true},
	} {
		if got := tc.sink.Transient(); got != tc.want {
			t.Errorf("%s: Transient() = %v, want %v", tc.name, got, tc.want)
		}
	}
}
