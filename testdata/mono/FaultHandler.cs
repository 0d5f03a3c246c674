// FaultHandler.cs: makes Mono's host send a FaultException's own reason the way .NET does
// (code Sender / Client, reason text with xml:lang="en-US"). Without it, Mono's dispatcher answers
// every service exception, FaultException included, with a generic "The server was unable to
// process the request due to an internal error" fault. A FaultException<T> keeps its detail.
using System;
using System.Collections.ObjectModel;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;

// FaultHandler is an IErrorHandler installed on every channel dispatcher by FaultBehavior.
public sealed class FaultHandler : IErrorHandler
{
    // WSA10 fault action, which .NET puts in wsa:Action of a fault reply.
    const string Wsa10FaultAction = "http://www.w3.org/2005/08/addressing/soap/fault";

    public bool HandleError(Exception error)
    {
        return error is FaultException;
    }

    public void ProvideFault(Exception error, MessageVersion version, ref Message fault)
    {
        var fe = error as FaultException;
        if (fe == null) return; // leave Mono's default for anything else
        var reason = new FaultReason(new FaultReasonText(fe.Reason.GetMatchingTranslation().Text, "en-US"));
        bool wsa10 = version.Addressing == AddressingVersion.WSAddressing10;
        var detail = DetailOf(fe);
        MessageFault mf;
        string action = wsa10 ? Wsa10FaultAction : null;
        if (detail != null)
        {
            // FaultException<T>: the detail goes with the fault contract's action, as .NET's
            // FaultFormatter sends it (request action + detail type name + "Fault").
            mf = MessageFault.CreateFault(SenderCode(version), reason, detail, new DataContractSerializer(detail.GetType()));
            action = DetailAction(detail);
        }
        else
            mf = MessageFault.CreateFault(SenderCode(version), reason);
        fault = Message.CreateMessage(version, mf, action);
        if (wsa10) Relate(fault);
    }

    // DetailOf is the detail of a FaultException<T>, null for a plain FaultException.
    static object DetailOf(FaultException fe)
    {
        var t = fe.GetType();
        if (!t.IsGenericType || t.GetGenericTypeDefinition() != typeof(FaultException<>)) return null;
        return t.GetProperty("Detail").GetValue(fe, null);
    }

    // DetailAction is the default action of a FaultContract(typeof(T)) on the current operation.
    static string DetailAction(object detail)
    {
        var oc = OperationContext.Current;
        if (oc == null || oc.IncomingMessageHeaders == null || oc.IncomingMessageHeaders.Action == null) return null;
        return oc.IncomingMessageHeaders.Action + detail.GetType().Name + "Fault";
    }

    // SenderCode is s:Sender in SOAP 1.2 and s:Client in SOAP 1.1; Mono writes an unqualified
    // "Sender" for new FaultCode("Sender"), so the namespace is spelled out.
    static FaultCode SenderCode(MessageVersion version)
    {
        if (version.Envelope == EnvelopeVersion.Soap12)
            return new FaultCode("Sender", "http://www.w3.org/2003/05/soap-envelope");
        return new FaultCode("Client", "http://schemas.xmlsoap.org/soap/envelope/");
    }

    // Relate adds wsa:RelatesTo naming the request's MessageID, which Mono leaves out of faults.
    static void Relate(Message fault)
    {
        var oc = OperationContext.Current;
        if (oc == null || oc.IncomingMessageHeaders == null) return;
        var id = oc.IncomingMessageHeaders.MessageId;
        if (id != null) fault.Headers.RelatesTo = id;
    }
}

// FaultBehavior adds a FaultHandler to each channel dispatcher of a host.
public sealed class FaultBehavior : IServiceBehavior
{
    public void AddBindingParameters(ServiceDescription d, ServiceHostBase h,
        Collection<ServiceEndpoint> endpoints, BindingParameterCollection parameters)
    {
    }

    public void ApplyDispatchBehavior(ServiceDescription d, ServiceHostBase h)
    {
        foreach (var cdb in h.ChannelDispatchers)
        {
            var cd = cdb as ChannelDispatcher;
            if (cd != null) cd.ErrorHandlers.Add(new FaultHandler());
        }
    }

    public void Validate(ServiceDescription d, ServiceHostBase h)
    {
    }
}
