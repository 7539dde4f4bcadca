// Package tomlfile decodes TOML strictly: syntax errors, wrong types and
// unknown keys all come back as diag problems that name the file and line, so
// a typo in config.toml or in front matter never passes silently.
package tomlfile

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"fzzf/generator/diag"
)

// Decode decodes data into v. file names the source in problems; firstLine is
// the line of file on which data starts (1 for a whole file, 2 for front
// matter after a `+++` line). Keys not in v are errors unless allowUnknown
// accepts their dotted path.
func Decode(file string, firstLine int, data []byte, v any, allowUnknown func(key string) bool) (toml.MetaData, error) {
	md, err := toml.Decode(string(data), v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return md, diag.Errorf(file, firstLine-1+pe.Position.Line, "%s", cleanMessage(pe))
		}
		if m := typeErr.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return md, diag.Errorf(file, firstLine-1+line, "%s %s: %s", m[2], "has the wrong type", humanType(m[3]))
		}
		return md, diag.Errorf(file, firstLine, "%v", err)
	}
	return md, Unknown(file, firstLine, data, md, allowUnknown)
}

// Unknown reports the keys of data that the decode md came from left
// undecoded, except those allowUnknown accepts, as Decode does. It lets a
// caller check data against more keys than the decode target has without
// decoding it again.
func Unknown(file string, firstLine int, data []byte, md toml.MetaData, allowUnknown func(key string) bool) error {
	var list diag.List
	keys := md.Undecoded()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	reported := map[string]bool{}
	for _, k := range keys {
		name := k.String()
		if allowUnknown != nil && allowUnknown(name) {
			continue
		}
		// Report a misspelt table once, not once per key inside it: keys
		// sort after their table, so a reported prefix comes first.
		if underReported(k, reported) {
			continue
		}
		reported[name] = true
		list.Add(diag.Errorf(file, firstLine-1+KeyLine(data, k), "unknown key %q: check the spelling (see README for the keys this file may hold)", name))
	}
	return list.Err()
}

var typeErr = regexp.MustCompile(`^toml: line (\d+) \(last key ("[^"]*")\): (.*)$`)

func humanType(msg string) string {
	return strings.Replace(msg, "incompatible types: TOML value has type", "the value is a", 1)
}

func underReported(k toml.Key, reported map[string]bool) bool {
	for i := 1; i < len(k); i++ {
		if reported[k[:i].String()] {
			return true
		}
	}
	return false
}

func cleanMessage(pe toml.ParseError) string {
	msg := pe.Message
	if pe.Usage != "" {
		msg = strings.TrimSpace(msg)
	}
	return "invalid TOML: " + msg
}

// KeyLine returns the 1-based line in data where key is set, or 1 when it
// cannot be found. It understands [table] headers, [[array]] headers and
// dotted keys, which covers how people write config and front matter.
func KeyLine(data []byte, key []string) int {
	table := ""
	want := strings.Join(key, ".")
	for i, line := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(line)
		if strings.HasPrefix(s, "[") {
			h := strings.Trim(s, "[] \t")
			if j := strings.Index(h, "#"); j >= 0 {
				h = strings.TrimSpace(h[:j])
			}
			table = normKey(h)
			if table == want {
				return i + 1
			}
			continue
		}
		eq := strings.Index(s, "=")
		if eq <= 0 {
			continue
		}
		k := normKey(s[:eq])
		full := k
		if table != "" {
			full = table + "." + k
		}
		if full == want || strings.HasPrefix(want, full+".") {
			return i + 1
		}
	}
	return 1
}

func normKey(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// China is the Asia/Shanghai location; the binary embeds tzdata (see the
// main package) so this never depends on the host.
var China = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// Only possible if tzdata is missing, which time/tzdata prevents.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// InChina reinterprets a TOML local date or datetime (no offset written) as
// China time; a time written with an offset is kept as the same instant.
// The value must come from decoding into an `any` field: BurntSushi/toml
// converts a local datetime decoded straight into a time.Time field to the
// host's zone, losing the fact that no zone was written.
func InChina(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	switch t.Location().String() {
	case "datetime-local", "date-local", "time-local":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), China)
	}
	return t.In(China)
}

// ParseDate parses a date written as a string: 2006-01-02, 2006-01-02 15:04,
// 2006-01-02T15:04:05 (China time) or RFC 3339.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, China); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(China), nil
	}
	return time.Time{}, fmt.Errorf("bad date %q: write it as 2023-03-15 or 2023-03-15T09:30:00", s)
}
