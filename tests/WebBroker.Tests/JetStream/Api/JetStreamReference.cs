using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WebBroker.Broker.JetStream.Api;
using WebBroker.Client;

namespace WebBroker.Tests.JetStream.Api;

/// <summary>
/// Debian's nats-server with JetStream on (<c>-js -sd</c> in its own temp directory) and one client, shared by
/// the tests of a class. <see cref="AskAsync{T}"/> is the proof step: every reply is read into our record,
/// written back, and must come out as the JSON nats-server sent.
/// </summary>
public sealed class JetStreamReference : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;
    public NatsConnection Nats { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(ServerKind.NatsServer, extraArguments: ["-js", "-sd", "jetstream"]);
        Nats = await NatsConnection.ConnectAsync("127.0.0.1", Server.Port);
    }

    public async Task DisposeAsync()
    {
        await Nats.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>Sends <paramref name="body"/> to <paramref name="subject"/>, round-trips the reply through
    /// <paramref name="type"/> and asserts it unchanged; returns the record.</summary>
    public async Task<T> AskAsync<T>(string subject, string body, JsonTypeInfo<T> type)
    {
        var reply = await Nats.RequestAsync(subject, body, TimeSpan.FromSeconds(10));
        return RoundTrip(reply.Text, type);
    }

    /// <summary>Like <see cref="AskAsync{T}"/> with a request record serialized by our context.</summary>
    public Task<T> AskAsync<TRequest, T>(string subject, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<T> type) =>
        AskAsync(subject, JsonSerializer.Serialize(request, requestType), type);

    public static T RoundTrip<T>(string json, JsonTypeInfo<T> type)
    {
        var value = JsonSerializer.Deserialize(json, type) ?? throw new InvalidOperationException($"null from {json}");
        JsonEquivalence.AssertEquivalent(json, JsonSerializer.Serialize(value, type));
        return value;
    }

    /// <summary>Publishes into a stream and returns the (round-tripped) ack.</summary>
    public async Task<PubAck> PublishAsync(string subject, string payload)
    {
        var reply = await Nats.RequestAsync(subject, Encoding.UTF8.GetBytes(payload), TimeSpan.FromSeconds(10));
        return RoundTrip(reply.Text, JsApiJsonContext.Default.PubAck);
    }
}
