namespace WebBroker.Dashboard.Access;

/// <summary>Marks nats-server's monitoring endpoints (JSON, /metrics): with <c>protect_monitoring</c> an unauthenticated
/// scraper gets 401 (and a hint to send the bearer token) where a browser is sent to sign-in.</summary>
public sealed class MonitoringEndpointMetadata
{
    public static readonly MonitoringEndpointMetadata Instance = new();
}
