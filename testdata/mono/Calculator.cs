// Calculator.cs: the ICalculator contract of /work/shared/interop-contract.md and the
// single-instance service that implements it. Compiled into both CalcHost.exe and CalcClient.exe.
using System;
using System.ServiceModel;
using System.Threading;

// ICalculator is the interop contract: namespace http://tempuri.org/, actions
// http://tempuri.org/ICalculator/<Op>, reply actions .../<Op>Response.
[ServiceContract(Namespace = "http://tempuri.org/")]
public interface ICalculator
{
    [OperationContract] int Add(int a, int b);
    [OperationContract] string Echo(string text);
    [OperationContract] int Delay(int milliseconds);
    [OperationContract] void Fail(string reason);
    [OperationContract(IsOneWay = true)] void Notify(string text);
    [OperationContract] int NotifyCount();
    [OperationContract] byte[] Blob(int size);
}

// CalculatorService is one instance for the whole host, so NotifyCount counts across sessions.
[ServiceBehavior(InstanceContextMode = InstanceContextMode.Single,
                 ConcurrencyMode = ConcurrencyMode.Multiple)]
public class CalculatorService : ICalculator
{
    // MaxBlob bounds Blob so a hostile size cannot exhaust the host's memory.
    public const int MaxBlob = 16 << 20;

    int notifyCount;

    public int Add(int a, int b) { return a + b; }

    public string Echo(string text) { return text; }

    public int Delay(int milliseconds)
    {
        if (milliseconds > 0) Thread.Sleep(milliseconds);
        return milliseconds;
    }

    public void Fail(string reason) { throw new FaultException(reason); }

    public void Notify(string text) { Interlocked.Increment(ref notifyCount); }

    public int NotifyCount() { return Interlocked.CompareExchange(ref notifyCount, 0, 0); }

    public byte[] Blob(int size)
    {
        if (size < 0 || size > MaxBlob)
            throw new FaultException("size out of range");
        var b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = (byte)(i % 251);
        return b;
    }
}
