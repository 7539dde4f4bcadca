package site

import (
	"net/url"
	"path"
	"strings"
)

func pathEscape(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), "%2F", "/")
}

// ResolveLink resolves a link written in the Markdown of the page at
// content-relative path from (e.g. "interpretations/a.md") to another
// Markdown file ("../policies/plan.md") and returns its URL. ok is false
// when no published page comes from that file; why then says whether the
// file exists but is not published.
func (s *Site) ResolveLink(from, target string) (u string, ok bool, why string) {
	dir := path.Dir(from)
	var rel string
	if strings.HasPrefix(target, "/") {
		rel = strings.TrimPrefix(path.Clean(target), "/")
		rel = strings.TrimPrefix(rel, "content/")
	} else {
		rel = path.Clean(path.Join(dir, target))
	}
	if un, err := url.PathUnescape(rel); err == nil {
		rel = un
	}
	if p, found := s.byPath[rel]; found {
		return p.URL, true, ""
	}
	if h := s.hidden[rel]; h != "" {
		return "", false, h
	}
	return "", false, ""
}
