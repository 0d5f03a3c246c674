package metadata

// The WSDL a host serves, fed to Mono's wsdl.exe (the ASMX proxy
// generator): the proxy it writes must compile with mcs and call the Go
// server's SOAP 1.1 endpoint (Add(2,3) = 5).

import (
	"slices"
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel"
	orders "github.com/wwsgo/wws/servicemodel/metadata/internal/genfaults"
)

const wsdlClientMain = `using System;
public static class Program {
    public static int Main(string[] args) {
        var c = new CalculatorService();
        c.Url = args[0];
        int sum; bool sumSpecified;
        c.Add(2, true, 3, true, out sum, out sumSpecified);
        string echo = c.Echo("hello");
        Console.WriteLine("Add=" + sum + " Echo=" + echo);
        return sum == 5 && echo == "hello" ? 0 : 1;
    }
}
`

func TestWSDLMonoProxy(t *testing.T) {
	monotest.Require(t)
	base := freeBase(t)
	openCalcHost(t, &servicemodel.HostOptions{Metadata: HTTPGet}, base, []string{"soap12", "soap11"},
		[]*servicemodel.HTTPBinding{servicemodel.NewWSHTTPBinding(), servicemodel.NewBasicHTTPBinding()})
	basic := base + "soap11"

	if out := monotest.RunWSDLClient(t, basic+"?wsdl", wsdlClientMain, basic); !strings.Contains(out, "Add=5 Echo=hello") {
		t.Errorf("client output %q; want Add=5 Echo=hello", out)
	}
}

