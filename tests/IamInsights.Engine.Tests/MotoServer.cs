using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;

namespace IamInsights.Tests;

/// <summary>A moto_server process (a third-party AWS emulator) on a free loopback port, stopped on dispose.</summary>
public sealed class MotoServer : IDisposable
{
    private readonly Process process;

    private MotoServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    /// <summary>True when moto_server and the AWS CLI are both on PATH.</summary>
    public static bool Available => AwsCli.OnPath("moto_server") && AwsCli.OnPath("aws");

    /// <summary>Starts moto_server and waits until it accepts connections.</summary>
    public static MotoServer Start()
    {
        int port;
        using (var probe = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }
        var start = new ProcessStartInfo("moto_server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new MotoServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient("127.0.0.1", port);
                return server;
            }
            catch (SocketException)
            {
                Thread.Sleep(200);
            }
        }
        server.Dispose();
        throw new InvalidOperationException("moto_server did not start listening within 30 s.");
    }

    /// <summary>Runs the AWS CLI against this server with the given credentials.</summary>
    public void Aws(string accessKey, string secretKey, params string[] arguments) => AwsCli.Run(Endpoint, accessKey, secretKey, arguments);

    public void Dispose()
    {
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.Dispose();
    }
}
