// Package ledger reads, checks and writes the monthly work ledgers (工作台账)
// of Annex 2 of the plan.
//
// Each responsible unit hands in one ledger a month, by the 5th of the
// following month. The repository keeps every ledger as a small, reviewable
// TOML file, one per unit per month:
//
//	content/progress/2023-03/zcfgk.toml
//
//	unit = "zcfgk"          # unit code
//	month = "2023-03"       # the month the ledger reports on
//	submitted = 2023-04-03  # the day it came in, China time
//	sample = true           # 示例数据: invented figures, shown as such
//
//	[[entry]]
//	indicator = 21
//	status = "已完成"        # 已完成 | 推进中
//	detail = "……"
//	evidence = ["/policies/plan/", "https://www.xuchang.gov.cn/..."]
//	contact = "张三 13800000000"  # private: never published
//	secret = false          # true: the entry is never published
//
// [Parse] checks such a file against the indicator registry and reports every
// problem as `file:line: message`; [Encode] writes one back deterministically,
// and [WriteFile] puts it on disk without ever leaving a partial file.
// Units fill in their ledgers in Excel: [WriteTemplate] produces the Annex 2
// sheet for one unit and month, and [Import] reads a filled-in sheet (.xlsx or
// .csv) back, tolerating the many ways people type a status.
//
// Dates are China time (UTC+8, no daylight saving since 1991).
package ledger

import (
	"fmt"
	"strings"
	"time"
)

// Status is the progress of one indicator (完成进度).
type Status string

// The statuses. A ledger entry is either Done or InProgress; Missing is what
// progress reports show when no ledger mentions an indicator.
const (
	Done       Status = "已完成"
	InProgress Status = "推进中"
	Missing    Status = "未报送"
)

// Entry is one row of a ledger: what a unit reports on one indicator.
type Entry struct {
	Indicator int      // third-level indicator number, 1 … 115
	Status    Status   // Done or InProgress
	Detail    string   // 具体情况 or 正在推进情况
	Evidence  []string // site paths ("/policies/plan/") or http(s) URLs
	Contact   string   // 责任人及联系方式; private, never published
	Secret    bool     // 涉密: the entry counts for progress but is never published
	Line      int      // line of the entry in its TOML file, or its sheet row; 0 if unknown
}

// Ledger is one unit's work ledger for one month.
type Ledger struct {
	Unit      string    // unit code
	Month     Month     // the month reported on
	Submitted time.Time // the day the ledger came in, 00:00 China time
	Sample    bool      // 示例数据: invented data
	Entries   []Entry
	File      string // where the ledger was read from, for messages
}

// Registry is what ledger checks need to know about the indicator system.
// The indicator package's registry is adapted to it by the caller.
type Registry interface {
	// IndicatorExists reports whether id is a third-level indicator.
	IndicatorExists(id int) bool
	// UnitOwns reports whether the unit with the given code is responsible
	// for indicator id.
	UnitOwns(unitCode string, id int) bool
	// UnitCode resolves a unit code or any spelling of a unit's name to its
	// code.
	UnitCode(nameOrCode string) (code string, ok bool)
}

// Public returns a copy of l that is safe to publish: secret entries are
// dropped and contacts are removed.
func (l *Ledger) Public() *Ledger {
	p := *l
	p.Entries = make([]Entry, 0, len(l.Entries))
	for _, e := range l.Entries {
		if e.Secret {
			continue
		}
		e.Contact = ""
		e.Evidence = append([]string(nil), e.Evidence...)
		p.Entries = append(p.Entries, e)
	}
	return &p
}

// Entry returns the entry for indicator id, if the ledger has one.
func (l *Ledger) Entry(id int) (Entry, bool) {
	for _, e := range l.Entries {
		if e.Indicator == id {
			return e, true
		}
	}
	return Entry{}, false
}

// Problem is one thing wrong with a ledger file or sheet.
type Problem struct {
	File    string // file name as given by the caller
	Line    int    // line in a TOML file; 0 if the problem concerns the whole file
	Row     int    // row in a sheet (1-based, as Excel shows it); 0 for TOML files
	Message string
}

// Error formats p as `file:line: message`, or `file:row 7: message` for a
// sheet.
func (p Problem) Error() string {
	switch {
	case p.Row > 0:
		return fmt.Sprintf("%s:row %d: %s", p.File, p.Row, p.Message)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	case p.File != "":
		return fmt.Sprintf("%s: %s", p.File, p.Message)
	}
	return p.Message
}

// Problems is a list of problems, returned as one error by [Parse].
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}
