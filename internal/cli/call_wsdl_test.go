package cli

import (
	"strings"
	"testing"
	"time"
)

// TestCallWSDL: with -wsdl (the saved Mono IOrderService metadata), the
// operation's action comes from the WSDL and key=value pairs, given in any
// order, become the wrapper with its members in schema order, each in its
// namespace, checked against its type. The stand-in host echoes the body.
func TestCallWSDL(t *testing.T) {
	addr := startCalc(t)
	const meta = "../../testdata/wsdl/orders"
	tests := []struct {
		name      string
		args      []string
		code      int
		stdout    string // exact, when set
		errSubstr string
	}{
		{name: "ordered", args: []string{"Describe", "status=Cancelled", "customer=Bob", "priority=3"},
			stdout: `<Echo xmlns="urn:echo" action="http://contoso.com/orders/2024/IOrderService/Describe">
  <Describe xmlns="http://contoso.com/orders/2024">
    <customer>Bob</customer>
    <priority>3</priority>
    <status>Cancelled</status>
  </Describe>
</Echo>
`},
		{name: "nested", args: []string{"CountLines", "order.Tags=red", "order.Window=90m", "order.ShipTo.Street=1 Main St", "order.Id=5", "order.Tags=blue", "order.ShipTo.City=Paris", "order.Key=6f9619ff-8b86-d011-b42d-00c04fc964ff"},
			stdout: `<Echo xmlns="urn:echo" action="http://contoso.com/orders/2024/IOrderService/CountLines">
  <CountLines xmlns="http://contoso.com/orders/2024">
    <order>
      <Id xmlns="http://schemas.datacontract.org/2004/07/Contoso.Orders">5</Id>
      <Key xmlns="http://schemas.datacontract.org/2004/07/Contoso.Orders">6f9619ff-8b86-d011-b42d-00c04fc964ff</Key>
      <ShipTo xmlns="http://schemas.datacontract.org/2004/07/Contoso.Orders">
        <City>Paris</City>
        <Street>1 Main St</Street>
      </ShipTo>
      <Tags xmlns="http://schemas.datacontract.org/2004/07/Contoso.Orders">
        <string xmlns="http://schemas.microsoft.com/2003/10/Serialization/Arrays">red</string>
        <string xmlns="http://schemas.microsoft.com/2003/10/Serialization/Arrays">blue</string>
      </Tags>
      <Window xmlns="http://schemas.datacontract.org/2004/07/Contoso.Orders">PT1H30M</Window>
    </order>
  </CountLines>
</Echo>
`},
		{name: "flags and no args", args: []string{"Combine", "b=None", "a=Gift,Express"},
			stdout: `<Echo xmlns="urn:echo" action="http://contoso.com/orders/2024/IOrderService/Combine">
  <Combine xmlns="http://contoso.com/orders/2024">
    <a>Gift Express</a>
    <b>None</b>
  </Combine>
</Echo>
`},
		{name: "no body", args: []string{"Customers"},
			stdout: "<Echo xmlns=\"urn:echo\" action=\"http://contoso.com/orders/2024/IOrderService/Customers\">\n  <Customers xmlns=\"http://contoso.com/orders/2024\"/>\n</Echo>\n"},
		{name: "action URI", args: []string{"http://contoso.com/orders/2024/IOrderService/Ping", "value=41"},
			stdout: "<Echo xmlns=\"urn:echo\" action=\"http://contoso.com/orders/2024/IOrderService/Ping\">\n  <Ping xmlns=\"http://contoso.com/orders/2024\">\n    <value>41</value>\n  </Ping>\n</Echo>\n"},
		{name: "char and DateTimeOffset", args: []string{"DescribeTeam", "team.Lead.Since.OffsetMinutes=120", "team.Lead.Initial=É", "team.Lead.Since.DateTime=2024-05-01T08:30:00Z"},
			stdout: `<Echo xmlns="urn:echo" action="http://contoso.com/orders/2024/IOrderService/DescribeTeam">
  <DescribeTeam xmlns="http://contoso.com/orders/2024">
    <team>
      <Lead xmlns="http://schemas.datacontract.org/2004/07/Contoso.Orders">
        <Initial>201</Initial>
        <Since>
          <DateTime xmlns="http://schemas.datacontract.org/2004/07/System">2024-05-01T08:30:00Z</DateTime>
          <OffsetMinutes xmlns="http://schemas.datacontract.org/2004/07/System">120</OffsetMinutes>
        </Since>
      </Lead>
    </team>
  </DescribeTeam>
</Echo>
`},
		{name: "bad int", args: []string{"Describe", "priority=high"}, code: ExitUsage, errSubstr: `Describe.priority: "high" is not a int`},
		{name: "bad enum", args: []string{"Describe", "status=Lost"}, code: ExitUsage, errSubstr: `Describe.status: "Lost" is not a OrderStatus (New, Shipped, Cancelled)`},
		{name: "bad guid", args: []string{"NewKey", "seed=nope"}, code: ExitUsage, errSubstr: `NewKey.seed: "nope" is not a guid`},
		{name: "unknown member", args: []string{"CountLines", "order.Nope=1"}, code: ExitUsage, errSubstr: `CountLines.order has no member "Nope"; its members are Big, Counts, Customer, Id`},
		{name: "contract without dots", args: []string{"CountLines", "order=1"}, code: ExitUsage, errSubstr: "give its members as order.Member=value"},
		{name: "two values", args: []string{"Ping", "value=1", "value=2"}, code: ExitUsage, errSubstr: "Ping.value is given 2 values; it takes one"},
		{name: "unknown op", args: []string{"Nope"}, code: ExitUsage, errSubstr: `the metadata has no operation "Nope"; it has Ping, GetOrder`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, "", append([]string{"call", "-wsdl", meta, addr}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			if tt.stdout != "" && out != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tt.stdout)
			}
			if !strings.Contains(errs, tt.errSubstr) {
				t.Errorf("stderr lacks %q:\n%s", tt.errSubstr, errs)
			}
		})
	}
}

// TestWSDLPortBinding: with -wsdl, an address the WSDL names gets its
// port's binding: BasicHttpBinding's SOAP 1.1, not the http scheme's
// SOAP 1.2 default.
func TestWSDLPortBinding(t *testing.T) {
	c := callCmd{wsdl: "../../testdata/wsdl/orders"}
	c.timeout = 10 * time.Second
	d, err := c.readMetadata()
	if err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]string{
		"http://127.0.0.1:18951/orders/soap11": bindingSoap11,
		"http://127.0.0.1:18951/orders/soap12": bindingSoap12,
		"net.tcp://127.0.0.1:18952/orders":     bindingNetTCP,
		"http://elsewhere/orders":              "",
	} {
		if got := portBinding(d, addr); got != want {
			t.Errorf("portBinding(%s) = %q; want %q", addr, got, want)
		}
	}
}
