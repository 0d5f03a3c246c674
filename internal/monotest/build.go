// Build: compiling testdata/mono/*.cs with mcs into a cache shared by every test process.

package monotest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// The two programs and the sources only they contain; every other .cs file is compiled into both.
const (
	hostExe   = "CalcHost.exe"
	clientExe = "CalcClient.exe"
	hostSrc   = "CalcHost.cs"
	clientSrc = "CalcClient.cs"
)

// envSourceDir overrides where the C# sources are looked for.
const envSourceDir = "WWS_MONO_SRC"

// buildTimeout bounds one mcs run.
const buildTimeout = 3 * time.Minute

// mcsRefs are the assemblies the programs reference.
var mcsRefs = []string{"-r:System.ServiceModel", "-r:System.Runtime.Serialization"}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// Build compiles CalcHost.exe and CalcClient.exe once per process and returns the directory that
// holds them. The output is cached under os.TempDir() in a directory named by a hash of the
// sources and the compiler, so other test processes reuse it; a compile goes to a temporary
// directory that is renamed into place, so parallel test packages never see a partial result.
// Build calls Require first.
func Build(t testing.TB) (dir string) {
	t.Helper()
	Require(t)
	buildOnce.Do(func() { buildDir, buildErr = build() })
	if buildErr != nil {
		t.Fatalf("monotest: build: %v", buildErr)
	}
	return buildDir
}

func build() (string, error) {
	src, err := sourceDir()
	if err != nil {
		return "", err
	}
	files, err := csFiles(src)
	if err != nil {
		return "", err
	}
	key, err := sourceHash(src, files)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(os.TempDir(), "wws-monotest-"+key)
	if built(dir) {
		return dir, nil
	}
	return dir, compileInto(dir, src, files)
}

// built reports whether dir holds both programs.
func built(dir string) bool {
	for _, exe := range []string{hostExe, clientExe} {
		if _, err := os.Stat(filepath.Join(dir, exe)); err != nil {
			return false
		}
	}
	return true
}

// compileInto compiles both programs into a fresh temporary directory and renames it to dir.
// Losing the rename race to another process is success.
func compileInto(dir, src string, files []string) error {
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // no-op after a successful rename
	shared := slices.DeleteFunc(slices.Clone(files), func(f string) bool { return f == hostSrc || f == clientSrc })
	if err := mcs(src, filepath.Join(tmp, hostExe), append([]string{hostSrc}, shared...)); err != nil {
		return err
	}
	if err := mcs(src, filepath.Join(tmp, clientExe), append([]string{clientSrc}, shared...)); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil && !built(dir) {
		return err
	}
	return nil
}

// mcs compiles files (relative to src) into out.
func mcs(src, out string, files []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	args := append([]string{"-nologo", "-warnaserror", "-debug", "-out:" + out}, mcsRefs...)
	cmd := exec.CommandContext(ctx, "mcs", append(args, files...)...)
	cmd.Dir = src
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("mcs %s: %v\n%s", filepath.Base(out), err, b)
	}
	return nil
}

// csFiles lists the .cs files of src, sorted; it checks that both programs are there.
func csFiles(src string) ([]string, error) {
	m, err := filepath.Glob(filepath.Join(src, "*.cs"))
	if err != nil {
		return nil, err
	}
	files := make([]string, len(m))
	for i, p := range m {
		files[i] = filepath.Base(p)
	}
	slices.Sort(files)
	for _, want := range []string{hostSrc, clientSrc} {
		if !slices.Contains(files, want) {
			return nil, fmt.Errorf("monotest: %s missing from %s", want, src)
		}
	}
	return files, nil
}

// sourceHash hashes the names and contents of files and the compiler's version.
func sourceHash(src string, files []string) (string, error) {
	h := sha256.New()
	if v, err := exec.Command("mcs", "--version").Output(); err == nil {
		h.Write(v)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// errNoSources reports that testdata/mono could not be found.
var errNoSources = errors.New("monotest: cannot find testdata/mono (set " + envSourceDir + ")")

// sourceDir finds testdata/mono: $WWS_MONO_SRC, else relative to this file, else in the nearest
// directory above the working directory that has a go.mod.
func sourceDir() (string, error) {
	if d := os.Getenv(envSourceDir); d != "" {
		return d, nil
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		d := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "mono")
		if isDir(d) {
			return filepath.Clean(d), nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if isFile(filepath.Join(d, "go.mod")) && isDir(filepath.Join(d, "testdata", "mono")) {
			return filepath.Join(d, "testdata", "mono"), nil
		}
		if filepath.Dir(d) == d {
			return "", errNoSources
		}
	}
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}
