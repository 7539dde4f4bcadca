package ledger

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Parse reads the TOML ledger in data, checks it against reg and returns it.
// file names the ledger in messages and, when it sits in a month folder
// (…/2023-03/zcfgk.toml), must agree with the ledger's month and unit.
//
// Parse reports every problem it finds, not just the first: the error is then
// a [Problems] value, each `file:line: message`.
func Parse(file string, data []byte, reg Registry) (*Ledger, error) {
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, Problems{{File: file, Line: pe.Position.Line, Message: "invalid TOML: " + pe.Message}}
		}
		return nil, Problems{{File: file, Message: "invalid TOML: " + err.Error()}}
	}
	p := &checker{file: file, reg: reg, lines: indexLines(data)}
	l := p.ledger(raw)
	if len(p.problems) > 0 {
		sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
		return nil, p.problems
	}
	return l, nil
}

type checker struct {
	file     string
	reg      Registry
	lines    lineIndex
	problems Problems
}

func (p *checker) add(line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

var (
	topKeys   = []string{"unit", "month", "submitted", "sample", "entry"}
	entryKeys = []string{"indicator", "status", "detail", "evidence", "contact", "secret"}
)

func (p *checker) ledger(raw map[string]any) *Ledger {
	l := &Ledger{File: p.file}
	for _, k := range sortedKeys(raw) {
		if !contains(topKeys, k) {
			p.add(p.lines.top[k], "unknown key %q (want one of %s)", k, strings.Join(topKeys, ", "))
		}
	}

	unitKnown := false
	if s, ok := p.str(raw, "unit", p.lines.top["unit"], true); ok {
		l.Unit = s
		switch code, found := p.reg.UnitCode(s); {
		case !found:
			p.add(p.lines.top["unit"], "unknown unit %q", s)
		case code != s:
			p.add(p.lines.top["unit"], "unit %q: write the unit code %q", s, code)
		default:
			unitKnown = true
		}
	}
	if s, ok := p.str(raw, "month", p.lines.top["month"], true); ok {
		m, err := ParseMonth(s)
		if err != nil {
			p.add(p.lines.top["month"], "%v", err)
		}
		l.Month = m
	}
	if v, ok := raw["submitted"]; ok {
		line := p.lines.top["submitted"]
		switch t, err := tomlDate(v); {
		case err != nil:
			p.add(line, "submitted: %v", err)
		case !l.Month.IsZero() && t.Before(l.Month.First()):
			p.add(line, "submitted %s is before the month %s the ledger reports on", t.Format(time.DateOnly), l.Month)
		default:
			l.Submitted = t
		}
	} else {
		p.add(0, "missing key \"submitted\" (the day the ledger came in, e.g. submitted = 2023-04-03)")
	}
	if b, ok := p.boolean(raw, "sample", p.lines.top["sample"]); ok {
		l.Sample = b
	}
	p.checkPlace(l)

	v, ok := raw["entry"]
	if !ok {
		return l
	}
	tables, ok := v.([]map[string]any)
	if !ok {
		p.add(p.lines.top["entry"], "entry: want [[entry]] tables, got %s", describe(v))
		return l
	}
	seen := map[int]int{}
	for i, t := range tables {
		el := p.lines.entry(i)
		e := p.entry(t, el, l.Unit, unitKnown)
		if e.Indicator > 0 {
			if first, dup := seen[e.Indicator]; dup {
				p.add(el.at("indicator"), "indicator %d is already reported at line %d", e.Indicator, first)
			} else {
				seen[e.Indicator] = el.header
			}
		}
		l.Entries = append(l.Entries, e)
	}
	return l
}

// checkPlace checks that a ledger kept in a month folder agrees with its
// path: content/progress/2023-03/zcfgk.toml holds unit zcfgk's March 2023.
func (p *checker) checkPlace(l *Ledger) {
	slashed := filepath.ToSlash(p.file)
	dir := path.Base(path.Dir(slashed))
	folder, err := ParseMonth(dir)
	if err != nil {
		return
	}
	if !l.Month.IsZero() && l.Month != folder {
		p.add(p.lines.top["month"], "month %s does not match the folder %s", l.Month, dir)
	}
	if base := strings.TrimSuffix(path.Base(slashed), ".toml"); l.Unit != "" && base != l.Unit {
		p.add(p.lines.top["unit"], "unit %q does not match the file name %s (want %s.toml)", l.Unit, path.Base(slashed), l.Unit)
	}
}

func (p *checker) entry(t map[string]any, el entryLines, unit string, unitKnown bool) Entry {
	e := Entry{Line: el.header}
	for _, k := range sortedKeys(t) {
		if !contains(entryKeys, k) {
			p.add(el.at(k), "unknown key %q in [[entry]] (want one of %s)", k, strings.Join(entryKeys, ", "))
		}
	}
	if v, ok := t["indicator"]; ok {
		n, isInt := v.(int64)
		switch {
		case !isInt:
			p.add(el.at("indicator"), "indicator: want a number, got %s", describe(v))
		case !p.reg.IndicatorExists(int(n)):
			p.add(el.at("indicator"), "unknown indicator %d", n)
		case unitKnown && !p.reg.UnitOwns(unit, int(n)):
			p.add(el.at("indicator"), "unit %s is not responsible for indicator %d", unit, n)
			e.Indicator = int(n)
		default:
			e.Indicator = int(n)
		}
	} else {
		p.add(el.header, "[[entry]] without indicator")
	}
	if s, ok := p.str(t, "status", el.at("status"), false); ok {
		switch st := Status(s); {
		case st == Done || st == InProgress:
			e.Status = st
		default:
			if guess, _, err := ParseStatus(s); err == nil {
				p.add(el.at("status"), "status %q: write %q and put any text in detail", s, guess)
			} else {
				p.add(el.at("status"), "status %q: want %q or %q", s, Done, InProgress)
			}
		}
	} else if _, present := t["status"]; !present {
		p.add(el.header, "[[entry]] without status (%q or %q)", Done, InProgress)
	}
	if s, ok := p.str(t, "detail", el.at("detail"), false); ok {
		e.Detail = s
	}
	if s, ok := p.str(t, "contact", el.at("contact"), false); ok {
		e.Contact = s
	}
	if b, ok := p.boolean(t, "secret", el.at("secret")); ok {
		e.Secret = b
	}
	if v, ok := t["evidence"]; ok {
		e.Evidence = p.evidence(v, el.at("evidence"))
	}
	return e
}

func (p *checker) evidence(v any, line int) []string {
	list, ok := v.([]any)
	if !ok {
		p.add(line, "evidence: want a list of links, got %s", describe(v))
		return nil
	}
	var out []string
	for _, item := range list {
		s, ok := item.(string)
		if !ok {
			p.add(line, "evidence: want links as strings, got %s", describe(item))
			continue
		}
		if err := checkLink(s); err != nil {
			p.add(line, "evidence %q: %v", s, err)
			continue
		}
		out = append(out, s)
	}
	return out
}

// checkLink accepts a path on this site ("/policies/plan/") or an http(s)
// URL.
func checkLink(s string) error {
	switch {
	case s == "":
		return errors.New("empty link")
	case strings.ContainsAny(s, " \t\r\n"):
		return errors.New("a link cannot contain spaces")
	case strings.HasPrefix(s, "//"):
		return errors.New("want a path starting with / or a URL starting with http:// or https://")
	case strings.HasPrefix(s, "/"), strings.HasPrefix(s, "https://"), strings.HasPrefix(s, "http://"):
		return nil
	}
	return errors.New("want a path starting with / or a URL starting with http:// or https://")
}

// str reads an optional or required string value.
func (p *checker) str(m map[string]any, key string, line int, required bool) (string, bool) {
	v, ok := m[key]
	if !ok {
		if required {
			p.add(0, "missing key %q", key)
		}
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		p.add(line, "%s: want a string, got %s", key, describe(v))
		return "", false
	}
	return s, true
}

func (p *checker) boolean(m map[string]any, key string, line int) (bool, bool) {
	v, ok := m[key]
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		p.add(line, "%s: want true or false, got %s", key, describe(v))
	}
	return b, ok
}

