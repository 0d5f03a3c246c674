package layering

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every package with tests checks, after them, that they left no goroutine
// running: a TestMain with goleak.VerifyTestMain (or goleak.Find where a
// TestMain does more). A new package without one fails here.
func TestEveryPackageChecksLeaks(t *testing.T) {
	n := 0
	dirs := map[string]bool{} // dir → a test file mentions goleak
	err := filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "../.." && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		dirs[dir] = dirs[dir] || strings.Contains(string(b), "goleak.")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir, ok := range dirs {
		n++
		if !ok {
			t.Errorf("%s has tests but no goleak check (add a TestMain with goleak.VerifyTestMain)", dir)
		}
	}
	if n < 10 {
		t.Fatalf("found only %d test packages; the walk is looking in the wrong place", n)
	}
}
