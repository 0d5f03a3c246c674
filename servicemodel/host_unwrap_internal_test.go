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

// interruptCounter is a ServerChannel whose Receive Host.Close interrupts.
type interruptCounter struct {
	ServerChannel
	n int
}

func (c *interruptCounter) InterruptReceive() { c.n++ }

// Host.Close interrupts a session's Receive through decorators that unwrap
// to it, and marks only those channels closing.
func TestCloseWhenIdleThroughDecorators(t *testing.T) {
	for _, tc := range []struct {
		name string
		wrap func(ServerChannel) ServerChannel
		want int
	}{
		{"session", func(ch ServerChannel) ServerChannel { return ch }, 1},
		{"decorated session", func(ch ServerChannel) ServerChannel { return decoratedChannel{decoratedChannel{ch}} }, 1},
		{"opaque decorator", func(ch ServerChannel) ServerChannel { return opaqueChannel{ch} }, 0},
	} {
		ic := &interruptCounter{}
		c := &hostChannel{ch: tc.wrap(ic)}
		c.closeWhenIdle()
		if ic.n != tc.want || c.closing.Load() != (tc.want == 1) {
			t.Errorf("%s: %d interrupts, closing %v; want %d", tc.name, ic.n, c.closing.Load(), tc.want)
		}
	}
}
