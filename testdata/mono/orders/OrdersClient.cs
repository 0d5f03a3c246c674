// OrdersClient.cs: a WCF client of IOrderService compiled from the original C# contract
// (Orders.cs), not from any WSDL: the client a team already has when it moves the service to Go.
//
//   mono OrdersClient.exe BINDING ADDRESS
//
// BINDING is nettcp (NetTcpBinding, SecurityMode.None), soap12 (text SOAP 1.2 + WS-Addressing
// 1.0 over HTTP) or soap11 (BasicHttpBinding). It calls every operation once on one channel and
// checks the answers the service (OrderService's behaviour) gives. Output: one line per op,
// "OK <op> <detail>" or "FAIL <op> <message>" (stack traces on stderr); exit code 0 only if
// every op passed.
using System;
using System.Collections.Generic;
using System.Linq;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using Contoso.Orders;

public static class OrdersClient
{
    static readonly Guid KeyOne = new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff");

    public static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: OrdersClient nettcp|soap12|soap11 ADDRESS");
            return 2;
        }
        Binding binding;
        switch (args[0])
        {
            case "nettcp": binding = new NetTcpBinding(SecurityMode.None); break;
            case "soap12":
                binding = new CustomBinding(new TextMessageEncodingBindingElement(MessageVersion.Soap12WSAddressing10, Encoding.UTF8),
                    new HttpTransportBindingElement());
                break;
            case "soap11": binding = new BasicHttpBinding(BasicHttpSecurityMode.None); break;
            default:
                Console.Error.WriteLine("unknown binding " + args[0]);
                return 2;
        }
        binding.OpenTimeout = binding.CloseTimeout = TimeSpan.FromSeconds(15);
        binding.SendTimeout = binding.ReceiveTimeout = TimeSpan.FromSeconds(20);
        var factory = new ChannelFactory<IOrderService>(binding, new EndpointAddress(args[1]));
        IOrderService c;
        try
        {
            c = factory.CreateChannel();
            ((IClientChannel)c).Open();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            Console.WriteLine("FAIL open " + Line(e.Message));
            return 1;
        }
        bool ok = true;
        ok &= Run("ping", () => { Expect(c.Ping(41) == 42, "Ping(41) != 42"); return "42"; });
        ok &= Run("getorder", () => CheckOrder(c.GetOrder(1), 1));
        ok &= Run("getrush", () =>
        {
            var o = c.GetRushOrder(2);
            var r = o as RushOrder;
            Expect(r != null, "GetRushOrder returned " + (o == null ? "null" : o.GetType().Name) + ", not a RushOrder");
            Expect(r.Deadline == new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc), "Deadline " + r.Deadline.ToString("o"));
            return "RushOrder deadline=" + r.Deadline.ToString("o") + " " + CheckOrder(o, 2);
        });
        ok &= Run("countlines", () =>
        {
            var rush = new RushOrder { Id = 5, Key = KeyOne, Status = OrderStatus.New, Deadline = new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc),
                Lines = new List<OrderLine> { new OrderLine { Sku = "a", Quantity = 3, Price = 1m }, new OrderLine { Sku = "b", Quantity = 4, Price = 2.25m } } };
            int n = c.CountLines(rush);
            Expect(n == 7005, "CountLines(RushOrder) = " + n);
            int none = c.CountLines(null);
            Expect(none == -1, "CountLines(null) = " + none);
            return "rush=" + n + " null=" + none;
        });
        ok &= Run("customers", () =>
        {
            var a = c.Customers();
            Expect(a != null && string.Join(",", a) == "Ada,Grace,Linus", "Customers = " + (a == null ? "null" : string.Join(",", a)));
            return string.Join(",", a);
        });
        ok &= Run("describe", () =>
        {
            var s = c.Describe("Bob", 3, OrderStatus.Cancelled);
            Expect(s == "Bob/3/Cancelled", "Describe = " + s);
            return s;
        });
        ok &= Run("newkey", () =>
        {
            Expect(c.NewKey(KeyOne) == KeyOne, "NewKey(KeyOne) != KeyOne");
            var other = c.NewKey(Guid.NewGuid());
            Expect(other == Guid.Empty, "NewKey(other) = " + other);
            return KeyOne.ToString();
        });
        ok &= Run("totals", () =>
        {
            var m = c.Totals();
            Expect(m != null && m.Count == 2 && m["Ada"] == 3 && m["Grace"] == 5, "Totals = " + Dict(m));
            return Dict(m);
        });
        ok &= Run("combine", () =>
        {
            var f = c.Combine(Options.Gift, Options.Express);
            Expect(f == (Options.Gift | Options.Express), "Combine = " + f);
            return f.ToString();
        });
        ok &= Run("cancel", () =>
        {
            try
            {
                c.CancelOrder(9, "late");
            }
            catch (FaultException<OrderFault> e)
            {
                Expect(e.Detail != null && e.Detail.Code == 9 && e.Detail.Message == "late",
                    "detail " + (e.Detail == null ? "null" : e.Detail.Code + "/" + e.Detail.Message));
                var reason = e.Reason.GetMatchingTranslation().Text;
                Expect(reason == "cannot cancel", "reason " + reason);
                return "FaultException<OrderFault> code=" + e.Detail.Code + " message=" + e.Detail.Message + " reason=" + reason;
            }
            throw new Exception("CancelOrder returned without FaultException<OrderFault>");
        });
        ok &= Run("getteam", () =>
        {
            var t = c.GetTeam();
            Expect(t != null && t.Lead != null && t.Members != null && t.Members.Count == 2, "team shape");
            var ada = t.Lead;
            var grace = t.Members[1];
            Expect(ada.Name == "Ada" && ada.Initial == 'A' && ada.Since == new DateTimeOffset(2024, 5, 1, 10, 30, 0, TimeSpan.FromHours(2))
                && ada.Since.Offset == TimeSpan.FromHours(2), "lead " + Person(ada));
            Expect(t.Members[0] != null && t.Members[0].Name == "Ada", "Members[0] " + Person(t.Members[0]));
            Expect(grace.Name == "Grace" && grace.Initial == '\u00c9' && grace.Since.Offset == TimeSpan.FromMinutes(-330)
                && grace.Since == new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-330)), "member " + Person(grace));
            return Person(ada) + " " + Person(grace) + " shared=" + object.ReferenceEquals(t.Lead, t.Members[0]);
        });
        ok &= Run("describeteam", () =>
        {
            var lin = new Person { Name = "Linus", Initial = 'L', Since = new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.FromHours(-5)) };
            var s = c.DescribeTeam(new Team { Lead = lin, Members = new List<Person> { lin } });
            const string want = "Linus|Linus:L:2021-03-04T05:06:07.0000000-05:00|shared=True";
            Expect(s == want, "DescribeTeam = " + s + ", want " + want);
            return s;
        });
        try { ((IClientChannel)c).Close(); factory.Close(); }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            Console.WriteLine("FAIL close " + Line(e.Message));
            ok = false;
        }
        return ok ? 0 : 1;
    }

    // CheckOrder checks the members OrderService.Fill gives order id.
    static string CheckOrder(Order o, int id)
    {
        Expect(o != null, "null order");
        Expect(o.Id == id && o.Key == KeyOne && o.Customer == "Ada", "Id/Key/Customer " + o.Id + "/" + o.Key + "/" + o.Customer);
        Expect(o.Placed == new DateTime(2024, 5, 1, 10, 30, 0, DateTimeKind.Utc) && o.Placed.Kind == DateTimeKind.Utc, "Placed " + o.Placed.ToString("o"));
        Expect(o.Window == TimeSpan.FromMinutes(90), "Window " + o.Window);
        Expect(o.Status == OrderStatus.Shipped, "Status " + o.Status);
        Expect(o.Lines != null && o.Lines.Count == 2 && o.Lines[1].Sku == "B-2" && o.Lines[1].Quantity == 1 && o.Lines[1].Price == 100.5m
            && o.Lines[0].Price == 9.95m, "Lines");
        Expect(o.Tags != null && string.Join(",", o.Tags) == "red,blue", "Tags");
        Expect(o.Counts != null && o.Counts.Count == 1 && o.Counts["x"] == 1, "Counts " + Dict(o.Counts));
        Expect(id == 1 ? o.Priority == 7 : o.Priority == null, "Priority " + o.Priority);
        Expect(o.Signature != null && o.Signature.SequenceEqual(new byte[] { 1, 2, 3 }), "Signature");
        Expect(o.ShipTo != null && o.ShipTo.Street == "1 Main St" && o.ShipTo.City == "Springfield", "ShipTo");
        Expect(o.Total == 120.40m && o.Total.ToString() == "120.40", "Total " + o.Total);
        Expect(o.Big == 1L << 40 && o.Weight == 2.5 && o.Paid, "Big/Weight/Paid");
        return "order " + o.Id + " total=" + o.Total + " lines=" + o.Lines.Count + " priority=" + (o.Priority.HasValue ? o.Priority.Value.ToString() : "null");
    }

    static string Person(Person p)
    {
        return p == null ? "null" : p.Name + ":" + p.Initial + ":" + p.Since.ToString("o");
    }

    static string Dict(Dictionary<string, int> m)
    {
        if (m == null) return "null";
        return string.Join(",", m.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value));
    }

    static void Expect(bool cond, string what)
    {
        if (!cond) throw new Exception(what);
    }

    static bool Run(string op, Func<string> f)
    {
        try
        {
            Console.WriteLine("OK " + op + " " + Line(f()));
            return true;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(op + ": " + e);
            Console.WriteLine("FAIL " + op + " " + Line(e.GetType().Name + ": " + e.Message));
            return false;
        }
    }

    static string Line(string s)
    {
        return s.Replace('\r', ' ').Replace('\n', ' ');
    }
}
