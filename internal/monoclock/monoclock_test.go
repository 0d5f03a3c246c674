package monoclock

import (
	"testing"
	"time"
)

// The monotonic readings agree with time.Now's to well within a second,
// and move forward.
func TestReadingsFollowTimeNow(t *testing.T) {
	a := Reading()
	now, mono := time.Now(), Now()
	if d := now.Sub(mono); d < -time.Second || d > time.Second {
		t.Errorf("Now is %v from time.Now", d)
	}
	if d := time.Until(Time(Reading() + time.Minute)); d < 59*time.Second || d > time.Minute {
		t.Errorf("Time(Reading()+1m) is %v from now", d)
	}
	if b := Reading(); b < a {
		t.Errorf("Reading went back: %v then %v", a, b)
	}
}
