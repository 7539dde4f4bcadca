// Package randtoml generates random TOML documents shaped like front matter,
// valid and invalid, for the tests that compare tomlfile's fast path with
// BurntSushi/toml. It mixes what the fast path reads with every nearby
// thing it must leave to BurntSushi/toml: escapes, multi-line strings,
// quoted and dotted keys, inline tables, other number and date forms,
// duplicate keys and tables, control characters and broken UTF-8.
package randtoml

import (
	"math/rand/v2"
	"strings"
)

// Keys are the keys documents use: those of content.FrontMatter and the
// section schemas, near misses and unknown ones.
var Keys = []string{
	"title", "date", "lastmod", "publishDate", "expiryDate", "draft", "weight",
	"slug", "url", "aliases", "summary", "tags", "units", "indicators", "type",
	"params", "source", "issued", "number", "issuer", "status", "policy", "form",
	"asked", "answer", "attachments",
	"Title", "DATE", "titel", "foo", "x", "1", "2023-01-01", "true", "-", "_",
	"rawDate", "RawDate", "Params",
}

var oddKeys = []string{
	`"title"`, `'tags'`, `"ti tle"`, `""`, "params.x", "a.b", "params . y",
	"tit le", "ä", "title=", `"a\"b"`, "[x]", "#",
}

