package render

import (
	"fmt"
	"reflect"
)

// slice returns list[lo:hi] clamped to the list's length; hi < 0 means the
// end. It accepts any slice so templates can use it on pages or terms.
func slice(list any, lo, hi int) (any, error) {
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice {
		return nil, fmt.Errorf("first/after need a list, got %T", list)
	}
	n := v.Len()
	if lo < 0 {
		lo = 0
	}
	if lo > n {
		lo = n
	}
	if hi < 0 || hi > n {
		hi = n
	}
	if hi < lo {
		hi = lo
	}
	return v.Slice(lo, hi).Interface(), nil
}
