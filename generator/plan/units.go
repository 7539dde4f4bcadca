package plan

import (
	"fmt"
	"strings"

	"fzzf/generator/indicator"
)

// unitTable resolves the plan's unit spellings through the reviewed alias
// table, collecting units it does not know as provisional entries.
type unitTable struct {
	units   []indicator.Unit
	names   [][]rune // UnitKey of a name or alias
	codeOf  []string // code for names[i]
	unknown map[string]string
}

func newUnitTable(units []indicator.Unit) *unitTable {
	t := &unitTable{units: append([]indicator.Unit(nil), units...), unknown: map[string]string{}}
	for _, u := range units {
		for _, n := range append([]string{u.Name}, u.Aliases...) {
			t.names = append(t.names, []rune(indicator.UnitKey(n)))
			t.codeOf = append(t.codeOf, u.Code)
		}
	}
	return t
}

func isUnitSep(r rune) bool { return strings.ContainsRune("、，,；;", r) }

// longest returns the code and length of the longest known name at the start
// of rs.
func (t *unitTable) longest(rs []rune) (string, int) {
	code, best := "", 0
	for i, n := range t.names {
		if len(n) > best && len(n) <= len(rs) && string(rs[:len(n)]) == string(n) {
			code, best = t.codeOf[i], len(n)
		}
	}
	return code, best
}

// known reports whether every part of cell is a known unit.
func (t *unitTable) known(cell string) bool {
	rs := []rune(indicator.UnitKey(cell))
	if len(rs) == 0 {
		return false
	}
	for i := 0; i < len(rs); {
		if isUnitSep(rs[i]) {
			i++
			continue
		}
		_, n := t.longest(rs[i:])
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// parse splits a units cell into unit codes. Names are matched longest first,
// so a missing separator (政策法规科局属科室（单位）) still yields both units; a
// leading 等 after a match is a connector (各分局等信息公开经办科室). Unknown
// names become provisional units. Each unclean decision is reported to note.
func (t *unitTable) parse(cell string, note func(string, ...any)) []string {
	rs := []rune(indicator.UnitKey(cell))
	var codes []string
	add := func(c string) {
		for _, x := range codes {
			if x == c {
				return
			}
		}
		codes = append(codes, c)
	}
	afterMatch := false
	for i := 0; i < len(rs); {
		if isUnitSep(rs[i]) {
			afterMatch = false
			i++
			continue
		}
		if afterMatch && rs[i] == '等' && i+1 < len(rs) && !isUnitSep(rs[i+1]) {
			note("unit cell %q: read 等 as a connector between two units", cell)
			i++
		}
		code, n := t.longest(rs[i:])
		if n == 0 {
			j := i
			for j < len(rs) && !isUnitSep(rs[j]) {
				j++
			}
			name := string(rs[i:j])
			add(t.provisional(name, note))
			i = j
			afterMatch = false
			continue
		}
		if afterMatch {
			note("unit cell %q: no separator before %q, split into two units", cell, string(rs[i:i+n]))
		}
		add(code)
		i += n
		afterMatch = true
	}
	return codes
}

// provisional adds a unit the alias table does not know, once per name.
func (t *unitTable) provisional(name string, note func(string, ...any)) string {
	if code, ok := t.unknown[name]; ok {
		note("unknown unit %q (provisional code %s)", name, code)
		return code
	}
	code := fmt.Sprintf("unreviewed-%d", len(t.unknown)+1)
	t.unknown[name] = code
	t.units = append(t.units, indicator.Unit{Code: code, Name: name})
	t.names = append(t.names, []rune(name))
	t.codeOf = append(t.codeOf, code)
	note("unknown unit %q: added as %s; give it a code, kind and aliases in units.toml", name, code)
	return code
}
