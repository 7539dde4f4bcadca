package portal

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"time"

	"fzzf/generator/content"
	"fzzf/generator/diag"
	"fzzf/generator/indicator"
	"fzzf/generator/ledger"
	"fzzf/generator/parallel"
	"fzzf/generator/privacy"
	"fzzf/generator/progress"
)

// Registry adapts the indicator system to what ledger checks need.
type Registry struct {
	data *indicator.Data
	owns map[string]map[int]bool
}

// NewRegistry returns the ledger registry of d. Group labels are units like
// any other: their consolidated ledgers carry the label's code.
func NewRegistry(d *indicator.Data) *Registry {
	r := &Registry{data: d, owns: map[string]map[int]bool{}}
	for _, in := range d.Indicators {
		for _, u := range in.Units {
			if r.owns[u] == nil {
				r.owns[u] = map[int]bool{}
			}
			r.owns[u][in.ID] = true
		}
	}
	return r
}

// IndicatorExists reports whether id is a third-level indicator.
func (r *Registry) IndicatorExists(id int) bool {
	_, ok := r.data.Indicator(id)
	return ok
}

// UnitOwns reports whether the unit is responsible for indicator id.
func (r *Registry) UnitOwns(code string, id int) bool { return r.owns[code][id] }

// UnitCode resolves a code, name or alias to the unit's code.
func (r *Registry) UnitCode(s string) (string, bool) {
	u, ok := r.data.Unit(s)
	if !ok {
		return "", false
	}
	return u.Code, true
}

// loadLedgers reads every content/progress/YYYY-MM/<code>.toml and checks
// it; the public text of the ledgers that count as of the build day goes
// through the privacy scanner here, so a hit names the ledger and its line.
func (b *builder) loadLedgers(fsys fs.FS) error {
	dir := content.Dir + "/" + ProgressDir
	var list diag.List
	stray, _ := fs.Glob(fsys, dir+"/*.toml")
	for _, f := range stray {
		list.Add(diag.Errorf(f, 0, "a ledger belongs in its month's folder: %s/YYYY-MM/<unit-code>.toml", dir))
	}
	files, err := fs.Glob(fsys, dir+"/*/*.toml")
	if err != nil {
		return diag.Errorf(dir, 0, "%v", err)
	}
	reg := NewRegistry(b.data)
	// Ledgers are parsed on all cores (hundreds of files on every build
	// and every preview save); results keep the files' order.
	parsed := make([]*ledger.Ledger, len(files))
	parses := make([]parsedLedger, len(files)) // for the memo
	errs := make([]*diag.List, len(files))
	parallel.For(len(files), func(i int) {
		f := files[i]
		var fl diag.List
		errs[i] = &fl
		if content.Ignored(path.Base(f)) {
			return
		}
		if _, err := ledger.ParseMonth(path.Base(path.Dir(f))); err != nil {
			fl.Add(diag.Errorf(f, 0, "ledger folder %q is not a month: use %s/YYYY-MM/", path.Base(path.Dir(f)), dir))
			return
		}
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			fl.Add(diag.Errorf(f, 0, "read: %v", err))
			return
		}
		parses[i] = b.memo.parse(b.data, f, data, reg)
		if err := parses[i].err; err != nil {
			addLedgerErr(&fl, f, err)
			return
		}
		parsed[i] = parses[i].ledger
	})
	if b.memo != nil {
		b.memo.keepLedgers(b.data, files, parses)
	}
	for i := range files {
		list.AddErr(files[i], errs[i].Err())
		if parsed[i] != nil {
			b.ledgers = append(b.ledgers, parsed[i])
		}
	}
	if err := list.Err(); err != nil {
		return err
	}
	asOf := ledger.Day(b.s.AsOf)
	month := ledger.MonthOf(asOf)
	scanner := privacy.New(b.cfg.Privacy.Allow)
	for _, l := range b.ledgers {
		if l.Month.After(month) || ledger.Day(l.Submitted).After(asOf) {
			continue
		}
		b.counted = append(b.counted, l)
		for _, e := range l.Public().Entries {
			for _, ev := range e.Evidence {
				if why := b.checkEvidence(fsys, ev); why != "" {
					list.Add(diag.Errorf(l.File, e.Line, "indicator %d: evidence %q %s", e.Indicator, ev, why))
				}
			}
			text := e.Detail + "\n" + strings.Join(e.Evidence, "\n")
			for _, f := range scanner.Scan([]byte(text)) {
				list.Add(diag.Errorf(l.File, e.Line, "publication blocked: indicator %d: %s", e.Indicator, f.Message()))
			}
		}
	}
	return list.Err()
}

