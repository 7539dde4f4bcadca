package check

import (
	"bytes"
	"encoding/binary"
	"html"
	"math/bits"
)

// tagKind is a start tag the checker looks into; every other tag is
// tagOther (only its id counts).
type tagKind uint8

const (
	tagOther tagKind = iota
	tagA
	tagArea
	tagLink
	tagImg
	tagScript
	tagSource
	tagVideo
	tagAudio
	tagTrack
	tagIframe
	tagEmbed
	tagObject
	tagForm
	tagMeta
	tagStyle
	tagTextarea
)

// kindOf returns the kind of a tag name as written (any case).
func kindOf(name []byte) tagKind {
	if len(name) == 0 {
		return tagOther
	}
	switch len(name) {
	case 1:
		if lower(name[0]) == 'a' {
			return tagA
		}
	case 3:
		if equalFold(name, "img") {
			return tagImg
		}
	case 4:
		switch lower(name[0]) {
		case 'a':
			return kindIf(name, "area", tagArea)
		case 'l':
			return kindIf(name, "link", tagLink)
		case 'f':
			return kindIf(name, "form", tagForm)
		case 'm':
			return kindIf(name, "meta", tagMeta)
		}
	case 5:
		switch lower(name[0]) {
		case 'v':
			return kindIf(name, "video", tagVideo)
		case 'a':
			return kindIf(name, "audio", tagAudio)
		case 't':
			return kindIf(name, "track", tagTrack)
		case 'e':
			return kindIf(name, "embed", tagEmbed)
		case 's':
			return kindIf(name, "style", tagStyle)
		}
	case 6:
		switch lower(name[0]) {
		case 's':
			if equalFold(name, "script") {
				return tagScript
			}
			return kindIf(name, "source", tagSource)
		case 'i':
			return kindIf(name, "iframe", tagIframe)
		case 'o':
			return kindIf(name, "object", tagObject)
		}
	case 8:
		return kindIf(name, "textarea", tagTextarea)
	}
	return tagOther
}

func kindIf(name []byte, want string, k tagKind) tagKind {
	if equalFold(name, want) {
		return k
	}
	return tagOther
}

// equalFold reports whether b is the lower-case ASCII s in any case.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		if lower(b[i]) != s[i] {
			return false
		}
	}
	return true
}

// attrKey is an attribute the checker reads; the scanner keeps no others.
type attrKey uint8

const (
	attrID attrKey = iota
	attrName
	attrHref
	attrSrc
	attrPoster
	attrData
	attrAction
	attrAlt
	attrRole
	attrAriaHidden
	attrHTTPEquiv
	attrContent
	numAttrs
)

// keyOf returns the attribute an attribute name (any case) stands for.
func keyOf(name []byte) (attrKey, bool) {
	if len(name) < 2 {
		return 0, false
	}
	var k attrKey
	var want string
	switch len(name) {
	case 2:
		k, want = attrID, "id"
	case 3:
		k, want = attrSrc, "src"
		if lower(name[0]) == 'a' {
			k, want = attrAlt, "alt"
		}
	case 4:
		switch lower(name[0]) {
		case 'n':
			k, want = attrName, "name"
		case 'h':
			k, want = attrHref, "href"
		case 'd':
			k, want = attrData, "data"
		case 'r':
			k, want = attrRole, "role"
		default:
			return 0, false
		}
	case 6:
		k, want = attrPoster, "poster"
		if lower(name[0]) == 'a' {
			k, want = attrAction, "action"
		}
	case 7:
		k, want = attrContent, "content"
	case 10:
		k, want = attrHTTPEquiv, "http-equiv"
	case 11:
		k, want = attrAriaHidden, "aria-hidden"
	default:
		return 0, false
	}
	return k, equalFold(name, want)
}

// tag is one start tag of an HTML output: its name as written, its kind,
// the raw (still escaped) values of the attributes the checker reads, and
// the offset of its "<". It points into the scanned data and is only valid
// during the callback.
type tag struct {
	name []byte
	kind tagKind
	has  uint16 // bit k set: attribute k is present
	vals [numAttrs][]byte
	pos  int
}

// raw returns the value of attribute k as written.
func (t *tag) raw(k attrKey) ([]byte, bool) {
	if t.has&(1<<k) == 0 {
		return nil, false
	}
	return t.vals[k], true
}

// attr returns the value of attribute k with character references
// replaced. It allocates only for a value that has one.
func (t *tag) attr(k attrKey) (string, bool) {
	v, ok := t.raw(k)
	if !ok {
		return "", false
	}
	return unescape(v), true
}

func unescape(v []byte) string {
	if bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	return html.UnescapeString(string(v))
}

