package servicemodel_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"

	"github.com/wwsgo/wws/cancel"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

// A host serving the built-in Calculator over net.tcp on a free port of
// the loopback interface, called by a raw client channel.
func ExampleHost() {
	binding := servicemodel.NewNetTCPBinding()
	host, err := servicemodel.NewHost(nil, &servicemodel.Endpoint{
		Address:  "net.tcp://127.0.0.1:0/calculator",
		Binding:  binding,
		Contract: calculator.Contract(),
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if err := host.Open(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println("state:", host.State())

	to := "net.tcp://" + host.Addrs()[0].String() + "/calculator"
	client, err := binding.DialChannel(ctx, to)
	if err != nil {
		log.Fatal(err)
	}
	req := soap.NewMessage(soap.Soap12WSAddressing10, "http://tempuri.org/ICalculator/Add",
		&calculator.AddRequest{A: 2, B: 3})
	req.To = to
	err = client.Request(ctx, req, func(reply *soap.Message) error {
		var resp calculator.AddResponse
		if err := reply.DecodeBody(&resp); err != nil {
			return err
		}
		fmt.Println("Add(2, 3) =", resp.AddResult)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	_ = client.Close(ctx) // the host's Close waits for session clients
	if err := host.Close(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println("state:", host.State())
	// Output:
	// state: Open
	// Add(2, 3) = 5
	// state: Closed
}

// A host that logs through log/slog: its changes of state and its
// channels' faults at Debug, an Abort or a Close that cuts open channels
// short at Warn, never a line per call. Without a Logger it logs nothing.
func ExampleHostOptions() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // a stable output for this example
			}
			return a
		},
	}))
	host, err := servicemodel.NewHost(&servicemodel.HostOptions{Logger: logger}, &servicemodel.Endpoint{
		Address:  "net.tcp://127.0.0.1:0/calculator",
		Binding:  servicemodel.NewNetTCPBinding(),
		Contract: calculator.Contract(),
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if err := host.Open(ctx); err != nil {
		log.Fatal(err)
	}
	if err := host.Close(ctx); err != nil {
		log.Fatal(err)
	}
	// Output:
	// level=DEBUG msg="service host state" from=Created to=Opening
	// level=DEBUG msg="service host state" from=Opening to=Open
	// level=DEBUG msg="service host state" from=Open to=Closing
	// level=DEBUG msg="service host state" from=Closing to=Closed
}

// An operation declared with Go types registers for cancellation through
// its context, adds a reply header, and fails with a SOAP fault.
func ExampleCallFromContext() {
	op := servicemodel.Op("Add", func(ctx context.Context, req *calculator.AddRequest) (*calculator.AddResponse, error) {
		if call := servicemodel.CallFromContext(ctx); call != nil {
			_ = call.Register(func(reason cancel.Reason, _ any) { log.Println("cancelled:", reason) }, nil, nil)
		}
		if req.A < 0 {
			return nil, soap.SenderFault("a must not be negative") // sent as this fault
		}
		return &calculator.AddResponse{AddResult: req.A + req.B}, nil
	})
	contract := servicemodel.MustContract("ICalculator", "", op)
	add, _ := contract.Operation("Add")
	fmt.Println(add.Action)
	fmt.Println(add.ReplyAction)
	// Output:
	// http://tempuri.org/ICalculator/Add
	// http://tempuri.org/ICalculator/AddResponse
}
