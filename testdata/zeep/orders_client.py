"""A zeep client of the Go host's Orders service (test 4c).

Run by servicemodel/metadata's TestZeepClient with Debian's python3-zeep:

    /usr/bin/python3 orders_client.py WSDL_URL PORT KEY REVERSED_KEY

It reads the service's ?wsdl (following its ?xsd=xsdN imports), binds the
wsdl:port PORT, calls every operation and checks each result, the typed
fault's detail included. It prints one line per check and ends with
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
    address = f.detail.find("{%s}Address" % DC) if f.detail is not None else None
    check("CancelOrder(-1) detail",
          None if address is None else (address.findtext("{%s}City" % DC), address.findtext("{%s}Street" % DC)),
          ("Springfield", "too late"))

if failed:
    print("FAILED: " + ", ".join(failed))
    sys.exit(1)
print("ALL OK")
