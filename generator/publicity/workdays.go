package publicity

import "time"

// holidays are the public holidays of the campaign years that fall on a
// weekday, and workdays the weekend days worked in exchange (调休), from
// the State Council notices on holiday arrangements for 2022 (国办发明电
// 〔2021〕11号) and 2023 (国办发明电〔2022〕16号). Other years count
// weekends only.
var holidays = map[string]bool{
	// 2022
	"2022-01-03": true,
	"2022-01-31": true, "2022-02-01": true, "2022-02-02": true, "2022-02-03": true, "2022-02-04": true,
	"2022-04-04": true, "2022-04-05": true,
	"2022-05-02": true, "2022-05-03": true, "2022-05-04": true,
	"2022-06-03": true,
	"2022-09-12": true,
	"2022-10-03": true, "2022-10-04": true, "2022-10-05": true, "2022-10-06": true, "2022-10-07": true,
	// 2023
	"2023-01-02": true,
	"2023-01-23": true, "2023-01-24": true, "2023-01-25": true, "2023-01-26": true, "2023-01-27": true,
	"2023-04-05": true,
	"2023-05-01": true, "2023-05-02": true, "2023-05-03": true,
	"2023-06-22": true, "2023-06-23": true,
	"2023-09-29": true,
	"2023-10-02": true, "2023-10-03": true, "2023-10-04": true, "2023-10-05": true, "2023-10-06": true,
}

var workdays = map[string]bool{
	"2022-01-29": true, "2022-01-30": true, "2022-04-02": true, "2022-04-24": true, "2022-05-07": true,
	"2022-10-08": true, "2022-10-09": true,
	"2023-01-28": true, "2023-01-29": true, "2023-04-23": true, "2023-05-06": true, "2023-06-25": true,
	"2023-10-07": true, "2023-10-08": true,
}

// IsWorkday reports whether the day of t (China time) is a working day.
func IsWorkday(t time.Time) bool {
	key := day(t).Format("2006-01-02")
	if workdays[key] {
		return true
	}
	if holidays[key] {
		return false
	}
	wd := day(t).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// WorkdaysBetween counts the working days after from's day up to and
// including to's day; 0 when to is not after from.
func WorkdaysBetween(from, to time.Time) int {
	a, b := day(from), day(to)
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if IsWorkday(d) {
			n++
		}
	}
	return n
}
