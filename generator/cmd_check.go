package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/check"
	"fzzf/generator/diag"
	"fzzf/generator/publicity"
	"fzzf/generator/tomlfile"
)

// runCheck builds the site in memory, as build would, and prints every
// problem of every publication check, warnings included (build runs only
// the error-level ones), as `file:line: error: message` or
// `file:line: warning: message`, then a count. It writes nothing: neither
// public/ nor the URL registry. The exit status is 1 when there is an
// error, 0 otherwise (warnings alone pass).
//
// Freshness warnings are computed as of --as-of (default: today in China).
// For a campaign that has ended, today gives one warning per idle column;
// --as-of with a day of the campaign checks the site as it stood then.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "site source folder (holds config.toml and content/)")
	baseURL := fs.String("base-url", "", "check the site as built for this base URL")
	asOf := fs.String("as-of", "", "check the site as of this day, YYYY-MM-DD (default: today in China)")
	drafts := fs.Bool("drafts", false, "include drafts and pages dated in the future or expired")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "check: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	opts := build.Options{BaseURL: *baseURL, Drafts: *drafts, Extensions: extensions()}
	for _, ext := range opts.Extensions {
		switch e := ext.(type) {
		case *check.Checker:
			e.Warnings = true
		case *publicity.Extension:
			e.Warnings = true
		}
	}
	if *asOf != "" {
		t, err := time.ParseInLocation("2006-01-02", *asOf, tomlfile.China)
		if err != nil {
			fmt.Fprintf(stderr, "check: --as-of %q: write the day as YYYY-MM-DD, e.g. 2023-03-15\n", *asOf)
			return 2
		}
		opts.AsOf = t
	} else {
		opts.AsOf = build.Today()
	}
	res, err := build.Build(os.DirFS(*source), opts, &build.MemSink{})
	var problems []*diag.Problem
	switch l := (*diag.List)(nil); {
	case err == nil:
		problems = res.Warnings
	case errors.As(err, &l):
		problems = l.Problems()
	default:
		problems = []*diag.Problem{diag.Errorf("", 0, "%v", err)}
	}
	errs, warns := 0, 0
	for _, p := range problems {
		line := p.Error()
		if p.Severity == diag.Error {
			errs++
			q := *p
			q.Msg = "error: " + q.Msg
			line = q.Error()
		} else {
			warns++
		}
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintf(stdout, "check as of %s: %d error(s), %d warning(s)\n", opts.AsOf.Format("2006-01-02"), errs, warns)
	if errs > 0 {
		return 1
	}
	return 0
}
