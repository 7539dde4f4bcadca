package main

import (
	"fzzf/generator/build"
	"fzzf/generator/portal"
)

// portalExtensions returns the build extensions of the portal feature: the
// indicator, unit, stage and progress pages made from seeds/ and the
// monthly ledgers.
func portalExtensions(m *memo) []build.Extension {
	e := portal.New()
	if m != nil {
		e.Memo = &m.portal.portal
	}
	return []build.Extension{e}
}

// portalMemo is what the portal feature keeps between preview builds: the
// indicator data, parsed ledgers and progress reports whose inputs did not
// change.
type portalMemo struct {
	portal portal.Memo
}