// scanTags calls fn for every start tag in data that the checker looks
// into (not tagOther) or that has an id, filling in t. It is a small,
// forgiving scanner for the HTML this generator writes: comments, doctype
// and end tags are skipped, and so is the content of script, style and
// textarea. Of a repeated attribute the first counts. It allocates
// nothing: it goes from "<" to "<" with indexNear, and attribute values
// stay slices of data.
func scanTags(data []byte, t *tag, fn func(*tag)) {
	i := 0
	for i < len(data) {
		// The next "<" is often in the next eight bytes (markup): look
		// there before calling indexNear.
		j := -1
		if i+8 <= len(data) {
			x := binary.LittleEndian.Uint64(data[i:]) ^ (ones * '<')
			if m := (x - ones) &^ x & highs; m != 0 {
				j = bits.TrailingZeros64(m) / 8
			}
		}
		if j < 0 {
			if j = indexNear(data[i:], '<'); j < 0 {
				return
			}
		}
		i += j
		rest := data[i:]
		if len(rest) > 1 && (rest[1] == '!' || rest[1] == '?' || rest[1] == '/') {
			if bytes.HasPrefix(rest, []byte("<!--")) {
				k := bytes.Index(rest[4:], []byte("-->"))
				if k < 0 {
					return
				}
				i += 4 + k + 3
				continue
			}
			// Most are end tags such as </p>: the first ">" is past the name.
			k := 2
			for k < len(rest) && nameByte[rest[k]] {
				k++
			}
			if k >= len(rest) || rest[k] != '>' {
				if k = indexNear(rest, '>'); k < 0 {
					return
				}
			}
			i += k + 1
			continue
		}
		n := 1
		for n < len(rest) && nameByte[rest[n]] {
			n++
		}
		if n == 1 {
			i++
			continue
		}
		t.name, t.kind, t.has, t.pos = rest[1:n], kindOf(rest[1:n]), 0, i
		k := n
		for k < len(rest) {
			for k < len(rest) && space[rest[k]] {
				k++
			}
			if k >= len(rest) || rest[k] == '>' {
				break
			}
			if rest[k] == '/' {
				k++
				continue
			}
			s := k
			// The most common attribute, class="...", is no attribute the
			// checker reads: skip its name at once.
			if k+8 <= len(rest) && binary.LittleEndian.Uint64(rest[k:])&(1<<56-1) == classAttr {
				e := indexNear(rest[k+7:], '"')
				if e < 0 {
					return
				}
				k += 7 + e + 1
				continue
			}
			for k < len(rest) && !endsAttrName[rest[k]] {
				k++
			}
			name := rest[s:k]
			for k < len(rest) && space[rest[k]] {
				k++
			}
			var val []byte
			if k < len(rest) && rest[k] == '=' {
				k++
				for k < len(rest) && space[rest[k]] {
					k++
				}
				if k < len(rest) && (rest[k] == '"' || rest[k] == '\'') {
					e := indexNear(rest[k+1:], rest[k])
					if e < 0 {
						return
					}
					val = rest[k+1 : k+1+e]
					k += e + 2
				} else {
					s := k
					for k < len(rest) && !space[rest[k]] && rest[k] != '>' {
						k++
					}
					val = rest[s:k]
				}
			}
			if a, ok := keyOf(name); ok && t.has&(1<<a) == 0 {
				t.has |= 1 << a
				t.vals[a] = val
			}
		}
		if t.kind != tagOther || t.has&(1<<attrID) != 0 {
			fn(t)
		}
		i += k + 1
		if i >= len(data) {
			return
		}
		var end []byte
		switch t.kind {
		case tagScript:
			end = []byte("</script")
		case tagStyle:
			end = []byte("</style")
		case tagTextarea:
			end = []byte("</textarea")
		default:
			continue
		}
		e := indexFold(data[i:], end)
		if e < 0 {
			return
		}
		i += e
	}
}

// classAttr is `class="` as the low seven bytes of a little-endian word.
const classAttr = 'c' | 'l'<<8 | 'a'<<16 | 's'<<24 | 's'<<32 | '='<<40 | '"'<<48

const ones, highs = 0x0101010101010101, 0x8080808080808080

// indexNear is bytes.IndexByte for a byte that is usually near: it looks
// at the first 32 bytes eight at a time before calling bytes.IndexByte,
// which costs more to start than to run.
func indexNear(b []byte, c byte) int {
	pattern := ones * uint64(c)
	i := 0
	for ; i+8 <= len(b) && i < 32; i += 8 {
		x := binary.LittleEndian.Uint64(b[i:]) ^ pattern
		// The lowest byte of x that is zero is the first c; bytes above
		// it may be flagged wrongly, but they are not looked at.
		if t := (x - ones) &^ x & highs; t != 0 {
			return i + bits.TrailingZeros64(t)/8
		}
	}
	if j := bytes.IndexByte(b[i:], c); j >= 0 {
		return i + j
	}
	return -1
}

// indexFold is bytes.Index for a lower-case ASCII needle that starts with
// "<", ignoring ASCII case in data.
func indexFold(data, needle []byte) int {
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return -1
		}
		i += j
		if len(data)-i < len(needle) {
			return -1
		}
		ok := true
		for k := 1; k < len(needle); k++ {
			if lower(data[i+k]) != needle[k] {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
		i++
	}
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Byte classes of the scanner.
var (
	nameByte     = byteClass("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
	space        = byteClass(" \t\n\r\f")
	endsAttrName = byteClass(" \t\n\r\f=>/")
)

func byteClass(members string) [256]bool {
	var t [256]bool
	for i := 0; i < len(members); i++ {
		t[members[i]] = true
	}
	return t
}
