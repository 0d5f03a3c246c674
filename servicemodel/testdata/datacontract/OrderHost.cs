// OrderHost.cs: a WCF host of IOrderService (OrderContract.cs) over net.tcp (SecurityMode.None).
// Usage: mono OrderHost.exe ADDRESS; it prints READY once open and closes when stdin ends.
// GetOrder returns a Rush (a KnownType of Order) with every member set, Echo returns its
// argument, CancelOrder throws FaultException<OrderFault>.
using System; using System.Collections.Generic; using System.ServiceModel;
[ServiceBehavior(InstanceContextMode=InstanceContextMode.Single)]
public class OrderService : IOrderService {
 public Order GetOrder(int id) {
  return new Rush{Id=id, Lines=new List<Line>{new Line{Sku="a",Qty=2}}, Tags=new[]{"x","y"}, Counts=new Dictionary<string,int>{{"k",3}},
   St=Status.Shipped, P=Perm.Read|Perm.Write, G=new Guid("01234567-89ab-cdef-0123-456789abcdef"), D=12345.6700m,
   T=-new TimeSpan(0,1,2,3,500), C='A', O=new DateTimeOffset(2024,1,2,3,4,5,TimeSpan.FromMinutes(90)), Bytes=new byte[]{1,2}, Priority=9};
 }
 public Order Echo(Order o) { return o; }
 public void CancelOrder(int id, string reason) {
  throw new FaultException<OrderFault>(new OrderFault{Code=42, Why="cannot cancel " + reason}, new FaultReason("order is shipped"));
 }
}
public class OrderHost { static void Main(string[] a){
 var h = new ServiceHost(typeof(OrderService));
 h.AddServiceEndpoint(typeof(IOrderService), new NetTcpBinding(SecurityMode.None), a[0]);
 h.Open();
 Console.WriteLine("READY");
 Console.In.ReadToEnd();
 h.Close();
}}
