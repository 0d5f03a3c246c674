package servicemodel_test

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// The Calculator's Add, as a Go client declares it.
type exampleAdd struct {
	XMLName struct{} `xml:"http://tempuri.org/ Add"`
	A       int32    `xml:"a"`
	B       int32    `xml:"b"`
}

type exampleAddResponse struct {
	XMLName   struct{} `xml:"http://tempuri.org/ exampleAddResponse"`
	AddResult int32
}

type exampleFail struct {
	XMLName struct{} `xml:"http://tempuri.org/ Fail"`
	Reason  string   `xml:"reason"`
}

type exampleFailResponse struct {
	XMLName struct{} `xml:"http://tempuri.org/ exampleFailResponse"`
}

var exampleCalculator = servicemodel.MustContract("ICalculator", "",
	servicemodel.Op[exampleAdd, exampleAddResponse]("Add", nil),
	servicemodel.Op[exampleFail, exampleFailResponse]("Fail", nil))

// A call through a proxy: open, call, close.
func ExampleServiceProxy() {
	ctx := context.Background()
	proxy, err := servicemodel.NewServiceProxy(exampleLoopback{}, exampleCalculator, nil)
	if err != nil {
		panic(err)
	}
	if err := proxy.Open(ctx, "net.tcp://127.0.0.1:8808/exampleCalculator"); err != nil {
		panic(err)
	}
	var resp exampleAddResponse
	if err := proxy.Call(ctx, "Add", &exampleAdd{A: 2, B: 3}, &resp); err != nil {
		panic(err)
	}
	fmt.Println("2 + 3 =", resp.AddResult, "in state", proxy.State())
	if err := proxy.Close(ctx); err != nil {
		panic(err)
	}
	fmt.Println(proxy.State())
	// Output:
	// 2 + 3 = 5 in state Open
	// Closed
}

// A fault from the service is the call's error.
func ExampleServiceProxy_Call_fault() {
	ctx := context.Background()
	proxy, _ := servicemodel.NewServiceProxy(exampleLoopback{}, exampleCalculator, nil)
	_ = proxy.Open(ctx, "net.tcp://127.0.0.1:8808/exampleCalculator")
	defer proxy.Close(ctx)

	err := proxy.Call(ctx, "Fail", &exampleFail{Reason: "out of paper"}, &exampleFailResponse{})
	var fault *soap.Fault
	if errors.Is(err, servicemodel.ErrEndpointFaultReceived) && errors.As(err, &fault) {
		fmt.Println("fault:", fault.Reason())
	}
	// Output: fault: out of paper
}

// Calls may run from many goroutines at once over one session.
func ExampleServiceProxy_Call_concurrent() {
	ctx := context.Background()
	proxy, _ := servicemodel.NewServiceProxy(exampleLoopback{}, exampleCalculator, &servicemodel.ProxyOptions{MaxPendingCalls: 10})
	_ = proxy.Open(ctx, "net.tcp://127.0.0.1:8808/exampleCalculator")
	sums := make([]int32, 10)
	var wg sync.WaitGroup
	for i := range sums {
		wg.Go(func() {
			var resp exampleAddResponse
			if err := proxy.Call(ctx, "Add", &exampleAdd{A: int32(i), B: int32(i)}, &resp); err == nil {
				sums[i] = resp.AddResult
			}
		})
	}
	wg.Wait()
	_ = proxy.Close(ctx)
	fmt.Println(sums)
	// Output: [0 2 4 6 8 10 12 14 16 18]
}

// A closed proxy is reset and opened again; calls on a proxy that is not
// open fail with WWSAPI's codes.
func ExampleServiceProxy_Reset() {
	ctx := context.Background()
	proxy, _ := servicemodel.NewServiceProxy(exampleLoopback{}, exampleCalculator, nil)
	_ = proxy.Open(ctx, "net.tcp://127.0.0.1:8808/exampleCalculator")
	_ = proxy.Close(ctx)

	err := proxy.Call(ctx, "Add", &exampleAdd{A: 1, B: 1}, &exampleAddResponse{})
	fmt.Println(errors.Is(err, servicemodel.ErrInvalidOperation))

	_ = proxy.Reset()
	fmt.Println(proxy.State())
	_ = proxy.Open(ctx, "net.tcp://127.0.0.1:8809/exampleCalculator")
	proxy.Abort()
	fmt.Println(proxy.State())
	err = proxy.Call(ctx, "Add", &exampleAdd{A: 1, B: 1}, &exampleAddResponse{})
	fmt.Println(errors.Is(err, servicemodel.ErrObjectFaulted))
	_ = proxy.Close(ctx)
	// Output:
	// true
	// Created
	// Faulted
	// true
}

// exampleLoopback is a stand-in binding for the examples: each channel answers
// Add and Fail itself, through the text encoding.
type exampleLoopback struct{}

func (exampleLoopback) Scheme() string                      { return "net.tcp" }
func (exampleLoopback) MessageVersion() soap.MessageVersion { return soap.Soap12WSAddressing10 }
func (exampleLoopback) DialChannel(context.Context, string) (servicemodel.ClientChannel, error) {
	return &exampleChannel{done: make(chan struct{})}, nil
}
func (exampleLoopback) Listen(string, servicemodel.ListenOptions) (servicemodel.ChannelListener, error) {
	return nil, errors.ErrUnsupported
}

type exampleChannel struct {
	once sync.Once
	done chan struct{}
}

func exampleTransmit(m *soap.Message) (*soap.Message, error) {
	enc := soap.NewTextEncoding(m.Version, soap.EncodingOptions{}).NewEncoder()
	b, err := enc.WriteMessage(nil, m)
	if err != nil {
		return nil, err
	}
	return enc.ReadMessage(b)
}

func (c *exampleChannel) Request(ctx context.Context, req *soap.Message, onReply func(*soap.Message) error) error {
	in, err := exampleTransmit(req)
	if err != nil {
		return err
	}
	var reply *soap.Message
	switch in.Action {
	case "http://tempuri.org/ICalculator/Add":
		var a exampleAdd
		if err := in.DecodeBody(&a); err != nil {
			return err
		}
		reply = soap.NewMessage(in.Version, in.Action+"Response", &exampleAddResponse{AddResult: a.A + a.B})
	default:
		var f exampleFail
		_ = in.DecodeBody(&f)
		reply = soap.NewFaultMessage(in.Version, soap.SenderFault(f.Reason))
	}
	reply.RelatesTo = in.MessageID
	out, err := exampleTransmit(reply)
	if err != nil {
		return err
	}
	return onReply(out)
}

func (c *exampleChannel) Send(context.Context, *soap.Message) error { return nil }
func (c *exampleChannel) Close(context.Context) error               { c.Abort(); return nil }
func (c *exampleChannel) Abort()                                    { c.once.Do(func() { close(c.done) }) }
func (c *exampleChannel) Done() <-chan struct{}                     { return c.done }
func (c *exampleChannel) Err() error                                { return nil }
