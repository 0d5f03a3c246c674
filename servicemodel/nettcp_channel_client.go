// The client half of the net.tcp session channel (nettcp_channel.go): a
// ClientChannel whose replies are matched to requests by RelatesTo.

package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/soap"
)

// duplexClient is a ClientChannel over a byteSession.
//
// Replies are read by whoever holds the reader role. A caller whose
// request is alone in flight takes the role and reads its own reply on
// its own goroutine, as a plain TCP client would: no other goroutine is
// woken on the way, which on a loopback call is most of the latency. While
// it reads, the replies of calls made meanwhile are handed to their
// callers. When the reader leaves (its reply came, or its caller was let
// go) with calls still pending, the role passes to a background read loop,
// which runs until no call is pending. A reader whose caller must stop
// waiting is woken with InterruptReceive, which leaves the session intact.
type duplexClient struct {
	w   sessionWriter
	s   byteSession
	enc soap.Encoder
	failer

	rbuf []byte       // the reader's buffer: only the holder of the reader role uses it
	rmsg soap.Message // the reader's message, valid until its next read

	spare atomic.Pointer[pendingCall] // a pending call done with, for the next request
	late  atomic.Uint64               // replies to withdrawn calls dropped, for tests

	mu        sync.Mutex
	pending   pendingSet
	closing   bool
	reading   bool // a goroutine holds the reader role
	bgReading bool // ... and it is the background read loop
}

type pendingCall struct {
	id      soap.MessageID
	onReply replySink
	result  chan error // buffered: the reader never blocks on it
}

// replySink takes the reply of a request while it is valid, as Request's
// onReply does. A proxy call is one itself, so that a call allocates no
// closure for it.
type replySink interface {
	onReply(reply *soap.Message) error
}

// replyFunc is a Request's onReply as a replySink.
type replyFunc func(*soap.Message) error

func (f replyFunc) onReply(m *soap.Message) error { return f(m) }

func newDuplexClient(s byteSession, enc soap.Encoder) *duplexClient {
	c := &duplexClient{w: sessionWriter{s: s, enc: enc}, s: s, enc: enc,
		failer: failer{done: make(chan struct{})}}
	// A session that ends while nobody reads it (a failed send, an abort)
	// ends the channel too, so that the proxy sees it fault.
	go func() {
		<-s.Done()
		c.mu.Lock()
		closing := c.closing
		c.mu.Unlock()
		if closing && errors.Is(s.Err(), nettcp.ErrClosed) {
			c.fail(ErrClosedChannel)
			return
		}
		c.fail(sessionFailed(sessionEnded(s.Err())))
	}()
	return c
}

// readWaker wakes a caller that reads the session on its own goroutine
// when it must stop waiting: its stop channel closed, or its context
// ended. Whoever closes stop or ends the context calls wake.
type readWaker struct {
	stop   <-chan struct{}
	reader atomic.Pointer[duplexClient] // the channel being read, while reading
}

// wake interrupts the read of the caller, if it is reading.
func (w *readWaker) wake() {
	if c := w.reader.Load(); c != nil {
		c.s.InterruptReceive()
	}
}

func (w *readWaker) stopped() bool {
	if w == nil {
		return false
	}
	select {
	case <-w.stop:
		return true
	default:
		return false
	}
}

func (w *readWaker) stopChan() <-chan struct{} {
	if w == nil {
		return nil
	}
	return w.stop
}

// Request implements ClientChannel.
func (c *duplexClient) Request(ctx context.Context, req *soap.Message, onReply func(*soap.Message) error) error {
	pc, err := c.StartRequest(sendContext(ctx), req, replyFunc(onReply))
	if err != nil {
		return err
	}
	if ctx.Done() == nil {
		return c.Await(ctx, pc, nil)
	}
	// A caller whose context can end reads its own reply too, woken by
	// the context's end: a background read loop would cost a goroutine
	// and a handoff per call.
	w := &readWaker{}
	stop := context.AfterFunc(ctx, w.wake)
	err = c.Await(ctx, pc, w)
	stop()
	return err
}

// sendContext is ctx for a send: its deadline but not its cancellation. A
// caller that gives up (or is abandoned) mid-write must not cut a
// half-written message, which would break the session for every other
// call.
func sendContext(ctx context.Context) context.Context {
	if v, ok := ctx.(interface{ withoutCancel() context.Context }); ok {
		return v.withoutCancel() // a proxy call's context: no allocation
	}
	if ctx.Done() != nil {
		return noCancel{ctx}
	}
	return ctx
}

// StartRequest registers req's reply and sends req with sendCtx, a
// context whose cancellation does not cut the send (sendContext).
func (c *duplexClient) StartRequest(sendCtx context.Context, req *soap.Message, onReply replySink) (*pendingCall, error) {
	if req.MessageID.IsZero() {
		req.MessageID = soap.NewMessageID()
	}
	pc := c.newPending()
	pc.id, pc.onReply = req.MessageID, onReply
	if err := c.register(pc); err != nil {
		c.recycle(pc)
		return nil, err
	}
	if err := c.w.send(sendCtx, req); err != nil {
		if c.unregister(pc.id) {
			c.recycle(pc)
		}
		return nil, c.sendError(err)
	}
	return pc, nil
}

