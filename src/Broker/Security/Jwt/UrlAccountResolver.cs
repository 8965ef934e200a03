using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace WebBroker.Broker.Security.Jwt;

/// <summary>
/// <c>resolver: URL("http://host/jwt/v1/accounts/")</c>: an account's JWT is fetched with <c>GET</c> of the URL
/// followed by the account's public key, as nats-server does. Like nats-server: a request gives up after
/// 1.9 s; only a 200 answer counts; an account once fetched stays in use (later changes arrive through the
/// system account's update requests); a failed fetch is not remembered, so the next client asks again.
/// Nothing is stored: the account server owns the tokens.
/// </summary>
public sealed class UrlAccountResolver : IAccountResolver
{
    /// <summary>nats-server's DEFAULT_ACCOUNT_FETCH_TIMEOUT.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromMilliseconds(1900);
    /// <summary>No JWT is larger (the codec refuses longer tokens).</summary>
    private const int MaxBody = 1 << 20;

    private readonly HttpClient _http;
    private readonly ILogger? _logger;

    public UrlAccountResolver(string url, ILogger? logger = null)
    {
        _logger = logger;
        BaseUrl = url.EndsWith('/') ? url : url + "/";
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30), MaxConnectionsPerServer = 10 })
        {
            Timeout = FetchTimeout,
        };
    }

    /// <summary>The base URL, always ending in a slash.</summary>
    public string BaseUrl { get; }

    public string? Fetch(string account)
    {
        // As nats-server: only account keys are asked for.
        if (!NKeyEncoding.TryDecodePublicKey(account, NKeyEncoding.PrefixAccount, out _)) return null;
        var jwt = Get(BaseUrl + account, out var error);
        if (jwt is null) _logger?.LogWarning("Account fetch failed: {Error}", error);
        return jwt;
    }

    /// <summary>nats-server asks the base URL once at start-up and refuses to start when nobody answers 200.</summary>
    public bool Reachable(out string error) => Get(BaseUrl, out error) is not null;

    /// <summary>The body of a 200 answer, or null with the failure as nats-server words it
    /// (<c>could not fetch &lt;"url"&gt;: 404 Not Found</c>).</summary>
    private string? Get(string url, out string error)
    {
        error = "";
        try
        {
            using var response = _http.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                error = $"could not fetch <\"{Redacted(url)}\">: {(int)response.StatusCode} {response.ReasonPhrase}";
                return null;
            }
            using var body = response.Content.ReadAsStream();
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            for (int n; (n = body.Read(chunk)) > 0;)
            {
                if (buffer.Length + n > MaxBody)
                {
                    error = $"could not fetch <\"{Redacted(url)}\">: answer larger than {MaxBody} bytes";
                    return null;
                }
                buffer.Write(chunk, 0, n);
            }
            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Trim();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or InvalidOperationException)
        {
            error = $"could not fetch <\"{Redacted(url)}\">: {(e is TaskCanceledException ? "timeout" : e.Message)}";
            return null;
        }
    }

    /// <summary>Updates are applied to accounts in use but not stored: the account server holds the tokens.</summary>
    public void Store(string account, string jwt) { }

    public IReadOnlyList<string> List() => [];

    public bool TracksUpdates => false;

    /// <summary>The URL with any password replaced, so that logs never show it.</summary>
    internal static string Redacted(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':')
            ? new UriBuilder(uri) { Password = "xxxxx" }.Uri.ToString()
            : url;

    public void Dispose() => _http.Dispose();
}
