package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"fzzf/generator/indicator"
	"fzzf/generator/plan"
)

// runSeed implements `seed import [--out DIR] PLAN.txt`; args are the words
// after "seed". It imports the plan text, normalising units through the
// reviewed alias table in DIR/units.toml, which must exist (DIR defaults to the
// plan file's directory), and writes the seeds data files into DIR, each atomically and
// only when the import succeeded. Every notice is printed to stdout as
// `PLAN.txt:LINE: review: message`, then a one-line summary. It returns the
// exit status: 0 on success, 1 on failure, 2 on a usage error.
func runSeed(args []string, stdout, stderr io.Writer) int {
	usage := func() int {
		fmt.Fprintln(stderr, "usage: seed import [--out DIR] PLAN.txt")
		return 2
	}
	if len(args) == 0 || args[0] != "import" {
		return usage()
	}
	fs := flag.NewFlagSet("seed import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "directory to write the data files to (default: the plan file's directory)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		return usage()
	}
	planPath := fs.Arg(0)
	dir := *out
	if dir == "" {
		dir = filepath.Dir(planPath)
	}

	if _, err := os.Stat(filepath.Join(dir, indicator.UnitsFile)); err != nil {
		fmt.Fprintf(stderr, "seed: %s: the reviewed alias table is needed to import the plan: %v\n", filepath.Join(dir, indicator.UnitsFile), err)
		return 1
	}
	units, err := indicator.LoadUnits(os.DirFS(dir))
	if err != nil {
		fmt.Fprintf(stderr, "seed: %s\n", prefixDir(dir, err))
		return 1
	}
	f, err := os.Open(planPath)
	if err != nil {
		fmt.Fprintf(stderr, "seed: %v\n", err)
		return 1
	}
	defer f.Close()
	data, notices, err := plan.Import(f, planPath, units)
	if err != nil {
		fmt.Fprintf(stderr, "seed: %v\n", err)
		return 1
	}
	for _, n := range notices {
		fmt.Fprintf(stdout, "%s:%d: review: %s\n", planPath, n.Line, n.Message)
	}

	files := indicator.Encode(data)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := writeAtomic(filepath.Join(dir, name), files[name]); err != nil {
			fmt.Fprintf(stderr, "seed: %v\n", err)
			return 1
		}
	}
	groups := 0
	for _, c := range data.Categories {
		groups += len(c.Groups)
	}
	fmt.Fprintf(stdout, "seed: %d categories, %d groups, %d indicators, %d units, %d notices; wrote %d files to %s\n",
		len(data.Categories), groups, len(data.Indicators), len(data.Units), len(notices), len(names), dir)
	return 0
}

// prefixDir puts dir in front of a data file error (units.toml:3: …), so the
// message names the file as the user knows it.
func prefixDir(dir string, err error) string {
	if e, ok := err.(*indicator.Error); ok {
		e2 := *e
		e2.File = filepath.Join(dir, e.File)
		return e2.Error()
	}
	return err.Error()
}

// writeAtomic writes b to path through a temporary file in the same
// directory and a rename, so readers never see a half-written file.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(name)
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Chmod(name, 0o644); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}
