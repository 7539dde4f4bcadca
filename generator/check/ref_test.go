package check

import "bytes"

// The checker's scanning code as it was before its fast paths, for the
// differential tests in fast_test.go.

// scanTagsRef is scanTags as it was before its fast paths: a plain loop
// from "<" to "<", reading every attribute name.
func scanTagsRef(data []byte, t *tag, fn func(*tag)) {
	i := 0
	for i < len(data) {
		j := indexNear(data[i:], '<')
		if j < 0 {
			return
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
			k := indexNear(rest, '>')
			if k < 0 {
				return
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

// unescapeFragmentRef is unescapeFragment as it was: byte by byte.
func unescapeFragmentRef[T string | []byte](buf []byte, b T) ([]byte, bool) {
	for i := 0; i < len(b); i++ {
		if b[i] != '%' {
			buf = append(buf, b[i])
			continue
		}
		if i+2 >= len(b) || unhex(b[i+1]) < 0 || unhex(b[i+2]) < 0 {
			return buf, false
		}
		buf = append(buf, byte(unhex(b[i+1])<<4|unhex(b[i+2])))
		i += 2
	}
	return buf, true
}
