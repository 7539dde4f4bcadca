package portal

import (
	"bytes"
	"errors"
	"io/fs"
	"slices"
	"time"

	"fzzf/generator/indicator"
	"fzzf/generator/ledger"
	"fzzf/generator/progress"
)

// Memo is what the portal extension keeps between the builds of one
// preview session (Extension.Memo), so that a save that changes no seed
// file and no ledger costs neither TOML parsing nor progress arithmetic:
//
//   - the indicator data, loaded again only when a seed file's bytes
//     changed;
//   - each ledger file's parse, by its bytes, for the same indicator data;
//   - the progress reports (as of the build day, and as of each month),
//     each reused while it would be computed from the same ledgers, the
//     same indicator data and the same as-of day.
//
// Everything else (the pages, which link the site's pages of this build)
// is made again in every build. Its zero value is ready to use; it serves
// one build at a time. What it hands out (indicator data, ledgers,
// reports) is shared between builds, and the extension never changes it.
type Memo struct {
	seeds [len(seedFiles)][]byte // the seed files as last read
	data  *indicator.Data        // what indicator.Load made of them
	ready bool                   // seeds and data are set

	ledgersFor *indicator.Data
	ledgers    map[string]parsedLedger // ledger file -> its parse with ledgersFor

	reportsFor *indicator.Data
	asOf       time.Time
	start      ledger.Month
	reports    map[ledger.Month]memoReport // by the month computed up to; zero: all
}

// seedFiles are the files indicator.Load reads.
var seedFiles = [...]string{indicator.CategoriesFile, indicator.IndicatorsFile, indicator.UnitsFile, indicator.StagesFile, indicator.PlanFile}

type parsedLedger struct {
	data   []byte
	ledger *ledger.Ledger
	err    error
}

type memoReport struct {
	ledgers []*ledger.Ledger // the input's ledgers
	report  *progress.Report
}

// loadSeeds is indicator.Load, reusing the last data while the seed files
// are the same bytes. Failures are not kept.
func (m *Memo) loadSeeds(seeds fs.FS) (*indicator.Data, error) {
	if _, err := fs.Stat(seeds, indicator.IndicatorsFile); errors.Is(err, fs.ErrNotExist) {
		return nil, nil // as indicator.Load: a site without seeds data
	}
	var files [len(seedFiles)][]byte
	for i, name := range seedFiles {
		data, err := fs.ReadFile(seeds, name)
		if err != nil {
			m.ready = false
			return indicator.Load(seeds) // for its errors
		}
		files[i] = data
	}
	same := m.ready
	for i := range files {
		same = same && bytes.Equal(m.seeds[i], files[i])
	}
	if same {
		m.seeds = files // the build's own bytes: comparing them next time is quicker
		return m.data, nil
	}
	data, err := indicator.Load(seeds)
	if err != nil {
		m.ready = false
		return nil, err
	}
	m.seeds, m.data, m.ready = files, data, true
	return data, nil
}

// parse is ledger.Parse, or the last build's parse of the same file and
// bytes with the same indicator data (d). It only reads the memo, so the
// ledgers may be parsed on all cores.
func (m *Memo) parse(d *indicator.Data, file string, data []byte, reg *Registry) parsedLedger {
	if m != nil && m.ledgersFor == d {
		if p, ok := m.ledgers[file]; ok && bytes.Equal(p.data, data) {
			return p
		}
	}
	l, err := ledger.Parse(file, data, reg)
	return parsedLedger{data, l, err}
}

// keepLedgers keeps the parses of this build's ledger files, for data d.
func (m *Memo) keepLedgers(d *indicator.Data, files []string, parses []parsedLedger) {
	m.ledgersFor = d
	m.ledgers = make(map[string]parsedLedger, len(files))
	for i, f := range files {
		if parses[i].data != nil {
			m.ledgers[f] = parses[i]
		}
	}
}

// report returns the progress report for in, computed as of the month
// until (zero: every ledger), reusing the last build's when its input was
// the same. It only reads the memo, so reports may be computed on all
// cores; keepReports keeps this build's.
func (m *Memo) report(d *indicator.Data, until ledger.Month, in progress.Input) memoReport {
	if m != nil && m.reportsFor == d && m.asOf.Equal(in.AsOf) && m.start == in.Start {
		if r, ok := m.reports[until]; ok && slices.Equal(r.ledgers, in.Ledgers) {
			return r
		}
	}
	return memoReport{in.Ledgers, progress.Compute(in)}
}

// keepReports keeps this build's reports: all by the month they were
// computed up to (zero for the one of the build day).
func (m *Memo) keepReports(d *indicator.Data, asOf time.Time, start ledger.Month, reports map[ledger.Month]memoReport) {
	m.reportsFor, m.asOf, m.start, m.reports = d, asOf, start, reports
}
