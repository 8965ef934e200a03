namespace WebBroker.Broker.JetStream.Api;

/// <summary>
/// What every <c>$JS.API</c> reply carries: its <c>type</c> (one of <see cref="JsApiTypes"/>) and, when the
/// request failed, an <c>error</c>. Go flattens the payload's fields beside these two, and so do the derived
/// records; a failed reply leaves the payload's fields out (they are nullable for that), except paging
/// numbers, which nats-server writes even then.
/// </summary>
public abstract record ApiResponse
{
    public required string Type { get; init; }
    public ApiError? Error { get; init; }
}
