"""A zeep client of the Go host's Orders service (test 4c).

Run by servicemodel/metadata's TestZeepClient with Debian's python3-zeep:

    /usr/bin/python3 orders_client.py WSDL_URL PORT KEY REVERSED_KEY

It reads the service's ?wsdl (following its ?xsd=xsdN imports), binds the
wsdl:port PORT, calls every operation and checks each result, the typed
fault's detail (OrderFault) and the shared Person (z:Id/z:Ref) included. It prints one line per check and ends with
"ALL OK", or exits 1.
"""

import datetime
import decimal
import sys

from zeep import Client
from zeep.exceptions import Fault

DC = "http://schemas.datacontract.org/2004/07/Contoso.Orders"

wsdl, port, key, reversed_key = sys.argv[1:5]
# No WsAddressingPlugin: zeep turns WS-Addressing on by itself for a
# binding whose policy holds wsaw:UsingAddressing (WSHttpBinding's).
client = Client(wsdl)
svc = client.bind("OrderServiceService", port)
failed = []


def check(name, got, want):
    if got == want:
        print("ok   %s" % name)
    else:
        print("FAIL %s: got %r, want %r" % (name, got, want))
        failed.append(name)


def items(array, name):
    """The items of an ArrayOf... value (zeep gives the wrapper object)."""
    if array is None:
        return None
    if isinstance(array, list):
        return array
    return list(getattr(array, name))


check("Ping", svc.Ping(41), 42)

o = svc.GetOrder(7)
check("GetOrder.Id", o.Id, 7)
check("GetOrder.Big", o.Big, 1 << 40)
check("GetOrder.Customer", o.Customer, "Ada")
check("GetOrder.Key", str(o.Key), key)
check("GetOrder.Counts", {kv.Key: kv.Value for kv in items(o.Counts, "KeyValueOfstringint")}, {"apples": 2, "pears": 5})
check("GetOrder.Lines", [(l.Sku, l.Quantity, l.Price) for l in items(o.Lines, "OrderLine")],
      [("A-1", 2, decimal.Decimal("19.99")), ("B-2", 10, decimal.Decimal("0.5"))])
check("GetOrder.Paid", o.Paid, True)
check("GetOrder.Placed", o.Placed.replace(tzinfo=None), datetime.datetime(2024, 5, 17, 9, 30))
check("GetOrder.Priority", o.Priority, 3)
check("GetOrder.ShipTo", (o.ShipTo.City, o.ShipTo.Street), ("Springfield", "742 Evergreen Terrace"))
check("GetOrder.Signature", o.Signature, b"\xde\xad\xbe\xef")
check("GetOrder.Status", o.Status, "Shipped")
check("GetOrder.Tags", items(o.Tags, "string"), ["gift", "fragile"])
check("GetOrder.Total", o.Total, decimal.Decimal("44.98"))
check("GetOrder.Weight", o.Weight, 2.5)
check("GetOrder.Window", o.Window, datetime.timedelta(minutes=90))

r = svc.GetRushOrder(8)
check("GetRushOrder type", type(r).__name__, "RushOrder")
check("GetRushOrder.Id", r.Id, 8)
check("GetRushOrder.Deadline", getattr(r, "Deadline", None) and r.Deadline.replace(tzinfo=None),
      datetime.datetime(2024, 5, 18, 12, 0))

line = {"Price": decimal.Decimal("1.25"), "Quantity": 1, "Sku": "x"}
check("CountLines", svc.CountLines(order={"Id": 9, "Customer": "Bob", "Lines": {"OrderLine": [line, line, line]}}), 3)
check("CountLines(nil)", svc.CountLines(order=None), -1)
check("Customers", items(svc.Customers(), "string"), ["Ada", "Grace"])
check("Describe", svc.Describe("Ada", 2, "Cancelled"), "Ada/2/Cancelled")
check("NewKey", str(svc.NewKey(key)), reversed_key)
check("Totals", {kv.Key: kv.Value for kv in items(svc.Totals(), "KeyValueOfstringint")}, {"Ada": 7, "Grace": 11})
check("Combine", list(svc.Combine(["Gift"], ["Express", "Gift"])), ["Gift", "Express"])
check("CancelOrder", svc.CancelOrder(1, "ok"), None)
try:
    svc.CancelOrder(-1, "too late")
    check("CancelOrder(-1) raises", "no fault", "Fault")
except Fault as f:
    check("CancelOrder(-1) reason", f.message, "cannot cancel -1")
    detail = f.detail.find("{%s}OrderFault" % DC) if f.detail is not None else None
    check("CancelOrder(-1) detail",
          None if detail is None else (detail.findtext("{%s}Code" % DC), detail.findtext("{%s}Message" % DC)),
          ("-1", "too late"))

# Person is an IsReference contract: zeep knows nothing of z:Id/z:Ref, but
# the schema declares them as Person's attributes ser:Id and ser:Ref, so
# zeep reads them as the attributes Id and Ref, and writes them when given.
# The lead is Members[0]: written once with z:Id, then as a z:Ref to it.
team = svc.GetTeam()
members = items(team.Members, "Person")
check("GetTeam.Lead", (team.Lead.Name, chr(team.Lead.Initial)), ("Ada", "A"))
check("GetTeam.Lead.Since", (team.Lead.Since.DateTime.replace(tzinfo=None), team.Lead.Since.OffsetMinutes),
      (datetime.datetime(2024, 5, 1, 8, 30), 120))
check("GetTeam.Members count", len(members), 2)
check("GetTeam.Members[0] is a z:Ref to the lead",
      (team.Lead.Id is not None, members[0].Ref, members[0].Name), (True, team.Lead.Id, None))
check("GetTeam.Members[1]", (members[1].Name, chr(members[1].Initial), members[1].Ref),
      ("Grace", "\u00c9", None))
check("GetTeam.Members[1].Since", (members[1].Since.DateTime.replace(tzinfo=None), members[1].Since.OffsetMinutes),
      (datetime.datetime(2020, 1, 2, 8, 34, 5), -330))

ada = {"Id": "i1", "Name": "Ada", "Initial": ord("A"),
       "Since": {"DateTime": datetime.datetime(2024, 5, 1, 8, 30, tzinfo=datetime.timezone.utc), "OffsetMinutes": 120}}
grace = {"Name": "Grace", "Initial": ord("\u00c9"),
         "Since": {"DateTime": datetime.datetime(2020, 1, 2, 8, 34, 5, tzinfo=datetime.timezone.utc), "OffsetMinutes": -330}}
described = "Ada|Ada:A:2024-05-01T10:30:00.0000000+02:00,Grace:\u00c9:2020-01-02T03:04:05.0000000-05:30|shared=%s"
check("DescribeTeam(shared)", svc.DescribeTeam({"Lead": ada, "Members": {"Person": [{"Ref": "i1"}, grace]}}),
      described % "true")
unshared = dict(ada)
del unshared["Id"]
check("DescribeTeam(unshared)", svc.DescribeTeam({"Lead": unshared, "Members": {"Person": [unshared, grace]}}),
      described % "false")

if failed:
    print("FAILED: " + ", ".join(failed))
    sys.exit(1)
print("ALL OK")
