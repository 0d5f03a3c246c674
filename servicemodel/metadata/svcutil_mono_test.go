package metadata

// Test 4c, .NET: Mono's svcutil generates a WCF client (DataContract
// types, ClientBase proxy) from the metadata the Go host serves, mcs
// compiles it with svcutilClientMain, and mono calls every Orders
// operation through it over BasicHttpBinding and SOAP 1.2 + WS-Addressing,
// the typed fault's detail included, and the IsReference Person both ways
// (svcutil reads ser:Id/ser:Ref as IsReference=true): GetTeam's lead is
// the same object as Members[0], and DescribeTeam's is on the Go side.
//
// svcutil reads ?singleWsdl. On ?wsdl, Mono's svcutil (which finds the
// parts by DISCO, then compiles the WSDL's schemas again through their
// schemaLocations) loads each ?xsd=xsdN part twice and its WsdlImporter
// refuses the second copy ("The global element … has already been
// declared"), generating nothing: a Mono bug that a WCF service's ?wsdl
// meets alike (Mono's own WSDL escapes it only because DISCO stops at its
// broken "?xsd=" import of the XML Schema namespace). Mono's wsdl.exe
// (the ASMX proxy generator) reads ?wsdl itself: TestWSDLMonoOrdersProxy.
//
// Mono's WsdlImporter also drops wsdl:faults (a FIXME in its
// ImportContract), where .NET's svcutil turns the fault message of
// CancelOrder into [FaultContract(typeof(OrderFault))]; without it Mono's
// client reads any fault detail as an ExceptionDetail and throws. The test
// adds the attribute .NET's svcutil writes, from the WSDL's wsdl:fault
// (its action and detail element), to the generated interface, and the
// OrderFault data contract (referenced by no message, Mono's svcutil does
// not generate it). Mono's svcutil also declares a struct
// System.DateTimeOffset from System's schema, which the test removes (see
// below).

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/monotest"
	orders "github.com/wwsgo/wws/servicemodel/metadata/internal/genfaults"
)

const svcutilClientMain = `using System;
using System.Linq;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using Contoso.Orders;

public static class Program {
    static int failures;

    static void Check(string name, object got, object want) {
        bool ok = Equals(got, want);
        Console.WriteLine((ok ? "ok   " : "FAIL ") + name + (ok ? "" : ": got " + got + ", want " + want));
        if (!ok) failures++;
    }

    static string Describe(Person p) {
        return p == null ? "null" : p.Name + ":" + p.Initial + ":" + p.Since.ToString("o");
    }

    static Binding For(string kind) {
        if (kind == "soap11") return new BasicHttpBinding(BasicHttpSecurityMode.None);
        var enc = new TextMessageEncodingBindingElement(MessageVersion.Soap12WSAddressing10, Encoding.UTF8);
        return new CustomBinding(enc, new HttpTransportBindingElement());
    }

    // args: binding kind, address, a Guid, the same Guid's bytes reversed.
    public static int Main(string[] args) {
        var c = new OrderServiceClient(For(args[0]), new EndpointAddress(args[1]));
        Check("Ping", c.Ping(41), 42);
        var o = c.GetOrder(7);
        Check("GetOrder.Id", o.Id, 7);
        Check("GetOrder.Big", o.Big, 1L << 40);
        Check("GetOrder.Customer", o.Customer, "Ada");
        Check("GetOrder.Key", o.Key, new Guid(args[2]));
        Check("GetOrder.Counts", string.Join(",", o.Counts.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value)), "apples=2,pears=5");
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
        Check("GetOrder.Window", o.Window, TimeSpan.FromMinutes(90));
        var r = c.GetRushOrder(8) as RushOrder;
        Check("GetRushOrder is a RushOrder", r != null, true);
        if (r != null) {
            Check("GetRushOrder.Id", r.Id, 8);
            Check("GetRushOrder.Deadline", r.Deadline.ToUniversalTime(), new DateTime(2024, 5, 18, 12, 0, 0, DateTimeKind.Utc));
        }
        var line = new OrderLine { Price = 1.25m, Quantity = 1, Sku = "x" };
        Check("CountLines", c.CountLines(new Order { Id = 9, Customer = "Bob", Lines = new[] { line, line, line } }), 3);
        Check("CountLines(RushOrder)", c.CountLines(new RushOrder { Id = 10, Lines = new[] { line }, Deadline = DateTime.UtcNow }), 1);
        Check("Customers", string.Join(",", c.Customers()), "Ada,Grace");
        Check("Describe", c.Describe("Ada", 2, OrderStatus.Cancelled), "Ada/2/Cancelled");
        Check("NewKey", c.NewKey(new Guid(args[2])), new Guid(args[3]));
        Check("Totals", string.Join(",", c.Totals().OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value)), "Ada=7,Grace=11");
        Check("Combine", c.Combine(Options.Gift, Options.Express | Options.Gift), Options.Gift | Options.Express);
        c.CancelOrder(1, "ok");
        try {
            c.CancelOrder(-1, "too late");
            Check("CancelOrder(-1) faults", false, true);
        } catch (FaultException<OrderFault> fe) {
            Check("CancelOrder(-1) reason", fe.Message, "cannot cancel -1");
            Check("CancelOrder(-1) detail", fe.Detail.Code + "|" + fe.Detail.Message, "-1|too late");
        }
        var team = c.GetTeam();
        Check("GetTeam.Lead", Describe(team.Lead), "Ada:A:2024-05-01T10:30:00.0000000+02:00");
        Check("GetTeam.Members", string.Join(",", team.Members.Select(Describe)), "Ada:A:2024-05-01T10:30:00.0000000+02:00,Grace:\u00c9:2020-01-02T03:04:05.0000000-05:30");
        Check("GetTeam lead is Members[0]", ReferenceEquals(team.Lead, team.Members.First()), true);
        var ada = new Person { Name = "Ada", Initial = 'A', Since = new DateTimeOffset(2024, 5, 1, 10, 30, 0, TimeSpan.FromHours(2)) };
        var grace = new Person { Name = "Grace", Initial = '\u00c9', Since = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-330)) };
        const string described = "Ada|Ada:A:2024-05-01T10:30:00.0000000+02:00,Grace:\u00c9:2020-01-02T03:04:05.0000000-05:30|shared=";
        Check("DescribeTeam(shared)", c.DescribeTeam(new Team { Lead = ada, Members = new[] { ada, grace } }), described + "true");
        var ada2 = new Person { Name = ada.Name, Initial = ada.Initial, Since = ada.Since };
        Check("DescribeTeam(unshared)", c.DescribeTeam(new Team { Lead = ada2, Members = new[] { ada, grace } }), described + "false");
        c.Close();
        Console.WriteLine(failures == 0 ? "ALL OK" : "FAILED " + failures);
        return failures == 0 ? 0 : 1;
    }
}

// The fault detail contract, as .NET's svcutil generates it from the
// schema's OrderFault; Mono's, which drops the wsdl:fault, leaves it out.
namespace Contoso.Orders {
    [System.Runtime.Serialization.DataContract(Name = "OrderFault", Namespace = "http://schemas.datacontract.org/2004/07/Contoso.Orders")]
    public class OrderFault {
        [System.Runtime.Serialization.DataMember] public int Code { get; set; }
        [System.Runtime.Serialization.DataMember] public string Message { get; set; }
    }
}
`

