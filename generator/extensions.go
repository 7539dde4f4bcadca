package main

import "fzzf/generator/build"

// extensions returns what this portal adds to the generic build, in order:
// the campaign's data pages, the publicity content types and checks, and
// the search index. Each comes from its own file so they can change
// independently; the build, check and serve commands all use this list.
func extensions() []build.Extension {
	var out []build.Extension
	out = append(out, portalExtensions()...)
	out = append(out, publicityExtensions()...)
	out = append(out, searchExtensions()...)
	return out
}
