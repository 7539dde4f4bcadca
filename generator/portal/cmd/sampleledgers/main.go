// Command sampleledgers writes the demo site's sample work ledgers (示例数据)
// into content/progress/YYYY-MM/<unit-code>.toml, 2022-09 to 2023-12, from
// the seeds data. The output depends only on the seeds, so running it again
// rewrites the same files:
//
//	go run ./generator/portal/cmd/sampleledgers [-root DIR]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fzzf/generator/indicator"
	"fzzf/generator/ledger"
	"fzzf/generator/portal"
)

func main() {
	root := flag.String("root", ".", "the site source folder (holding seeds/ and content/)")
	flag.Parse()
	if err := run(*root); err != nil {
		fmt.Fprintln(os.Stderr, "sampleledgers:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	d, err := indicator.Load(os.DirFS(filepath.Join(root, portal.SeedsDir)))
	if err != nil {
		return err
	}
	if d == nil {
		return fmt.Errorf("%s: no seeds data", filepath.Join(root, portal.SeedsDir))
	}
	china := indicator.China()
	ls := portal.SampleLedgers(d, portal.SampleOptions{
		From: portal.Start,
		To:   ledger.Month{Year: 2023, Month: time.December},
		Evidence: []portal.SampleEvidence{
			// The plan itself shows the campaign's organisation and is
			// cited by the campaign office's ledgers on the leadership
			// indicators.
			{Path: "/policies/plan/", Published: time.Date(2022, 8, 29, 0, 0, 0, 0, china), Indicators: []int{115}},
		},
	})
	for _, l := range ls {
		file := filepath.Join(root, "content", portal.ProgressDir, l.Month.String(), l.Unit+".toml")
		if err := ledger.WriteFile(file, l, true); err != nil {
			return err
		}
	}
	fmt.Printf("sampleledgers: wrote %d ledgers\n", len(ls))
	return nil
}
