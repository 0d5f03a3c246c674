package calculator_test

import (
	"context"
	"fmt"

	"github.com/wwsgo/wws/servicemodel/calculator"
)

// The service's operations called directly; a host calls them the same
// way through calculator.Contract().
func Example() {
	ctx := context.Background()
	svc := calculator.New()
	sum, _ := svc.Add(ctx, &calculator.AddRequest{A: 2, B: 3})
	fmt.Println("Add:", sum.AddResult)
	_ = svc.Notify(ctx, &calculator.NotifyRequest{Text: "hi"})
	n, _ := svc.NotifyCount(ctx, &calculator.NotifyCountRequest{})
	fmt.Println("NotifyCount:", n.NotifyCountResult)
	blob, _ := svc.Blob(ctx, &calculator.BlobRequest{Size: 253})
	fmt.Println("Blob[250..252]:", blob.BlobResult[250:])
	_, err := svc.Fail(ctx, &calculator.FailRequest{Reason: "no"})
	fmt.Println("Fail:", err)
	// Output:
	// Add: 5
	// NotifyCount: 1
	// Blob[250..252]: [250 0 1]
	// Fail: soap: fault Sender: no
}

// The contracts: one with the service behind it for a host, one without
// handlers for a proxy.
func ExampleClientContract() {
	for _, op := range calculator.ClientContract().Operations() {
		fmt.Println(op.Name, op.OneWay, op.Action)
	}
	// Output:
	// Add false http://tempuri.org/ICalculator/Add
	// Echo false http://tempuri.org/ICalculator/Echo
	// Delay false http://tempuri.org/ICalculator/Delay
	// Fail false http://tempuri.org/ICalculator/Fail
	// Notify true http://tempuri.org/ICalculator/Notify
	// NotifyCount false http://tempuri.org/ICalculator/NotifyCount
	// Blob false http://tempuri.org/ICalculator/Blob
}
