// OrderContract.cs: IOrderService, a DataContract-rich WCF contract (a KnownType, List<T>,
// string[], Dictionary<string,int>, int?, enums with [Flags], Guid, decimal, TimeSpan, char,
// DateTimeOffset, byte[] and a FaultContract), shared by OrderClient.cs and OrderHost.cs.
using System; using System.Collections.Generic; using System.Runtime.Serialization; using System.ServiceModel; using System.ServiceModel.Channels;
[DataContract(Namespace="http://contoso.com/orders")] public enum Status { [EnumMember] New, [EnumMember] Shipped }
[Flags][DataContract(Namespace="http://contoso.com/orders")] public enum Perm { [EnumMember] None=0, [EnumMember] Read=1, [EnumMember] Write=2 }
[DataContract(Namespace="http://contoso.com/orders")] public class Line { [DataMember] public string Sku; [DataMember] public int Qty; }
[DataContract(Namespace="http://contoso.com/orders")] [KnownType(typeof(Rush))] public class Order {
 [DataMember(Order=0)] public int Id; [DataMember(Order=1)] public List<Line> Lines; [DataMember(Order=4)] public string[] Tags; [DataMember(Order=5)] public Dictionary<string,int> Counts; [DataMember(Order=6)] public int? Maybe;
 [DataMember(Order=8)] public Status St; [DataMember(Order=9)] public Perm P; [DataMember(Order=10)] public Guid G; [DataMember(Order=11)] public decimal D;
 [DataMember(Order=12)] public TimeSpan T; [DataMember(Order=13)] public char C; [DataMember(Order=14)] public DateTimeOffset O; [DataMember(Order=18)] public byte[] Bytes; }
[DataContract(Namespace="http://contoso.com/rush")] public class Rush : Order { [DataMember] public int Priority; }
[DataContract(Namespace="http://contoso.com/orders")] public class OrderFault { [DataMember] public int Code; [DataMember] public string Why; }
[ServiceContract(Namespace="http://contoso.com/orders/2024")] public interface IOrderService {
 [OperationContract] Order GetOrder(int id);
 [OperationContract] Order Echo(Order o);
 [OperationContract][FaultContract(typeof(OrderFault))] void CancelOrder(int id, string reason);
}
