// Package portal is the build extension that publishes the campaign's data:
// the indicator system from seeds/ and the monthly work ledgers from
// content/progress/, as server-rendered pages, open data files and links
// between the indicators and the content that is evidence for them.
//
// # What it adds
//
//	/indicators/                 the 10 categories, every indicator, by method
//	/indicators/methods/<code>/  the indicators assessed by one method (web, survey …)
//	/indicators/<id>/            one indicator: requirement, methods, materials,
//	                             units, 佐证材料, progress and its history
//	/indicators/coverage/        which indicators have public evidence; per unit,
//	                             the 网络检索 indicators still without any
//	/categories/<n>/             one first-level category
//	/units/, /units/<code>/      the responsible units and what each one owns
//	/stages/                     the seven stages, the current one marked
//	/progress/                   overall completion, categories, trend, overdue ledgers
//	/progress/YYYY-MM/           one month of ledgers
//	indicators.json, indicators.csv, progress/progress.json, progress/progress.csv
//
// The layouts are themes/default/layouts/{indicators,categories,units,stages,
// progress}/*.html; each page's Data is one of this package's view types
// (IndicatorPage, CategoryPage, UnitPage …). The home page's Data becomes a
// *Home for partials/home-campaign.html when nothing else set it.
//
// A site without seeds/indicators.toml (such as the benchmark corpus) is left
// alone: units and indicators stay plain taxonomies and the extension costs one
// file lookup.
//
// # Content
//
// In a site with seeds data every page's `units` must name a unit of the
// registry (name, alias or code) and every `indicators` id must exist; both
// are errors at the key's line otherwise. The generic units and indicators
// taxonomies are removed (their /units/<中文名>/ pages would clash with
// /units/<code>/): a page's Terms["units"] and Terms["indicators"] point to
// the generated unit and indicator pages instead, so the usual term links lead
// there.
//
// Optional prose: content/indicators/_index.md is shown on /indicators/,
// content/indicators/<id>.md on /indicators/<id>/ (its front matter may not
// contradict the seed data: no url or slug, indicators only [id], units only
// the indicator's own), content/progress/_index.md on /progress/ and
// content/progress/YYYY-MM/_index.md above that month's page. Nothing else
// may live in those folders besides ledgers.
//
// # Ledgers and group labels
//
// Ledgers are content/progress/YYYY-MM/<unit-code>.toml (see package ledger).
// Progress is computed by package progress with the build's as-of day and
// 2022-09 as the first month a ledger is owed; every unit responsible for at
// least one indicator owes one ledger a month.
//
// Group labels (kind "group": 各分局, 局属各科室（单位）…) stand for units the
// plan does not list one by one, so they are never expanded to guessed
// members. The campaign office (政策法规科) collects the reports of a group's
// members and hands in one consolidated ledger per label and month under the
// label's code (content/progress/2023-03/gfj.toml). An indicator owned by a
// group is therefore complete when the group's consolidated ledger says so,
// and a missing consolidated ledger is 未报送 like any other.
//
// # Privacy
//
// Contacts never leave the ledger files and secret (涉密) entries count for
// status but show no detail or evidence anywhere. Before any page is made the
// public text of every counted ledger (details and evidence) is scanned with
// the build's privacy scanner; a hit is an error at the ledger's file and
// entry line, and the build's output scan remains as a safety net.
//
// # Preview
//
// The preview server builds after every save. Its extensions share a Memo
// (memo.go) from one build to the next: the seed data, the parsed ledgers
// and the progress reports whose inputs did not change are reused; the
// pages, which link the content pages of each build, are made again. The
// output is the same as a full build's.
package portal

import (
	"errors"
	"io/fs"
	"time"

	"fzzf/generator/content"
	"fzzf/generator/diag"
	"fzzf/generator/indicator"
	"fzzf/generator/ledger"
	"fzzf/generator/site"
)

// Start is the first month a ledger is owed (the plan's 全面自查阶段).
var Start = ledger.Month{Year: 2022, Month: time.September}

// SeedsDir is the folder of the indicator data, relative to the site source.
const SeedsDir = "seeds"

// ProgressDir is the content folder of the ledgers and the progress prose.
const ProgressDir = "progress"

// IndicatorsDir is the content folder of the optional indicator prose.
const IndicatorsDir = "indicators"

// Extension publishes the indicator system and the progress pages.
type Extension struct {
	// Memo, when not nil, is what the extension keeps between the builds
	// of a preview session: the indicator data, parsed ledgers and
	// progress reports whose inputs did not change are reused (see Memo).
	Memo *Memo
}

// New returns the portal extension.
func New() *Extension { return &Extension{} }

// Schemas adds no front-matter keys: units and indicators are common keys.
func (*Extension) Schemas() map[string]content.Schema { return nil }

// Extend adds the campaign's pages and files to s. It does nothing when the
// site has no seeds data.
func (e *Extension) Extend(fsys fs.FS, s *site.Site) error {
	seeds, err := fs.Sub(fsys, SeedsDir)
	if err != nil {
		return diag.Errorf(SeedsDir, 0, "%v", err)
	}
	var data *indicator.Data
	if e.Memo != nil {
		data, err = e.Memo.loadSeeds(seeds)
	} else {
		data, err = indicator.Load(seeds)
	}
	if err != nil {
		return seedProblems(err)
	}
	if data == nil {
		return nil
	}
	b := newBuilder(s, data)
	b.memo = e.Memo
	steps := []func() error{
		b.takeContent,
		b.checkReferences,
		func() error { return b.loadLedgers(fsys) },
		b.compute,
		b.addPages,
		b.linkContent,
		b.addFiles,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// seedProblems turns the errors of indicator.Load into problems named by
// their path in the site source.
func seedProblems(err error) error {
	var list diag.List
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var ie *indicator.Error
		if errors.As(err, &ie) {
			list.Add(diag.Errorf(SeedsDir+"/"+ie.File, ie.Line, "%s", ie.Msg))
			return
		}
		list.Add(diag.Errorf(SeedsDir, 0, "%v", err))
	}
	walk(err)
	return list.Err()
}
