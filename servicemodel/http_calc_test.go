package servicemodel

// Test support for the HTTP binding: the Calculator contract of
// interop-contract.md and a tiny in-test dispatcher driving a
// ChannelListener directly (Accept → Receive → Reply), a stand-in for the
// host that lands later.

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wwsgo/wws/soap"
)

type hcAdd struct {
	XMLName struct{} `xml:"http://tempuri.org/ Add"`
	A       int32    `xml:"a"`
	B       int32    `xml:"b"`
}

type hcAddResponse struct {
	XMLName   struct{} `xml:"http://tempuri.org/ AddResponse"`
	AddResult int32
}

type hcEcho struct {
	XMLName struct{} `xml:"http://tempuri.org/ Echo"`
	Text    *string  `xml:"text"`
}

type hcEchoResponse struct {
	XMLName    struct{} `xml:"http://tempuri.org/ EchoResponse"`
	EchoResult *string
}

type hcDelay struct {
	XMLName      struct{} `xml:"http://tempuri.org/ Delay"`
	Milliseconds int32    `xml:"milliseconds"`
}

type hcDelayResponse struct {
	XMLName     struct{} `xml:"http://tempuri.org/ DelayResponse"`
	DelayResult int32
}

type hcFail struct {
	XMLName struct{} `xml:"http://tempuri.org/ Fail"`
	Reason  *string  `xml:"reason"`
}

type hcFailResponse struct {
	XMLName struct{} `xml:"http://tempuri.org/ FailResponse"`
}

type hcNotify struct {
	XMLName struct{} `xml:"http://tempuri.org/ Notify"`
	Text    *string  `xml:"text"`
}

type hcNotifyCount struct {
	XMLName struct{} `xml:"http://tempuri.org/ NotifyCount"`
}

type hcNotifyCountResponse struct {
	XMLName           struct{} `xml:"http://tempuri.org/ NotifyCountResponse"`
	NotifyCountResult int32
}

type hcBlob struct {
	XMLName struct{} `xml:"http://tempuri.org/ Blob"`
	Size    int32    `xml:"size"`
}

type hcBlobResponse struct {
	XMLName    struct{} `xml:"http://tempuri.org/ BlobResponse"`
	BlobResult []byte
}

const hcAction = "http://tempuri.org/ICalculator/"

// hcService is the Calculator: one instance, NotifyCount across channels.
type hcService struct {
	notified atomic.Int32
	delaying chan struct{} // when set, each Delay sends on it once it runs
}

func hcBlobBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

// contract returns the Calculator contract implemented by s.
func (s *hcService) contract() *Contract {
	return MustContract("ICalculator", "",
		Op("Add", func(_ context.Context, r *hcAdd) (*hcAddResponse, error) {
			return &hcAddResponse{AddResult: r.A + r.B}, nil
		}),
		Op("Echo", func(_ context.Context, r *hcEcho) (*hcEchoResponse, error) {
			return &hcEchoResponse{EchoResult: r.Text}, nil
		}),
		Op("Delay", func(ctx context.Context, r *hcDelay) (*hcDelayResponse, error) {
			if s.delaying != nil {
				s.delaying <- struct{}{}
			}
			select {
			case <-time.After(time.Duration(r.Milliseconds) * time.Millisecond):
			case <-ctx.Done():
			}
			return &hcDelayResponse{DelayResult: r.Milliseconds}, nil
		}),
		Op("Fail", func(_ context.Context, r *hcFail) (*hcFailResponse, error) {
			reason := ""
			if r.Reason != nil {
				reason = *r.Reason
			}
			return nil, soap.SenderFault(reason)
		}),
		OneWayOp("Notify", func(_ context.Context, r *hcNotify) error {
			s.notified.Add(1)
			return nil
		}),
		Op("NotifyCount", func(_ context.Context, r *hcNotifyCount) (*hcNotifyCountResponse, error) {
			return &hcNotifyCountResponse{NotifyCountResult: s.notified.Load()}, nil
		}),
		Op("Blob", func(_ context.Context, r *hcBlob) (*hcBlobResponse, error) {
			if r.Size < 0 || r.Size > 16<<20 {
				return nil, soap.SenderFault("size out of range")
			}
			return &hcBlobResponse{BlobResult: hcBlobBytes(int(r.Size))}, nil
		}),
	)
}

// serveContract accepts channels from l until ctx ends and dispatches each
// request to c by action. It returns a wait function for the goroutines.
func serveContract(ctx context.Context, t testing.TB, l ChannelListener, c *Contract) (wait func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			ch, err := l.Accept(ctx)
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				serveChannel(ctx, t, ch, c)
			}()
		}
	}()
	return wg.Wait
}

// serveChannel answers every request of one channel.
func serveChannel(ctx context.Context, t testing.TB, ch ServerChannel, c *Contract) {
	defer ch.Close(context.Background())
	for {
		rc, err := ch.Receive(ctx)
		if err != nil {
			if !errors.Is(err, io.EOF) && ctx.Err() == nil {
				t.Logf("serve: receive: %v", err)
			}
			return
		}
		if err := dispatch(ctx, rc, c); err != nil && ctx.Err() == nil {
			t.Logf("serve: answer: %v", err)
		}
	}
}

// dispatch runs the operation of the request's action and answers it.
func dispatch(ctx context.Context, rc RequestContext, c *Contract) error {
	m := rc.Message()
	op, ok := c.OperationByAction(m.Action)
	if !ok {
		return rc.Reply(ctx, soap.NewFaultMessage(m.Version, soap.ActionNotSupportedFault(m.Action)))
	}
	res, err := op.Invoke(ctx, m)
	if op.OneWay {
		return rc.NoReply(ctx)
	}
	var f *soap.Fault
	switch {
	case errors.As(err, &f):
		return rc.Reply(ctx, soap.NewFaultMessage(m.Version, f))
	case err != nil:
		return rc.Reply(ctx, soap.NewFaultMessage(m.Version, soap.InternalServiceFault(err, false)))
	}
	return rc.Reply(ctx, soap.NewMessage(m.Version, op.ReplyAction, res))
}

// hcCall is the tiny in-test proxy: it sends the request of op with body
// and decodes the reply into out (a fault reply is returned as its error).
func hcCall(ctx context.Context, ch ClientChannel, v soap.MessageVersion, op string, body, out any) error {
	req := soap.NewMessage(v, hcAction+op, body)
	return ch.Request(ctx, req, func(reply *soap.Message) error {
		if reply.IsFault() {
			f, err := reply.Fault()
			if err != nil {
				return err
			}
			return f
		}
		return reply.DecodeBody(out)
	})
}
