// CalcClient.cs: a Mono WCF client that runs every Calculator operation (interop-contract.md)
// against one address and checks the results.
//
//   mono CalcClient.exe <nettcp|soap12|soap11|wshttp> <address> [ops...]
//
// ops: add echo fail notify blob delay delay-timeout (default: all, in that order). Each op uses its
// own ChannelFactory and channel, because Mono's client mixes up replies across threads on one
// channel and aborting a channel disposes its whole factory. Output is one line per op,
// "OK <op> <detail>" or "FAIL <op> <message>"; the exit code is 0 only if every op passed.
using System;
using System.Collections.Generic;
using System.Net;
using System.ServiceModel;
using System.Threading;

public static class CalcClient
{
    static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(15);
    static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(20);

    // BlobSize is large enough to need the raised quotas of CalcBindings.
    const int BlobSize = 60000;

    delegate string Op(Client c);

    static readonly string[] Order = { "add", "echo", "fail", "notify", "blob", "delay", "delay-timeout" };

    static readonly Dictionary<string, Op> Ops = new Dictionary<string, Op> {
        { "add", Add },
        { "echo", Echo },
        { "fail", Fail },
        { "notify", Notify },
        { "blob", Blob },
        { "delay", Delay },
        { "delay-timeout", DelayTimeout },
    };

