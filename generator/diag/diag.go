// Package diag holds the diagnostics every build step reports: a problem in
// one of the user's files, at a line, with what to do about it.
//
// Messages print as `file:line: message` (or `file: message` when the line is
// unknown), the form editors and editors' tools understand.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a problem stops publication.
type Severity int

const (
	// Error stops the build: nothing is published.
	Error Severity = iota
	// Warning is printed but the build goes on.
	Warning
)

// Problem is one diagnostic about a user's file.
type Problem struct {
	File     string // slash path relative to the site source, e.g. content/news/a.md
	Line     int    // 1-based; 0 when unknown
	Severity Severity
	Msg      string
}

// Errorf returns an error-level Problem.
func Errorf(file string, line int, format string, args ...any) *Problem {
	return &Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Warnf returns a warning-level Problem.
func Warnf(file string, line int, format string, args ...any) *Problem {
	return &Problem{File: file, Line: line, Severity: Warning, Msg: fmt.Sprintf(format, args...)}
}

// Error formats the problem as file:line: message.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// List collects problems from one build. The zero value is ready to use; it is
// not safe for concurrent use.
type List struct {
	items []*Problem
}

// Add appends problems; nil ones are ignored.
func (l *List) Add(ps ...*Problem) {
	for _, p := range ps {
		if p != nil {
			l.items = append(l.items, p)
		}
	}
}

// AddErr records err: a *Problem or a List as is, anything else as a problem
// of file.
func (l *List) AddErr(file string, err error) {
	if err == nil {
		return
	}
	var other *List
	if errors.As(err, &other) {
		l.items = append(l.items, other.items...)
		return
	}
	var p *Problem
	if errors.As(err, &p) {
		l.items = append(l.items, p)
		return
	}
	l.items = append(l.items, &Problem{File: file, Msg: err.Error()})
}

// Problems returns every problem, sorted by file, line and message so output
// does not depend on scheduling.
func (l *List) Problems() []*Problem {
	sort.SliceStable(l.items, func(i, j int) bool {
		a, b := l.items[i], l.items[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Msg < b.Msg
	})
	return l.items
}

// Errors returns only the error-level problems, sorted.
func (l *List) Errors() []*Problem {
	var out []*Problem
	for _, p := range l.Problems() {
		if p.Severity == Error {
			out = append(out, p)
		}
	}
	return out
}

// Warnings returns only the warnings, sorted.
func (l *List) Warnings() []*Problem {
	var out []*Problem
	for _, p := range l.Problems() {
		if p.Severity == Warning {
			out = append(out, p)
		}
	}
	return out
}

// Err returns the list as an error when it holds at least one error-level
// problem, else nil.
func (l *List) Err() error {
	if len(l.Errors()) == 0 {
		return nil
	}
	return l
}

// Error prints one problem per line.
func (l *List) Error() string {
	var b strings.Builder
	for i, p := range l.Errors() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}