var stringChars = []string{
	"a", "Z", "0", " ", "标题", "“引号”", "〔2023〕", "\t", "#", "=", "[", "]", ",", "'", `"`,
	`\"`, `\\`, `\n`, `\t`, `\u4e2d`, `\U0001F600`, `\x41`, `\e`, `\q`, `\`,
	"\x01", "\x7f", "\u0085", "\ufeff", "\u2028", "\uffff", "\xff", "\xe4\xb8", "\r", "\n",
}

// Value returns a random value in TOML syntax.
func Value(r *rand.Rand) string {
	switch r.IntN(9) {
	case 0, 1:
		return basicString(r)
	case 2:
		return oneOf(r, literalStrings)
	case 3:
		return oneOf(r, integers)
	case 4:
		return oneOf(r, dates)
	case 5:
		return oneOf(r, others)
	case 6, 7:
		return array(r)
	}
	return oneOf(r, []string{"true", "false", "True", "truex", "fals", "true1", "true#c", "false,"})
}

func oneOf(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

func basicString(r *rand.Rand) string {
	var b strings.Builder
	b.WriteByte('"')
	n := r.IntN(6)
	for i := 0; i < n; i++ {
		if r.IntN(4) == 0 {
			b.WriteString(oneOf(r, stringChars))
		} else {
			b.WriteString(oneOf(r, stringChars[:6]))
		}
	}
	if r.IntN(40) > 0 {
		b.WriteByte('"')
	}
	return b.String()
}

var literalStrings = []string{
	`''`, `'a'`, `'标题'`, `'C:\path'`, `'a"b'`, `'it''s'`, "'''multi\nline'''", `'''x'''`,
	"'tab\there'", "'unterminated", "'a\nb'", `'\u4e2d'`,
}

var integers = []string{
	"0", "-0", "+0", "1", "-1", "+42", "123456789012345678", "-123456789012345678",
	"1234567890123456789", "9223372036854775807", "9223372036854775808", "99999999999999999999",
	"01", "-01", "00", "1_000", "1__0", "_1", "0x1F", "0o17", "0b101", "1.5", "1e3", "-1.0E-2",
	"inf", "-inf", "nan", "1-2", "12:30", "1.", "+", "-", "0_0", "3 4",
}

var dates = []string{
	"2023-03-15", "2023-03-15T09:30:00", "2024-02-29", "2024-02-30", "2023-02-29", "2023-02-29T00:00:00",
	"2023-13-01", "2023-00-10", "2023-01-32", "2023-04-31", "2023-04-30", "2000-02-29",
	"1900-02-29", "0999-01-01", "0000-01-01", "1000-01-01T00:00:00", "9999-12-31T23:59:59",
	"2023-1-01", "2023-01-1", "2023-03-15t09:30:00", "2023-03-15 09:30:00",
	"2023-03-15T09:30", "2023-03-15T09:30:00.5", "2023-03-15T09:30:00.123456789",
	"2023-03-15T09:30:00Z", "2023-03-15T09:30:00z", "2023-03-15T09:30:00+08:00",
	"2023-03-15T09:30:00-05:30", "2023-03-15T24:00:00", "2023-03-15T23:60:00",
	"2023-03-15T23:59:60", "2023-03-15T9:30:00", "09:30:00", "09:30", "2023-03-15 ",
	"2023-03-15 T", "2023-03-15  # c", "2023-03-15\t# c", "2023-03-15T09:30:00 1",
	"2023-03-15x", "20230-03-15", "2023-03-15T09:30:00Z07:00",
}

var validDates = []string{"2023-03-15", "2023-03-15T09:30:00", "2024-02-29", "2000-02-29T23:59:59", "2023-04-30", "1000-01-01T00:00:00", "9999-12-31"}

var others = []string{
	`{}`, `{a = 1}`, `{ title = "t" }`, `{a = {b = 1}}`, "\"\"\"multi\nline\"\"\"", `"""x"""`,
	`"""`, `""`, `"a" "b"`, `"a"x`, `"a"]`, `"a",`, "", "=", "#", "[", "]", "@", "x", `'a'b`,
}

func array(r *rand.Rand) string {
	var b strings.Builder
	b.WriteByte('[')
	n := r.IntN(5)
	sep := func() {
		switch r.IntN(8) {
		case 0:
			b.WriteString("\n  ")
		case 1:
			b.WriteString(" # comment\n")
		case 2:
			b.WriteString("\t")
		case 3:
			b.WriteString(" ")
		}
	}
	for i := 0; i < n; i++ {
		sep()
		switch r.IntN(12) {
		case 0:
			b.WriteString(Value(r))
		case 1:
			b.WriteString(oneOf(r, integers))
		case 2:
			b.WriteString(oneOf(r, dates))
		case 3:
			b.WriteString(",")
		default:
			if r.IntN(3) == 0 {
				b.WriteString(oneOf(r, []string{`"甲"`, `"乙"`, `"政策法规科"`, `'lit'`, `""`}))
			} else {
				b.WriteString(basicString(r))
			}
		}
		sep()
		if i < n-1 || r.IntN(3) == 0 {
			b.WriteByte(',')
		}
	}
	sep()
	if r.IntN(30) > 0 {
		b.WriteByte(']')
	}
	return b.String()
}

func space(r *rand.Rand) string {
	return oneOf(r, []string{"", " ", " ", " ", "  ", "\t", " \t"})
}

func key(r *rand.Rand) string {
	if r.IntN(12) == 0 {
		return oneOf(r, oddKeys)
	}
	return oneOf(r, Keys)
}

// Document returns a random document of up to about a dozen lines.
func Document(r *rand.Rand) string {
	var b strings.Builder
	n := r.IntN(10)
	for i := 0; i < n; i++ {
		switch r.IntN(20) {
		case 0:
			b.WriteString(space(r) + "# a comment: 注释 \"x\" = 1")
		case 1:
			b.WriteString(space(r))
		case 2, 3:
			name := oneOf(r, []string{"params", "params", "params", "x", "date", "issued", "weight", "Params", "attachments", "tags", "params.x", `"params"`, "a.b", "", "params ]"})
			switch r.IntN(8) {
			case 0:
				b.WriteString("[[" + name + "]]")
			case 1:
				b.WriteString(space(r) + "[" + space(r) + name + space(r) + "]" + space(r) + "# c")
			case 2:
				b.WriteString("[" + name + "] junk")
			default:
				b.WriteString("[" + name + "]")
			}
		case 4:
			b.WriteString(oneOf(r, []string{"junk", "= 1", "title", "title =", "title = 1 = 2", "+++", "\r", "a = 1\r"}))
		default:
			b.WriteString(space(r) + key(r) + space(r) + "=" + space(r) + Value(r) + space(r))
			if r.IntN(6) == 0 {
				b.WriteString("# trailing " + oneOf(r, stringChars))
			}
		}
		if i < n-1 || r.IntN(4) > 0 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Plain returns a random document built only from what the fast path reads,
// so that most of them take it. Its keys come from keys, or from Keys when
// keys is nil, and the [params] table.
func Plain(r *rand.Rand, keys []string) string {
	var b strings.Builder
	if keys == nil {
		keys = append(Keys[:15:15], Keys[16:25]...) // the known ones but params, mostly
		if r.IntN(4) == 0 {
			keys = Keys
		}
	}
	for _, k := range r.Perm(len(keys))[:r.IntN(7)] {
		b.WriteString(keys[k] + " = ")
		switch keys[k] {
		case "date", "lastmod", "publishDate", "expiryDate", "issued", "asked":
			b.WriteString(oneOf(r, validDates))
		case "draft":
			b.WriteString(oneOf(r, []string{"true", "false"}))
		case "weight":
			b.WriteString(oneOf(r, integers[:8]))
		case "indicators":
			b.WriteString(oneOf(r, []string{"[]", "[1, 2]", "[ 90 ]", "[1,\n 2, # c\n]"}))
		case "tags", "units", "aliases":
			b.WriteString(oneOf(r, []string{"[]", `["甲"]`, `["甲", "乙"]`, "[\n  \"a\",\n  'b',\n]"}))
		default:
			if r.IntN(8) == 0 {
				b.WriteString(oneOf(r, []string{"1", "true", "[]", "2023-03-15"}))
			} else {
				b.WriteString(oneOf(r, []string{`"标题"`, `"a"`, `'字面'`, `""`, `"政策法规科"`, `"slug-1"`}))
			}
		}
		b.WriteString(oneOf(r, []string{"", " # note"}) + "\n")
	}
	if r.IntN(3) == 0 {
		b.WriteString("[params]\n")
		for _, i := range r.Perm(4)[:r.IntN(4)] {
			b.WriteString("abcd"[i:i+1] + " = " + oneOf(r, []string{`"x"`, "1", "true", "2023-03-15", "[1, \"a\"]", "[]"}) + "\n")
		}
	}
	return b.String()
}
