// Command gencorpus writes a deterministic Chinese benchmark site (see
// package corpus).
//
// Usage:
//
//	go run ./generator/corpus/cmd/gencorpus -n 10000 -o DIR [-seed 1] [-sections news,notices,articles]
//
// DIR gets a config.toml and a content/ tree. An earlier corpus in DIR is
// replaced; any other site there is left alone and the command fails.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"fzzf/generator/corpus"
)

func main() {
	n := flag.Int("n", 10000, "number of pages")
	out := flag.String("o", "", "output directory (required)")
	seed := flag.Int64("seed", 1, "seed; the same seed gives the same files")
	sections := flag.String("sections", strings.Join(corpus.DefaultSections, ","), "comma-separated section names")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -n PAGES -o DIR [-seed N] [-sections a,b,c]")
		os.Exit(2)
	}

	start := time.Now()
	opts := corpus.Options{Pages: *n, Seed: *seed, Sections: strings.Split(*sections, ",")}
	if err := corpus.Write(*out, opts); err != nil {
		fmt.Fprintf(os.Stderr, "gencorpus: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gencorpus: wrote %d pages to %s in %.2fs\n", *n, *out, time.Since(start).Seconds())
}
