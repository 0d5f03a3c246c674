package servicemodel

import "testing"

type decoratedChannel struct{ ServerChannel }

func (d decoratedChannel) Unwrap() ServerChannel { return d.ServerChannel }

type opaqueChannel struct{ ServerChannel }

// A host sees a session through decorators that unwrap to it, and only
// through those.
func TestCarriesSessionThroughDecorators(t *testing.T) {
	session := &duplexServer{}
	for _, tc := range []struct {
		name string
		ch   ServerChannel
		want bool
	}{
		{"session", session, true},
		{"decorated session", decoratedChannel{session}, true},
		{"twice decorated session", decoratedChannel{decoratedChannel{session}}, true},
		{"opaque decorator", opaqueChannel{session}, false},
		{"decorated non-session", decoratedChannel{opaqueChannel{}}, false},
	} {
		if got := carriesSession(tc.ch); got != tc.want {
			t.Errorf("%s: carriesSession = %v, want %v", tc.name, got, tc.want)
		}
	}
}