func TestSvcutilMonoClient(t *testing.T) {
	monotest.Require(t)
	useKnown(t, orders.RushOrder{}) // the Go service decodes the client's RushOrder
	base := freeBase(t)
	openOrdersHost(t, base, nil)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("svcutil", "--noLogo", "-o", "Proxy.cs", "--noConfig", base+"soap11?singleWsdl")
	proxy, err := os.ReadFile(filepath.Join(dir, "Proxy.cs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"class OrderServiceClient", "class RushOrder : Contoso.Orders.Order", "KnownTypeAttribute(typeof(Contoso.Orders.RushOrder))",
		"System.Collections.Generic.Dictionary<string, int> Counts", "System.Guid Key", "System.TimeSpan Window", "decimal Total", "System.Nullable<int> Priority",
		`Name="Person", Namespace="http://schemas.datacontract.org/2004/07/Contoso.Orders", IsReference=true)]`, "Contoso.Orders.Person[] Members",
		"char Initial", "System.DateTimeOffset Since"} {
		if !strings.Contains(string(proxy), want) {
			t.Errorf("svcutil's proxy lacks %q", want)
		}
	}
	const cancelOp = `[System.ServiceModel.OperationContractAttribute(Action="http://contoso.com/orders/2024/IOrderService/CancelOrder"`
	if !strings.Contains(string(proxy), cancelOp) {
		t.Fatalf("svcutil's proxy lacks %s", cancelOp)
	}
	proxy = []byte(strings.Replace(string(proxy), cancelOp, `[System.ServiceModel.FaultContractAttribute(typeof(Contoso.Orders.OrderFault), `+
		`Action="http://contoso.com/orders/2024/IOrderService/CancelOrderOrderFaultFault", Name="OrderFault", `+
		`Namespace="http://schemas.datacontract.org/2004/07/Contoso.Orders")]`+"\n        "+cancelOp, 1))
	// Mono's svcutil turns System's DateTimeOffset schema into a struct
	// System.DateTimeOffset of two members, shadowing the real one (with or
	// without -r mscorlib); the real one is what DataContractSerializer
	// writes in that schema's shape, so the generated one goes.
	const systemNS = "\nnamespace System {\n"
	start := strings.Index(string(proxy), systemNS)
	end := strings.Index(string(proxy)[max(start, 0):], "\n}\n")
	if start < 0 || end < 0 || !strings.Contains(string(proxy)[start:start+end], "struct DateTimeOffset") {
		t.Fatalf("svcutil's proxy lacks its namespace System with struct DateTimeOffset")
	}
	proxy = append(proxy[:start:start], proxy[start+end+len("\n}\n")-1:]...)
	if err := os.WriteFile(filepath.Join(dir, "Proxy.cs"), proxy, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Main.cs"), []byte(svcutilClientMain), 0o644); err != nil {
		t.Fatal(err)
	}
	run("mcs", "-nologo", "-r:System.ServiceModel", "-r:System.Runtime.Serialization", "-r:System.Xml", "-out:client.exe", "Proxy.cs", "Main.cs")
	reversed := sampleKey
	slices.Reverse(reversed[:])
	for _, kind := range []string{"soap11", "soap12"} {
		out := run("mono", "client.exe", kind, base+kind, sampleKey.String(), reversed.String())
		if !strings.HasSuffix(strings.TrimSpace(out), "ALL OK") {
			t.Errorf("%s: svcutil client:\n%s", kind, out)
		} else {
			t.Logf("%s: svcutil client:\n%s", kind, out)
		}
	}
}
