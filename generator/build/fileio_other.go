//go:build !unix

package build

import "os"

func writeFile(p string, data []byte) error { return os.WriteFile(p, data, 0o644) }

// readFileFast is not done here: srcFS falls back to os.DirFS.
func readFileFast(string) ([]byte, bool) { return nil, false }
