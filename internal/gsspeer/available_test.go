package gsspeer

import (
	"errors"
	"fmt"
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
	missing := fmt.Errorf("%w: test", ErrMissing)
	for _, tc := range []struct {
		avail      error
		env        map[string]string
		fatal, skp bool
	}{
		{nil, nil, false, false},
		{missing, nil, false, true},
		{missing, map[string]string{"CI": "true"}, true, false},
		{missing, map[string]string{"WWS_REQUIRE_GSS": "1"}, true, false},
	} {
		r := &recordTB{TB: t}
		require(r, tc.avail, func(k string) string { return tc.env[k] })
		if (r.fatal != "") != tc.fatal || (r.skip != "") != tc.skp {
			t.Errorf("avail %v env %v: fatal %q skip %q", tc.avail, tc.env, r.fatal, r.skip)
		}
	}
	if !errors.Is(missing, ErrMissing) {
		t.Fatal("ErrMissing not wrapped")
	}
}