// checkEvidence says what is wrong with a ledger's evidence link, or "".
// Site paths must lead to a published page or a file under content/.
func (b *builder) checkEvidence(fsys fs.FS, ev string) string {
	if strings.HasPrefix(ev, "http://") || strings.HasPrefix(ev, "https://") {
		return ""
	}
	if !strings.HasPrefix(ev, "/") {
		return "is neither a site path (/news/a/) nor an http(s) URL"
	}
	u := b.cfg.RelURL(ev)
	if _, ok := b.s.ByURL(u); ok {
		return ""
	}
	if _, ok := b.s.ByURL(u + "/"); ok {
		return ""
	}
	if path.Ext(ev) != "" {
		if _, err := fs.Stat(fsys, contentPath(b.cfg.BasePath(), u)); err == nil {
			return ""
		}
	}
	return "is not a published page or file of the site as of " + b.s.AsOf.Format(time.DateOnly)
}

func addLedgerErr(list *diag.List, file string, err error) {
	var ps ledger.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			list.Add(diag.Errorf(p.File, p.Line, "%s", p.Message))
		}
		return
	}
	list.Add(diag.Errorf(file, 0, "%v", err))
}

// input is the progress input for the ledgers of months up to until (all
// when until is zero).
func (b *builder) input(until ledger.Month) progress.Input {
	in := progress.Input{Units: b.owing, AsOf: b.s.AsOf, Start: Start}
	for _, d := range b.data.Indicators {
		in.Indicators = append(in.Indicators, progress.Owner{Indicator: d.ID, Units: d.Units, Category: d.Category})
	}
	for _, l := range b.ledgers {
		if until.IsZero() || !l.Month.After(until) {
			in.Ledgers = append(in.Ledgers, l)
		}
	}
	return in
}

// compute works out the progress as of the build day, and as of each
// month's ledgers for the trend, the month pages and progress.json.
func (b *builder) compute() error {
	all := b.memo.report(b.data, ledger.Month{}, b.input(ledger.Month{}))
	b.report = all.report
	for _, t := range b.report.Trend {
		b.months = append(b.months, t.Month)
	}
	// One report per month, computed on all cores: Compute is pure.
	reports := make([]memoReport, len(b.months))
	parallel.For(len(b.months), func(i int) {
		reports[i] = b.memo.report(b.data, b.months[i], b.input(b.months[i]))
	})
	keep := make(map[ledger.Month]memoReport, len(b.months)+1)
	keep[ledger.Month{}] = all
	for i, m := range b.months {
		b.monthly[m] = reports[i].report
		keep[m] = reports[i]
	}
	if b.memo != nil {
		b.memo.keepReports(b.data, b.s.AsOf, Start, keep)
	}
	return nil
}

// latestSubmission is the newest submission day of the counted ledgers.
func (b *builder) latestSubmission() time.Time {
	var t time.Time
	for _, l := range b.counted {
		if d := ledger.Day(l.Submitted); d.After(t) {
			t = d
		}
	}
	return t
}

// countedFor returns the counted ledgers of month m by unit code (of two
// for the same unit, the later file). The map is shared: do not change it.
func (b *builder) countedFor(m ledger.Month) map[string]*ledger.Ledger {
	if b.byMonth == nil {
		b.byMonth = map[ledger.Month]map[string]*ledger.Ledger{}
		for _, l := range b.counted {
			if b.byMonth[l.Month] == nil {
				b.byMonth[l.Month] = map[string]*ledger.Ledger{}
			}
			b.byMonth[l.Month][l.Unit] = l
		}
	}
	if out := b.byMonth[m]; out != nil {
		return out
	}
	return map[string]*ledger.Ledger{}
}

// submissionState says how a ledger for m came in (or not) as of the build.
func (b *builder) submissionState(m ledger.Month, l *ledger.Ledger) (state, class string) {
	switch {
	case l != nil && !ledger.Day(l.Submitted).After(m.Due()):
		return "按时报送", "ontime"
	case l != nil:
		return "逾期报送", "late"
	case m.Overdue(b.s.AsOf):
		return "未报送", "missing"
	}
	return "未到报送期限", "pending"
}
