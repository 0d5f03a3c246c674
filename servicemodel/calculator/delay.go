// Delay, the Calculator operation that registers for cancellation
// (interop-contract.md; WWSAPI "Call cancellation",
// WsRegisterOperationForCancel): a host abort or a channel fault makes it
// return early, and its free-state callback releases its timer.

package calculator

import (
	"context"
	"time"

	"github.com/wwsgo/wws/cancel"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// Delay waits the given milliseconds, then returns them. Under a host it
// registers for cancellation and returns the cancellation cause early;
// called directly it returns early when ctx ends. A negative wait is a
// Sender fault.
func (s *Service) Delay(ctx context.Context, req *DelayRequest) (*DelayResponse, error) {
	if req.Milliseconds < 0 {
		return nil, soap.SenderFault("milliseconds must not be negative")
	}
	timer := time.NewTimer(time.Duration(req.Milliseconds) * time.Millisecond)
	wake, done := make(chan struct{}), ctx.Done()
	if call := servicemodel.CallFromContext(ctx); call != nil {
		if err := call.Register(s.delayCancelled, s.delayFree, &delayState{timer: timer, wake: wake}); err != nil {
			timer.Stop()
			return nil, err
		}
		if s.hooks.registered != nil {
			s.hooks.registered()
		}
		done = nil // the cancel callback wakes us
	} else {
		defer timer.Stop()
	}
	select {
	case <-timer.C:
		return &DelayResponse{DelayResult: req.Milliseconds}, nil
	case <-wake:
	case <-done:
	}
	return nil, context.Cause(ctx)
}

// delayState is what a Delay call registers: the timer its free-state
// callback releases and the channel its cancel callback closes.
type delayState struct {
	timer *time.Timer
	wake  chan struct{}
}

func (s *Service) delayCancelled(reason cancel.Reason, state any) {
	close(state.(*delayState).wake)
	if s.hooks.cancelled != nil {
		s.hooks.cancelled(reason)
	}
}

func (s *Service) delayFree(state any) {
	state.(*delayState).timer.Stop()
	if s.hooks.freed != nil {
		s.hooks.freed()
	}
}
