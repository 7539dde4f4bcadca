package diag

import (
	"errors"
	"fmt"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		p    *Problem
		want string
	}{
		{Errorf("content/a.md", 3, "bad %s", "key"), "content/a.md:3: bad key"},
		{Errorf("config.toml", 0, "no title"), "config.toml: no title"},
		{Errorf("", 0, "plain"), "plain"},
		{Warnf("content/a.md", 2, "idle"), "content/a.md:2: warning: idle"},
	}
	for _, tt := range tests {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestListSortsAndSeparates(t *testing.T) {
	var l List
	l.Add(Errorf("b.md", 1, "x"), nil, Warnf("a.md", 9, "w"), Errorf("a.md", 10, "y"), Errorf("a.md", 2, "z"))
	l.AddErr("c.md", errors.New("plain error"))
	var inner List
	inner.Add(Errorf("d.md", 1, "inner"))
	l.AddErr("ignored.md", fmt.Errorf("wrapped: %w", &inner))
	want := "a.md:2: z\na.md:10: y\nb.md:1: x\nc.md: plain error\nd.md:1: inner"
	if got := l.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
	if len(l.Warnings()) != 1 || len(l.Errors()) != 5 {
		t.Errorf("%d warnings, %d errors", len(l.Warnings()), len(l.Errors()))
	}
	var only List
	only.Add(Warnf("a.md", 1, "w"))
	if only.Err() != nil {
		t.Error("a list of warnings is an error")
	}
	if l.Err() == nil {
		t.Error("a list with errors is not an error")
	}
}