// Await waits for the reply of pc and returns onReply's error, or why no
// reply came: ctx ended (the request is withdrawn), the channel failed,
// or — with a waker — errReleased when the waker's stop closed first (the
// request stays pending). Without a waker, a caller whose ctx can be
// cancelled never reads the session itself: nothing could wake it.
func (c *duplexClient) Await(ctx context.Context, pc *pendingCall, w *readWaker) error {
	if c.takeReader(w != nil || ctx.Done() == nil) {
		return c.lead(ctx, pc, w)
	}
	select {
	case err := <-pc.result:
		c.recycle(pc)
		return err
	case <-ctx.Done():
		return c.withdraw(ctx, pc)
	case <-w.stopChan():
		return errReleased
	case <-c.done:
		c.unregister(pc.id)
		return c.err
	}
}

// takeReader gives the caller the reader role if nobody holds it and the
// caller may lead; otherwise it makes sure somebody reads.
func (c *duplexClient) takeReader(mayLead bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reading {
		return false
	}
	c.reading = true
	if mayLead {
		return true
	}
	c.bgReading = true
	go c.readLoop()
	return false
}

// lead reads the session as the holder of the reader role until pc's
// reply comes or the caller must stop, then passes the role on.
func (c *duplexClient) lead(ctx context.Context, pc *pendingCall, w *readWaker) error {
	if w != nil {
		w.reader.Store(c)
		defer w.reader.Store(nil)
	}
	for {
		select { // delivered by an earlier reader
		case err := <-pc.result:
			c.leave()
			c.recycle(pc)
			return err
		default:
		}
		if ctx.Err() != nil {
			c.leave()
			return c.withdraw(ctx, pc)
		}
		if w.stopped() {
			c.leave()
			return errReleased
		}
		mine, err, stop := c.readOne(pc)
		if stop {
			c.leave()
			if mine {
				c.recycle(pc)
				return err
			}
			c.unregister(pc.id)
			return c.Err()
		}
	}
}

// readOne reads and delivers one message. It reports whether it was the
// reply of mine (then err is its onReply's error), and stop when the
// reader must leave: the reply of mine came or the channel failed.
func (c *duplexClient) readOne(mine *pendingCall) (isMine bool, err error, stop bool) {
	b, err := c.s.Receive(context.Background(), c.rbuf[:0])
	if err != nil {
		if errors.Is(err, nettcp.ErrInterrupted) {
			return false, nil, false
		}
		c.receiveFailed(err)
		return false, nil, true
	}
	c.rbuf = b
	m := &c.rmsg // no reply outlives its onReply
	if err := soap.ReadMessageTo(c.enc, m, b); err != nil {
		c.abort(unreadable(err))
		return false, nil, true
	}
	pc, err := c.take(m)
	switch {
	case err != nil:
		c.abort(err)
		return false, nil, true
	case pc == nil: // a late reply to a withdrawn call
		c.late.Add(1)
		return false, nil, false
	case pc == mine:
		return true, pc.onReply.onReply(m), true
	}
	pc.result <- pc.onReply.onReply(m)
	return false, nil, false
}

// leave gives up the reader role: to the background read loop while calls
// are pending, else to nobody.
func (c *duplexClient) leave() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending.len() > 0 && c.Err() == nil {
		c.bgReading = true
		go c.readLoop()
		return
	}
	c.reading = false
}

// readLoop holds the reader role while calls are pending.
func (c *duplexClient) readLoop() {
	for {
		c.mu.Lock()
		if c.pending.len() == 0 || c.Err() != nil {
			c.reading, c.bgReading = false, false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		if _, _, stop := c.readOne(nil); stop {
			c.mu.Lock()
			c.reading, c.bgReading = false, false
			c.mu.Unlock()
			return
		}
	}
}

// withdraw ends the wait of a request whose context ended. When a reader
// took the reply first, it is running onReply, which must not outlive
// Request: withdraw waits for it (onReply does not block) and returns its
// result, the call having been answered.
func (c *duplexClient) withdraw(ctx context.Context, pc *pendingCall) error {
	if !c.unregister(pc.id) {
		err := <-pc.result
		c.recycle(pc)
		return err
	}
	c.recycle(pc)
	return ctx.Err()
}

// newPending returns a pending call: the one done with last, if any.
func (c *duplexClient) newPending() *pendingCall {
	if pc := c.spare.Swap(nil); pc != nil {
		return pc
	}
	return &pendingCall{result: make(chan error, 1)}
}

// recycle keeps pc, which no reader holds and whose result is empty, for
// the next request. One is kept: one request in flight is the usual case.
func (c *duplexClient) recycle(pc *pendingCall) {
	pc.onReply = nil
	c.spare.Store(pc)
}

// noCancel is ctx's deadline and values without its cancellation.
type noCancel struct{ context.Context }

func (noCancel) Done() <-chan struct{} { return nil }
func (noCancel) Err() error            { return nil }

// sendError is the error of a failed send: the channel's own failure when
// the session broke under it.
func (c *duplexClient) sendError(err error) error {
	if e := c.Err(); e != nil {
		return e
	}
	return err
}

func (c *duplexClient) register(pc *pendingCall) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.Err(); err != nil {
		return err
	}
	if c.closing {
		return fmt.Errorf("%w: channel is closing", ErrInvalidOperation)
	}
	if c.pending.get(pc.id) != nil {
		return fmt.Errorf("%w: a request with MessageID %s is pending", ErrInvalidOperation, pc.id)
	}
	c.pending.add(pc)
	return nil
}

