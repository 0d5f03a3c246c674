// OrdersHost.cs: a Mono WCF host of IOrderService with HTTP GET metadata (?wsdl, ?wsdl=wsdl0,
// ?xsd=xsd0) and a MEX endpoint.
//
//   mono OrdersHost.exe HTTP_BASE NETTCP_ADDRESS
//
// HTTP_BASE (http://127.0.0.1:PORT/orders) gets three endpoints: HTTP_BASE/soap11
// (BasicHttpBinding), HTTP_BASE/soap12 (text SOAP 1.2 + WS-Addressing 1.0) and HTTP_BASE/mex;
// ?wsdl is served at HTTP_BASE. NETTCP_ADDRESS gets NetTcpBinding(SecurityMode.None).
// It prints READY once open, runs until stdin closes, then prints CLOSED.
using System;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.Text;
using System.Threading;
using Contoso.Orders;

public static class OrdersHost
{
    public static int Main(string[] args)
    {
        ThreadPool.SetMinThreads(64, 64);
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: OrdersHost HTTP_BASE NETTCP_ADDRESS");
            return 2;
        }
        var baseUri = new Uri(args[0]);
        ServiceHost host;
        try
        {
            host = new ServiceHost(new OrderService(), baseUri);
            host.AddServiceEndpoint(typeof(IOrderService), new BasicHttpBinding(BasicHttpSecurityMode.None), "soap11");
            var enc = new TextMessageEncodingBindingElement(MessageVersion.Soap12WSAddressing10, Encoding.UTF8);
            host.AddServiceEndpoint(typeof(IOrderService), new CustomBinding(enc, new HttpTransportBindingElement()), "soap12");
            host.AddServiceEndpoint(typeof(IOrderService), new NetTcpBinding(SecurityMode.None), new Uri(args[1]));
            var smb = new ServiceMetadataBehavior();
            smb.HttpGetEnabled = true;
            host.Description.Behaviors.Add(smb);
            host.AddServiceEndpoint(typeof(IMetadataExchange), MetadataExchangeBindings.CreateMexHttpBinding(), "mex");
            host.Description.Behaviors.Add(new FaultBehavior());
            host.Open(TimeSpan.FromSeconds(15));
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("OrdersHost: " + e);
            Console.Out.WriteLine("FAIL open " + e.Message.Replace('\n', ' '));
            return 1;
        }
        Console.Out.WriteLine("READY");
        Console.Out.Flush();
        string line;
        while ((line = Console.In.ReadLine()) != null && line != "quit") { }
        try { host.Close(TimeSpan.FromSeconds(10)); } catch { host.Abort(); }
        Console.Out.WriteLine("CLOSED");
        return 0;
    }
}
