// OrderClient.cs: a WCF client of IOrderService (OrderContract.cs), compiled from the original
// C# contract. Usage: mono OrderClient.exe ADDRESS nettcp|soap12|soap11; it prints ALL OK and exits 0
// when every check holds. Run by servicemodel/datacontract_mono_test.go against the Go host.
using System; using System.ServiceModel; using System.ServiceModel.Channels;
public class OrderClient { static int Main(string[] a){
 Binding b;
 if (a[1]=="soap11") b = new BasicHttpBinding();
 else if (a[1]=="soap12") b = new CustomBinding(new TextMessageEncodingBindingElement(MessageVersion.Soap12WSAddressing10, System.Text.Encoding.UTF8), new HttpTransportBindingElement());
 else b = new NetTcpBinding(SecurityMode.None);
 var f = new ChannelFactory<IOrderService>(b, new EndpointAddress(a[0]));
 var c = f.CreateChannel(); int bad = 0;
 var o = c.GetOrder(7);
 var r = o as Rush;
 Console.WriteLine("GetOrder: type={0} id={1} prio={2} lines={3}/{4}/{5} tags={6} counts={7} maybe={8} st={9} p={10} g={11} d={12} t={13} c={14} o={15} bytes={16}",
   o.GetType().Name, o.Id, r==null?-1:r.Priority, o.Lines.Count, o.Lines[0].Sku, o.Lines[0].Qty, string.Join(",",o.Tags), o.Counts["k"], o.Maybe.HasValue, o.St, o.P, o.G, o.D, o.T, (int)o.C, o.O, o.Bytes.Length);
 if (r==null || r.Priority!=9 || o.D!=12345.6700m || o.D.ToString()!="12345.6700" || o.P!=(Perm.Read|Perm.Write) || o.G!=new Guid("01234567-89ab-cdef-0123-456789abcdef") || o.T!= -new TimeSpan(0,1,2,3,500) || o.C!='A' || o.O.Offset!=TimeSpan.FromMinutes(90) || o.Maybe.HasValue || o.Counts["k"]!=3) { Console.WriteLine("FAIL GetOrder"); bad++; }
 var e = c.Echo(o);
 var er = e as Rush;
 Console.WriteLine("Echo: type={0} prio={1} d={2} o={3}", e.GetType().Name, er==null?-1:er.Priority, e.D, e.O);
 if (er==null || er.Priority!=9 || e.D.ToString()!="12345.6700" || e.O!=o.O || e.Tags.Length!=2) { Console.WriteLine("FAIL Echo"); bad++; }
 try { c.CancelOrder(1, "now"); Console.WriteLine("FAIL no fault"); bad++; }
 catch (FaultException<OrderFault> ex) { Console.WriteLine("FaultException<OrderFault>: code={0} why={1} reason={2} action={3}", ex.Detail.Code, ex.Detail.Why, ex.Reason, ex.Action); if (ex.Detail.Code!=42 || ex.Detail.Why!="cannot cancel now" || (a[1]!="soap11" && ex.Action!="http://contoso.com/orders/2024/IOrderService/CancelOrderOrderFaultFault")) { Console.WriteLine("FAIL fault detail or action"); bad++; } }
 catch (FaultException ex) { Console.WriteLine("FAIL untyped FaultException: {0} action={1}", ex.Message, ex.Action); bad++; }
 Console.WriteLine(bad==0 ? "ALL OK" : "FAILURES " + bad);
 return bad;
}}
