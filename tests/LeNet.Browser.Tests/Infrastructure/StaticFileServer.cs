using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace LeNet.Browser.Tests.Infrastructure;

/// <summary>
/// Serves a published app's wwwroot on a free port of 127.0.0.1: each file as it is on disk, with
/// its MIME type and no Content-Encoding (a .gz file is served as bytes, as the page expects), and
/// nothing cached. Records the paths served, for the download-size figures.
/// </summary>
internal sealed class StaticFileServer : IDisposable
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".json"] = "application/json",
        [".wasm"] = "application/wasm",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".svg"] = "image/svg+xml",
    };

    private readonly string _root;
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<string> _served = new();

    public StaticFileServer(string root)
    {
        _root = Path.GetFullPath(root);
        int port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>Files served so far, relative to the root with '/' separators, in order, repeats included.</summary>
    public IReadOnlyCollection<string> Served => _served;

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener's pending accept fails when it stops.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Respond(context));
        }
    }

    private void Respond(HttpListenerContext context)
    {
        using HttpListenerResponse response = context.Response;
        try
        {
            string relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
            if (relative.Length == 0)
            {
                relative = "index.html";
            }

            string path = Path.GetFullPath(Path.Combine(_root, relative));
            if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            {
                response.StatusCode = 404;
                return;
            }

            byte[] bytes = File.ReadAllBytes(path);
            response.ContentType = Types.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            response.Headers["Cache-Control"] = "no-store";
            response.ContentLength64 = bytes.Length;
            response.OutputStream.Write(bytes);
            _served.Enqueue(relative);
        }
        catch (Exception e) when (e is IOException or HttpListenerException)
        {
            // The browser gave up on the request (a navigation away); nothing to answer.
        }
    }
}
