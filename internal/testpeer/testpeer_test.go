package testpeer

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recordTB records Fatalf and Skipf instead of ending the test.
type recordTB struct {
	testing.TB
	fatal, skip string
}

func (r *recordTB) Helper()                        {}
func (r *recordTB) Fatalf(format string, a ...any) { r.fatal = fmt.Sprintf(format, a...) }
func (r *recordTB) Skipf(format string, a ...any)  { r.skip = fmt.Sprintf(format, a...) }

func TestRequirePolicy(t *testing.T) {
	const hint = "apt-get install -y thepeer"
	missing := errors.New("the peer is not installed (" + hint + ")")
	tests := []struct {
		name      string
		missing   error
		env       map[string]string
		wantFatal bool
		wantSkip  bool
	}{
		{"available", nil, nil, false, false},
		{"available under CI", nil, map[string]string{"CI": "true"}, false, false},
		{"missing locally", missing, nil, false, true},
		{"missing under CI", missing, map[string]string{"CI": "true"}, true, false},
		{"missing with the peer's variable", missing, map[string]string{"WWS_REQUIRE_PEER": "1"}, true, false},
		{"CI not true", missing, map[string]string{"CI": "1"}, false, true},
		{"the peer's variable not 1", missing, map[string]string{"WWS_REQUIRE_PEER": "true"}, false, true},
		{"another peer's variable", missing, map[string]string{"WWS_REQUIRE_OTHER": "1"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recordTB{TB: t}
			require(r, tt.missing, "WWS_REQUIRE_PEER", func(k string) string { return tt.env[k] })
			if got := r.fatal != ""; got != tt.wantFatal {
				t.Errorf("fatal = %q, want fatal %v", r.fatal, tt.wantFatal)
			}
			if got := r.skip != ""; got != tt.wantSkip {
				t.Errorf("skip = %q, want skip %v", r.skip, tt.wantSkip)
			}
			for _, msg := range []string{r.fatal, r.skip} {
				if msg != "" && !strings.Contains(msg, hint) {
					t.Errorf("message %q lacks the install hint %q", msg, hint)
				}
			}
		})
	}
}
