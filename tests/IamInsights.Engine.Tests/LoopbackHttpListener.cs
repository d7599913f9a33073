using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace IamInsights.Tests;

/// <summary>
/// An HttpListener on a free port of 127.0.0.1 that hands each request to a handler: the one way the test servers
/// (the fake AWS services, the S3 fault proxy, the benchmarks' in-memory S3) listen.
/// </summary>
public sealed class LoopbackHttpListener : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    /// <param name="handle">Answers one request.</param>
    /// <param name="oneAtATime">Whether a request is answered before the next is taken; otherwise each runs on the thread pool.</param>
    public LoopbackHttpListener(Func<HttpListenerContext, Task> handle, bool oneAtATime = false)
    {
        Endpoint = new Uri($"http://127.0.0.1:{FreePort()}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        loop = Task.Run(() => Serve(handle, oneAtATime));
    }

    public Uri Endpoint { get; }

    /// <summary>A port of 127.0.0.1 that nothing listens on at the moment of asking.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task Serve(Func<HttpListenerContext, Task> handle, bool oneAtATime)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            if (oneAtATime) await handle(context).ConfigureAwait(false);
            else _ = Task.Run(() => handle(context));
        }
    }

    public void Dispose()
    {
        // Close alone: on Linux, Stop then Close removes the prefixes twice, and the second removal binds the port
        // again, which fails when another test has taken it meanwhile.
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }
}
