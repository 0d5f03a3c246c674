package cli

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// startCalc starts a stand-in for the Calculator host (servicemodel's Host
// is not on this branch yet): Add and Fail over NetTCPBinding, enough to
// drive call and bench. It returns the address.
func startCalc(t *testing.T) string {
	t.Helper()
	b := servicemodel.NewNetTCPBinding()
	ln, err := b.Listen("net.tcp://127.0.0.1:0/calc", servicemodel.ListenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ln.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			ch, err := ln.Accept(ctx)
			if err != nil {
				return
			}
			go serveCalc(ctx, ch)
		}
	}()
	t.Cleanup(func() { cancel(); ln.Abort(); <-done })
	return "net.tcp://" + ln.Addr().String() + "/calc"
}

// serveCalc answers the requests of one channel.
func serveCalc(ctx context.Context, ch servicemodel.ServerChannel) {
	defer ch.Abort()
	for {
		rc, err := ch.Receive(ctx)
		if err != nil {
			return
		}
		req := rc.Message()
		reply := calcReply(ctx, req)
		reply.RelatesTo = req.MessageID
		if rc.Reply(ctx, reply) != nil {
			return
		}
	}
}

// ordersNS is the namespace of IOrderService's actions.
const ordersNS = "http://contoso.com/orders/2024/"

// calcFault is the detail of FailDetail's typed fault.
type calcFault struct {
	XMLName struct{} `xml:"http://schemas.datacontract.org/2004/07/Calc CalcFault"`
	Code    int32
	Why     string
}

// calcReply computes the reply to one request; Delay answers after its
// milliseconds, or when ctx ends.
func calcReply(ctx context.Context, req *soap.Message) *soap.Message {
	v := req.Version
	body, err := req.BodyElement()
	if err != nil {
		return soap.NewFaultMessage(v, soap.SenderFault(err.Error()))
	}
	if strings.HasPrefix(req.Action, ordersNS) {
		// IOrderService (testdata/wsdl/orders): the request body echoed,
		// for call -wsdl's tests.
		resp := etree.NewElement("Echo")
		resp.CreateAttr("xmlns", "urn:echo")
		resp.CreateAttr("action", req.Action)
		resp.AddChild(body.Copy())
		return soap.NewMessage(v, req.Action+"Response", resp)
	}
	switch req.Action {
	case "http://tempuri.org/ICalculator/Add":
		a, errA := strconv.Atoi(body.SelectElement("a").Text())
		b, errB := strconv.Atoi(body.SelectElement("b").Text())
		if err := errors.Join(errA, errB); err != nil {
			return soap.NewFaultMessage(v, soap.SenderFault(err.Error()))
		}
		resp := etree.NewElement("AddResponse")
		resp.CreateAttr("xmlns", "http://tempuri.org/")
		resp.CreateElement("AddResult").SetText(strconv.Itoa(a + b))
		return soap.NewMessage(v, req.Action+"Response", resp)
	case "http://tempuri.org/ICalculator/Delay":
		ms, err := strconv.Atoi(body.SelectElement("milliseconds").Text())
		if err != nil {
			return soap.NewFaultMessage(v, soap.SenderFault(err.Error()))
		}
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
		case <-ctx.Done():
		}
		resp := etree.NewElement("DelayResponse")
		resp.CreateAttr("xmlns", "http://tempuri.org/")
		return soap.NewMessage(v, req.Action+"Response", resp)
	case "http://tempuri.org/ICalculator/Fail":
		return soap.NewFaultMessage(v, soap.SenderFault(body.SelectElement("reason").Text()))
	case "http://tempuri.org/ICalculator/FailDetail":
		f, err := soap.DetailFault(req.Action+"CalcFaultFault", "typed", &calcFault{Code: 42, Why: body.SelectElement("reason").Text()})
		if err != nil {
			return soap.NewFaultMessage(v, soap.ReceiverFault(err.Error()))
		}
		return soap.NewFaultMessage(v, f.ForVersion(v))
	}
	return soap.NewFaultMessage(v, soap.ActionNotSupportedFault(req.Action))
}
