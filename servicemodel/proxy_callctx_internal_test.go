package servicemodel

import (
	"context"
	"errors"
	"testing"
)

type callCtxKey struct{}

// context.Cause of a call's context is the cause the call's I/O ended with,
// never the caller's, and the caller's values stay visible before and after
// the end.
func TestCallCtxCause(t *testing.T) {
	errCaller, errMine := errors.New("caller's cause"), errors.New("call's cause")
	for _, tc := range []struct {
		name      string
		end       func(c *callCtx)
		err, want error
	}{
		{"cancel", func(c *callCtx) { c.cancel(errMine) }, context.Canceled, errMine},
		{"cancel without cause", func(c *callCtx) { c.cancel(nil) }, context.Canceled, context.Canceled},
		{"expire", (*callCtx).expire, context.DeadlineExceeded, context.DeadlineExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			caller, cancelCaller := context.WithCancelCause(context.WithValue(context.Background(), callCtxKey{}, "v"))
			var c callCtx
			c.init(caller, 0)
			cancelCaller(errCaller) // the caller's end is not the call's
			if err, cause := c.Err(), context.Cause(&c); err != nil || cause != nil {
				t.Fatalf("before the end: Err %v, Cause %v; want nil, nil", err, cause)
			}
			if v := c.Value(callCtxKey{}); v != "v" {
				t.Fatalf("before the end: Value = %v", v)
			}
			tc.end(&c)
			c.cancel(errors.New("a later end")) // the first end wins
			if err := c.Err(); err != tc.err {
				t.Errorf("Err = %v, want %v", err, tc.err)
			}
			if cause := context.Cause(&c); cause != tc.want {
				t.Errorf("context.Cause = %v, want %v", cause, tc.want)
			}
			if v := c.Value(callCtxKey{}); v != "v" {
				t.Errorf("after the end: Value = %v", v)
			}
			select {
			case <-c.Done():
			default:
				t.Error("Done not closed after the end")
			}
		})
	}
}
