package main

import "fzzf/generator/build"

// extensions returns what this portal adds to the generic build, in order:
// the campaign's data pages, the publicity content types and checks, and
// the search index. Each comes from its own file so they can change
// independently; the build, check and serve commands all use this list.
func extensions() []build.Extension { return extensionsWith(nil) }

// memo is what the extensions of a preview session keep from one build to
// the next, so a save re-does only the work its change touched: each
// feature's file defines its own part. A one-off build passes nil.
type memo struct {
	portal    portalMemo
	publicity publicityMemo
	search    searchMemo
}

// sessionExtensions returns the extension factory of one preview session:
// fresh extensions for every build (inspectors start clean), sharing one
// memo across builds.
func sessionExtensions() func() []build.Extension {
	m := &memo{}
	return func() []build.Extension { return extensionsWith(m) }
}

// extensionsWith returns the extensions, using m's caches when m is not nil.
func extensionsWith(m *memo) []build.Extension {
	var out []build.Extension
	out = append(out, portalExtensions(m)...)
	out = append(out, publicityExtensions(m)...)
	out = append(out, searchExtensions(m)...)
	return out
}
