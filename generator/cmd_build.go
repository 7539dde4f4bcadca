package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/diag"
	"fzzf/generator/tomlfile"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "site source folder (holds config.toml and content/)")
	dest := fs.String("dest", "", "output folder (default <source>/public)")
	baseURL := fs.String("base-url", "", "override config.toml's baseURL, e.g. https://zrzy.xuchang.gov.cn/fzzf/")
	asOf := fs.String("as-of", "", "build the site as of this day, YYYY-MM-DD (default: today in China)")
	drafts := fs.Bool("drafts", false, "include drafts and pages dated in the future or expired")
	quiet := fs.Bool("quiet", false, "print only problems and the summary line")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "build: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	opts := build.Options{BaseURL: *baseURL, Drafts: *drafts, Extensions: extensions()}
	if *asOf != "" {
		t, err := time.ParseInLocation("2006-01-02", *asOf, tomlfile.China)
		if err != nil {
			fmt.Fprintf(stderr, "build: --as-of %q: write the day as YYYY-MM-DD, e.g. 2023-03-15\n", *asOf)
			return 2
		}
		opts.AsOf = t
	}
	if *dest == "" {
		*dest = filepath.Join(*source, "public")
	}
	start := time.Now()
	res, err := build.Run(*source, *dest, opts)
	if err != nil {
		return reportFailure(stderr, err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w.Error())
	}
	if err := recordURLs(*source, opts, res, stdout); err != nil {
		fmt.Fprintf(stderr, "build: the site was built, but %v\n", err)
		return 1
	}
	if !*quiet {
		asof := opts.AsOf
		if asof.IsZero() {
			asof = build.Today()
		}
		fmt.Fprintf(stdout, "as of %s, output in %s\n", asof.Format("2006-01-02"), *dest)
	}
	fmt.Fprintln(stdout, res.Summary(time.Since(start)))
	return 0
}

// reportFailure prints every problem of a failed build, one per line, and
// a closing line; the exit status is 1.
func reportFailure(stderr io.Writer, err error) int {
	n := 0
	if l, ok := err.(*diag.List); ok {
		for _, p := range l.Problems() {
			fmt.Fprintln(stderr, p.Error())
			if p.Severity == diag.Error {
				n++
			}
		}
	} else {
		fmt.Fprintln(stderr, err.Error())
		n = 1
	}
	fmt.Fprintf(stderr, "build failed: %d error(s); the output folder was not changed\n", n)
	return 1
}
