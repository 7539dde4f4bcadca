package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fzzf/generator/content"
	"fzzf/generator/indicator"
	"fzzf/generator/ledger"
	"fzzf/generator/portal"
	"fzzf/generator/tomlfile"
)

const ledgerUsage = `usage:
  generator ledger template --unit <name|code> --month YYYY-MM -o FILE.xlsx [--source DIR]
  generator ledger import FILE.xlsx|FILE.csv --unit <name|code> --month YYYY-MM [--submitted YYYY-MM-DD] [--force] [--source DIR]

template writes the Annex 2 work-ledger sheet for one unit and month, pre-filled
with the indicators the unit is responsible for, ready to send to the unit.
import reads a filled-in sheet and writes content/progress/YYYY-MM/<unit-code>.toml;
it writes nothing unless every row is valid, and never replaces an existing
ledger without --force.
`

// runLedger implements `ledger template` and `ledger import`. It returns the
// exit status: 0 on success, 1 when the sheet or the data is wrong, 2 on a
// usage error.
func runLedger(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "template" && args[0] != "import") {
		fmt.Fprint(stderr, ledgerUsage)
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("ledger "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, ledgerUsage) }
	unit := fs.String("unit", "", "the unit: its code, name or any spelling of it")
	month := fs.String("month", "", "the month the ledger reports on, YYYY-MM")
	source := fs.String("source", ".", "the site source folder (holding seeds/ and content/)")
	out := fs.String("o", "", "template: the .xlsx file to write")
	force := fs.Bool("force", false, "import: replace an existing ledger for the unit and month")
	submitted := fs.String("submitted", "", "import: the day the ledger came in (default: the sheet's 填表时间)")
	// Flags may come before or after the file name.
	var files []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if *unit == "" || *month == "" {
		fmt.Fprintln(stderr, "ledger: --unit and --month are required")
		fmt.Fprint(stderr, ledgerUsage)
		return 2
	}
	m, err := ledger.ParseMonth(*month)
	if err != nil {
		fmt.Fprintf(stderr, "ledger: --month: %v\n", err)
		return 2
	}
	data, err := indicator.Load(os.DirFS(filepath.Join(*source, portal.SeedsDir)))
	if err != nil {
		fmt.Fprintf(stderr, "%s\n", prefixDir(filepath.Join(*source, portal.SeedsDir), err))
		return 1
	}
	if data == nil {
		fmt.Fprintf(stderr, "ledger: %s has no indicator data (%s)\n", filepath.Join(*source, portal.SeedsDir), indicator.IndicatorsFile)
		return 1
	}
	u, ok := data.Unit(*unit)
	if !ok {
		fmt.Fprintf(stderr, "ledger: unknown unit %q: use a code, name or alias from %s\n", *unit, filepath.ToSlash(filepath.Join(portal.SeedsDir, indicator.UnitsFile)))
		return 1
	}
	switch sub {
	case "template":
		if len(files) != 0 || *out == "" {
			fmt.Fprintln(stderr, "ledger template: give the output file with -o FILE.xlsx and no other arguments")
			return 2
		}
		return ledgerTemplate(data, u, m, *out, stdout, stderr)
	}
	if len(files) != 1 {
		fmt.Fprintln(stderr, "ledger import: give exactly one FILE.xlsx or FILE.csv")
		return 2
	}
	opts := ledger.ImportOptions{Unit: u.Code, Month: m}
	if *submitted != "" {
		t, err := time.ParseInLocation(time.DateOnly, *submitted, tomlfile.China)
		if err != nil {
			fmt.Fprintf(stderr, "ledger: --submitted %q: want YYYY-MM-DD\n", *submitted)
			return 2
		}
		opts.Submitted = t
	}
	return ledgerImport(data, files[0], opts, *source, *force, stdout, stderr)
}

func ledgerTemplate(data *indicator.Data, u *indicator.Unit, m ledger.Month, out string, stdout, stderr io.Writer) int {
	var rows []ledger.TemplateRow
	for _, in := range data.UnitIndicators(u.Code) {
		text := in.Text
		if in.TextMissing || text == "" {
			text = "原文未载明"
		}
		rows = append(rows, ledger.TemplateRow{Indicator: in.ID, Text: text, Methods: in.Methods, Materials: in.Materials})
	}
	if len(rows) == 0 {
		fmt.Fprintf(stderr, "ledger template: %s is responsible for no indicator: there is nothing to report\n", u.Name)
		return 1
	}
	var buf bytes.Buffer
	if err := ledger.WriteTemplate(&buf, u.Name, m, rows); err != nil {
		fmt.Fprintf(stderr, "ledger template: %v\n", err)
		return 1
	}
	if err := writeAtomic(out, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "ledger template: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s: %s %s, %d indicators\n", out, u.Name, m.Label(), len(rows))
	return 0
}

func ledgerImport(data *indicator.Data, file string, opts ledger.ImportOptions, source string, force bool, stdout, stderr io.Writer) int {
	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintf(stderr, "ledger import: %v\n", err)
		return 1
	}
	defer f.Close()
	reg := portal.NewRegistry(data)
	l, problems, err := ledger.Import(file, f, opts, reg)
	if err != nil {
		fmt.Fprintf(stderr, "ledger import: %v\n", err)
		return 1
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, p.Error())
		}
		fmt.Fprintf(stderr, "ledger import: %d problem(s) in %s; nothing was written\n", len(problems), file)
		return 1
	}
	rel := filepath.ToSlash(filepath.Join(content.Dir, portal.ProgressDir, l.Month.String(), l.Unit+".toml"))
	// The file must read back as a valid ledger before it is written.
	if _, err := ledger.Parse(rel, ledger.Encode(l), reg); err != nil {
		fmt.Fprintf(stderr, "ledger import: the imported ledger does not check: %v\n", err)
		return 1
	}
	dest := filepath.Join(source, filepath.FromSlash(rel))
	if err := ledger.WriteFile(dest, l, force); err != nil {
		if _, statErr := os.Stat(dest); statErr == nil && !force {
			fmt.Fprintf(stderr, "ledger import: %s already exists: use --force to replace it\n", rel)
			return 1
		}
		fmt.Fprintf(stderr, "ledger import: %v\n", err)
		return 1
	}
	verb := "wrote"
	if force {
		verb = "wrote (replacing any earlier file)"
	}
	fmt.Fprintf(stdout, "%s %s: %d entries, submitted %s\n", verb, rel, len(l.Entries), l.Submitted.In(tomlfile.China).Format(time.DateOnly))
	return 0
}
