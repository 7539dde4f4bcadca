package check

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// tagEvents returns what a scanner reports of data, one line per tag.
func tagEvents(scan func([]byte, *tag, func(*tag)), data []byte) string {
	var b strings.Builder
	scan(data, new(tag), func(t *tag) {
		fmt.Fprintf(&b, "%d %q %d %b", t.pos, t.name, t.kind, t.has)
		for k := range numAttrs {
			if v, ok := t.raw(k); ok {
				fmt.Fprintf(&b, " %d=%q", k, v)
			}
		}
		b.WriteByte('\n')
	})
	return b.String()
}

// Pieces of HTML that the random inputs of TestScanTagsFast are made of:
// what the generator writes, and odd HTML around what the fast paths
// look for.
var scanPieces = []string{
	"<p>", "</p>", "<td>", "</td>\n", "<li class=\"toc-2\">", "<div class=\"wrap\">", "<span>", "</span>",
	"<a href=\"/fzzf/news/\">", "</a>", "<h2 id=\"一\">", "<meta name=\"x\" content=\"y\">", "<img src=a.png alt=\"\">",
	"<script>", "</script>", "<style>", "</style>", "<textarea>", "</textarea >", "<!-- c -->", "<!--", "-->",
	"<!DOCTYPE html>", "<?x?>", "</a x='>'>", "</ a>", "</p\n>", "</", "<", ">", "'", "\"", "=", " ", "\t", "\n", "\f", "\v",
	"\x00", "/", "a<b", "< p>", "text", "正文。", "&amp;", "id", "ID", "iD=x", "class", "class=\"", "class='", "class =\"",
	"href=\"", "href='", "href=", "id=\"", "name=\"", "src=\"", "<div class=\"a>b\" id=x>", "<div class=x\"y>",
	"<a href=\"x\"href=\"y\">", "<a  href = 'z' >", "<div/id=v>", "<div id>", "<div =x id=y>", "<img/src=q>",
	"<A HREF=Y>", "<Script>", "</SCRIPT>", "<x-y id=z>", "<div class=\"unterminated", "<a href=\"u", "<li",
}

func randScanInput(r *rand.Rand) []byte {
	var b bytes.Buffer
	for n := r.Intn(60); n > 0; n-- {
		switch r.Intn(10) {
		case 0:
			// A random byte, now and then.
			b.WriteByte(byte(r.Intn(256)))
		case 1:
			b.WriteString(randHTML(r))
		default:
			b.WriteString(scanPieces[r.Intn(len(scanPieces))])
		}
	}
	return b.Bytes()
}

// TestScanTagsFast compares scanTags with the plain scanner it replaced
// (scanTagsRef) on random HTML, every prefix of it included.
func TestScanTagsFast(t *testing.T) {
	tags := 0
	for it := 0; it < 4000; it++ {
		r := rand.New(rand.NewSource(int64(it)))
		data := randScanInput(r)
		cuts := []int{len(data)}
		if it%20 == 0 {
			for c := range len(data) {
				cuts = append(cuts, c)
			}
		}
		for _, c := range cuts {
			// A copy of exactly c bytes, so reading past it would panic.
			d := bytes.Clone(data[:c])
			want := tagEvents(scanTagsRef, d)
			if got := tagEvents(scanTags, d); got != want {
				t.Fatalf("case %d, %q:\nscanTags:\n%s\nwant:\n%s", it, d, got, want)
			}
			tags += strings.Count(want, "\n")
		}
	}
	if tags < 50000 {
		t.Errorf("only %d tags in all: the random inputs are too tame", tags)
	}
}

// TestUnescapeFragmentFast compares unescapeFragment with the plain loop
// it replaced.
func TestUnescapeFragmentFast(t *testing.T) {
	pieces := []string{"%", "%2", "%2F", "%e4%b8%80", "%E4", "%zz", "%%", "a", "/fzzf/", "一", "#", "%0", "%00", " ", "x%"}
	for it := 0; it < 20000; it++ {
		r := rand.New(rand.NewSource(int64(it)))
		var b strings.Builder
		for n := r.Intn(8); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s := b.String()
		prefix := []byte("pre")[:r.Intn(4)]
		want, wok := unescapeFragmentRef(bytes.Clone(prefix), s)
		got, ok := unescapeFragment(bytes.Clone(prefix), s)
		gotb, okb := unescapeFragment(bytes.Clone(prefix), []byte(s))
		if ok != wok || okb != wok || (wok && (!bytes.Equal(got, want) || !bytes.Equal(gotb, want))) {
			t.Fatalf("unescapeFragment(%q, %q) = %q, %v and %q, %v; want %q, %v", prefix, s, got, ok, gotb, okb, want, wok)
		}
	}
}
