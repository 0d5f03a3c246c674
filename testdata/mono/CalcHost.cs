// CalcHost.cs: a Mono WCF host for the Calculator service (interop-contract.md).
//
//   mono CalcHost.exe [--nettcp net.tcp://127.0.0.1:PORT/calc] [--soap12 http://127.0.0.1:PORT/calc/soap12]
//                     [--soap11 http://127.0.0.1:PORT/calc/soap11] [--wshttp http://127.0.0.1:PORT/calc/wshttp]
//
// It prints READY once every endpoint is open and has answered one Add(0, 0) call, runs until stdin closes or a line "quit" arrives,
// then closes the host and prints CLOSED. Errors go to stderr; the exit code is 0 on a clean close.
using System;
using System.ServiceModel;
using System.ServiceModel.Description;
using System.Threading;

public static class CalcHost
{
    static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(15);
    static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(20);
    static readonly TimeSpan CloseLimit = TimeSpan.FromSeconds(12);

    public static int Main(string[] args)
    {
        // Mono's listeners park blocking accepts on thread-pool threads, and the pool adds threads
        // slowly: without this the first request after READY waits seconds for a free thread.
        ThreadPool.SetMinThreads(64, 64);
        ServiceHost host;
        try
        {
            host = Create(args);
            host.Open(OpenTimeout);
            Probe(args);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("CalcHost: " + e);
            Console.Out.WriteLine("FAIL open " + OneLine(e.Message));
            return 1;
        }
        Console.Out.WriteLine("READY");
        Console.Out.Flush();
        WaitForQuit();
        return Close(host);
    }

    // Create builds a ServiceHost around one CalculatorService with the endpoints named by args.
    static ServiceHost Create(string[] args)
    {
        if (args.Length == 0 || args.Length % 2 != 0)
            throw new ArgumentException("usage: CalcHost [--nettcp ADDR] [--soap12 ADDR] [--soap11 ADDR] [--wshttp ADDR]");
        var host = new ServiceHost(new CalculatorService());
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--"))
                throw new ArgumentException("expected --nettcp, --soap12, --soap11 or --wshttp, got " + args[i]);
            var binding = CalcBindings.Create(args[i].Substring(2), OpenTimeout, SendTimeout);
            host.AddServiceEndpoint(typeof(ICalculator), binding, new Uri(args[i + 1]));
        }
        RaiseThrottling(host);
        host.Description.Behaviors.Add(new FaultBehavior());
        return host;
    }

    // Probe calls Add(0, 0) on every endpoint. Mono's ServiceHost.Open returns before its
    // listeners serve (about a second later when HTTP endpoints are open), so READY waits for this.
    static void Probe(string[] args)
    {
        for (int i = 0; i < args.Length; i += 2)
        {
            var binding = CalcBindings.Create(args[i].Substring(2), OpenTimeout, SendTimeout);
            var factory = new ChannelFactory<ICalculator>(binding, new EndpointAddress(args[i + 1]));
            try
            {
                var ch = factory.CreateChannel();
                if (ch.Add(0, 0) != 0) throw new Exception("probe of " + args[i + 1] + ": Add(0, 0) != 0");
                ((IClientChannel)ch).Close();
                factory.Close();
            }
            catch
            {
                factory.Abort();
                throw;
            }
        }
    }

    // RaiseThrottling lifts Mono's default of 10 concurrent sessions.
    static void RaiseThrottling(ServiceHost host)
    {
        var t = host.Description.Behaviors.Find<ServiceThrottlingBehavior>();
        if (t == null)
        {
            t = new ServiceThrottlingBehavior();
            host.Description.Behaviors.Add(t);
        }
        t.MaxConcurrentSessions = 1000;
        t.MaxConcurrentCalls = 1000;
        t.MaxConcurrentInstances = 1000;
    }

    static void WaitForQuit()
    {
        string line;
        while ((line = Console.In.ReadLine()) != null)
        {
            if (line.Trim() == "quit") return;
        }
    }

    // Close closes the host within CloseLimit, aborting it if Mono's Close overstays its own
    // timeout (seen under load with an HTTP request still in flight), then prints CLOSED and exits,
    // so no leftover Mono thread keeps the process alive.
    static int Close(ServiceHost host)
    {
        Exception err = null;
        var closer = new Thread(() =>
        {
            try { host.Close(TimeSpan.FromSeconds(10)); }
            catch (Exception e) { err = e; }
        });
        closer.IsBackground = true;
        closer.Start();
        int rc = 0;
        if (!closer.Join(CloseLimit))
        {
            Console.Error.WriteLine("CalcHost: close did not finish in " + CloseLimit + "; aborting");
            host.Abort();
            rc = 1;
        }
        else if (err != null)
        {
            Console.Error.WriteLine("CalcHost: close: " + err);
            host.Abort();
            rc = 1;
        }
        Console.Out.WriteLine("CLOSED");
        Console.Out.Flush();
        Environment.Exit(rc);
        return rc;
    }

    static string OneLine(string s)
    {
        return s.Replace('\r', ' ').Replace('\n', ' ');
    }
}
