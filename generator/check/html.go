package check

import (
	"bytes"
	"html"
	"strings"
)

// tag is one start tag of an HTML output, with its attributes (names in
// lower case, values unescaped) and the 1-based line it starts on.
type tag struct {
	name  string
	attrs map[string]string
	line  int
}

func (t tag) attr(name string) (string, bool) {
	v, ok := t.attrs[name]
	return v, ok
}

// scanTags calls fn for every start tag in data. It is a small, forgiving
// scanner for the HTML this generator writes: comments, doctype and end
// tags are skipped, and so is the content of script, style and textarea.
func scanTags(data []byte, fn func(tag)) {
	line, counted := 1, 0
	at := func(i int) int {
		line += bytes.Count(data[counted:i], []byte("\n"))
		counted = i
		return line
	}
	i := 0
	for i < len(data) {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return
		}
		i += j
		rest := data[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			k := bytes.Index(rest[4:], []byte("-->"))
			if k < 0 {
				return
			}
			i += 4 + k + 3
			continue
		case bytes.HasPrefix(rest, []byte("<!")), bytes.HasPrefix(rest, []byte("<?")), bytes.HasPrefix(rest, []byte("</")):
			k := bytes.IndexByte(rest, '>')
			if k < 0 {
				return
			}
			i += k + 1
			continue
		}
		n := 1
		for n < len(rest) && isNameByte(rest[n]) {
			n++
		}
		if n == 1 {
			i++
			continue
		}
		t := tag{name: strings.ToLower(string(rest[1:n])), attrs: map[string]string{}, line: at(i)}
		k := n
		for k < len(rest) {
			for k < len(rest) && isSpace(rest[k]) {
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
			for k < len(rest) && !isSpace(rest[k]) && rest[k] != '=' && rest[k] != '>' && rest[k] != '/' {
				k++
			}
			name := strings.ToLower(string(rest[s:k]))
			for k < len(rest) && isSpace(rest[k]) {
				k++
			}
			val := ""
			if k < len(rest) && rest[k] == '=' {
				k++
				for k < len(rest) && isSpace(rest[k]) {
					k++
				}
				if k < len(rest) && (rest[k] == '"' || rest[k] == '\'') {
					q := rest[k]
					e := bytes.IndexByte(rest[k+1:], q)
					if e < 0 {
						return
					}
					val = string(rest[k+1 : k+1+e])
					k += e + 2
				} else {
					s := k
					for k < len(rest) && !isSpace(rest[k]) && rest[k] != '>' {
						k++
					}
					val = string(rest[s:k])
				}
			}
			if name != "" {
				if _, dup := t.attrs[name]; !dup {
					t.attrs[name] = html.UnescapeString(val)
				}
			}
		}
		fn(t)
		i += k + 1
		switch t.name {
		case "script", "style", "textarea":
			end := bytes.Index(bytes.ToLower(data[i:]), []byte("</"+t.name))
			if end < 0 {
				return
			}
			i += end
		}
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
