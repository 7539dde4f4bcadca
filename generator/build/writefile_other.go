//go:build !unix

package build

import "os"

func writeFile(p string, data []byte) error { return os.WriteFile(p, data, 0o644) }