// tomlDate turns a TOML date (or date-time) into 00:00 China time that day.
// A local date or date-time is read as a China date; a date-time with an
// offset is converted to China time first.
func tomlDate(v any) (time.Time, error) {
	t, ok := v.(time.Time)
	if !ok {
		if s, isStr := v.(string); isStr {
			return time.Time{}, fmt.Errorf("want a date without quotes, e.g. 2023-04-03, got the string %q", s)
		}
		return time.Time{}, fmt.Errorf("want a date, e.g. 2023-04-03, got %s", describe(v))
	}
	switch t.Location().String() {
	case "time-local":
		return time.Time{}, errors.New("want a date, e.g. 2023-04-03, got a time of day")
	case "date-local", "datetime-local":
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, china), nil
	}
	return Day(t), nil
}

func describe(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "a number"
	case float64:
		return "a decimal number"
	case bool:
		return "true/false"
	case time.Time:
		return "a date"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "a list of tables"
	}
	return fmt.Sprintf("%T", v)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lineIndex records where keys sit in a TOML file, so that problems found
// after decoding can name a line. It understands the subset of TOML that
// ledgers use: top-level keys, [[entry]] tables, multi-line strings and
// arrays; anything it does not understand falls back to line 0 or the
// entry's header line, never to a wrong line.
type lineIndex struct {
	top     map[string]int
	entries []entryLines
}

type entryLines struct {
	header int
	keys   map[string]int
}

func (el entryLines) at(key string) int {
	if n, ok := el.keys[key]; ok {
		return n
	}
	return el.header
}

func (ix lineIndex) entry(i int) entryLines {
	if i < len(ix.entries) {
		return ix.entries[i]
	}
	return entryLines{}
}

var (
	keyLine    = regexp.MustCompile(`^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*[.=]`)
	headerLine = regexp.MustCompile(`^\s*(\[\[?)\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)`)
)

func indexLines(data []byte) lineIndex {
	ix := lineIndex{top: map[string]int{}}
	var cur map[string]int = ix.top
	inString := "" // the delimiter of an open multi-line string
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		if inString != "" {
			if strings.Count(line, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		if m := headerLine.FindStringSubmatch(line); m != nil {
			name := strings.Trim(m[2], `"'`)
			if m[1] == "[[" && name == "entry" {
				ix.entries = append(ix.entries, entryLines{header: n, keys: map[string]int{}})
				cur = ix.entries[len(ix.entries)-1].keys
			} else {
				if _, dup := ix.top[name]; !dup {
					ix.top[name] = n
				}
				cur = map[string]int{}
			}
			continue
		}
		if m := keyLine.FindStringSubmatch(line); m != nil {
			key := strings.Trim(m[1], `"'`)
			if _, dup := cur[key]; !dup {
				cur[key] = n
			}
			for _, delim := range []string{`"""`, `'''`} {
				if strings.Count(line, delim)%2 == 1 {
					inString = delim
					break
				}
			}
		}
	}
	return ix
}
