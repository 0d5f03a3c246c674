// Bindings.cs: the three WCF bindings of the interop contract (interop-contract.md, "Default
// endpoints"), configured identically for CalcHost.exe and CalcClient.exe.
using System;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using System.Xml;

public static class CalcBindings
{
    // MaxMessage admits a 60,000-byte Blob in base64 text with room to spare.
    public const int MaxMessage = 4 << 20;

    // Names lists the binding names accepted by Create.
    public static readonly string[] Names = { "nettcp", "soap12", "soap11", "wshttp" };

    // Create returns the binding named nettcp (NetTcpBinding, SecurityMode.None), soap12
    // (CustomBinding: TextMessageEncoding Soap12WSAddressing10 + HttpTransport), soap11
    // (BasicHttpBinding) or wshttp (WSHttpBinding, SecurityMode.None: the other way a WCF user
    // reaches a SOAP 1.2 HTTP endpoint), with raised quotas and the given timeouts.
    public static Binding Create(string name, TimeSpan open, TimeSpan send)
    {
        Binding b;
        switch (name)
        {
            case "nettcp": b = NetTcp(); break;
            case "soap12": b = Soap12(); break;
            case "soap11": b = Soap11(); break;
            case "wshttp": b = WSHttp(); break;
            default: throw new ArgumentException("unknown binding " + name + " (want " + string.Join(", ", Names) + ")");
        }
        b.OpenTimeout = open;
        b.SendTimeout = send;
        b.CloseTimeout = open;
        b.ReceiveTimeout = TimeSpan.FromMinutes(10);
        return b;
    }

    static Binding NetTcp()
    {
        var b = new NetTcpBinding(SecurityMode.None);
        b.MaxReceivedMessageSize = MaxMessage;
        b.MaxBufferSize = MaxMessage;
        b.MaxBufferPoolSize = MaxMessage;
        b.ReaderQuotas = Quotas();
        return b;
    }

    static Binding Soap12()
    {
        var enc = new TextMessageEncodingBindingElement(MessageVersion.Soap12WSAddressing10, Encoding.UTF8);
        enc.ReaderQuotas = Quotas();
        var http = new HttpTransportBindingElement();
        http.MaxReceivedMessageSize = MaxMessage;
        http.MaxBufferSize = MaxMessage;
        http.MaxBufferPoolSize = MaxMessage;
        return new CustomBinding(enc, http);
    }

    static Binding Soap11()
    {
        var b = new BasicHttpBinding(BasicHttpSecurityMode.None);
        b.MaxReceivedMessageSize = MaxMessage;
        b.MaxBufferSize = MaxMessage;
        b.MaxBufferPoolSize = MaxMessage;
        b.ReaderQuotas = Quotas();
        return b;
    }

    static Binding WSHttp()
    {
        var b = new WSHttpBinding(SecurityMode.None);
        b.MaxReceivedMessageSize = MaxMessage;
        b.MaxBufferPoolSize = MaxMessage;
        b.ReaderQuotas = Quotas();
        return b;
    }

    static XmlDictionaryReaderQuotas Quotas()
    {
        var q = new XmlDictionaryReaderQuotas();
        q.MaxArrayLength = MaxMessage;
        q.MaxStringContentLength = MaxMessage;
        q.MaxBytesPerRead = MaxMessage;
        q.MaxDepth = 64;
        q.MaxNameTableCharCount = 1 << 16;
        return q;
    }
}
