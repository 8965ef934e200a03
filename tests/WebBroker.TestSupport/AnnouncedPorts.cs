using System.Text.RegularExpressions;

namespace WebBroker.TestSupport;

/// <summary>
/// Readiness, read from the log: both servers announce each listener once it is bound, in the same words
/// (<c>Listening for client connections on HOST:PORT</c>, <c>Starting http monitor on ...</c>), and the client
/// listener comes last. So a server is ready when that line arrives; there is no polling and no sleep, and no
/// probe connection that would show up in its connection counts.
/// </summary>
public sealed partial class AnnouncedPorts
{
    private readonly TaskCompletionSource<int> _client = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _http = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the client port; fails if the process ends first (<see cref="Exited"/>).</summary>
    public Task<int> Client => _client.Task;

    /// <summary>Completes with the http monitoring port once announced.</summary>
    public Task<int> Http => _http.Task;

    public int? WebSocket { get; private set; }
    public int? Https { get; private set; }

    [GeneratedRegex(@"Listening for client connections on (\S+):(\d+)")]
    private static partial Regex ClientLine();

    [GeneratedRegex(@"Starting http monitor on \S+:(\d+)")]
    private static partial Regex HttpLine();

    [GeneratedRegex(@"Starting https monitor on \S+:(\d+)")]
    private static partial Regex HttpsLine();

    [GeneratedRegex(@"Listening for websocket clients on wss?://\S+:(\d+)")]
    private static partial Regex WebSocketLine();

    public void Read(string line)
    {
        if (WebSocketLine().Match(line) is { Success: true } ws) WebSocket = int.Parse(ws.Groups[1].Value);
        if (HttpsLine().Match(line) is { Success: true } https) Https = int.Parse(https.Groups[1].Value);
        if (HttpLine().Match(line) is { Success: true } http) _http.TrySetResult(int.Parse(http.Groups[1].Value));
        if (ClientLine().Match(line) is { Success: true } client) _client.TrySetResult(int.Parse(client.Groups[2].Value));
    }

    /// <summary>The process ended: a start still waiting for its client port fails with <paramref name="reason"/>.</summary>
    public void Exited(string reason) => _client.TrySetException(new InvalidOperationException(reason));
}
