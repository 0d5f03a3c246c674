package servicemodel_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

// tcpClient calls a host over a real NetTCPBinding client channel.
type tcpClient struct {
	ch servicemodel.ClientChannel
	to string
}

func dialTCP(t *testing.T, b *servicemodel.NetTCPBinding, to string) *tcpClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ch, err := b.DialChannel(ctx, to)
	if err != nil {
		t.Fatalf("DialChannel(%s): %v", to, err)
	}
	return &tcpClient{ch: ch, to: to}
}

func (c *tcpClient) message(op string, body any) *soap.Message {
	m := soap.NewMessage(soap.Soap12WSAddressing10, "http://tempuri.org/ICalculator/"+op, body)
	m.ReplyTo = &soap.EndpointReference{Address: anonymous}
	m.To = c.to
	return m
}

// call sends a request and decodes the reply into out, checking the reply
// addressing of a net.tcp reply (WS-Addressing 1.0 Core §3.4: RelatesTo,
// and To from ReplyTo as WCF's reply adapter sets it); a fault is the error.
func (c *tcpClient) call(ctx context.Context, op string, body, out any) error {
	req := c.message(op, body)
	return c.ch.Request(ctx, req, func(m *soap.Message) error {
		if m.RelatesTo != req.MessageID || m.To != anonymous {
			return errors.New("reply addressing: RelatesTo " + m.RelatesTo.String() + ", To " + m.To)
		}
		if m.IsFault() {
			f, err := m.Fault()
			if err != nil {
				return err
			}
			return f
		}
		if m.Action != req.Action+"Response" {
			return errors.New("reply action " + m.Action)
		}
		return m.DecodeBody(out)
	})
}

// The Calculator over a real net.tcp host: every operation, NotifyCount
// across sessions, and a host Abort cutting a long Delay short.
func TestHostCalculatorOverNetTCP(t *testing.T) {
	defer goleak.VerifyNone(t)
	b := servicemodel.NewNetTCPBinding()
	h, err := servicemodel.NewHost(nil,
		&servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/calculator", Binding: b, Contract: calculator.Contract(),
			MaxConcurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	open(t, h)
	defer h.Abort()
	to := "net.tcp://" + h.Addrs()[0].String() + "/calculator"
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	c1 := dialTCP(t, b, to)
	var add calculator.AddResponse
	if err := c1.call(ctx, "Add", &calculator.AddRequest{A: 2, B: 3}, &add); err != nil || add.AddResult != 5 {
		t.Errorf("Add(2, 3) = %d, %v; want 5", add.AddResult, err)
	}
	var echo calculator.EchoResponse
	if err := c1.call(ctx, "Echo", &calculator.EchoRequest{Text: str("héllo")}, &echo); err != nil || echo.EchoResult == nil || *echo.EchoResult != "héllo" {
		t.Errorf("Echo = %v, %v; want héllo", echo.EchoResult, err)
	}
	var blob calculator.BlobResponse
	want := make([]byte, 300)
	for i := range want {
		want[i] = byte(i % 251)
	}
	if err := c1.call(ctx, "Blob", &calculator.BlobRequest{Size: 300}, &blob); err != nil || !bytes.Equal(blob.BlobResult, want) {
		t.Errorf("Blob(300) = %d bytes, %v; want the i%%251 pattern", len(blob.BlobResult), err)
	}
	var f *soap.Fault
	if err := c1.call(ctx, "Fail", &calculator.FailRequest{Reason: "boom"}, nil); !errors.As(err, &f) ||
		f.Reason() != "boom" || !f.Code.IsSender() || f.Reasons[0].Lang != "en-US" {
		t.Errorf("Fail(boom) = %v, want a Sender fault with reason boom (en-US)", err)
	}

	c2 := dialTCP(t, b, to)
	for _, c := range []*tcpClient{c1, c1, c2} {
		if err := c.ch.Send(ctx, c.message("Notify", &calculator.NotifyRequest{Text: "n"})); err != nil {
			t.Fatalf("Notify: %v", err)
		}
	}
	waitFor(t, func() bool {
		var n calculator.NotifyCountResponse
		return c2.call(ctx, "NotifyCount", &calculator.NotifyCountRequest{}, &n) == nil && n.NotifyCountResult == 3
	})

	delayErr := make(chan error, 1)
	go func() {
		var d calculator.DelayResponse
		delayErr <- c2.call(ctx, "Delay", &calculator.DelayRequest{Milliseconds: 60000}, &d)
	}()
	time.Sleep(50 * time.Millisecond) // let Delay start
	start := time.Now()
	h.Abort()
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Abort took %v: Delay was not cancelled", d)
	}
	if err := <-delayErr; err == nil {
		t.Error("Delay succeeded across a host abort")
	}
	c1.ch.Abort()
	c2.ch.Abort()
	if err := h.Close(context.Background()); err != nil {
		t.Errorf("Close after Abort = %v", err)
	}
}
