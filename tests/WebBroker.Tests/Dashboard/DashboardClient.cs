using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace WebBroker.Tests.Dashboard;

/// <summary>A browser-less dashboard client over raw HTTP: its own cookies, optionally its own loopback source
/// address (127.0.0.2, ...: another "IP" for the sign-in throttle), no redirects followed.</summary>
internal sealed partial class DashboardClient : IDisposable
{
    public CookieContainer Cookies { get; } = new();
    public HttpClient Http { get; }

    public DashboardClient(int httpPort, string? sourceAddress = null)
    {
        var handler = new SocketsHttpHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true };
        if (sourceAddress is not null)
            handler.ConnectCallback = async (context, cancel) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            };
        Http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    /// <summary>The antiforgery token of a page's form (the token cookie lands in <see cref="Cookies"/>).</summary>
    public async Task<string> TokenAsync(string path = "/login") =>
        Token().Match(await Http.GetStringAsync(path)) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException($"no antiforgery token on {path}");

    /// <summary>Posts the sign-in form; returns where it redirects to.</summary>
    public async Task<string> SignInAsync(string user, string password, string? returnUrl = null)
    {
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = await TokenAsync(), ["user"] = user, ["password"] = password };
        if (returnUrl is not null) form["returnUrl"] = returnUrl;
        var response = await Http.PostAsync("/login", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>The session cookie as a request header value, to hand to another client.</summary>
    public string SessionCookie(int httpPort) =>
        Cookies.GetCookies(new Uri($"http://127.0.0.1:{httpPort}"))["webbroker.dashboard"] is { } c ? $"{c.Name}={c.Value}"
            : throw new InvalidOperationException("not signed in");

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
