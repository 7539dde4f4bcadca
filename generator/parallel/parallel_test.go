package parallel

import (
	"sync/atomic"
	"testing"
)

func TestForVisitsEachIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		counts := make([]int32, n)
		For(n, func(i int) { atomic.AddInt32(&counts[i], 1) })
		for i, c := range counts {
			if c != 1 {
				t.Fatalf("n=%d: index %d visited %d times", n, i, c)
			}
		}
	}
}

func TestEachStatePerGoroutine(t *testing.T) {
	var made atomic.Int32
	sums := make([]int, 100)
	Each(100, func() *int { made.Add(1); return new(int) }, func(s *int, i int) {
		*s += i
		sums[i] = i * 2
	})
	for i, v := range sums {
		if v != i*2 {
			t.Fatalf("slot %d = %d", i, v)
		}
	}
	if made.Load() < 1 {
		t.Fatal("no state made")
	}
}
