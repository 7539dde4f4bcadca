package main

import "fzzf/generator/build"

// publicityExtensions returns the build extensions of the publicity feature.
func publicityExtensions() []build.Extension { return nil }
