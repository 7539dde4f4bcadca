package main

import (
	"fzzf/generator/build"
	"fzzf/generator/portal"
)

// portalExtensions returns the build extensions of the portal feature: the
// indicator, unit, stage and progress pages made from seeds/ and the
// monthly ledgers.
func portalExtensions(_ *memo) []build.Extension { return []build.Extension{portal.New()} }

// portalMemo is what the portal feature keeps between preview builds.
type portalMemo struct{}
