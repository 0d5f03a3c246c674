package cancel_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wwsgo/wws/cancel"
)

// delay is a Delay-like service operation: it waits for d, but registers for
// cancellation so that a host abort or a channel fault makes it return early.
func delay(ctx context.Context, call *cancel.Call, d time.Duration) error {
	wake := make(chan struct{})
	err := call.Register(
		func(reason cancel.Reason, state any) {
			fmt.Println("cancel callback:", reason)
			close(state.(chan struct{}))
		},
		func(state any) { fmt.Println("free state") },
		wake,
	)
	if err != nil {
		return err
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-wake:
		return context.Cause(ctx)
	}
}

// A host aborts while a long Delay runs: the operation's cancel callback
// wakes it, it returns early, and the dispatcher's Complete frees its state.
func Example() {
	var host cancel.Group
	call, ctx := cancel.NewCall(context.Background())
	host.Add(call)

	done := make(chan error)
	go func() { done <- delay(ctx, call, time.Hour) }()

	host.CancelAll(cancel.HostAbort) // WsAbortServiceHost
	fmt.Println("operation returned:", <-done)
	call.Complete()
	fmt.Println("live calls:", host.Len())
	// Output:
	// cancel callback: HostAbort
	// operation returned: cancel: host aborted
	// free state
	// live calls: 0
}

// A call that completes normally never sees its cancel callback; its state is
// still freed once.
func ExampleCall_Complete() {
	call, ctx := cancel.NewCall(context.Background())
	fmt.Println("operation returned:", delay(ctx, call, time.Millisecond))
	call.Complete()
	fmt.Println("cause:", context.Cause(ctx))
	// Output:
	// operation returned: <nil>
	// free state
	// cause: cancel: call completed
}

// Registering on a call that was already cancelled runs the cancel callback
// during Register, as WsRegisterOperationForCancel allows.
func ExampleCall_Register() {
	call, ctx := cancel.NewCall(context.Background())
	call.Cancel(cancel.ChannelFault)
	fmt.Println("operation returned:", delay(ctx, call, time.Hour))
	call.Complete()
	// Output:
	// cancel callback: ChannelFault
	// operation returned: cancel: channel faulted
	// free state
}

// A channel fault cancels the calls of that channel only.
func ExampleGroup_CancelAll() {
	var channelA, channelB cancel.Group
	callA, ctxA := cancel.NewCall(context.Background())
	callB, ctxB := cancel.NewCall(context.Background())
	channelA.Add(callA)
	channelB.Add(callB)

	channelA.CancelAll(cancel.ChannelFault)
	fmt.Println("A:", context.Cause(ctxA))
	fmt.Println("B:", ctxB.Err())

	callA.Complete()
	callB.Complete()
	fmt.Println("live:", channelA.Len(), channelB.Len())
	// Output:
	// A: cancel: channel faulted
	// B: <nil>
	// live: 0 0
}
