package main

import "fzzf/generator/build"

// portalExtensions returns the build extensions of the portal feature.
func portalExtensions() []build.Extension { return nil }
