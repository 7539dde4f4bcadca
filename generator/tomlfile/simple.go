package tomlfile

import (
	"encoding"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// This file is a fast path for the TOML that front matter is made of:
// bare keys, basic strings without escapes, literal strings, decimal
// integers, booleans, local dates and local datetimes with seconds, arrays
// of those, and [table] headers with a bare name. ParseSimple reads only
// that subset and Simple.Decode stores only into field types whose
// BurntSushi/toml decoding it copies exactly. Anything else, any doubt and
// every error make them report false, and the caller then decodes with
// Decode, which gives the values and the problems the fast path cannot.
// A document the fast path accepts is one BurntSushi/toml accepts too, and
// decodes to the same values (see the differential test).

type valueKind uint8

const (
	kString valueKind = iota + 1
	kInt
	kBool
	kDate     // a local date
	kDatetime // a local datetime
	kArray
	kTable
)

type value struct {
	kind valueKind
	n    int32 // kArray, kTable: the number of elements
	// kInt: the integer; kBool: 1 for true; kDate, kDatetime: the digits
	// of 20060102150405; kArray: the index of the first element in
	// Simple.items; kTable: the index of the first key in Simple.fields.
	num int64
	str string // kString
}

type entry struct {
	key string
	val value
}

// Simple is a TOML document within the subset ParseSimple reads.
type Simple struct {
	entries []entry // top-level keys, in the order written
	items   []value // the elements of the arrays, array after array
	fields  []entry // the keys of the tables, table after table
}

// Len returns the number of top-level keys (table names included).
func (d *Simple) Len() int { return len(d.entries) }

// Key returns the i-th top-level key.
func (d *Simple) Key(i int) string { return d.entries[i].key }

// localZones are the locations BurntSushi/toml gives local datetimes and
// local dates. They live in its internal package, so they are taken from a
// decoded sample; nil when that fails, which turns dates off here.
var localZones = sync.OnceValues(func() (dt, date *time.Location) {
	var m map[string]any
	if _, err := toml.Decode("a = 2000-01-02T03:04:05\nb = 2000-01-02\n", &m); err != nil {
		return nil, nil
	}
	a, ok1 := m["a"].(time.Time)
	b, ok2 := m["b"].(time.Time)
	if !ok1 || !ok2 || a.Location().String() != "datetime-local" || b.Location().String() != "date-local" {
		return nil, nil
	}
	return a.Location(), b.Location()
})

// ParseSimple parses data when it lies within the subset described above;
// ok is false otherwise, for valid and invalid TOML alike.
func ParseSimple(data []byte) (d *Simple, ok bool) {
	if !plainText(data) {
		return nil, false
	}
	p := simpleParser{s: string(data)}
	doc := simplePool.Get().(*Simple)
	doc.entries, doc.items, doc.fields = doc.entries[:0], doc.items[:0], doc.fields[:0]
	p.doc = doc
	defer func() {
		if !ok {
			doc.Release()
		}
	}()
	d = doc
	table := -1 // index in d.entries of the current [table], -1 at the top
	for {
		p.skipSpace()
		if p.pos >= len(p.s) {
			return d, true
		}
		switch c := p.s[p.pos]; c {
		case '\n':
			p.pos++
			continue
		case '#':
			if !p.endLine() {
				return nil, false
			}
			continue
		case '[':
			p.pos++
			p.skipSpace()
			key, isKey := p.bareKey()
			if !isKey {
				return nil, false
			}
			p.skipSpace()
			if p.pos >= len(p.s) || p.s[p.pos] != ']' {
				return nil, false
			}
			p.pos++
			if !p.endLine() || has(d.entries, key) {
				return nil, false
			}
			d.entries = append(d.entries, entry{key: key, val: value{kind: kTable, num: int64(len(d.fields))}})
			table = len(d.entries) - 1
			continue
		}
		key, isKey := p.bareKey()
		if !isKey {
			return nil, false
		}
		p.skipSpace()
		if p.pos >= len(p.s) || p.s[p.pos] != '=' {
			return nil, false
		}
		p.pos++
		p.skipSpace()
		v, isValue := p.value(false)
		if !isValue || !p.endLine() {
			return nil, false
		}
		if table < 0 {
			if has(d.entries, key) {
				return nil, false
			}
			d.entries = append(d.entries, entry{key: key, val: v})
		} else {
			t := &d.entries[table].val
			if has(d.table(t), key) {
				return nil, false
			}
			d.fields = append(d.fields, entry{key: key, val: v})
			t.n++
		}
	}
}

// plainText reports whether data is valid UTF-8 without control characters
// other than tab and newline (TOML rejects the others everywhere, and a CR is
// not worth the care).
func plainText(data []byte) bool {
	var seen byte
	for _, c := range data {
		seen |= byteClass[c]
	}
	return seen&classControl == 0 && (seen&classHigh == 0 || utf8.Valid(data))
}

const (
	classControl = 1 << iota
	classHigh
)

var byteClass = func() (t [256]byte) {
	for c := range t {
		switch {
		case c < 0x20 && c != '\t' && c != '\n' || c == 0x7f:
			t[c] = classControl
		case c >= 0x80:
			t[c] = classHigh
		}
	}
	return t
}()

func has(list []entry, key string) bool {
	for i := range list {
		if list[i].key == key {
			return true
		}
	}
	return false
}

var simplePool = sync.Pool{New: func() any { return new(Simple) }}

// Release lets a later ParseSimple reuse d, which must not be used after.
// Nothing Decode stored refers to d.
func (d *Simple) Release() {
	if cap(d.entries) <= 64 && cap(d.items) <= 256 && cap(d.fields) <= 64 {
		simplePool.Put(d)
	}
}

// table returns the keys of table t.
func (d *Simple) table(t *value) []entry { return d.fields[t.num : t.num+int64(t.n)] }

// array returns the elements of array a.
func (d *Simple) array(a *value) []value { return d.items[a.num : a.num+int64(a.n)] }

type simpleParser struct {
	s   string
	pos int
	doc *Simple
}

func (p *simpleParser) skipSpace() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

// endLine consumes blanks, an optional comment and the line end.
func (p *simpleParser) endLine() bool {
	p.skipSpace()
	if p.pos < len(p.s) && p.s[p.pos] == '#' {
		if i := strings.IndexByte(p.s[p.pos:], '\n'); i >= 0 {
			p.pos += i
		} else {
			p.pos = len(p.s)
		}
	}
	if p.pos >= len(p.s) {
		return true
	}
	if p.s[p.pos] != '\n' {
		return false
	}
	p.pos++
	return true
}

// skipArraySpace consumes blanks, newlines and comments inside an array.
func (p *simpleParser) skipArraySpace() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\n':
			p.pos++
		case '#':
			if i := strings.IndexByte(p.s[p.pos:], '\n'); i >= 0 {
				p.pos += i
			} else {
				p.pos = len(p.s)
			}
		default:
			return
		}
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func (p *simpleParser) bareKey() (string, bool) {
	start := p.pos
	for p.pos < len(p.s) && isBare(p.s[p.pos]) {
		p.pos++
	}
	return p.s[start:p.pos], p.pos > start
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// ended reports whether a scalar value may end at the current position.
func (p *simpleParser) ended(inArray bool) bool {
	if p.pos >= len(p.s) {
		return true
	}
	switch p.s[p.pos] {
	case ' ', '\t', '\n', '#':
		return true
	case ',', ']':
		return inArray
	}
	return false
}

func (p *simpleParser) value(inArray bool) (value, bool) {
	if p.pos >= len(p.s) {
		return value{}, false
	}
	switch c := p.s[p.pos]; {
	case c == '"' || c == '\'':
		// One line, no escapes; not a multi-line string.
		rest := p.s[p.pos+1:]
		if len(rest) >= 2 && rest[0] == c && rest[1] == c {
			return value{}, false
		}
		end := strings.IndexByte(rest, c)
		if end < 0 || strings.IndexByte(rest[:end], '\n') >= 0 || c == '"' && strings.IndexByte(rest[:end], '\\') >= 0 {
			return value{}, false
		}
		p.pos += end + 2
		return value{kind: kString, str: rest[:end]}, p.ended(inArray)
	case c == 't' || c == 'f':
		for _, w := range [...]string{"true", "false"} {
			if strings.HasPrefix(p.s[p.pos:], w) {
				p.pos += len(w)
				v := value{kind: kBool}
				if w == "true" {
					v.num = 1
				}
				return v, p.ended(inArray)
			}
		}
		return value{}, false
	case c == '[':
		if inArray {
			return value{}, false
		}
		p.pos++
		v := value{kind: kArray, num: int64(len(p.doc.items))}
		for {
			p.skipArraySpace()
			if p.pos < len(p.s) && p.s[p.pos] == ']' {
				p.pos++
				return v, p.ended(false)
			}
			e, ok := p.value(true)
			if !ok {
				return value{}, false
			}
			p.doc.items = append(p.doc.items, e)
			v.n++
			p.skipArraySpace()
			if p.pos >= len(p.s) {
				return value{}, false
			}
			switch p.s[p.pos] {
			case ',':
				p.pos++
			case ']':
				p.pos++
				return v, p.ended(false)
			default:
				return value{}, false
			}
		}
	case isDigit(c) || c == '-' || c == '+':
		if v, ok := p.datetime(inArray); ok {
			return v, true
		}
		return p.integer(inArray)
	}
	return value{}, false
}

// integer reads a decimal integer of at most 18 digits, so it cannot
// overflow, without underscores or leading zeros.
func (p *simpleParser) integer(inArray bool) (value, bool) {
	neg := false
	switch p.s[p.pos] {
	case '-':
		neg = true
		p.pos++
	case '+':
		p.pos++
	}
	start := p.pos
	var n int64
	for p.pos < len(p.s) && isDigit(p.s[p.pos]) {
		n = n*10 + int64(p.s[p.pos]-'0')
		p.pos++
	}
	digits := p.pos - start
	if digits == 0 || digits > 18 || digits > 1 && p.s[start] == '0' || !p.ended(inArray) {
		return value{}, false
	}
	if neg {
		n = -n
	}
	return value{kind: kInt, num: n}, true
}

// datetime reads a local date (2006-01-02) or a local datetime with
// seconds (2006-01-02T15:04:05) at the current position; it consumes
// nothing when there is none, or when the value is any other kind of date.
func (p *simpleParser) datetime(inArray bool) (value, bool) {
	s := p.s[p.pos:]
	if len(s) < 10 || s[4] != '-' || s[7] != '-' || s[0] == '0' {
		return value{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if !isDigit(c) {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	if year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(time.Month(month), year) {
		return value{}, false
	}
	if dt, _ := localZones(); dt == nil {
		return value{}, false
	}
	n, kind := 10, kDate
	hour, min, sec := 0, 0, 0
	if len(s) > 10 && s[10] == 'T' {
		if len(s) < 19 || s[13] != ':' || s[16] != ':' {
			return value{}, false
		}
		hour, min, sec = num(11, 2), num(14, 2), num(17, 2)
		if hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59 {
			return value{}, false
		}
		n, kind = 19, kDatetime
	}
	// The TOML lexer reads on over spaces after a date, but only over
	// characters that the line or the array cannot go on with here.
	save := p.pos
	p.pos += n
	if !p.ended(inArray) {
		p.pos = save
		return value{}, false
	}
	digits := ((((int64(year)*100+int64(month))*100+int64(day))*100+int64(hour))*100+int64(min))*100 + int64(sec)
	return value{kind: kind, num: digits}, true
}

func daysIn(m time.Month, year int) int {
	if m == time.February {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 31 - int(m-1)%7%2
}

// raw returns v as BurntSushi/toml gives it to an `any`.
func (d *Simple) raw(v *value) any {
	switch v.kind {
	case kString:
		return v.str
	case kInt:
		return v.num
	case kBool:
		return v.num == 1
	case kDate, kDatetime:
		return v.time()
	case kArray:
		a := make([]any, 0, 2)
		for _, e := range d.array(v) {
			a = append(a, d.raw(&e))
		}
		return a
	}
	t := d.table(v)
	m := make(map[string]any, len(t))
	for i := range t {
		m[t[i].key] = d.raw(&t[i].val)
	}
	return m
}

// time returns a date or datetime as BurntSushi/toml decodes it: in one of
// its local zones.
func (v *value) time() time.Time {
	n := v.num
	sec, n := int(n%100), n/100
	min, n := int(n%100), n/100
	hour, n := int(n%100), n/100
	day, n := int(n%100), n/100
	month, year := time.Month(n%100), int(n/100)
	locDatetime, locDate := localZones()
	loc := locDatetime
	if v.kind == kDate {
		loc = locDate
	}
	return time.Date(year, month, day, hour, min, sec, 0, loc)
}

// Field kinds Decode stores into; each is one exact Go type.
type fieldKind uint8

const (
	fOther fieldKind = iota
	fString
	fBool
	fInt
	fStrings
	fInts
	fMap
	fAny
)

var fieldKinds = map[reflect.Type]fieldKind{
	reflect.TypeFor[string]():         fString,
	reflect.TypeFor[bool]():           fBool,
	reflect.TypeFor[int]():            fInt,
	reflect.TypeFor[int64]():          fInt,
	reflect.TypeFor[[]string]():       fStrings,
	reflect.TypeFor[[]int]():          fInts,
	reflect.TypeFor[[]int64]():        fInts,
	reflect.TypeFor[map[string]any](): fMap,
	reflect.TypeFor[any]():            fAny,
}

type fieldPlan struct {
	name  string
	index int
	kind  fieldKind
}

// structPlan is how BurntSushi/toml matches keys to the fields of a struct
// type, for the struct types whose matching is plain: no embedded fields,
// no two fields of one name, no unmarshaler methods.
type structPlan struct {
	ok     bool
	fields []fieldPlan
}

var plans sync.Map // reflect.Type -> *structPlan

var (
	unmarshalerType     = reflect.TypeFor[toml.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func planOf(t reflect.Type) *structPlan {
	if p, ok := plans.Load(t); ok {
		return p.(*structPlan)
	}
	p := &structPlan{ok: true}
	pt := reflect.PointerTo(t)
	if t.Implements(unmarshalerType) || t.Implements(textUnmarshalerType) || pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType) {
		p.ok = false
	}
	seen := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous {
			p.ok = false
			break
		}
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("toml")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		if seen[name] {
			p.ok = false
			break
		}
		seen[name] = true
		p.fields = append(p.fields, fieldPlan{name: name, index: i, kind: fieldKinds[sf.Type]})
	}
	actual, _ := plans.LoadOrStore(t, p)
	return actual.(*structPlan)
}

// Decode stores the document into v, a pointer to a struct, as toml.Decode
// would, and sets claimed[i] when the i-th top-level key names a field of v
// (claimed has Len elements). It reports false, with v partly written, when
// it cannot be sure to do what toml.Decode does: the caller must then decode
// again, into a fresh value, with Decode.
func (d *Simple) Decode(v any, claimed []bool) bool {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct || len(claimed) != len(d.entries) {
		return false
	}
	rv = rv.Elem()
	plan := planOf(rv.Type())
	if !plan.ok {
		return false
	}
	for i := range d.entries {
		e := &d.entries[i]
		var f *fieldPlan
		for j := range plan.fields {
			if plan.fields[j].name == e.key {
				f = &plan.fields[j]
				break
			}
		}
		if f == nil {
			for j := range plan.fields {
				if strings.EqualFold(plan.fields[j].name, e.key) {
					// toml.Decode matches case-insensitively; not worth copying.
					return false
				}
			}
			continue
		}
		if !d.store(rv.Field(f.index), f.kind, &e.val) {
			return false
		}
		claimed[i] = true
	}
	return true
}

func allOf(a []value, kind valueKind) bool {
	for i := range a {
		if a[i].kind != kind {
			return false
		}
	}
	return true
}

func (d *Simple) store(fv reflect.Value, kind fieldKind, v *value) bool {
	switch kind {
	case fString:
		if v.kind != kString {
			return false
		}
		*fv.Addr().Interface().(*string) = v.str
	case fBool:
		if v.kind != kBool {
			return false
		}
		*fv.Addr().Interface().(*bool) = v.num == 1
	case fInt:
		if v.kind != kInt {
			return false
		}
		fv.SetInt(v.num)
	case fStrings:
		if v.kind != kArray || !allOf(d.array(v), kString) {
			return false
		}
		a := d.array(v)
		// As toml.Decode does: a new slice unless the old one is large enough.
		p := fv.Addr().Interface().(*[]string)
		if *p == nil || cap(*p) < len(a) {
			*p = make([]string, len(a))
		}
		*p = (*p)[:len(a)]
		for i := range a {
			(*p)[i] = a[i].str
		}
	case fInts:
		if v.kind != kArray || !allOf(d.array(v), kInt) {
			return false
		}
		a := d.array(v)
		n := len(a)
		if fv.IsNil() || fv.Cap() < n {
			fv.Set(reflect.MakeSlice(fv.Type(), n, n))
		}
		fv.SetLen(n)
		for i := range a {
			fv.Index(i).SetInt(a[i].num)
		}
	case fMap:
		if v.kind != kTable {
			return false
		}
		if fv.IsNil() {
			fv.Set(reflect.MakeMap(fv.Type()))
		}
		m := fv.Interface().(map[string]any)
		t := d.table(v)
		for i := range t {
			m[t[i].key] = d.raw(&t[i].val)
		}
	case fAny:
		if v.kind == kTable {
			// The table's own keys would stay undecoded.
			return false
		}
		fv.Set(reflect.ValueOf(d.raw(v)))
	default:
		return false
	}
	return true
}
