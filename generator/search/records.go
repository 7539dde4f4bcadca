package search

import "unicode/utf8"

// A record file d/<n>.json is a JSON array of the records of groupSize
// docs, each [URL, title, section, date, text], written exactly as
// encoding/json writes a []record without HTML escaping
// (TestRecordFile), several times faster. An Index keeps each doc's
// record as a slice of its file, so moving docs to other files (when doc
// ids shift) copies bytes instead of encoding again.

// recordFile returns the record file of docs[start:end] with stored texts
// texts[start:end] and sets recs[start:end] to the records in it.
func recordFile(docs []Doc, texts []string, recs [][]byte, start, end int) []byte {
	size := 2
	for id := start; id < end; id++ {
		d := &docs[id]
		size += len(d.URL) + len(d.Title) + len(d.Section) + len(texts[id]) + 30
	}
	b := make([]byte, 0, size)
	b = append(b, '[')
	for id := start; id < end; id++ {
		if id > start {
			b = append(b, ',')
		}
		o := len(b)
		b = appendRecord(b, &docs[id], texts[id])
		recs[id] = b[o:len(b):len(b)]
	}
	b = append(b, ']')
	repoint(recs[start:end], b)
	return b
}

// joinRecords returns the record file of recs and sets recs to the
// records in it.
func joinRecords(recs [][]byte) []byte {
	size := 1 + len(recs)
	for _, r := range recs {
		size += len(r)
	}
	b := make([]byte, 0, size)
	b = append(b, '[')
	for i, r := range recs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, r...)
	}
	b = append(b, ']')
	repoint(recs, b)
	return b
}

// repoint sets recs to the records in file, the record file of records
// of the same lengths.
func repoint(recs [][]byte, file []byte) {
	o := 1
	for i, r := range recs {
		recs[i] = file[o : o+len(r) : o+len(r)]
		o += len(r) + 1
	}
}

// appendRecord appends the JSON of d's record with stored text text.
func appendRecord(b []byte, d *Doc, text string) []byte {
	b = append(b, '[')
	b = appendJSONString(b, d.URL)
	b = append(b, ',')
	b = appendJSONString(b, d.Title)
	b = append(b, ',')
	b = appendJSONString(b, d.Section)
	b = append(b, ',', '"')
	if !d.Date.IsZero() {
		// Digits and hyphens: nothing to escape.
		b = d.Date.AppendFormat(b, "2006-01-02")
	}
	b = append(b, '"', ',')
	b = appendJSONString(b, text)
	return append(b, ']')
}

// jsonPlain marks the ASCII bytes appendJSONString copies as they are:
// all but control characters, quote and backslash.
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString appends s as a JSON string exactly as encoding/json
// encodes it with HTML escaping off: quote, backslash and control
// characters escaped (\b \f \n \r \t by name), invalid UTF-8 as \ufffd,
// U+2028 and U+2029 as \u2028 and \u2029. Everything else is copied, in
// runs.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		if c >= 0xE3 && c != 0xED && c <= 0xEF && len(s)-i >= 3 && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			// Three valid bytes, not U+2028 or U+2029 (E2 80 A8/A9).
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
