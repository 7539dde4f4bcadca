package ledger

import (
	"testing"
	"time"
)

func TestMonth(t *testing.T) {
	m, err := ParseMonth("2022-12")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.String(); got != "2022-12" {
		t.Errorf("String = %q", got)
	}
	if got := m.Label(); got != "2022年12月" {
		t.Errorf("Label = %q", got)
	}
	if got := m.Next(); got != (Month{2023, time.January}) {
		t.Errorf("Next = %v", got)
	}
	if got := (Month{2023, time.January}).Prev(); got != m {
		t.Errorf("Prev = %v", got)
	}
	if got, want := m.Due(), time.Date(2023, 1, 5, 0, 0, 0, 0, china); !got.Equal(want) {
		t.Errorf("Due = %v, want %v", got, want)
	}
	for _, bad := range []string{"", "2023-3", "2023-13", "2023-00", "23-03", "2023/03", "abcd-ef"} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) succeeded", bad)
		}
	}
	var u Month
	if err := u.UnmarshalText([]byte("2023-03")); err != nil || u != (Month{2023, time.March}) {
		t.Errorf("UnmarshalText = %v, %v", u, err)
	}
}

func TestOverdue(t *testing.T) {
	march := Month{2023, time.March}
	utc := time.UTC
	tests := []struct {
		asOf time.Time
		want bool
	}{
		{time.Date(2023, 4, 4, 12, 0, 0, 0, china), false},
		{time.Date(2023, 4, 5, 23, 59, 59, 0, china), false},
		{time.Date(2023, 4, 6, 0, 0, 0, 0, china), true},
		{time.Date(2023, 4, 5, 15, 59, 0, 0, utc), false}, // 23:59 on the 5th in China
		{time.Date(2023, 4, 5, 16, 0, 0, 0, utc), true},   // 00:00 on the 6th in China
		{time.Date(2023, 3, 31, 0, 0, 0, 0, china), false},
	}
	for _, tt := range tests {
		if got := march.Overdue(tt.asOf); got != tt.want {
			t.Errorf("Overdue(%v) = %v, want %v", tt.asOf, got, tt.want)
		}
	}
}