// wsdlOrdersMain calls every Orders operation through the ASMX proxy Mono's
// wsdl.exe writes from the Go host's ?wsdl (XmlSerializer types: the
// DataContract schema read as plain XSD, each optional value type with its
// …Specified flag). args: the endpoint URL, a Guid, its bytes reversed.
const wsdlOrdersMain = `using System;
using System.Linq;
using System.Web.Services.Protocols;

public static class Program {
    static int failures;

    static void Check(string name, object got, object want) {
        bool ok = Equals(got, want);
        Console.WriteLine((ok ? "ok   " : "FAIL ") + name + (ok ? "" : ": got " + got + ", want " + want));
        if (!ok) failures++;
    }

    static string Describe(Person p) {
        return p.Name + ":" + (char)p.Initial + ":" + p.Since.DateTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ") + ":" + p.Since.OffsetMinutes;
    }

    static Person Person(string name, char initial, DateTime utc, short offset) {
        return new Person { Name = name, Initial = initial, InitialSpecified = true,
            Since = new DateTimeOffset { DateTime = utc, OffsetMinutes = offset } };
    }

    public static int Main(string[] args) {
        var c = new OrderServiceService();
        c.Url = args[0];
        int n; bool nSet;
        c.Ping(41, true, out n, out nSet);
        Check("Ping", n, 42);
        var o = c.GetOrder(7, true);
        Check("GetOrder.Id", o.Id, 7);
        Check("GetOrder.Big", o.Big, 1L << 40);
        Check("GetOrder.Customer", o.Customer, "Ada");
        Check("GetOrder.Key", o.Key, args[1]);
        Check("GetOrder.Counts", string.Join(",", o.Counts.Select(kv => kv.Key + "=" + kv.Value)), "apples=2,pears=5");
        Check("GetOrder.Lines", string.Join(",", o.Lines.Select(l => l.Sku + "x" + l.Quantity + "@" + l.Price)), "A-1x2@19.99,B-2x10@0.5");
        Check("GetOrder.Paid", o.Paid, true);
        Check("GetOrder.Placed", o.Placed.ToUniversalTime(), new DateTime(2024, 5, 17, 9, 30, 0, DateTimeKind.Utc));
        Check("GetOrder.Priority", o.Priority, (int?)3);
        Check("GetOrder.ShipTo", o.ShipTo.City + "|" + o.ShipTo.Street, "Springfield|742 Evergreen Terrace");
        Check("GetOrder.Signature", BitConverter.ToString(o.Signature), "DE-AD-BE-EF");
        Check("GetOrder.Status", o.Status, OrderStatus.Shipped);
        Check("GetOrder.Tags", string.Join(",", o.Tags), "gift,fragile");
        Check("GetOrder.Total", o.Total, 44.98m);
        Check("GetOrder.Weight", o.Weight, 2.5);
        Check("GetOrder.Window", o.Window, "PT1H30M");
        var r = c.GetRushOrder(8, true) as RushOrder;
        Check("GetRushOrder is a RushOrder", r != null, true);
        if (r != null) {
            Check("GetRushOrder.Id", r.Id, 8);
            Check("GetRushOrder.Deadline", r.Deadline.ToUniversalTime(), new DateTime(2024, 5, 18, 12, 0, 0, DateTimeKind.Utc));
        }
        var line = new OrderLine { Price = 1.25m, PriceSpecified = true, Quantity = 1, QuantitySpecified = true, Sku = "x" };
        c.CountLines(new Order { Id = 9, IdSpecified = true, Customer = "Bob", Lines = new[] { line, line, line } }, out n, out nSet);
        Check("CountLines", n, 3);
        Check("Customers", string.Join(",", c.Customers()), "Ada,Grace");
        Check("Describe", c.Describe("Ada", 2, true, OrderStatus.Cancelled, true), "Ada/2/Cancelled");
        Check("NewKey", c.NewKey(args[1]), args[2]);
        Check("Totals", string.Join(",", c.Totals().Select(kv => kv.Key + "=" + kv.Value)), "Ada=7,Grace=11");
        Options opts; bool optsSet;
        c.Combine(Options.Gift, true, Options.Express | Options.Gift, true, out opts, out optsSet);
        Check("Combine", opts, Options.Gift | Options.Express);
        c.CancelOrder(1, true, "ok");
        try {
            c.CancelOrder(-1, true, "too late");
            Check("CancelOrder(-1) faults", false, true);
        } catch (SoapException e) {
            Check("CancelOrder(-1) reason", e.Message, "cannot cancel -1");
            var code = e.Detail == null ? null : e.Detail.SelectSingleNode("//*[local-name()='OrderFault']/*[local-name()='Code']");
            var message = e.Detail == null ? null : e.Detail.SelectSingleNode("//*[local-name()='OrderFault']/*[local-name()='Message']");
            Check("CancelOrder(-1) detail", code == null || message == null ? null : code.InnerText + "|" + message.InnerText, "-1|too late");
        }
        // XmlSerializer knows nothing of IsReference: Person's ser:Id and
        // ser:Ref are plain string attributes, so the lead's z:Id and
        // Members[0]'s z:Ref to it are checked, and sent, by hand.
        var team = c.GetTeam();
        Check("GetTeam.Lead", Describe(team.Lead), "Ada:A:2024-05-01T08:30:00Z:120");
        Check("GetTeam.Members[0] is a z:Ref to the lead", team.Lead.Id != null && team.Members[0].Ref == team.Lead.Id && team.Members[0].Name == null, true);
        Check("GetTeam.Members[1]", Describe(team.Members[1]), "Grace:\u00c9:2020-01-02T08:34:05Z:-330");
        var ada = Person("Ada", 'A', new DateTime(2024, 5, 1, 8, 30, 0, DateTimeKind.Utc), 120);
        var grace = Person("Grace", '\u00c9', new DateTime(2020, 1, 2, 8, 34, 5, DateTimeKind.Utc), -330);
        const string described = "Ada|Ada:A:2024-05-01T10:30:00.0000000+02:00,Grace:\u00c9:2020-01-02T03:04:05.0000000-05:30|shared=";
        ada.Id = "i1";
        Check("DescribeTeam(shared)", c.DescribeTeam(new Team { Lead = ada, Members = new[] { new Person { Ref = "i1" }, grace } }), described + "true");
        ada.Id = null;
        Check("DescribeTeam(unshared)", c.DescribeTeam(new Team { Lead = ada, Members = new[] { ada, grace } }), described + "false");
        Console.WriteLine(failures == 0 ? "ALL OK" : "FAILED " + failures);
        return failures == 0 ? 0 : 1;
    }
}
`

// TestWSDLMonoOrdersProxy: Mono's wsdl.exe reads the Go host's Orders
// ?wsdl (its ?wsdl=wsdl0 and ?xsd=xsdN parts, DataContract types) and the
// SOAP 1.1 proxy it writes calls every operation, the fault's detail
// (OrderFault) and GetTeam/DescribeTeam's shared Person (its z:Id and
// z:Ref as plain attributes: XmlSerializer does not resolve them) included.
func TestWSDLMonoOrdersProxy(t *testing.T) {
	monotest.Require(t)
	useKnown(t, orders.RushOrder{})
	base := freeBase(t)
	openOrdersHost(t, base, nil)
	reversed := sampleKey
	slices.Reverse(reversed[:])
	out := monotest.RunWSDLClient(t, base+"soap11?wsdl", wsdlOrdersMain, base+"soap11", sampleKey.String(), reversed.String())
	if !strings.HasSuffix(strings.TrimSpace(out), "ALL OK") {
		t.Errorf("wsdl.exe client:\n%s", out)
	}
}
