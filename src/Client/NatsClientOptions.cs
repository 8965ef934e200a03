namespace WebBroker.Client;

/// <summary>What a client says in CONNECT.</summary>
public sealed class NatsClientOptions
{
    public string Name { get; init; } = "webbroker-client";
    public string? User { get; init; }
    public string? Password { get; init; }
    public string? Token { get; init; }
    public bool Echo { get; init; } = true;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);
}

public sealed class NatsClientException(string message) : Exception(message);

/// <summary>A request found nobody listening (the server's 503 status).</summary>
public sealed class NatsNoRespondersException(string subject) : Exception($"no responders for '{subject}'");
