using System.Net;
using System.Net.Sockets;

namespace Rowell.Tests.Infrastructure;

public static class FreePort
{
    private static readonly HashSet<int> Handed = new();

    /// <summary>A loopback port nobody listens on, never handed out twice in this test run.</summary>
    public static int Next()
    {
        while (true)
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            var port = ((IPEndPoint)socket.LocalEndpoint).Port;
            lock (Handed)
            {
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
