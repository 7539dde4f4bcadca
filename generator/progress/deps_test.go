package progress

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps progress pure: the standard library and the ledger
// package only.
func TestImports(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			project := strings.HasPrefix(path, "fzzf/")
			thirdParty := strings.Contains(strings.Split(path, "/")[0], ".")
			if (project || thirdParty) && path != "fzzf/generator/ledger" {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