    public static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: CalcClient <nettcp|soap12|soap11|wshttp> <address> [" + string.Join("|", Order) + "]...");
            return 2;
        }
        var client = new Client(args[0], args[1]);
        string[] names = args.Length > 2 ? Sub(args, 2) : Order;
        bool ok = true;
        foreach (var name in names)
            ok &= Run(client, name);
        return ok ? 0 : 1;
    }

    static string[] Sub(string[] a, int from)
    {
        var r = new string[a.Length - from];
        Array.Copy(a, from, r, 0, r.Length);
        return r;
    }

    // Run runs one op and prints its OK or FAIL line.
    static bool Run(Client c, string name)
    {
        Op op;
        if (!Ops.TryGetValue(name, out op))
            return Report(false, name, "unknown op (want one of " + string.Join(" ", Order) + ")");
        var start = DateTime.UtcNow;
        try
        {
            return Report(true, name, op(c));
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("CalcClient: " + name + ": " + e);
            return Report(false, name, e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            Console.Error.WriteLine("CalcClient: " + name + " took " + (int)(DateTime.UtcNow - start).TotalMilliseconds + " ms");
        }
    }

    static bool Report(bool ok, string name, string detail)
    {
        Console.Out.WriteLine((ok ? "OK " : "FAIL ") + name + " " + detail.Replace('\r', ' ').Replace('\n', ' '));
        Console.Out.Flush();
        return ok;
    }

    static string Add(Client c)
    {
        int got = c.Call(TimeSpan.Zero, ch => ch.Add(2, 3));
        Check(got == 5, "Add(2,3) = " + got + ", want 5");
        return "2+3=5";
    }

    static string Echo(Client c)
    {
        // No \r: Mono's text writer turns it into \n.
        foreach (var s in new[] { "hello", "<&> \"quotes\" 'apos' \u00e9\u00fc\u00df \u65e5\u672c \U0001F600" })
        {
            string got = c.Call(TimeSpan.Zero, ch => ch.Echo(s));
            Check(got == s, "Echo(" + Quote(s) + ") = " + Quote(got));
        }
        return "hello and special";
    }

    static string Fail(Client c)
    {
        try
        {
            c.Call(TimeSpan.Zero, ch => { ch.Fail("boom"); return 0; });
        }
        catch (FaultException e)
        {
            string reason = e.Reason.GetMatchingTranslation().Text;
            Check(reason == "boom", "fault reason " + Quote(reason) + ", want \"boom\"");
            return "reason=boom";
        }
        throw new Exception("Fail(\"boom\") returned without a fault");
    }

    // Notify sends one-way Notify("ping"), then polls NotifyCount on the same channel: the host may
    // still be dispatching the one-way message when NotifyCount arrives.
    static string Notify(Client c)
    {
        int n = c.Call(TimeSpan.Zero, ch =>
        {
            ch.Notify("ping");
            var until = DateTime.UtcNow.AddSeconds(10);
            int count;
            while ((count = ch.NotifyCount()) < 1 && DateTime.UtcNow < until)
                Thread.Sleep(50);
            return count;
        });
        Check(n >= 1, "NotifyCount() = " + n + " after Notify, want >= 1");
        return "count=" + n;
    }

    static string Blob(Client c)
    {
        byte[] b = c.Call(TimeSpan.Zero, ch => ch.Blob(BlobSize));
        Check(b != null && b.Length == BlobSize, "Blob length " + (b == null ? -1 : b.Length) + ", want " + BlobSize);
        for (int i = 0; i < b.Length; i++)
            Check(b[i] == (byte)(i % 251), "Blob byte " + i + " = " + b[i] + ", want " + (i % 251));
        return "size=" + BlobSize;
    }

    static string Delay(Client c)
    {
        var start = DateTime.UtcNow;
        int got = c.Call(TimeSpan.Zero, ch => ch.Delay(100));
        var ms = (int)(DateTime.UtcNow - start).TotalMilliseconds;
        Check(got == 100, "Delay(100) = " + got);
        Check(ms >= 100, "Delay(100) returned after " + ms + " ms");
        return "100 in " + ms + "ms";
    }

    // DelayTimeout calls Delay(5000) with a 1 s timeout, expects TimeoutException, then checks that
    // a fresh channel still works.
    static string DelayTimeout(Client c)
    {
        var start = DateTime.UtcNow;
        string kind;
        try
        {
            int got = c.Call(TimeSpan.FromSeconds(1), ch => ch.Delay(5000));
            throw new Exception("Delay(5000) with a 1 s timeout returned " + got);
        }
        catch (TimeoutException)
        {
            kind = "TimeoutException";
        }
        catch (WebException e)
        {
            // Mono's HTTP channel sometimes lets its WebException out instead of a TimeoutException.
            if (e.Status != WebExceptionStatus.Timeout) throw;
            kind = "WebException(Timeout)";
        }
        var ms = (int)(DateTime.UtcNow - start).TotalMilliseconds;
        Check(ms < 4500, "timeout took " + ms + " ms, want about 1000");
        int sum = c.Call(TimeSpan.Zero, ch => ch.Add(2, 3));
        Check(sum == 5, "Add(2,3) after timeout = " + sum);
        return kind + " after " + ms + "ms, then 2+3=5";
    }

    static void Check(bool ok, string msg)
    {
        if (!ok) throw new Exception(msg);
    }

    static string Quote(string s)
    {
        return s == null ? "null" : "\"" + s + "\"";
    }

    // Client opens one ChannelFactory and one channel per call.
    sealed class Client
    {
        readonly string binding;
        readonly EndpointAddress address;

        public Client(string binding, string address)
        {
            this.binding = binding;
            this.address = new EndpointAddress(address);
        }

        // Call runs f on a fresh channel; timeout, when non-zero, replaces the send and operation
        // timeouts. The channel is closed on success and aborted on any error.
        public T Call<T>(TimeSpan timeout, Func<ICalculator, T> f)
        {
            var send = timeout == TimeSpan.Zero ? SendTimeout : timeout;
            var factory = new ChannelFactory<ICalculator>(CalcBindings.Create(binding, OpenTimeout, send), address);
            ICalculator ch = null;
            try
            {
                factory.Open();
                ch = factory.CreateChannel();
                var cc = (IClientChannel)ch;
                cc.OperationTimeout = send;
                cc.Open();
                T r = f(ch);
                cc.Close();
                factory.Close();
                return r;
            }
            catch
            {
                if (ch != null) ((IClientChannel)ch).Abort();
                factory.Abort();
                throw;
            }
        }
    }
}
