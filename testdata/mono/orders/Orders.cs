// Orders.cs: IOrderService, a DataContract-rich WCF contract for metadata import and code
// generation tests (servicemodel/metadata): nested types, List<T>, string[],
// Dictionary<string,int>, int?, an enum, a [Flags] enum, Guid, decimal, DateTime, TimeSpan,
// byte[], char, DateTimeOffset, a KnownType-derived type, an IsReference type (z:Id/z:Ref) and a
// FaultContract.
using System;
using System.Collections.Generic;
using System.Runtime.Serialization;
using System.ServiceModel;

namespace Contoso.Orders
{
    [DataContract]
    public enum OrderStatus { [EnumMember] New, [EnumMember] Shipped, [EnumMember] Cancelled }

    [DataContract, Flags]
    public enum Options { [EnumMember] None = 0, [EnumMember] Gift = 1, [EnumMember] Express = 2 }

    [DataContract]
    public class Address
    {
        [DataMember] public string Street;
        [DataMember] public string City;
    }

    [DataContract]
    public class OrderLine
    {
        [DataMember] public string Sku;
        [DataMember] public int Quantity;
        [DataMember] public decimal Price;
    }

    [DataContract, KnownType(typeof(RushOrder))]
    public class Order
    {
        [DataMember] public int Id;
        [DataMember] public Guid Key;
        [DataMember] public string Customer;
        [DataMember] public DateTime Placed;
        [DataMember] public TimeSpan Window;
        [DataMember] public OrderStatus Status;
        [DataMember] public List<OrderLine> Lines;
        [DataMember] public string[] Tags;
        [DataMember] public Dictionary<string, int> Counts;
        [DataMember] public int? Priority;
        [DataMember] public byte[] Signature;
        [DataMember] public Address ShipTo;
        [DataMember] public decimal Total;
        [DataMember] public long Big;
        [DataMember] public double Weight;
        [DataMember] public bool Paid;
    }

    [DataContract]
    public class RushOrder : Order
    {
        [DataMember] public DateTime Deadline;
    }

    // Person is a reference type (IsReference): an object met twice in one message is written
    // once with z:Id and then as z:Ref.
    [DataContract(IsReference = true)]
    public class Person
    {
        [DataMember] public string Name;
        [DataMember] public char Initial;
        [DataMember] public DateTimeOffset Since;
    }

    [DataContract]
    public class Team
    {
        [DataMember] public Person Lead;
        [DataMember] public List<Person> Members;
    }

    [DataContract]
    public class OrderFault
    {
        [DataMember] public int Code;
        [DataMember] public string Message;
    }

    [ServiceContract(Namespace = "http://contoso.com/orders/2024")]
    public interface IOrderService
    {
        [OperationContract] int Ping(int value);
        [OperationContract] Order GetOrder(int id);
        [OperationContract] Order GetRushOrder(int id);
        [OperationContract] int CountLines(Order order);
        [OperationContract] string[] Customers();
        [OperationContract] string Describe(string customer, int? priority, OrderStatus status);
        [OperationContract] Guid NewKey(Guid seed);
        [OperationContract] Dictionary<string, int> Totals();
        [OperationContract] Options Combine(Options a, Options b);
        [OperationContract, FaultContract(typeof(OrderFault))] void CancelOrder(int id, string reason);
        [OperationContract] Team GetTeam();
        [OperationContract] string DescribeTeam(Team team);
    }

    [ServiceBehavior(InstanceContextMode = InstanceContextMode.Single, ConcurrencyMode = ConcurrencyMode.Multiple)]
    public class OrderService : IOrderService
    {
        public static readonly Guid KeyOne = new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff");

        public int Ping(int value) { return value + 1; }

        public Order GetOrder(int id) { return Fill(new Order(), id); }

        public Order GetRushOrder(int id)
        {
            var r = new RushOrder();
            Fill(r, id);
            r.Deadline = new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);
            return r;
        }

        static Order Fill(Order o, int id)
        {
            o.Id = id;
            o.Key = KeyOne;
            o.Customer = "Ada";
            o.Placed = new DateTime(2024, 5, 1, 10, 30, 0, DateTimeKind.Utc);
            o.Window = TimeSpan.FromMinutes(90);
            o.Status = OrderStatus.Shipped;
            o.Lines = new List<OrderLine> {
                new OrderLine { Sku = "A-1", Quantity = 2, Price = 9.95m },
                new OrderLine { Sku = "B-2", Quantity = 1, Price = 100.5m },
            };
            o.Tags = new[] { "red", "blue" };
            o.Counts = new Dictionary<string, int> { { "x", 1 } };
            o.Priority = id == 1 ? (int?)7 : null;
            o.Signature = new byte[] { 1, 2, 3 };
            o.ShipTo = new Address { Street = "1 Main St", City = "Springfield" };
            o.Total = 120.40m;
            o.Big = 1L << 40;
            o.Weight = 2.5;
            o.Paid = true;
            return o;
        }

        public int CountLines(Order order)
        {
            if (order == null) return -1;
            int n = 0;
            if (order.Lines != null) foreach (var l in order.Lines) n += l.Quantity;
            return n * 1000 + order.Id;
        }

        public string[] Customers() { return new[] { "Ada", "Grace", "Linus" }; }

        public string Describe(string customer, int? priority, OrderStatus status)
        {
            return customer + "/" + (priority.HasValue ? priority.Value.ToString() : "none") + "/" + status;
        }

        public Guid NewKey(Guid seed) { return seed == KeyOne ? KeyOne : Guid.Empty; }

        public Dictionary<string, int> Totals()
        {
            return new Dictionary<string, int> { { "Ada", 3 }, { "Grace", 5 } };
        }

        public Options Combine(Options a, Options b) { return a | b; }

        public void CancelOrder(int id, string reason)
        {
            throw new FaultException<OrderFault>(new OrderFault { Code = id, Message = reason }, new FaultReason("cannot cancel"));
        }

        // GetTeam's lead is also its first member: the same Person, written once (z:Id) and
        // referred to (z:Ref).
        public Team GetTeam()
        {
            var ada = new Person { Name = "Ada", Initial = 'A', Since = new DateTimeOffset(2024, 5, 1, 10, 30, 0, TimeSpan.FromHours(2)) };
            var grace = new Person { Name = "Grace", Initial = '\u00c9', Since = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-330)) };
            return new Team { Lead = ada, Members = new List<Person> { ada, grace } };
        }

        // DescribeTeam echoes what it received, and whether the lead is the same object as a member.
        public string DescribeTeam(Team team)
        {
            if (team == null) return "null";
            var parts = new List<string>();
            if (team.Members != null)
                foreach (var p in team.Members)
                    parts.Add(p == null ? "null" : p.Name + ":" + p.Initial + ":" + p.Since.ToString("o"));
            bool shared = team.Lead != null && team.Members != null && team.Members.Contains(team.Lead);
            return (team.Lead == null ? "null" : team.Lead.Name) + "|" + string.Join(",", parts) + "|shared=" + shared;
        }
    }
}
