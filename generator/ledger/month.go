package ledger

import (
	"cmp"
	"fmt"
	"strconv"
	"time"
)

// china is China Standard Time. China has kept UTC+8 without daylight saving
// since 1991, so a fixed zone is exact for every date the campaign can have
// and needs no time zone database.
var china = time.FixedZone("CST", 8*60*60)

// Day returns the start (00:00 China time) of the China calendar day that
// contains t.
func Day(t time.Time) time.Time {
	t = t.In(china)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, china)
}

// Month is a calendar month, the period a ledger reports on.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month that contains t in China time.
func MonthOf(t time.Time) Month {
	t = t.In(china)
	return Month{t.Year(), t.Month()}
}

// ParseMonth parses a month written as "2023-03".
func ParseMonth(s string) (Month, error) {
	if len(s) != 7 || s[4] != '-' {
		return Month{}, fmt.Errorf("month %q: want YYYY-MM, e.g. 2023-03", s)
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || y < 1000 || m < 1 || m > 12 {
		return Month{}, fmt.Errorf("month %q: want YYYY-MM, e.g. 2023-03", s)
	}
	return Month{y, time.Month(m)}, nil
}

// String formats m as "2023-03", the form used in file names and TOML.
func (m Month) String() string {
	return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
}

// Label formats m the Chinese way, "2023年3月".
func (m Month) Label() string {
	return fmt.Sprintf("%d年%d月", m.Year, int(m.Month))
}

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool { return m == Month{} }

// First returns 00:00 China time on the first day of m.
func (m Month) First() time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, china)
}

// Next returns the month after m.
func (m Month) Next() Month { return MonthOf(m.First().AddDate(0, 1, 0)) }

// Prev returns the month before m.
func (m Month) Prev() Month { return MonthOf(m.First().AddDate(0, -1, 0)) }

// Compare returns -1, 0 or +1 as m is before, equal to or after o.
func (m Month) Compare(o Month) int {
	return cmp.Or(cmp.Compare(m.Year, o.Year), cmp.Compare(m.Month, o.Month))
}

// Before reports whether m is before o.
func (m Month) Before(o Month) bool { return m.Compare(o) < 0 }

// After reports whether m is after o.
func (m Month) After(o Month) bool { return m.Compare(o) > 0 }

// Due returns the day m's ledger is due: the 5th of the following month,
// 00:00 China time. The ledger is on time when it comes in on or before that
// day.
func (m Month) Due() time.Time {
	return time.Date(m.Year, m.Month+1, 5, 0, 0, 0, 0, china)
}

// Overdue reports whether m's ledger is overdue as of asOf: whether the China
// calendar day of asOf is after the due day, i.e. the 6th of the following
// month or later.
func (m Month) Overdue(asOf time.Time) bool {
	return Day(asOf).After(m.Due())
}

// MarshalText formats m as "2023-03".
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText parses "2023-03".
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
