package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestSeedScript runs testdata/script/seed.txtar with the real plan and the
// committed alias table copied into its work folder.
func TestSeedScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Files: []string{"testdata/seed/seed.txtar"},
		Setup: func(env *testscript.Env) error {
			dir := filepath.Join(env.WorkDir, "seeds")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			for src, dst := range map[string]string{
				"../seeds/000_28cf992c88c654db.txt": "plan.txt",
				"../seeds/units.toml":               "units.toml",
			} {
				data, err := os.ReadFile(src)
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(dir, dst), data, 0o644); err != nil {
					return err
				}
			}
			return nil
		},
	})
}