// unregister removes a pending call; false means a reader took it. The
// background read loop, left with nothing to wait for, is woken to end.
func (c *duplexClient) unregister(id soap.MessageID) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending.get(id) == nil {
		return false
	}
	c.pending.remove(id)
	if c.pending.len() == 0 && c.bgReading {
		c.s.InterruptReceive()
	}
	return true
}

// take finds the pending call a reply answers. A reply without RelatesTo
// (Mono sends its faults so) is unambiguous only with one call pending.
func (c *duplexClient) take(m *soap.Message) (*pendingCall, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := m.RelatesTo
	if id.IsZero() && c.pending.len() == 1 {
		id = c.pending.one().id
	}
	pc := c.pending.get(id)
	if pc == nil {
		if m.RelatesTo.IsZero() && c.pending.len() > 1 {
			return nil, fmt.Errorf("%w: message without RelatesTo with %d requests pending", ErrUncorrelatedReply, c.pending.len())
		}
		return nil, nil // a reply to an abandoned or timed-out call
	}
	c.pending.remove(id)
	return pc, nil
}

// pendingSet is the pending requests of a channel by MessageID. The usual
// case, one request in flight, is kept out of the map: no hashing of the
// MessageID, no map insert and delete per call.
type pendingSet struct {
	solo *pendingCall                    // a pending request, or nil
	more map[soap.MessageID]*pendingCall // the others; made on first use
}

func (s *pendingSet) len() int {
	n := len(s.more)
	if s.solo != nil {
		n++
	}
	return n
}

// get returns the request with id, or nil.
func (s *pendingSet) get(id soap.MessageID) *pendingCall {
	if s.solo != nil && s.solo.id == id {
		return s.solo
	}
	return s.more[id]
}

// add adds pc, whose id is not in the set.
func (s *pendingSet) add(pc *pendingCall) {
	if s.solo == nil {
		s.solo = pc
		return
	}
	if s.more == nil {
		s.more = make(map[soap.MessageID]*pendingCall)
	}
	s.more[pc.id] = pc
}

// remove removes the request with id, if any.
func (s *pendingSet) remove(id soap.MessageID) {
	if s.solo != nil && s.solo.id == id {
		s.solo = nil
		return
	}
	delete(s.more, id)
}

// one returns a request of a set that is not empty.
func (s *pendingSet) one() *pendingCall {
	if s.solo != nil {
		return s.solo
	}
	for _, pc := range s.more {
		return pc
	}
	return nil
}

// Send implements ClientChannel.
func (c *duplexClient) Send(ctx context.Context, m *soap.Message) error {
	if err := c.Err(); err != nil {
		return err
	}
	if err := c.w.send(ctx, m); err != nil {
		return c.sendError(err)
	}
	return nil
}

// receiveFailed ends the channel when the session stops delivering. The
// peer's End (io.EOF) while we did not close is a disconnect too: the
// service closed the session (a host shutting down), and requests still
// pending will get no reply. We answer its End with ours, so the session
// ends with the close handshake ([MC-NMF] 2.2.3.7) rather than a reset.
func (c *duplexClient) receiveFailed(err error) {
	c.mu.Lock()
	closing := c.closing
	c.mu.Unlock()
	if errors.Is(err, io.EOF) && closing {
		c.fail(ErrClosedChannel)
		return
	}
	if errors.Is(err, io.EOF) {
		c.fail(sessionFailed(errServiceEnded))
		if c.s.Close(context.Background()) != nil {
			c.s.Abort()
		}
		return
	}
	c.abort(sessionFailed(err))
}

func (c *duplexClient) abort(err error) {
	c.fail(err)
	c.s.Abort()
}

// Close implements ClientChannel: End handshake; requests still pending
// fail once the session ends.
func (c *duplexClient) Close(ctx context.Context) error {
	c.mu.Lock()
	c.closing = true
	c.mu.Unlock()
	err := c.s.Close(ctx)
	c.fail(ErrClosedChannel)
	return err
}

// Abort implements ClientChannel.
func (c *duplexClient) Abort() { c.abort(fmt.Errorf("%w: channel aborted", ErrAborted)) }

// Done implements ClientChannel.
func (c *duplexClient) Done() <-chan struct{} { return c.done }
