using System; using System.IO; using System.Xml; using System.Collections.Generic; using System.Runtime.Serialization;
[DataContract(Namespace="http://contoso.com/orders")] public enum Status { [EnumMember] New, [EnumMember] Shipped }
[Flags][DataContract(Namespace="http://contoso.com/orders")] public enum Perm { [EnumMember] None=0, [EnumMember] Read=1, [EnumMember] Write=2 }
[DataContract(Namespace="http://contoso.com/orders")] public class Line { [DataMember] public string Sku; [DataMember] public int Qty; }
[DataContract(Namespace="http://contoso.com/orders", IsReference=true)] public class Cust { [DataMember] public string Name; }
[DataContract(Namespace="http://contoso.com/orders")] [KnownType(typeof(Rush))] public class Order {
 [DataMember(Order=0)] public int Id; [DataMember(Order=1)] public List<Line> Lines; [DataMember(Order=2)] public List<Line> Empty; [DataMember(Order=3)] public List<Line> Null;
 [DataMember(Order=4)] public string[] Tags; [DataMember(Order=5)] public Dictionary<string,int> Counts; [DataMember(Order=6)] public int? Maybe; [DataMember(Order=7)] public int? Nope;
 [DataMember(Order=8)] public Status St; [DataMember(Order=9)] public Perm P; [DataMember(Order=10)] public Guid G; [DataMember(Order=11)] public decimal D;
 [DataMember(Order=12)] public TimeSpan T; [DataMember(Order=13)] public char C; [DataMember(Order=14)] public DateTimeOffset O; [DataMember(Order=15)] public Cust A; [DataMember(Order=16)] public Cust B; [DataMember(Order=17)] public Line Nil; [DataMember(Order=18)] public byte[] Bytes; }
[DataContract(Namespace="http://contoso.com/rush")] public class Rush : Order { [DataMember] public int Priority; }
[DataContract(Namespace="http://contoso.com/orders")] public class Holder { [DataMember] public Order Ord; }
public class P { static void Main(){
 var c = new Cust{Name="ann"};
 var o = new Rush{Id=7, Lines=new List<Line>{new Line{Sku="a",Qty=1}}, Empty=new List<Line>(), Tags=new[]{"x","y"}, Counts=new Dictionary<string,int>{{"k",3}}, Maybe=5, St=Status.Shipped, P=Perm.Read|Perm.Write,
  G=new Guid("01234567-89ab-cdef-0123-456789abcdef"), D=1.50m, T=new TimeSpan(0,1,2,3,500), C='A', O=new DateTimeOffset(2024,1,2,3,4,5,TimeSpan.FromMinutes(90)), A=c, B=c, Bytes=new byte[]{1,2}, Priority=9};
 o.T = -o.T;
 var h = new Holder{Ord=o};
 var s = new DataContractSerializer(typeof(Holder));
 var ms = new MemoryStream(); using (var w = XmlDictionaryWriter.CreateTextWriter(ms)) s.WriteObject(w, h);
 File.WriteAllBytes("holder.xml", ms.ToArray());
 var mb = new MemoryStream(); using (var w = XmlDictionaryWriter.CreateBinaryWriter(mb)) s.WriteObject(w, h);
 File.WriteAllBytes("holder.bin", mb.ToArray());
 Console.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
}}
