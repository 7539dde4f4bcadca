// Package themes embeds the default theme into the generator binary, so a
// site with only config.toml and content/ builds without a themes/ folder.
//
// It is the one Go file outside generator/: go:embed can only reach files
// at or below the package's own folder, and the theme belongs here, where
// the bureau's web team edits it like any other site's theme.
package themes

import "embed"

// FS holds default/layouts and default/static.
//
//go:embed all:default
var FS embed.FS
