package main

import "fzzf/generator/build"

// searchExtensions returns the build extensions of the search feature.
func searchExtensions() []build.Extension { return nil }
