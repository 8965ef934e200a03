using System.Text.Json;
using WebBroker.Broker.Server;
using WebBroker.Client;
using WebBroker.Dashboard.Data;

namespace WebBroker.Web;

/// <summary>
/// The dashboard's line to the system account: one in-process NATS connection (no socket), bound to
/// the system account by the server itself, opened on first use and reopened if it ever closes.
/// </summary>
public sealed class InProcessSystemRequests(NatsServer server) : ISystemRequests, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NatsConnection? _connection;

    public async Task<JsonElement> RequestAsync(string subject, string body = "", CancellationToken cancel = default)
    {
        var connection = await ConnectionAsync(cancel);
        var reply = await connection.RequestAsync(subject, body, TimeSpan.FromSeconds(5), cancel);
        return JsonDocument.Parse(reply.Data).RootElement.Clone();
    }

    public async Task<IAsyncDisposable> SubscribeAsync(string subject, Action<string, JsonElement> onMessage, CancellationToken cancel = default)
    {
        var connection = await ConnectionAsync(cancel);
        var subscription = await connection.SubscribeAsync(subject, cancel: cancel);
        _ = Task.Run(async () =>
        {
            await foreach (var msg in subscription.Messages.ReadAllAsync())
            {
                try
                {
                    using var json = JsonDocument.Parse(msg.Data);
                    onMessage(msg.Subject, json.RootElement.Clone());
                }
                catch (JsonException)
                {
                    // Not an event: nothing to show.
                }
            }
        }, CancellationToken.None);
        return subscription;
    }

    private async Task<NatsConnection> ConnectionAsync(CancellationToken cancel)
    {
        if (_connection is { IsClosed: false } open) return open;
        await _gate.WaitAsync(cancel);
        try
        {
            if (_connection is { IsClosed: false } again) return again;
            _connection = await NatsConnection.ConnectAsync(server.ConnectInternal(server.SystemAccount, "dashboard"),
                new NatsClientOptions { Name = "dashboard" }, cancel);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
