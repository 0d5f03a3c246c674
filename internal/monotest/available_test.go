package monotest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// recordTB records Fatalf and Skipf instead of ending the test.
type recordTB struct {
	testing.TB
	fatal, skip string
}

func (r *recordTB) Helper()                        {}
func (r *recordTB) Fatalf(format string, a ...any) { r.fatal = fmt.Sprintf(format, a...) }
func (r *recordTB) Skipf(format string, a ...any)  { r.skip = fmt.Sprintf(format, a...) }

func TestRequirePolicy(t *testing.T) {
	missing := fmt.Errorf("%w: no mono on PATH", ErrMonoMissing)
	tests := []struct {
		name      string
		avail     error
		env       map[string]string
		wantFatal bool
		wantSkip  bool
	}{
		{"available", nil, nil, false, false},
		{"available under CI", nil, map[string]string{"CI": "true"}, false, false},
		{"missing locally", missing, nil, false, true},
		{"missing under CI", missing, map[string]string{"CI": "true"}, true, false},
		{"missing with WWS_REQUIRE_MONO", missing, map[string]string{"WWS_REQUIRE_MONO": "1"}, true, false},
		{"CI not true", missing, map[string]string{"CI": "1"}, false, true},
		{"WWS_REQUIRE_MONO not 1", missing, map[string]string{"WWS_REQUIRE_MONO": "true"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recordTB{TB: t}
			require(r, tt.avail, func(k string) string { return tt.env[k] })
			if got := r.fatal != ""; got != tt.wantFatal {
				t.Errorf("fatal = %q, want fatal %v", r.fatal, tt.wantFatal)
			}
			if got := r.skip != ""; got != tt.wantSkip {
				t.Errorf("skip = %q, want skip %v", r.skip, tt.wantSkip)
			}
			for _, msg := range []string{r.fatal, r.skip} {
				if msg != "" && !strings.Contains(msg, InstallHint) {
					t.Errorf("message %q lacks the install hint %q", msg, InstallHint)
				}
			}
		})
	}
}

func TestAvailableErrorIsSentinel(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if err := probe(); !errors.Is(err, ErrMonoMissing) {
		t.Errorf("probe() with an empty PATH = %v, want ErrMonoMissing", err)
	}
}

func TestFindAssemblyMissing(t *testing.T) {
	if got := findAssembly("/nonexistent/bin/mono", "System.ServiceModel.dll"); got != "" {
		t.Errorf("findAssembly = %q, want \"\"", got)
	}
}
