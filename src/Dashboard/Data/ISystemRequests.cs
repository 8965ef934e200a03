using System.Text.Json;

namespace WebBroker.Dashboard.Data;

/// <summary>
/// How the dashboard learns anything: requests on the system account's <c>$SYS.REQ</c> subjects, as
/// any external tool would send them. The host provides it (in-process, or over the network for a
/// remote server); the dashboard never reaches into the engine.
/// </summary>
public interface ISystemRequests
{
    /// <summary>Sends a request and returns the reply's JSON; throws when nobody answers in time.</summary>
    Task<JsonElement> RequestAsync(string subject, string body = "", CancellationToken cancel = default);

    /// <summary>Receives every message on <paramref name="subject"/> (JSON events) until the result is disposed.</summary>
    Task<IAsyncDisposable> SubscribeAsync(string subject, Action<string, JsonElement> onMessage, CancellationToken cancel = default);
}
