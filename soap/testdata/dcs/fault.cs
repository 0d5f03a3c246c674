// fault.cs: writes the fault message a WCF service sends for
// FaultException<OrderFault> (MessageFault.CreateFault with the detail and
// DataContractSerializer), in text (SOAP 1.2 + WS-Addressing 1.0) and in
// binary (application/soap+msbin1) encoding: fault.xml and fault.bin.
// Regenerate: mcs -r:System.ServiceModel -r:System.Runtime.Serialization fault.cs && mono fault.exe
using System; using System.IO; using System.ServiceModel; using System.ServiceModel.Channels; using System.Runtime.Serialization;
[DataContract(Namespace="http://contoso.com/orders")] public class OrderFault { [DataMember] public int Code; [DataMember] public Guid Ref; [DataMember] public decimal Amount; [DataMember] public string[] Lines; [DataMember] public string Why; }
public class P { static void Main(){
 var d = new OrderFault{Code=42, Ref=new Guid("01234567-89ab-cdef-0123-456789abcdef"), Amount=12.50m, Lines=new[]{"a","b"}, Why=null};
 var fe = new FaultException<OrderFault>(d, new FaultReason("order is shipped"));
 var mf = fe.CreateMessageFault();
 const string action = "http://tempuri.org/IOrderService/CancelOrderOrderFaultFault";
 var text = new TextMessageEncodingBindingElement(MessageVersion.Soap12WSAddressing10, System.Text.Encoding.UTF8).CreateMessageEncoderFactory().Encoder;
 using (var s = File.Create("fault.xml")) text.WriteMessage(Message.CreateMessage(MessageVersion.Soap12WSAddressing10, mf, action), s);
 var bin = new BinaryMessageEncodingBindingElement().CreateMessageEncoderFactory().Encoder;
 using (var s = File.Create("fault.bin")) bin.WriteMessage(Message.CreateMessage(MessageVersion.Soap12WSAddressing10, mf, action), s);
}}
